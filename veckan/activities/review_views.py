"""The coordinators' review: the queue, one activity with its changes and history, the decisions."""

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from veckan.accounts.permissions import coordinator_required, reviewer_required
from veckan.activities import lifecycle, services
from veckan.activities.models import CAPTION_DAYS, Activity, LogEntry, Status
from veckan.activities.review import (
    Change,
    changes_since_approval,
    changes_since_request,
    content_items,
    pending_changes,
)
from veckan.activities.review_forms import (
    ApproveForm,
    FlagsForm,
    QueueFilterForm,
    RejectChangeForm,
    RejectForm,
    RequestChangesForm,
    selected_ids,
)
from veckan.activities.services import ActivityError

QUEUE_PAGE_SIZE = 100


# --- the queue ---------------------------------------------------------------------------------------


def _queue_url(request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return reverse("review:queue") + (f"?{query}" if query else "")


def _waiting_since() -> models.Expression:
    """When the activity was sent to review: for a pending change, when the change was made."""
    change_sent = (
        LogEntry.objects.filter(activity=models.OuterRef("pk"), action="change_submitted")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return models.Case(
        models.When(
            has_pending_changes=True,
            then=Coalesce(models.Subquery(change_sent), models.F("submitted_at")),
        ),
        default=models.F("submitted_at"),
    )


@reviewer_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    form.is_valid()  # invalid filters are shown as errors and left out
    activities = (
        form.filter(Activity.objects.within_scope_of(request.user))
        .select_related("organisation", "municipality__county")
        .annotate(waiting_since=_waiting_since())
        .order_by(models.F("waiting_since").asc(nulls_last=True), "starts_at", "pk")
    )
    page = Paginator(activities, QUEUE_PAGE_SIZE).get_page(request.GET.get("sida"))
    other_pages = request.GET.copy()
    other_pages.pop("sida", None)
    return render(
        request,
        "activities/review/queue.html",
        {
            "form": form,
            "edition": form.edition,
            "page": page,
            "activities": page.object_list,
            "page_query": other_pages.urlencode(),
            "query": request.GET.urlencode(),
        },
    )


def _approve_if_still_submitted(activity: Activity, *, reviewer) -> bool:
    with transaction.atomic():
        # approve_activity also approves the pending change of an approved activity; the queue
        # offered this one as a new activity, so it is approved only if it still is one.
        if not (
            Activity.objects.select_for_update()
            .filter(pk=activity.pk, status=Status.SUBMITTED)
            .exists()
        ):
            return False
        services.approve_activity(activity=activity, reviewer=reviewer)
    return True


@reviewer_required
@require_POST
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """Approve the ticked activities one by one: a refused one is reported and the rest go on."""
    ids = selected_ids(request.POST.getlist("aktivitet"))
    if not ids:
        messages.warning(request, _("Markera de aktiviteter du vill godkänna."))
        return redirect(_queue_url(request))
    form = QueueFilterForm(request.GET)
    form.is_valid()
    chosen = (
        form.filter(Activity.objects.within_scope_of(request.user))
        .filter(pk__in=ids, status=Status.SUBMITTED)
        .select_related("edition", "organisation")
        .prefetch_related("co_organisers__organisation")
        .order_by("title", "pk")
    )
    approved = refused = 0
    for activity in chosen:
        try:
            approved += _approve_if_still_submitted(activity, reviewer=request.user)
        except ActivityError as error:
            refused += 1
            messages.error(
                request,
                _("”%(title)s” godkändes inte: %(error)s")
                % {"title": activity.title, "error": error},
            )
    _say_how_it_went(request, approved=approved, skipped=len(ids) - approved - refused)
    return redirect(_queue_url(request))


def _say_how_it_went(request: HttpRequest, *, approved: int, skipped: int) -> None:
    if approved:
        messages.success(
            request,
            ngettext("%(count)d aktivitet godkändes.", "%(count)d aktiviteter godkändes.", approved)
            % {"count": approved},
        )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d markerad aktivitet väntar inte på granskning och godkändes inte.",
                "%(count)d markerade aktiviteter väntar inte på granskning och godkändes inte.",
                skipped,
            )
            % {"count": skipped},
        )


# --- one activity ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added" or "removed"
    text: str


# Free text is compared line by line; the other fields are short enough to read as before → after.
def text_diff(before: str, after: str) -> list[DiffLine]:
    kinds = {"  ": "same", "+ ": "added", "- ": "removed"}
    return [
        DiffLine(kinds[line[:2]], line[2:])
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line[:2] in kinds and line[2:].strip()  # blank lines only separate paragraphs
    ]


def _activity_for_review(request: HttpRequest, pk: int) -> Activity:
    """The activity, if the reviewer's powers reach it; 404 for one outside their area."""
    return get_object_or_404(
        Activity.objects.within_scope_of(request.user)
        .with_related()
        .select_related("organisation__created_by")
        .prefetch_related(
            "co_organisers__organisation",
            models.Prefetch("log", LogEntry.objects.select_related("actor")),
        ),
        pk=pk,
    )


def _decisions(activity: Activity) -> tuple[str, ...]:
    """The decisions a reviewer can take on the activity as it is now, by form name."""
    if lifecycle.allows("approve", activity):
        return ("approve", "request_changes", "reject")
    if lifecycle.allows("approve_change", activity):
        return ("approve", "reject_change")
    return ()


def _preview_url(activity: Activity) -> str:
    # The organisers' preview may not exist in every version of the site; without it, no link.
    try:
        return reverse("activities:preview", args=[activity.pk])
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class DiffSection:
    """One "what changed" section of the review page: short fields as before → after, long
    texts line by line."""

    slug: str
    heading: str
    short: list[Change]
    texts: list[tuple[Change, list[DiffLine]]]


def _diff_section(slug: str, heading: str, changes: list[Change]) -> DiffSection | None:
    if not changes:
        return None
    return DiffSection(
        slug,
        heading,
        [c for c in changes if not c.is_long_text],
        [(c, text_diff(c.before, c.after)) for c in changes if c.is_long_text],
    )


def _diffs(activity: Activity) -> list[DiffSection]:
    """What changed since the coordinators asked for changes, and since the last approval."""
    asked = next(
        (e for e in reversed(activity.log.all()) if e.action == LogEntry.Action.CHANGES_REQUESTED),
        None,
    )
    sections = [
        _diff_section(
            "since-request",
            _("Ändringar sedan ni begärde ändringar %(date)s")
            % {"date": date_format(timezone.localtime(asked.created_at), "j F Y")}
            if asked
            else _("Ändringar sedan ni begärde ändringar"),
            changes_since_request(activity),
        ),
        _diff_section(
            "since-approval",
            _("Ändringar sedan senaste godkännandet"),
            changes_since_approval(activity),
        ),
    ]
    return [section for section in sections if section]


def _blank_forms(request: HttpRequest, activity: Activity) -> dict[str, forms.Form]:
    return {
        "approve_form": ApproveForm(auto_id="approve_%s"),
        "request_changes_form": RequestChangesForm(auto_id="request_changes_%s"),
        "reject_form": RejectForm(auto_id="reject_%s"),
        "reject_change_form": RejectChangeForm(auto_id="reject_change_%s"),
        "flags_form": FlagsForm(
            auto_id="flags_%s",
            initial={"is_featured": activity.is_featured, "is_national": activity.is_national},
            national=request.user.is_coordinator,
        ),
    }


def _render_detail(request: HttpRequest, activity: Activity, **bound_forms) -> HttpResponse:
    return render(
        request,
        "activities/review/detail.html",
        {
            "activity": activity,
            "content": content_items(activity),
            "pending": pending_changes(activity),
            "diffs": _diffs(activity),
            "history": list(activity.log.all()),
            "decisions": _decisions(activity),
            # The organisers' preview is theirs and the national coordinators'.
            "preview_url": _preview_url(activity) if request.user.is_coordinator else "",
            **_blank_forms(request, activity),
            **bound_forms,
        },
    )


@reviewer_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _activity_for_review(request, pk))


def _decide(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    form_name: str,
    decide: Callable[[Activity, dict], None],
    success: str,
) -> HttpResponse:
    """Validate the comment, make the decision through one service, and go back to the queue.

    A decision the rules refuse changes nothing; the page shows why, with the comment kept.
    """
    activity = _activity_for_review(request, pk)
    form = form_class(request.POST, auto_id=f"{form_name}_%s")
    if form.is_valid():
        try:
            decide(activity, form.cleaned_data)
        except ActivityError as error:
            messages.error(request, str(error))
            # The service may have changed the object in memory before it refused; show the row.
            activity = _activity_for_review(request, pk)
        else:
            messages.success(request, success % {"title": activity.title})
            return redirect(reverse("review:queue") + f"?utgava={activity.edition.year}")
    elif form_name not in _decisions(activity):
        # The form is not on the page in this state, so its errors would go unseen.
        messages.error(
            request, _("Aktiviteten väntar inte längre på det beslutet. Se status och historik.")
        )
    return _render_detail(request, activity, **{f"{form_name}_form": form})


@reviewer_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    # Said before the decision: afterwards the activity no longer shows it was a change.
    is_change = Activity.objects.filter(
        pk=pk, status=Status.APPROVED, has_pending_changes=True
    ).exists()
    return _decide(
        request,
        pk,
        form_class=ApproveForm,
        form_name="approve",
        decide=lambda activity, data: services.approve_activity(
            activity=activity, reviewer=request.user, comment=data["comment"]
        ),
        success=_("Ändringen av ”%(title)s” är godkänd.")
        if is_change
        else _("”%(title)s” är godkänd."),
    )


@reviewer_required
@require_POST
def request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        form_class=RequestChangesForm,
        form_name="request_changes",
        decide=lambda activity, data: services.request_changes(
            activity=activity, reviewer=request.user, comment=data["comment"]
        ),
        success=_("”%(title)s” är skickad tillbaka till arrangören med din kommentar."),
    )


@reviewer_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        form_class=RejectForm,
        form_name="reject",
        decide=lambda activity, data: services.reject_activity(
            activity=activity, reviewer=request.user, reason=data["reason"]
        ),
        success=_("”%(title)s” är avslagen."),
    )


@reviewer_required
@require_POST
def reject_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        form_class=RejectChangeForm,
        form_name="reject_change",
        decide=lambda activity, data: services.reject_change(
            activity=activity, reviewer=request.user, reason=data["reason"]
        ),
        success=_("Ändringen av ”%(title)s” är avslagen. Den godkända versionen gäller."),
    )


@reviewer_required
@require_POST
def set_flags(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.within_scope_of(request.user), pk=pk)
    # Passed reviewer_required, so the flag alone says national: the two-factor gate is behind.
    national = request.user.is_coordinator
    form = FlagsForm(request.POST, national=national)
    form.is_valid()  # checkboxes: anything not ticked is False
    services.set_flags(
        activity=activity,
        featured=form.cleaned_data["is_featured"],
        national=form.cleaned_data["is_national"] if national else activity.is_national,
        by=request.user,
    )
    messages.success(
        request, _("Markeringarna för ”%(title)s” är sparade.") % {"title": activity.title}
    )
    return redirect("review:detail", activity.pk)


# Recordings out of time are listed this many to a page; those close to it all at once.
CAPTIONS_PAGE_SIZE = 50
CLOSE_TO_IT = timedelta(days=7)


@coordinator_required
def captions_due(request: HttpRequest) -> HttpResponse:
    """Recordings online whose 14 days to be captioned have run out, the longest out of time
    first, and those whose time runs out within a week."""
    now = timezone.now()
    online = (
        Activity.objects.published(now)
        .select_related("organisation", "edition")
        .only(
            "title",
            "slug",
            "ends_at",
            "recording_url",
            "caption_status",
            "organisation__name",
            "edition__year",
            "edition__name",
        )
        .order_by("ends_at", "title", "pk")
    )
    late = online.captions_out_of_time(now)
    close = online.captions_due(now=now, within=CLOSE_TO_IT).filter(
        ends_at__gt=now - timedelta(days=CAPTION_DAYS)
    )
    context = {
        "late": Paginator(late, CAPTIONS_PAGE_SIZE).get_page(request.GET.get("sida")),
        "close": list(close),
    }
    return render(request, "activities/review/captions_due.html", context)
