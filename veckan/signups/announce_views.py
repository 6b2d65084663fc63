"""Cancelling and postponing an activity, from Mina aktiviteter: the page says how many people
signed up will be told and shows the email they get, before the activities' service takes the step
(and, through its signal, the notices go out)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from veckan.activities import changes, lifecycle, services
from veckan.activities.access import activity_for_editor, back_to_list
from veckan.activities.forms import CancelForm, PostponeForm
from veckan.lib.forms import form_errors
from veckan.signups import notices
from veckan.signups.models import Notice

# The same page for both, told apart by what is announced.
ANNOUNCEMENTS = {
    Notice.Kind.CANCELLED: {
        "form": CancelForm,
        "service": services.cancel_activity,
        "template": "activities/cancel.html",
        "done": gettext_lazy(
            "”%(title)s” är inställd. Den står kvar i programmet, markerad som inställd."
        ),
    },
    Notice.Kind.POSTPONED: {
        "form": PostponeForm,
        "service": services.postpone_activity,
        "template": "activities/postpone.html",
        "done": gettext_lazy(
            "”%(title)s” är uppskjuten. Ändra tiden när den är bestämd; när ändringen är godkänd "
            "får de anmälda den nya tiden."
        ),
    },
}


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _announce(request, pk, Notice.Kind.CANCELLED)


@login_required
def postpone(request: HttpRequest, pk: int) -> HttpResponse:
    return _announce(request, pk, Notice.Kind.POSTPONED)


def _announce(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The page where an organiser cancels or postpones: how many are told, the email they get
    (with the explanation being written), then the service."""
    activity, page = activity_for_editor(request, pk), ANNOUNCEMENTS[kind]
    form = page["form"](request.POST if request.method == "POST" else None)
    previewing = "preview" in request.POST
    if form.is_valid() and not previewing:
        try:
            page["service"](activity=activity, by=request.user, reason=form.cleaned_data["reason"])
        except services.ActivityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, page["done"] % {"title": activity.title})
            return back_to_list(activity)
    reason = form.cleaned_data.get("reason", "").strip() if form.is_valid() else ""
    snapshot = changes.snapshot(activity)
    preview_subject, preview = notices.notice_email(
        activity=activity,
        kind=kind,
        before=snapshot,
        after=snapshot,
        language=get_language(),
        reason=reason or _("[förklaringen du skriver ovan]"),
    )
    context = {
        "activity": activity,
        "can_postpone": lifecycle.allows("postpone", activity),
        "form": form,
        "errors": form_errors(form) if not previewing else [],
        "told": notices.recipients(activity).count(),
        "preview_subject": preview_subject,
        "preview": preview,
    }
    return render(request, page["template"], context)
