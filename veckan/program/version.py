"""What a feed's ETag and Last-Modified are made of: one aggregate query over the very rows the
response is built from, so a 304 costs one cheap query and never a body.

The version changes when an activity in the set is saved (approving, cancelling and editing all save
the row, so updated_at moves), when one joins or leaves the set (the count), and when the program is
published: activities approved before the publication date only enter `published()` once the clock
passes it, and their edition's publication time then becomes part of the answer. It also changes
when what the activities show from around them changes: their edition (its focus areas are saved
with it) or any organisation (a name or a kind). Any organisation, not only theirs: the latest of a
few hundred rows is one index lookup, while theirs would mean reading every activity's row.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, QuerySet, Subquery

from veckan.organisations.models import Organisation


@dataclass(frozen=True)
class ProgramState:
    count: int
    last_updated: datetime | None
    published_at: datetime | None
    surroundings_updated: datetime | None
    # Which of the program's activities a search picks, when it picks some (see ProgramSearch).
    selection: str = ""

    @property
    def _moments(self) -> list[datetime | None]:
        return [self.last_updated, self.published_at, self.surroundings_updated]

    @property
    def version(self) -> str:
        moments = (moment.isoformat() if moment else "" for moment in self._moments)
        parts = [str(self.count), *moments, self.selection]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    @property
    def last_modified(self) -> datetime | None:
        """When the set last changed: the latest save, the publication that made it visible, or
        a change to an edition or organisation it shows."""
        return max((moment for moment in self._moments if moment), default=None)


def program_state(queryset: QuerySet) -> ProgramState:
    """Count, latest updated_at and latest program publication of the activities in `queryset`,
    and the latest change to their editions or to any organisation: one query."""
    latest_organisation = Organisation.objects.order_by("-updated_at").values("updated_at")[:1]
    row = queryset.order_by().aggregate(
        count=Count("*"),  # not "pk": COUNT(*) lets an index-only scan answer
        last_updated=Max("updated_at"),
        published_at=Max("edition__program_published_at"),
        edition_updated=Max("edition__updated_at"),
        organisation_updated=Max(Subquery(latest_organisation)),
    )
    around = [row["edition_updated"], row["organisation_updated"]]
    return ProgramState(
        row["count"],
        row["last_updated"],
        row["published_at"],
        max((moment for moment in around if moment), default=None),
    )
