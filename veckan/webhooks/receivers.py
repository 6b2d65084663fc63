"""Webhooks tell other systems what happens to activities (veckan.activities.signals)."""

from django.dispatch import receiver

from veckan.activities import signals
from veckan.webhooks import services


@receiver(signals.activity_event)
def queue_deliveries(sender, *, activity, event, **kwargs):
    services.activity_event(activity=activity, event=event)
