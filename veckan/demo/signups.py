"""The demo's participants: sign-ups for the current week, attendance reported for the earlier ones."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from veckan.accounts.models import User
from veckan.activities.models import (
    Activity,
    Format,
    SignupMode,
    Status,
)
from veckan.demo import activities as texts
from veckan.demo.common import DEMO_SEED, ascii_lower, local_time
from veckan.demo.people import ORGANISATIONS, DemoLogins
from veckan.demo.rows import stamped_by_hand
from veckan.editions.models import Edition
from veckan.organisations.models import Membership
from veckan.signups.models import Attendance, ParticipantMessage, SignUp

# Its own random stream, so adding sign-ups leaves the program above exactly as it was.
SIGNUPS_SEED = f"{DEMO_SEED}-signups"
# Each share of the current edition's activities with sign-up here that is full, with a queue.
FULL_SHARE = 0.2
NO_PHOTO_SHARE = 0.15
# Earlier editions' approved activities whose organisers reported how many came.
REPORTED_SHARE = 0.85


@dataclass
class _Person:
    name: str
    email: str
    organisation: str


def _demo_people() -> list[_Person]:
    """Every made-up participant: each name once, each with an address at example.org and, mostly,
    one of the demo organisations to work for."""
    workplaces = [name for name, _kind, _home in ORGANISATIONS]
    people = []
    for first in texts.FIRST_NAMES:
        for last in texts.LAST_NAMES:
            number = len(people)
            people.append(
                _Person(
                    name=f"{first} {last}",
                    email=f"{ascii_lower(first)}.{ascii_lower(last)}@example.org",
                    organisation=""
                    if number % 6 == 0
                    else workplaces[number * 7 % len(workplaces)],
                )
            )
    return people


def _arrivals(rng: random.Random, n: int, opened: datetime, closed: datetime) -> list[datetime]:
    """n moments between opened and closed, in order, mostly in the daytime as people sign up."""
    if closed - opened < timedelta(days=1):
        raise ValueError("The demo's sign-ups need a day or more between publication and today.")
    first, last = timezone.localdate(opened), timezone.localdate(closed)
    moments = []
    while len(moments) < n:
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        moment = local_time(day, rng.randint(7 * 60, 22 * 60)) + timedelta(
            seconds=rng.randrange(60)
        )
        if opened <= moment < closed:
            moments.append(moment)
    return sorted(moments)


def _signups_for(
    activity: Activity,
    *,
    rng: random.Random,
    people: list[_Person],
    full: bool,
    opened: datetime,
    closed: datetime,
    now: datetime,
) -> list[SignUp]:
    """One activity's sign-ups as the sign-up services would have left them: seats never more than
    the capacity, a queue only when full, and everyone who waits arrived after the seats went."""
    capacity = activity.capacity
    seats = capacity if full else round(capacity * rng.uniform(0.15, 0.85))
    held = 0 if full else min(seats, rng.choice((0, 0, 0, 1, 2)))
    waiting = rng.randint(3, 8) if full else 0
    cancelled = rng.randint(0, max(1, seats // 12))
    expired = rng.choice((0, 0, 1, 2))
    early = ["confirmed"] * (seats - held) + ["cancelled"] * cancelled + ["expired"] * expired
    rng.shuffle(early)
    kinds = early + ["waiting"] * waiting
    chosen = rng.sample(people, len(kinds) + held)
    hold = timedelta(minutes=settings.SIGNUP_HOLD_MINUTES)
    signups = []
    arrivals = _arrivals(rng, len(kinds), opened, closed)
    for person, kind, created_at in zip(chosen[: len(kinds)], kinds, arrivals, strict=True):
        signup = SignUp(
            activity=activity,
            name=person.name,
            email=person.email,
            organisation=person.organisation,
            no_photo=rng.random() < NO_PHOTO_SHARE,
            status=kind,
            created_at=created_at,
            hold_expires_at=created_at + hold,
        )
        if kind != "expired":
            signup.confirmed_at = created_at + timedelta(minutes=rng.randint(1, 25))
        if kind == "cancelled":
            later = signup.confirmed_at + timedelta(hours=rng.randint(2, 72))
            signup.cancelled_at = min(later, closed)
        signups.append(signup)
    # Of several cancellations, one was the organisers' doing: they removed the sign-up.
    cancelled_rows = [signup for signup in signups if signup.status == "cancelled"]
    if len(cancelled_rows) >= 2:
        cancelled_rows[0].status = SignUp.Status.REMOVED
    # The newest: seats held a few minutes ago, their confirmation links not opened yet.
    for person in chosen[len(kinds) :]:
        created_at = now - timedelta(minutes=rng.randint(2, 20))
        signups.append(
            SignUp(
                activity=activity,
                name=person.name,
                email=person.email,
                organisation=person.organisation,
                no_photo=rng.random() < NO_PHOTO_SHARE,
                status=SignUp.Status.HELD,
                created_at=created_at,
                hold_expires_at=created_at + hold,
            )
        )
    return signups


def _attendance_for(activity: Activity, rng: random.Random, reporter: User) -> Attendance:
    """How many came, plausible for the activity's form and, with sign-up here, its capacity."""
    room = activity.capacity or 80
    in_person = online = 0
    if activity.format in (Format.PHYSICAL, Format.HYBRID):
        in_person = (
            rng.randint(max(5, room // 2), room) if activity.capacity else rng.randint(8, 80)
        )
    if activity.format == Format.DIGITAL:
        online = rng.randint(15, 350)
    elif activity.format == Format.HYBRID:
        online = rng.randint(10, 200)
    reported_at = local_time(
        timezone.localdate(activity.ends_at) + timedelta(days=rng.randint(1, 10)),
        rng.randint(8 * 60, 16 * 60),
    )
    return Attendance(
        activity=activity,
        in_person=in_person,
        online=online,
        reported_by=reporter,
        reported_at=reported_at,
    )


def seed_signups(*, today: date, logins: DemoLogins, now: datetime | None = None) -> int:
    """Participants for the current edition's approved activities with sign-up here, and the
    attendance the organisers reported after the earlier editions. Returns how many sign-ups.

    Most people are confirmed; a few full activities have a waiting list (the demo organiser's
    always does, with someone who does not want to be in photos); some cancelled or never
    confirmed. All arrived between the program's publication and the start of today, except seats
    held in the last minutes, whose hold runs out half an hour after seeding, as a real one would.
    """
    now = now or timezone.now()
    rng = random.Random(SIGNUPS_SEED)
    current, *earlier = Edition.objects.order_by("-is_current", "-year")
    people = _demo_people()
    opened = current.program_published_at
    closed = local_time(today, 0)
    own = set(
        Activity.objects.of_user(logins.organiser).in_edition(current).values_list("pk", flat=True)
    )
    activities = Activity.objects.filter(
        edition=current, status=Status.APPROVED, signup_mode=SignupMode.PLATFORM
    ).order_by("starts_at", "slug")
    signups: list[SignUp] = []
    for activity in activities:
        full = activity.pk in own or rng.random() < FULL_SHARE
        rows = _signups_for(
            activity, rng=rng, people=people, full=full, opened=opened, closed=closed, now=now
        )
        confirmed = [s for s in rows if s.status == SignUp.Status.CONFIRMED]
        if activity.pk in own and not any(s.no_photo for s in confirmed):
            confirmed[0].no_photo = True
        signups += rows
    SignUp.objects.bulk_create(signups)
    _seed_participant_message(own, logins.organiser, closed)

    reporters = dict(
        Membership.objects.filter(role=Membership.Role.ADMIN)
        .order_by("pk")
        .values_list("organisation_id", "user")
    )
    users = User.objects.in_bulk(set(reporters.values()))
    held = Activity.objects.filter(edition__in=earlier, status=Status.APPROVED).order_by(
        "starts_at", "slug"
    )
    reports = [
        _attendance_for(activity, rng, users[reporters[activity.organisation_id]])
        for activity in held
        if rng.random() < REPORTED_SHARE
    ]
    with stamped_by_hand(Attendance, "reported_at"):
        Attendance.objects.bulk_create(reports)
    return len(signups)


def _seed_participant_message(own: set[int], organiser: User, closed: datetime) -> None:
    """The demo organiser has already written once to the participants of their activity."""
    activity = (
        Activity.objects.filter(pk__in=own, signup_mode=SignupMode.PLATFORM)
        .order_by("starts_at")
        .first()
    )
    if activity is None:
        return
    ParticipantMessage.objects.create(
        activity=activity,
        subject="Välkommen – praktisk information",
        body=(
            "Hej!\n\nVad roligt att du kommer. Entrén är från Ågatan; vi har kaffe framdukat en "
            "kvart före start. Säg gärna till i entrén om du behöver hörslinga.\n\n"
            "Välkommen!\nAda Arrangör, Linköpings kommun"
        ),
        sent_by=organiser,
        sent_at=closed - timedelta(days=1, hours=7),
        recipient_count=activity.signups.filter(status=SignUp.Status.CONFIRMED).count(),
    )
