"""Mina aktiviteter: the organiser's side of registration. Each view fetches through
activity_for_editor, validates one form, calls one service and redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from veckan.accounts.permissions import acts_as_coordinator
from veckan.activities import lifecycle, services
from veckan.activities.access import activity_for_editor, back_to_list
from veckan.activities.forms import (
    ROW_FORMSETS,
    ActivityForms,
    FollowUpForm,
    MaterialFormSet,
    added_row,
)
from veckan.activities.models import Activity, LogEntry, Status
from veckan.activities.review import with_pending
from veckan.activities.standing import pending_values, standing
from veckan.editions.models import Edition
from veckan.lib.forms import form_errors, formset_errors, is_plain_number
from veckan.organisations.models import Organisation

# The organisers' steps that get a button when the lifecycle allows them.
BUTTONS = ("edit", "submit", "withdraw", "cancel", "postpone", "delete")


def _organisations_for(user):
    """The organisations the user may register activities for."""
    return (
        Organisation.objects.all()
        if acts_as_coordinator(user)
        else Organisation.objects.of_user(user)
    )


def _actions(activity: Activity) -> set[str]:
    actions = {"preview", *(step for step in BUTTONS if lifecycle.allows(step, activity))}
    if activity.status in (Status.APPROVED, Status.CANCELLED) and activity.has_ended:
        actions.add("follow_up")
    if activity.status == Status.APPROVED and activity.has_ended:
        actions.add("attendance")  # every activity that took place, with sign-up here or not
    return actions


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = Edition.objects.current()
    editions = _editions_of(user, current)
    show_all = request.GET.get("utgava", "") == "alla"
    selected = None if show_all else _selected_edition(request, editions, current)
    activities = _my_activities(user)
    if not show_all:
        activities = activities.filter(edition=selected)
    activities = list(activities)
    now = timezone.now()
    for activity in activities:
        activity.actions = _actions(activity)
        activity.standing = standing(activity, now)
        activity.pending_values = pending_values(activity)
    context = {
        "activities": activities,
        "editions": editions,
        "selected": selected,
        "show_all": show_all,
        "has_organisation": _organisations_for(user).exists(),
        "can_add": current is not None and services.can_add_activities(edition=current, user=user),
    }
    return render(request, "activities/mine.html", context)


def _editions_of(user, current: Edition | None) -> list[Edition]:
    """The editions the user's organisations have activities in, newest first, and the current one."""
    editions = list(
        Edition.objects.filter(activities__organisation__memberships__user=user)
        .annotate(activity_count=Count("activities"))
        .order_by("-year")
    )
    if current and current not in editions:
        current.activity_count = 0
        editions = sorted([*editions, current], key=lambda edition: -edition.year)
    return editions


def _selected_edition(request: HttpRequest, editions: list[Edition], current: Edition | None):
    requested = request.GET.get("utgava", "")
    if not requested:
        return current or (editions[0] if editions else None)
    if not is_plain_number(requested):
        raise Http404
    selected = next((e for e in editions if e.year == int(requested)), None)
    return selected or get_object_or_404(Edition, year=int(requested))


def _my_activities(user):
    return (
        Activity.objects.of_user(user)
        .select_related("edition", "organisation", "municipality")
        .prefetch_related(
            # Every comment in the conversation with the coordinators, oldest first.
            Prefetch(
                "log",
                queryset=LogEntry.objects.exclude(comment="")
                .filter(action__in=[*LogEntry.BY_REVIEWER, LogEntry.Action.SUBMITTED])
                .order_by("created_at", "pk"),
                to_attr="comments",
            )
        )
        .order_by("-edition__year", "starts_at", "title")
    )


def _parts(forms: ActivityForms) -> services.ActivityParts:
    return services.ActivityParts(
        tags=forms.form.tags(),
        focus_areas=list(forms.form.cleaned_data.get("focus_areas", [])),
        co_organisers=forms.co_organiser_rows(),
        contacts=forms.contact_rows(),
        occasions=forms.occasion_rows(),
    )


def _bound(request: HttpRequest):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    return _new_activity(request, source=None)


@login_required
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A new draft in the current edition from one of ours, this year's or an earlier one: the
    form comes filled in with everything but the day and times."""
    return _new_activity(request, source=activity_for_editor(request, pk))


def _new_activity(request: HttpRequest, *, source: Activity | None) -> HttpResponse:
    edition = Edition.objects.current()
    organisations = _organisations_for(request.user)
    is_open = edition is not None and services.can_add_activities(
        edition=edition, user=request.user
    )
    if not (is_open and organisations.exists()):
        return _closed(request, edition, is_open=is_open, has_organisation=organisations.exists())
    if source is None:
        activity, copied = Activity(edition=edition), None
    else:
        activity = services.unsaved_copy(source=source, edition=edition)
        copied = services.copied_parts(source=source, edition=edition)
    forms = ActivityForms.build(
        *_bound(request), activity=activity, organisations=organisations, copied=copied
    )
    if request.method == "POST" and forms.is_valid():
        try:
            if source is None:
                services.create_activity(
                    activity=forms.form.instance, parts=_parts(forms), created_by=request.user
                )
            else:
                services.copy_activity(
                    source=source,
                    activity=forms.form.instance,
                    parts=_parts(forms),
                    created_by=request.user,
                )
        except services.ActivityError as error:
            forms.form.add_error(None, str(error))
        else:
            messages.success(request, _saved_as_draft(forms.form.instance))
            return redirect("activities:mine")
    context = {"forms": forms, "edition": edition, "source": source}
    return render(request, "activities/form.html", context)


@login_required
def new_row(request: HttpRequest, prefix: str) -> HttpResponse:
    """One more empty co-organiser or contact row for the activity form, which htmx appends
    without submitting the form, with the formset's new row count (out of band). Without
    JavaScript the button is not there: saving gives a new empty row."""
    if prefix not in ROW_FORMSETS:
        raise Http404
    if not _organisations_for(request.user).exists():
        raise PermissionDenied
    index = request.GET.get(f"{prefix}-TOTAL_FORMS", "")
    formset = added_row(prefix, int(index)) if index.isdigit() else None
    if formset is None:
        return HttpResponseBadRequest()
    context = {"formset": formset, "row": formset.forms[-1], "oob": True}
    return render(request, "activities/_rows.html#added", context)


def _closed(request: HttpRequest, edition, *, is_open: bool, has_organisation: bool):
    """Why no activity can be added now: registration closed or not open, or no organisation."""
    context = {
        "edition": edition,
        "is_open": is_open,
        "not_yet_open": edition is not None and timezone.now() < edition.registration_opens,
        "has_organisation": has_organisation,
    }
    status = 403 if request.method == "POST" else 200
    return render(request, "activities/closed.html", context, status=status)


def _saved_as_draft(activity: Activity) -> str:
    return _(
        "”%(title)s” är sparad som utkast. Samordnarna granskar den först när du har "
        "valt ”Skicka in”."
    ) % {"title": activity.title}


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)
    if why := lifecycle.problem("edit", activity):
        messages.error(request, why)
        return back_to_list(activity)
    if activity.has_pending_changes:
        # Show what the organiser asked for, not the approved version visitors still see.
        for name, value in with_pending(activity).items():
            setattr(activity, name, value)
    forms = ActivityForms.build(
        *_bound(request), activity=activity, organisations=_organisations_for(request.user)
    )
    and_submit = "skicka_in" in request.POST and lifecycle.allows("submit", activity)
    if request.method == "POST" and forms.is_valid():
        try:
            said = _save_edit(forms, editor=request.user, and_submit=and_submit)
        except services.ActivityError as error:
            forms.form.add_error(None, str(error))
        else:
            for level, text in said:
                messages.add_message(request, level, text)
            return back_to_list(activity)
    context = {
        "forms": forms,
        "edition": activity.edition,
        "activity": activity,
        "can_submit": lifecycle.allows("submit", activity),
        "review_comment": activity.log.filter(action=LogEntry.Action.CHANGES_REQUESTED)
        .order_by("-created_at", "-pk")
        .first()
        if activity.status == Status.CHANGES_REQUESTED
        else None,
    }
    return render(request, "activities/form.html", context)


def _save_edit(forms: ActivityForms, *, editor, and_submit: bool) -> list[tuple[int, str]]:
    """Save the edit (and submit it, when asked); return what to tell the organiser."""
    activity = forms.form.instance
    if and_submit:
        services.save_and_submit(
            activity=activity,
            parts=_parts(forms),
            editor=editor,
            comment=forms.form.cleaned_data["answer"],
        )
        return [
            (
                messages.SUCCESS,
                _(
                    "”%(title)s” är sparad och inskickad för granskning. Du får ett mejl "
                    "när den är granskad."
                )
                % {"title": activity.title},
            )
        ]
    said = [(messages.SUCCESS, _("Ändringarna är sparade."))]
    if services.update_activity(activity=activity, parts=_parts(forms), editor=editor):
        said.append(
            (
                messages.INFO,
                _(
                    "Ändringen av tid, plats eller form granskas. "
                    "Till dess visas den godkända versionen."
                ),
            )
        )
    return said


def _run(request: HttpRequest, activity: Activity, step, success: str) -> HttpResponse:
    """Take one lifecycle step and go back to the list, saying how it went."""
    try:
        step()
    except services.ActivityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"title": activity.title})
    return back_to_list(activity)


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)  # 404 before 405: nothing about others leaks
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _run(
        request,
        activity,
        lambda: services.submit_activity(activity=activity, by=request.user),
        _("”%(title)s” är inskickad för granskning. Du får ett mejl när den är granskad."),
    )


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _run(
        request,
        activity,
        lambda: services.withdraw_activity(activity=activity, by=request.user),
        _("”%(title)s” är återkallad. Du kan ändra den och skicka in den igen."),
    )


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)
    if request.method != "POST":
        return render(request, "activities/delete.html", {"activity": activity})
    return _run(
        request,
        activity,
        lambda: services.delete_draft(activity=activity, by=request.user),
        _("”%(title)s” är borttagen."),
    )


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)
    return render(request, "program/activity.html", {"activity": activity, "preview": True})


@login_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)
    if request.method != "POST" and not activity.has_ended:
        messages.error(
            request,
            _("Du kan lägga till inspelning och material först när aktiviteten har ägt rum."),
        )
        return back_to_list(activity)
    data = request.POST if request.method == "POST" else None
    form = FollowUpForm(data, request.FILES if data is not None else None, instance=activity)
    materials = MaterialFormSet(
        data,
        prefix="materials",
        initial=None
        if data
        else [{"title": m.title, "url": m.url} for m in activity.materials.all()],
    )
    if data is not None and form.is_valid() & materials.is_valid():
        return _run(
            request,
            activity,
            lambda: services.save_follow_up(
                activity=activity,
                recording_url=form.cleaned_data["recording_url"],
                materials=[row.instance for row in materials.filled_forms()],
                caption_status=form.cleaned_data["caption_status"],
                captions_file=form.cleaned_data["captions_file"],
                captions_url=form.cleaned_data["captions_url"],
            ),
            _("Inspelning och material för ”%(title)s” är sparade."),
        )
    context = {
        "activity": activity,
        "form": form,
        "materials": materials,
        "errors": [*form_errors(form), *formset_errors(materials, "materials")],
    }
    return render(request, "activities/follow_up.html", context)
