from django.db import transaction

from veckan.editions.models import Edition, FocusArea
from veckan.revisions.services import record_change


def make_current(*, edition: Edition) -> None:
    """Make `edition` the current one; the one that was current joins the archive."""
    with transaction.atomic():
        Edition.objects.filter(is_current=True).exclude(pk=edition.pk).update(is_current=False)
        Edition.objects.filter(pk=edition.pk).update(is_current=True)
        record_change(everything=True)
    edition.is_current = True


def save_edition(
    *, edition: Edition, focus_areas: list[FocusArea], removed: list[FocusArea] = ()
) -> Edition:
    """Save a validated edition with exactly these focus areas, in this order.

    Each focus area keeps its row when renamed, so every activity tagged with it keeps the tag;
    a removed one is taken off every activity (the form has asked the coordinator first).
    """
    with transaction.atomic():
        edition.save()
        FocusArea.objects.filter(pk__in=[area.pk for area in removed if area.pk]).delete()
        for position, area in enumerate(focus_areas):
            area.edition, area.position = edition, position
            area.save()
        # Dates, names, theme and focus areas show on every activity of the edition.
        record_change(everything=True)
    return edition
