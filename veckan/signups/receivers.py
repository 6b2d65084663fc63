"""Signups acts on what happens to activities (veckan.activities.signals): the people signed up are
told, a lowered capacity is checked against the seats taken, and new seats go to those waiting."""

from django.dispatch import receiver

from veckan.activities import signals
from veckan.signups import notices, services


@receiver(signals.participants_to_tell)
def tell_participants(sender, *, activity, kind, before, after, occasion=None, **kwargs):
    notices.notify_participants(
        activity=activity, kind=kind, before=before, after=after, occasion=occasion
    )


@receiver(signals.capacity_changing)
def check_capacity(sender, *, activity, capacity, **kwargs):
    return services.capacity_problem(activity, capacity)


@receiver(signals.capacity_raised)
def promote_waiting(sender, *, activity, **kwargs):
    services.capacity_changed(activity=activity)
