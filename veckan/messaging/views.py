"""The coordinators' messages to organisers: the ones sent, and write → preview → send."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from veckan.accounts.permissions import reviewer_required
from veckan.editions.models import Edition
from veckan.lib.forms import form_errors
from veckan.messaging import services
from veckan.messaging.forms import OrganiserMessageForm
from veckan.messaging.models import OrganiserMessage


@reviewer_required
def message_list(request: HttpRequest) -> HttpResponse:
    # Meta.ordering does not apply to an aggregating query, so the order is given here.
    sent = OrganiserMessage.objects.all()
    if not request.user.is_coordinator:
        # A regional coordinator sees what they sent; the national coordinators see every message.
        sent = sent.filter(sent_by=request.user)
    sent = (
        sent.select_related("edition", "sent_by")
        .annotate(recipient_count=Count("recipients"))
        .order_by("-sent_at", "-pk")
    )
    return render(request, "messaging/list.html", {"sent_messages": sent})


@reviewer_required
def new_message(request: HttpRequest) -> HttpResponse:
    """Write, preview, send. The preview shows exactly who gets the email and what it says; only
    the "Skicka" button on the preview sends."""
    step = request.POST.get("step", "")
    current = Edition.objects.current()
    form = OrganiserMessageForm(
        request.POST if request.method == "POST" else None,
        initial={"utgava": current.year if current else None},
    )
    context = {"form": form, "preview": None, "recipients": None}
    if form.is_valid() and step == "send":
        try:
            sent = services.send_organiser_message(
                filters=form.recipient_filters(), sent_by=request.user, **_written(form)
            )
        except services.MessagingError as error:
            form.add_error(None, str(error))
        else:
            _say_sent(request, sent.recipients.count())
            return redirect("messaging:list")
    elif form.is_valid() and step == "preview":
        filters = form.recipient_filters()
        context["recipients"] = services.recipients(filters, sender=request.user)
        context["preview"] = services.organiser_message_email(
            edition=filters.edition, **_written(form)
        )
    return render(request, "messaging/new.html", {**context, "errors": form_errors(form)})


def _written(form: OrganiserMessageForm) -> dict[str, str]:
    return {"subject": form.cleaned_data["subject"], "body": form.cleaned_data["body"]}


def _say_sent(request: HttpRequest, count: int) -> None:
    messages.success(
        request,
        ngettext(
            "Meddelandet är skickat till %(count)d person.",
            "Meddelandet är skickat till %(count)d personer.",
            count,
        )
        % {"count": count},
    )
