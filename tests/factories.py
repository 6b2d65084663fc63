"""Boring factories: plain functions that make valid rows with as few arguments as possible."""

import time as clock
from datetime import date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.utils import timezone
from stdnum import luhn
from stdnum.se import orgnr

from veckan.accounts.models import User
from veckan.editions.models import Edition
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind, Membership, Organisation
from veckan.revisions.services import record_change

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PASSWORD = "korrekt-häst-batteri-häftklammer"
_serial = count(1)


def valid_org_number(prefix: str = "2120") -> str:
    """A fresh organisation number with a correct check digit, e.g. 212000-0019."""
    body = f"{prefix}{next(_serial):05d}"[:9]
    return orgnr.format(body + luhn.calc_check_digit(body))


def make_user(
    email: str | None = None, *, coordinator: bool = False, staff: bool = False, name: str = ""
) -> User:
    email = email or f"person{next(_serial)}@example.se"
    user = User.objects.create_user(
        email, PASSWORD, name=name, is_coordinator=coordinator, is_staff=staff
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def add_totp(user: User) -> str:
    """Set up two-factor login for `user`; returns the TOTP secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret`.

    Near the end of its period a code can expire before the server checks it (allauth allows no
    earlier code), and on a loaded machine a login takes seconds: wait for the next one, as a person
    would.
    """
    left = mfa_settings.TOTP_PERIOD - clock.time() % mfa_settings.TOTP_PERIOD
    if left < 5:
        clock.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def make_organisation(
    *,
    kind: str = Kind.KOMMUN,
    name: str | None = None,
    admin: User | None = None,
    members: list[User] = (),
    verified: bool = True,
) -> Organisation:
    prefix = "2120" if kind in (Kind.KOMMUN, Kind.REGION, Kind.STATLIG_MYNDIGHET) else "5560"
    organisation = Organisation.objects.create(
        name=name or f"Organisation {next(_serial)}",
        slug=f"org-{next(_serial)}",
        kind=kind,
        org_number=valid_org_number(prefix),
        home_municipality=Municipality.objects.get(code="0180"),
        verified_at=timezone.now() if verified else None,
    )
    if admin:
        Membership.objects.create(user=admin, organisation=organisation, role=Membership.Role.ADMIN)
    for member in members:
        Membership.objects.create(
            user=member, organisation=organisation, role=Membership.Role.MEMBER
        )
    return organisation


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


def make_edition(year: int = 2026, *, current: bool = True, **fields) -> Edition:
    """An edition whose week starts on the Monday of ISO week 40 of `year`."""
    monday = date.fromisocalendar(year, 40, 1)
    values = {
        "year": year,
        "name": f"Innovationsveckan {year}",
        "theme": "Tillsammans för framtidens välfärd",
        "starts_on": monday,
        "ends_on": monday + timedelta(days=4),
        "registration_opens": at(monday - timedelta(days=120)),
        "registration_closes": at(monday - timedelta(days=21), 23),
        "program_published_at": at(monday - timedelta(days=14)),
        "is_current": current,
    } | fields
    edition = Edition(**values)
    edition.full_clean()
    edition.save()
    record_change(everything=True)  # as editions.services.save_edition does
    return edition


def activity_fields(edition: Edition, organisation: Organisation, **fields) -> dict:
    """The fields of a complete physical activity on the edition's Tuesday morning."""
    tuesday = edition.starts_on + timedelta(days=1)
    return {
        "edition": edition,
        "organisation": organisation,
        "title": "Så bygger vi framtidens e-tjänster",
        "summary": "Ett seminarium om hur kommunen utvecklar e-tjänster tillsammans med invånarna.",
        "type": "seminarium",
        "format": "physical",
        "starts_at": at(tuesday, 9),
        "ends_at": at(tuesday, 11),
        "municipality": Municipality.objects.get(code="0580"),
        "venue": "Stadshuset",
        "address": "Drottninggatan 45, Linköping",
    } | fields


def make_activity(edition: Edition, organisation: Organisation, *, status: str = "draft", **fields):
    from veckan.activities.models import Activity

    activity = Activity(
        slug=f"aktivitet-{next(_serial)}",
        status=status,
        **activity_fields(edition, organisation, **fields),
    )
    activity.full_clean()
    activity.save()
    if status in ("approved", "cancelled"):
        record_change(activities=[activity.pk])  # as the lifecycle's services do
    return activity


def make_published_edition(year: int = 2027, **fields) -> Edition:
    """The current edition, registration closed and its program published since yesterday."""
    now = timezone.now()
    return make_edition(
        year,
        **{
            "registration_opens": now - timedelta(days=60),
            "registration_closes": now - timedelta(days=10),
            "program_published_at": now - timedelta(days=1),
        }
        | fields,
    )


def make_signup_activity(organisation: Organisation, *, capacity: int = 10, **fields):
    """An approved activity with sign-up here, in a published edition, starting in the future."""
    from veckan.activities.models import Activity

    edition = Edition.objects.filter(year=2027).first() or make_published_edition()
    activity = make_activity(
        edition,
        organisation,
        status="approved",
        signup_mode="platform",
        capacity=capacity,
        **fields,
    )
    return Activity.objects.get(pk=activity.pk)


def make_occasion(activity, *, day: int, start: int = 12, end: int = 13, **fields):
    """An occasion of the activity on the edition's `day` (0 = Monday), start to end o'clock;
    the activity's span follows, as activities.services.save_occasions keeps it."""
    from veckan.activities.models import Activity, Occasion

    when = activity.edition.starts_on + timedelta(days=day)
    occasion = Occasion(
        activity=activity, starts_at=at(when, start), ends_at=at(when, end), **fields
    )
    occasion.full_clean()
    occasion.save()
    occasions = list(activity.occasions.all())
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=min(o.starts_at for o in occasions), ends_at=max(o.ends_at for o in occasions)
    )
    activity.refresh_from_db()
    return occasion


def make_series(organisation: Organisation, *, days=(0, 1, 2), capacity: int = 2, **fields):
    """A lunch talk every day at noon (an approved activity with sign-up here, run as a series),
    and its occasions."""
    activity = make_signup_activity(organisation, capacity=capacity, **fields)
    occasions = [make_occasion(activity, day=day) for day in days]
    activity.refresh_from_db()
    return activity, occasions
