"""The demo's collection: Kronoberg's own innovation week inside the national one, by county."""

from veckan.collections.models import Collection
from veckan.editions.models import Edition
from veckan.geography.models import County

KRONOBERG = "07"


def seed_collections() -> Collection:
    """Kronobergs innovationsvecka: every activity of the current edition held in Kronoberg."""
    collection = Collection.objects.create(
        edition=Edition.objects.get(is_current=True),
        name="Kronobergs innovationsvecka",
        slug="kronoberg",
        description=(
            "Kommunerna, regionen och näringslivet i Kronoberg bjuder in till en egen "
            "innovationsvecka inom den nationella: alla aktiviteter i länet, på ett ställe."
        ),
    )
    collection.counties.add(County.objects.get(code=KRONOBERG))
    return collection
