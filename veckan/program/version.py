"""What the program's ETags and Last-Modified are made of, and what tells a server its copy of the
program is out of date: the program's revision (veckan.revisions), one row read by its primary key,
whatever the size of the program. Every change a visitor can see moves it in the change's own
transaction (activities, organisations and editions call revisions.services.record_change).

One thing changes what is public without a write: the clock passing a program's publication time.
So the state also holds the latest publication that has passed, of the edition shown (which the
request has at hand) or, for all editions, from the same one-row query.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Subquery
from django.utils import timezone

from veckan.editions.models import Edition
from veckan.revisions.models import PROGRAM, Revision


@dataclass(frozen=True)
class ProgramState:
    revision: int
    changed_at: datetime | None
    published_at: datetime | None
    # For a search: which of the program's activities it picks, how many, and the latest moment
    # the clock changed the picks (sign-up closing), all part of the version.
    selection: str = ""
    count: int | None = None
    clock: datetime | None = None

    @property
    def version(self) -> str:
        parts = [str(self.revision), *(m.isoformat() if m else "" for m in self._moments)]
        return hashlib.sha256("|".join([*parts, self.selection]).encode()).hexdigest()[:32]

    @property
    def _moments(self) -> list[datetime | None]:
        return [self.changed_at, self.published_at, self.clock]

    @property
    def last_modified(self) -> datetime | None:
        """When what is shown last changed: the latest public change, the publication that made
        it visible, or the clock closing a sign-up the search picks by."""
        return max((moment for moment in self._moments if moment), default=None)


def program_state(edition: Edition | None = None, now: datetime | None = None) -> ProgramState:
    """The state of one edition's published program, or (None) of every edition's: one query,
    of the revision row by its key."""
    now = now or timezone.now()
    revision = Revision.objects.filter(pk=PROGRAM)
    if edition is not None:
        number, changed_at = revision.values_list("number", "changed_at").first() or (0, None)
        if edition.program_published_at > now:
            # Nothing of it is public yet: no moment it changed.
            return ProgramState(number, None, None)
        return ProgramState(number, changed_at, edition.program_published_at)
    # The latest passed publication, as the latest first: no aggregate, even over the editions.
    latest = (
        Edition.objects.filter(program_published_at__lte=now)
        .order_by("-program_published_at")
        .values("program_published_at")[:1]
    )
    row = (
        revision.annotate(published=Subquery(latest))
        .values_list("number", "changed_at", "published")
        .first()
    )
    return ProgramState(*(row or (0, None, None)))
