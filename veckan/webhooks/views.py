"""The coordinators' webhook pages: register a receiver, see what was delivered, pause, delete."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veckan.accounts.permissions import coordinator_required
from veckan.webhooks.forms import WebhookForm
from veckan.webhooks.models import Delivery, Webhook

LATEST_ON_LIST = 5
LATEST_IN_LOG = 50
# The secret of a webhook just created is shown on the next page, once, then never again.
JUST_CREATED_SESSION_KEY = "webhook_secret_for"


@coordinator_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    latest = Delivery.objects.order_by("-created_at", "-pk")[:LATEST_ON_LIST]
    webhooks = (
        Webhook.objects.select_related("created_by")
        .annotate(
            pending=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
            failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        )
        .prefetch_related(Prefetch("deliveries", queryset=latest, to_attr="latest_deliveries"))
        .order_by("created_at", "pk")  # Meta.ordering does not apply to a GROUP BY query
    )
    return render(request, "webhooks/list.html", {"webhooks": webhooks})


@coordinator_required
def create(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if form.is_valid():
        form.instance.created_by = request.user
        webhook = form.save()
        request.session[JUST_CREATED_SESSION_KEY] = webhook.pk
        messages.success(request, _("Webhooken är skapad."))
        return redirect("webhooks:detail", pk=webhook.pk)
    return render(request, "webhooks/form.html", {"form": form})


@coordinator_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook.objects.select_related("created_by"), pk=pk)
    show_secret = request.session.get(JUST_CREATED_SESSION_KEY) == webhook.pk
    if show_secret:
        del request.session[JUST_CREATED_SESSION_KEY]
    deliveries = webhook.deliveries.order_by("-created_at", "-pk")[:LATEST_IN_LOG]
    response = render(
        request,
        "webhooks/detail.html",
        {"webhook": webhook, "deliveries": deliveries, "show_secret": show_secret},
    )
    if show_secret:
        add_never_cache_headers(response)  # no copy of the secret in any cache
    return response


@coordinator_required
@require_POST
def toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=pk)
    webhook.is_active = not webhook.is_active
    webhook.save(update_fields=["is_active"])
    if webhook.is_active:
        message = _("%(url)s är aktiv igen. Det som väntar skickas nu.")
    else:
        message = _("%(url)s är pausad. Nya händelser skickas inte dit förrän den är aktiv igen.")
    messages.success(request, message % {"url": webhook.url})
    return redirect("webhooks:list")


@coordinator_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=pk)
    webhook.delete()
    messages.success(request, _("Webhooken till %(url)s är borttagen.") % {"url": webhook.url})
    return redirect("webhooks:list")
