"""Webhooks: systems outside Veckan that want to hear when the public program changes.

A coordinator registers a URL; every published, changed or cancelled public activity queues one
Delivery per active webhook, and the `send_webhooks` worker POSTs it, signed, with retries.
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veckan.webhooks.addresses import AddressRefused, check_url


def validate_webhook_url(url: str) -> None:
    """https to a server on the internet (see addresses.check_url), checked when the webhook is
    saved; each delivery checks again."""
    try:
        check_url(url)
    except AddressRefused as refused:
        if refused.code == "invalid":
            return  # the URL field's own validator says what is wrong with it
        raise ValidationError(REFUSALS[refused.code], code=refused.code) from refused


REFUSALS = {
    "scheme": _(
        "Adressen måste börja med https://, så att ingen kan läsa eller ändra det som skickas."
    ),
    "unresolvable": _(
        "Servernamnet i adressen gick inte att slå upp. Kontrollera att det är rätt stavat."
    ),
    "internal": _(
        "Adressen leder till ett internt nät eller till Veckans egen server. Webhooks kan bara "
        "skickas till servrar på internet."
    ),
}


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookQuerySet(models.QuerySet["Webhook"]):
    def active(self) -> "WebhookQuerySet":
        return self.filter(is_active=True)


class Webhook(models.Model):
    url = models.URLField(_("adress"), max_length=500, validators=[validate_webhook_url])
    # Kept in clear text because every delivery is signed with it; shown once, when created.
    secret = models.CharField(
        _("hemlig nyckel"), max_length=100, default=new_secret, editable=False
    )
    description = models.CharField(
        _("beskrivning"),
        max_length=200,
        blank=True,
        help_text=_("Vem tar emot och varför, t.ex. ”Region Östergötlands evenemangskalender”."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url


class Event(models.TextChoices):
    PUBLISHED = "published", _("publicerad")
    CHANGED = "changed", _("ändrad")
    CANCELLED = "cancelled", _("inställd")


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def due(self, now: datetime | None = None) -> "DeliveryQuerySet":
        """Pending deliveries of active webhooks whose time has come, oldest first.

        next_attempt_at starts as the moment the event was queued, so this is the order of the
        events, except that a delivery being retried waits for its next attempt.
        """
        now = now or timezone.now()
        return self.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lte=now, webhook__is_active=True
        ).order_by("next_attempt_at", "pk")


class Delivery(models.Model):
    """One event for one webhook: a snapshot of the activity's open data, sent with retries."""

    class Status(models.TextChoices):
        PENDING = "pending", _("väntar")
        SENT = "sent", _("skickad")
        FAILED = "failed", _("misslyckades")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("händelse"), max_length=10, choices=Event)
    # No foreign key: the payload is what the activity looked like when the event happened.
    activity_id = models.BigIntegerField(_("aktivitet"))
    payload = models.JSONField()
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"), default=timezone.now)
    last_error = models.TextField(_("senaste fel"), blank=True)
    response_status = models.PositiveSmallIntegerField(_("svarskod"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("levererad"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("leverans")
        verbose_name_plural = _("leveranser")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["activity_id", "-id"]),
            models.Index(fields=["webhook", "-created_at"]),
        ]
        constraints = [
            # An activity is published once: whether its approval or the clock-based announcement
            # of its edition queues the event, each webhook hears it once.
            models.UniqueConstraint(
                fields=["webhook", "activity_id"],
                condition=models.Q(event="published"),
                name="published_once_per_webhook",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} {self.activity_id} → {self.webhook}"

    @property
    def activity_title(self) -> str:
        return self.payload.get("activity", {}).get("title", "")


class AnnouncedEdition(models.Model):
    """An edition whose program publication the webhook worker has announced: the clock publishes
    a program, no request does, so the worker queues "published" for its activities once."""

    edition = models.OneToOneField(
        "editions.Edition", on_delete=models.CASCADE, related_name="webhook_announcement"
    )
    announced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("annonserad utgåva")
        verbose_name_plural = _("annonserade utgåvor")

    def __str__(self) -> str:
        return str(self.edition)
