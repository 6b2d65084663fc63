"""Many more activities, for trying the site at full size (the benchmark's data)."""

import random
from datetime import date

from django.utils import timezone

from veckan.activities import search
from veckan.activities.models import Activity, Status
from veckan.demo import activities as texts
from veckan.demo.common import DEMO_SEED, capitalised
from veckan.demo.people import demo_logins
from veckan.demo.program import DemoProgram
from veckan.demo.rows import BATCH_SIZE
from veckan.editions.models import Edition
from veckan.lib.slugs import slug_base
from veckan.organisations.models import Membership, Organisation
from veckan.revisions.services import record_change

MANY_SEED = f"{DEMO_SEED}-many"


class _ManyActivities(DemoProgram):
    """The demo's program, grown by many more approved activities at once."""

    def add_many(self, edition: Edition, n: int, numbers: "_RunningNumbers") -> None:
        """n more approved activities for the edition, made quickly for load testing: titles may
        repeat, so each slug ends in a running number instead of being searched for."""
        rng = self.rng
        areas = list(edition.focus_areas.all())
        # The demo organiser's own list stays the short one written by hand.
        exclude = {spec.organisation for spec in texts.DEMO_ORGANISER_ACTIVITIES}
        for _ in range(n):
            type_ = self._weighted(texts.TYPE_WEIGHTS)
            weights = texts.FORMAT_WEIGHTS.get(type_, texts.DEFAULT_FORMAT_WEIGHTS)
            format_ = rng.choices(texts.FORMATS, weights=weights)[0]
            organisation, place, partner = self._organiser_and_place(format_, None, exclude)
            subject_key = self._subject(organisation)
            subject = texts.SUBJECTS[subject_key]
            templates = [
                t for t in texts.TITLE_TEMPLATES[type_] if place is not None or "{place}" not in t
            ]
            angle = rng.choice(subject.angles)
            title = rng.choice(templates).format(
                Name=subject.name,
                phrase=subject.phrase,
                Angle=capitalised(angle),
                angle=angle,
                place=place.name if place else "",
            )[:150]
            planned = self._plan(
                edition=edition,
                areas=areas,
                organisation=organisation,
                type_=type_,
                format_=format_,
                place=place,
                partner=partner,
                title=title,
                subject_key=subject_key,
                slug=numbers.slug(title, edition.year),
            )
            planned.activity.status = Status.APPROVED
            self._history(planned, Status.APPROVED, author=self.admins[organisation.pk])
            if not edition.is_current:
                self._follow_up(planned)
            self.planned.append(planned)

    def index(self) -> None:
        """Write the search index for the saved activities, from the rows in memory."""
        activities = [p.activity for p in self.planned]
        for start in range(0, len(activities), BATCH_SIZE):
            search.index_activities(activities[start : start + BATCH_SIZE])


class _RunningNumbers:
    """Slugs "title-2027-123", numbered on from the activities already there, never one taken."""

    def __init__(self) -> None:
        self.taken = set(Activity.objects.values_list("slug", flat=True))
        self.number = len(self.taken)

    def slug(self, title: str, year: int) -> str:
        base = slug_base(title, suffix=str(year), fallback="aktivitet")
        while True:
            self.number += 1
            slug = f"{base}-{self.number}"
            if slug not in self.taken:
                self.taken.add(slug)
                return slug


def seed_many(*, activities: int = 0, archive: int = 0, today: date | None = None) -> int:
    """Add `activities` approved activities to the current edition and `archive` spread over the
    earlier ones, built in memory and saved in bulk, then indexed for search from memory. The same
    numbers give the same activities. Needs the demo (its editions, organisations and people)."""
    today = today or timezone.localdate()
    organisations = {
        o.name: o
        for o in Organisation.objects.filter(memberships__role=Membership.Role.ADMIN)
        .select_related("home_municipality")
        .distinct()
        .order_by("name")
    }
    program = _ManyActivities(today=today, organisations=organisations, logins=demo_logins())
    program.rng = random.Random(f"{MANY_SEED}-{activities}-{archive}")
    numbers = _RunningNumbers()
    current, *earlier = Edition.objects.order_by("-is_current", "-year")
    program.add_many(current, activities, numbers)
    if earlier:
        for index, edition in enumerate(earlier):
            share = archive // len(earlier) + (1 if index < archive % len(earlier) else 0)
            program.add_many(edition, share, numbers)
    program.save()
    program.index()
    record_change(everything=True)
    return len(program.planned)
