"""What a feed's ETag and Last-Modified are made of: one aggregate query over the very rows the
response is built from, so a 304 costs one cheap query and never a body.

The version changes when an activity in the set is saved (approving, cancelling and editing all save
the row, so updated_at moves), when one joins or leaves the set (the count), and when the program is
published: activities approved before the publication date only enter `published()` once the clock
passes it, and their edition's publication time then becomes part of the answer.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, QuerySet


@dataclass(frozen=True)
class ProgramState:
    count: int
    last_updated: datetime | None
    published_at: datetime | None

    @property
    def version(self) -> str:
        parts = [
            str(self.count),
            self.last_updated.isoformat() if self.last_updated else "",
            self.published_at.isoformat() if self.published_at else "",
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    @property
    def last_modified(self) -> datetime | None:
        """When the set last changed: the latest save, or the publication that made it visible."""
        moments = [moment for moment in (self.last_updated, self.published_at) if moment]
        return max(moments, default=None)


def program_state(queryset: QuerySet) -> ProgramState:
    """Count, latest updated_at and latest program publication of the activities in `queryset`."""
    row = queryset.order_by().aggregate(
        count=Count("*"),  # not "pk": COUNT(*) lets an index-only scan answer
        last_updated=Max("updated_at"),
        published_at=Max("edition__program_published_at"),
    )
    return ProgramState(row["count"], row["last_updated"], row["published_at"])


def program_version(queryset: QuerySet) -> str:
    return program_state(queryset).version


def program_last_modified(queryset: QuerySet) -> datetime | None:
    return program_state(queryset).last_modified
