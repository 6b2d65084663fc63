"""Activities act on what happens to organisations (veckan.organisations.signals)."""

from django.db.models import Q
from django.dispatch import receiver

from veckan.activities import search
from veckan.activities.models import Activity
from veckan.organisations import signals


@receiver(signals.organisation_saved)
def index_organisers_activities(sender, *, organisation, **kwargs):
    """The search text of the activities it organises or co-organises is written again with the
    organisation's new name."""
    named = Activity.objects.filter(
        Q(organisation=organisation) | Q(co_organisers__organisation=organisation)
    )
    search.index_activities(Activity.objects.with_related().filter(pk__in=named.values("pk")))
