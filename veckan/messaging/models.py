from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganiserMessage(models.Model):
    """A message the coordinators sent to the organisers of an edition: one email per person."""

    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.PROTECT, related_name="organiser_messages"
    )
    subject = models.CharField(_("ämne"), max_length=150)
    body = models.TextField(_("meddelande"))
    # The recipient filters as chosen, by their URL names: {"lan": "05", "typ": "", "status": ""}.
    filters = models.JSONField(_("urval"), default=dict, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("skickat"), default=timezone.now)

    class Meta:
        verbose_name = _("meddelande till arrangörer")
        verbose_name_plural = _("meddelanden till arrangörer")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class OrganiserMessageRecipient(models.Model):
    """Who got the message: the address it went to and the organisation(s) they were chosen for."""

    message = models.ForeignKey(
        OrganiserMessage, on_delete=models.CASCADE, related_name="recipients"
    )
    email = models.EmailField(_("e-postadress"))
    organisation_name = models.CharField(_("organisation"), max_length=500)

    class Meta:
        verbose_name = _("mottagare")
        verbose_name_plural = _("mottagare")
        ordering = ["organisation_name", "email"]

    def __str__(self) -> str:
        return self.email
