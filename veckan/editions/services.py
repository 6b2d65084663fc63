from django.db import transaction

from veckan.editions.models import Edition, FocusArea


def make_current(*, edition: Edition) -> None:
    """Make `edition` the current one; the one that was current joins the archive."""
    with transaction.atomic():
        Edition.objects.filter(is_current=True).exclude(pk=edition.pk).update(is_current=False)
        Edition.objects.filter(pk=edition.pk).update(is_current=True)
    edition.is_current = True


def save_edition(*, edition: Edition, focus_areas: list[str]) -> Edition:
    """Save a validated edition with exactly these focus areas, in this order.

    Focus areas whose name stays keep their row, so activities tagged with them keep the tag.
    """
    with transaction.atomic():
        edition.save()
        edition.focus_areas.exclude(name__in=focus_areas).delete()
        existing = {area.name: area for area in edition.focus_areas.all()}
        for position, name in enumerate(focus_areas):
            area = existing.get(name) or FocusArea(edition=edition, name=name)
            area.position = position
            area.save()
    return edition
