"""The statistics of an edition, read straight from the database: one query per figure.

An activity counts when it was held: approved, in an edition whose program is published. Cancelled
activities are part of the public program but were never held, so no figure counts them; drafts,
submissions and rejected activities were never public.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils import timezone

from veckan.activities.models import Activity, ActivityQuerySet, CoOrganiser, Format, Status
from veckan.editions.models import Edition, EditionQuerySet
from veckan.organisations.models import Organisation
from veckan.signups.models import Attendance, SignUp
from veckan.solutions.models import Adoption, Solution

DIGITAL_FORMATS = (Format.DIGITAL, Format.HYBRID)
# Every figure of an edition can be read for part of it, a collection's activities (see held).
Within = QuerySet[Activity] | None


def published_editions() -> EditionQuerySet:
    """Editions whose program is out, newest first: only their statistics are public."""
    return Edition.objects.filter(program_published_at__lte=timezone.now()).order_by("-year")


def held(edition: Edition, within: Within = None) -> ActivityQuerySet:
    """The edition's held activities; `within` narrows them to some (a collection's)."""
    activities = Activity.objects.published().in_edition(edition).filter(status=Status.APPROVED)
    if within is not None:
        activities = activities.filter(pk__in=within.values("pk"))
    return activities


def _count_by(edition: Edition, field: str, within: Within = None) -> dict:
    rows = (
        held(edition, within).order_by().values_list(field).annotate(n=Count("pk", distinct=True))
    )
    return dict(rows)


def by_type(edition: Edition, within: Within = None) -> dict[str, int]:
    return _count_by(edition, "type", within)


def by_format(edition: Edition, within: Within = None) -> dict[str, int]:
    return _count_by(edition, "format", within)


def share_digital(formats: dict[str, int]) -> int:
    """Digital and hybrid activities as a whole percentage of all, from `by_format`."""
    total = sum(formats.values())
    digital = sum(formats.get(value, 0) for value in DIGITAL_FORMATS)
    return round(100 * digital / total) if total else 0


def by_county(edition: Edition, within: Within = None) -> dict[str | None, int]:
    """Activities per county code; None for digital activities, which have no place."""
    return _count_by(edition, "municipality__county_id", within)


def by_day(edition: Edition, within: Within = None) -> dict[date, int]:
    """Activities per local day they start."""
    rows = (
        held(edition, within)
        .order_by()
        .annotate(day=TruncDate("starts_at", tzinfo=timezone.get_default_timezone()))
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def by_organiser_kind(edition: Edition, within: Within = None) -> dict[str, int]:
    """Activities per kind of main organiser (co-organisers are counted under `organisations`)."""
    return _count_by(edition, "organisation__kind", within)


def by_focus_area(edition: Edition, within: Within = None) -> dict[str, int]:
    """Activities per focus area; an activity with several is counted under each."""
    counts = _count_by(edition, "focus_areas__name", within)
    counts.pop(None, None)
    return counts


def organisations(edition: Edition, within: Within = None) -> int:
    """Distinct registered organisations behind held activities: main and co-organisers."""
    activities = held(edition, within)
    co_organisers = CoOrganiser.objects.filter(
        activity__in=activities, organisation__isnull=False
    ).values("organisation_id")
    return Organisation.objects.filter(
        Q(pk__in=activities.values("organisation_id")) | Q(pk__in=co_organisers)
    ).count()


def signups(edition: Edition, within: Within = None) -> dict[str, int]:
    return SignUp.objects.filter(activity__in=held(edition, within)).aggregate(
        confirmed=Count("pk", filter=Q(status=SignUp.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=SignUp.Status.WAITING)),
    )


def _checked_in(activities: ActivityQuerySet):
    return SignUp.objects.filter(activity__in=activities).checked_in()


def _reported(activities: ActivityQuerySet):
    """The reports of those of `activities` where nobody was checked in: where anyone was, the
    check-ins are the attendance and a reported number is not counted."""
    return Attendance.objects.filter(activity__in=activities).exclude(
        activity__in=_checked_in(activities).values("activity_id")
    )


def attendance(edition: Edition, within: Within = None) -> dict[str, int]:
    """Participants after the activities, in person and online: the check-ins where there are
    any, otherwise what the organisers reported."""
    activities = held(edition, within)
    sums = _reported(activities).aggregate(
        in_person=Coalesce(Sum("in_person"), 0), online=Coalesce(Sum("online"), 0)
    )
    checked_in = _checked_in(activities).attendance_counts()
    sums = {key: sums[key] + checked_in[key] for key in ("in_person", "online")}
    return sums | {"total": sums["in_person"] + sums["online"]}


def year_over_year(until: Edition) -> dict[int, dict[str, int]]:
    """Per published edition up to `until`: activities, share digital (%), organisations and
    participants (check-ins where there are any, otherwise reported). Five queries whatever the
    number of editions."""
    activities = Activity.objects.published().filter(
        status=Status.APPROVED, edition__year__lte=until.year
    )
    per_edition = (
        activities.order_by()
        .values_list("edition__year")
        .annotate(n=Count("pk"), digital=Count("pk", filter=Q(format__in=DIGITAL_FORMATS)))
    )
    main = activities.order_by().values_list("edition__year", "organisation_id").distinct()
    co = (
        CoOrganiser.objects.filter(activity__in=activities, organisation__isnull=False)
        .order_by()
        .values_list("activity__edition__year", "organisation_id")
        .distinct()
    )
    participants = dict(
        _reported(activities)
        .order_by()
        .values_list("activity__edition__year")
        .annotate(total=Sum("in_person") + Sum("online"))
    )
    checked_in = (
        _checked_in(activities)
        .order_by()
        .values_list("activity__edition__year")
        .annotate(n=Count("pk"))
    )
    for year, n in checked_in:
        participants[year] = participants.get(year, 0) + n
    organisers: dict[int, set[int]] = {}
    for year, organisation_id in [*main, *co]:
        organisers.setdefault(year, set()).add(organisation_id)
    years = published_editions().filter(year__lte=until.year).values_list("year", flat=True)
    counts = {year: (n, digital) for year, n, digital in per_edition}
    result = {}
    for year in sorted(years):
        n, digital = counts.get(year, (0, 0))
        result[year] = {
            "activities": n,
            "share_digital": round(100 * digital / n) if n else 0,
            "organisations": len(organisers.get(year, ())),
            "participants": participants.get(year, 0),
        }
    return result


def spread(edition: Edition) -> dict[str, int]:
    """What spread of the solutions shown in the edition (public ones): how many were shown, and
    how many other organisations test or have adopted them, whenever they said so."""
    shown = Solution.objects.public().shown_in(edition)
    adoptions = Adoption.objects.filter(solution__in=shown.values("pk"))
    counts = dict(adoptions.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "solutions": shown.count(),
        "testing": counts.get(Adoption.Status.TESTING, 0),
        "adopted": counts.get(Adoption.Status.ADOPTED, 0),
    }


def spread_by_year(until: Edition) -> dict[int, dict[str, int]]:
    """Each year up to the edition's, from the first in which anything spread: how many marks
    "vi testar" stand from that year, and how many organisations adopted a solution in it."""
    testing = dict(
        Adoption.objects.filter(status=Adoption.Status.TESTING, solution__status="approved")
        .annotate(year=ExtractYear("created_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    adopted = dict(
        Adoption.objects.filter(status=Adoption.Status.ADOPTED, solution__status="approved")
        .annotate(year=ExtractYear("adopted_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    first = min([*testing, *adopted, until.year])
    return {
        year: {"testing": testing.get(year, 0), "adopted": adopted.get(year, 0)}
        for year in range(first, until.year + 1)
    }
