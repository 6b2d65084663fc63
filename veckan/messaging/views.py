"""The coordinators' messages to organisers: the ones sent, and write → preview → send."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from veckan.accounts.permissions import coordinator_required
from veckan.editions.models import Edition
from veckan.lib.forms import form_errors
from veckan.messaging import services
from veckan.messaging.forms import OrganiserMessageForm
from veckan.messaging.models import OrganiserMessage


@coordinator_required
def message_list(request: HttpRequest) -> HttpResponse:
    # Meta.ordering does not apply to an aggregating query, so the order is given here.
    sent = (
        OrganiserMessage.objects.select_related("edition", "sent_by")
        .annotate(recipient_count=Count("recipients"))
        .order_by("-sent_at", "-pk")
    )
    return render(request, "messaging/list.html", {"sent_messages": sent})


@coordinator_required
def new_message(request: HttpRequest) -> HttpResponse:
    """Write, preview, send. The preview shows exactly who gets the email and what it says; only
    the "Skicka" button on the preview sends."""
    step = request.POST.get("step", "")
    current = Edition.objects.current()
    form = OrganiserMessageForm(
        request.POST if request.method == "POST" else None,
        initial={"utgava": current.year if current else None},
    )
    preview = chosen = None
    if form.is_valid() and step == "send":
        try:
            sent = services.send_organiser_message(
                filters=form.recipient_filters(),
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                sent_by=request.user,
            )
        except services.MessagingError as error:
            form.add_error(None, str(error))
        else:
            count = sent.recipients.count()
            messages.success(
                request,
                ngettext(
                    "Meddelandet är skickat till %(count)d person.",
                    "Meddelandet är skickat till %(count)d personer.",
                    count,
                )
                % {"count": count},
            )
            return redirect("messaging:list")
    elif form.is_valid() and step == "preview":
        filters = form.recipient_filters()
        chosen = services.recipients(filters)
        preview = services.organiser_message_email(
            edition=filters.edition,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
    return render(
        request,
        "messaging/new.html",
        {
            "form": form,
            "errors": form_errors(form),
            "preview": preview,
            "recipients": chosen,
        },
    )
