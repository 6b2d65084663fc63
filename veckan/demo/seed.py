"""A living demo week, the same every time it is made (given today's date).

Each domain adds its part here as it grows, so `make run` always shows a whole week. Organisation
names and kinds are real; their organisation numbers are made up (valid checksums, right legal form).
"""

import random
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from io import BytesIO
from math import pi, sin

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import override
from PIL import Image, ImageDraw, ImageOps
from stdnum import luhn
from stdnum.se import orgnr

from veckan.accounts.models import User
from veckan.activities import search
from veckan.activities.models import (
    AccessibilityFeature,
    Activity,
    ActivityPageView,
    ActivityTag,
    ActivityType,
    ContactPerson,
    CoOrganiser,
    Format,
    Language,
    LogEntry,
    Material,
    SignupMode,
    Status,
    TargetGroup,
)
from veckan.awards.models import (
    DEFAULT_AWARD_NAME,
    Award,
    ConflictOfInterest,
    Criterion,
    Juror,
    Nomination,
    Score,
    Vote,
)
from veckan.demo import activities as texts
from veckan.editions.models import Edition, FocusArea
from veckan.editions.services import save_edition
from veckan.geography.models import County, Municipality
from veckan.lib.email import mailbox
from veckan.lib.images import reencode_image
from veckan.lib.slugs import slug_base
from veckan.organisations.models import Kind, Membership, Organisation
from veckan.revisions.services import record_change
from veckan.signups.models import Attendance, ParticipantMessage, SignUp

DEMO_PASSWORD = "innovationsveckan"
COORDINATOR_EMAIL = "samordnare@example.org"
ORGANISER_EMAIL = "arrangor@example.org"
# A fixed TOTP secret so the demo coordinator can be added to an authenticator app once.
COORDINATOR_TOTP_SECRET = "VECKANDEMOVECKANDEMOVECKANDEMO22"

ORGANISATIONS: list[tuple[str, str, str]] = [
    # (name, kind, home municipality)
    ("Stockholms stad", Kind.KOMMUN, "Stockholm"),
    ("Göteborgs Stad", Kind.KOMMUN, "Göteborg"),
    ("Malmö stad", Kind.KOMMUN, "Malmö"),
    ("Uppsala kommun", Kind.KOMMUN, "Uppsala"),
    ("Linköpings kommun", Kind.KOMMUN, "Linköping"),
    ("Örebro kommun", Kind.KOMMUN, "Örebro"),
    ("Västerås stad", Kind.KOMMUN, "Västerås"),
    ("Umeå kommun", Kind.KOMMUN, "Umeå"),
    ("Luleå kommun", Kind.KOMMUN, "Luleå"),
    ("Kiruna kommun", Kind.KOMMUN, "Kiruna"),
    ("Jönköpings kommun", Kind.KOMMUN, "Jönköping"),
    ("Växjö kommun", Kind.KOMMUN, "Växjö"),
    ("Karlstads kommun", Kind.KOMMUN, "Karlstad"),
    ("Gävle kommun", Kind.KOMMUN, "Gävle"),
    ("Sundsvalls kommun", Kind.KOMMUN, "Sundsvall"),
    ("Östersunds kommun", Kind.KOMMUN, "Östersund"),
    ("Helsingborgs stad", Kind.KOMMUN, "Helsingborg"),
    ("Lunds kommun", Kind.KOMMUN, "Lund"),
    ("Borås Stad", Kind.KOMMUN, "Borås"),
    ("Region Gotland", Kind.KOMMUN, "Gotland"),
    ("Skellefteå kommun", Kind.KOMMUN, "Skellefteå"),
    ("Kalmar kommun", Kind.KOMMUN, "Kalmar"),
    ("Nacka kommun", Kind.KOMMUN, "Nacka"),
    ("Botkyrka kommun", Kind.KOMMUN, "Botkyrka"),
    ("Åre kommun", Kind.KOMMUN, "Åre"),
    ("Ljusdals kommun", Kind.KOMMUN, "Ljusdal"),
    ("Region Stockholm", Kind.REGION, "Stockholm"),
    ("Västra Götalandsregionen", Kind.REGION, "Vänersborg"),
    ("Region Skåne", Kind.REGION, "Kristianstad"),
    ("Region Östergötland", Kind.REGION, "Linköping"),
    ("Region Västerbotten", Kind.REGION, "Umeå"),
    ("Region Norrbotten", Kind.REGION, "Luleå"),
    ("Region Uppsala", Kind.REGION, "Uppsala"),
    ("Region Jönköpings län", Kind.REGION, "Jönköping"),
    ("Region Dalarna", Kind.REGION, "Falun"),
    ("Region Jämtland Härjedalen", Kind.REGION, "Östersund"),
    ("Vinnova", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Myndigheten för digital förvaltning (DIGG)", Kind.STATLIG_MYNDIGHET, "Sundsvall"),
    ("Upphandlingsmyndigheten", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Försäkringskassan", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Skatteverket", Kind.STATLIG_MYNDIGHET, "Solna"),
    ("Lantmäteriet", Kind.STATLIG_MYNDIGHET, "Gävle"),
    ("Arbetsförmedlingen", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("E-hälsomyndigheten", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Trafikverket", Kind.STATLIG_MYNDIGHET, "Borlänge"),
    ("Boverket", Kind.STATLIG_MYNDIGHET, "Karlskrona"),
    ("Bolagsverket", Kind.STATLIG_MYNDIGHET, "Sundsvall"),
    ("Tillväxtverket", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Myndigheten för delaktighet", Kind.STATLIG_MYNDIGHET, "Sundbyberg"),
    ("Statens servicecenter", Kind.STATLIG_MYNDIGHET, "Gävle"),
    ("Kungliga Tekniska högskolan (KTH)", Kind.AKADEMI, "Stockholm"),
    ("Lunds universitet", Kind.AKADEMI, "Lund"),
    ("Umeå universitet", Kind.AKADEMI, "Umeå"),
    ("Linköpings universitet", Kind.AKADEMI, "Linköping"),
    ("RISE Research Institutes of Sweden", Kind.AKADEMI, "Borås"),
    ("Sveriges Kommuner och Regioner (SKR)", Kind.ANNAN, "Stockholm"),
    ("Coompanion Sverige", Kind.CIVILSAMHALLE, "Stockholm"),
    ("Famna", Kind.CIVILSAMHALLE, "Stockholm"),
    ("Studieförbundet Vuxenskolan", Kind.CIVILSAMHALLE, "Stockholm"),
    ("Exempeldata AB", Kind.FORETAG, "Göteborg"),
    ("Välfärdsteknik i Norr AB", Kind.FORETAG, "Luleå"),
    ("Smart Stad Konsult AB", Kind.FORETAG, "Malmö"),
]

# The first four digits of made-up organisation numbers, by kind: the right legal form for each.
ORG_NUMBER_PREFIX = {
    Kind.KOMMUN: "2120",
    Kind.REGION: "2321",
    Kind.STATLIG_MYNDIGHET: "2021",
    Kind.AKADEMI: "2021",
    Kind.ANNAN: "8220",
    Kind.CIVILSAMHALLE: "8020",
    Kind.FORETAG: "5590",
}

FOCUS_AREAS = [
    "Digital förvaltning",
    "Hållbar samhällsutveckling",
    "Hälsa och omsorg",
    "Innovationsupphandling",
    "Kompetensförsörjning",
    "Demokrati och delaktighet",
]


@dataclass
class DemoLogins:
    coordinator: User
    organiser: User
    recovery_codes: list[str]


def demo_org_number(kind: str, index: int) -> str:
    body = f"{ORG_NUMBER_PREFIX[kind]}{index:05d}"
    return orgnr.format(body + luhn.calc_check_digit(body))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed_editions(today: date) -> Edition:
    """The current edition in the coming week 40, with registration open and the program already
    published; and the two earlier years' editions, for the archive."""
    # Week 40, as the real week; next year's once this year's is less than five weeks away.
    monday = date.fromisocalendar(today.year, 40, 1)
    if monday - timedelta(days=35) < today:
        monday = date.fromisocalendar(today.year + 1, 40, 1)
    current = Edition(
        year=monday.year,
        name=f"Innovationsveckan {monday.year}",
        theme="Mod att förnya – tillsammans",
        theme_description=(
            "Hur gör vi välfärden bättre med de resurser vi har? Under veckan visar kommuner, regioner "
            "och myndigheter hur de förnyar sitt arbete – och bjuder in alla att lära av varandra."
        ),
        starts_on=monday,
        ends_on=monday + timedelta(days=4),
        registration_opens=_at(today - timedelta(days=100), 9),
        registration_closes=_at(today + timedelta(days=14), 23, 59),
        program_published_at=_at(today - timedelta(days=7), 9),
        is_current=True,
    )
    current.full_clean()
    save_edition(edition=current, focus_areas=[FocusArea(name=name) for name in FOCUS_AREAS])
    earlier = [
        (monday.year - 1, "Innovation för en hållbar välfärd"),
        (monday.year - 2, "Digitalisering som gör skillnad"),
    ]
    for year, theme in earlier:
        week_monday = date.fromisocalendar(year, 40, 1)
        edition = Edition(
            year=year,
            name=f"Innovationsveckan {year}",
            theme=theme,
            starts_on=week_monday,
            ends_on=week_monday + timedelta(days=4),
            registration_opens=_at(week_monday - timedelta(days=150), 9),
            registration_closes=_at(week_monday - timedelta(days=28), 23, 59),
            program_published_at=_at(week_monday - timedelta(days=21), 9),
        )
        edition.full_clean()
        save_edition(
            edition=edition, focus_areas=[FocusArea(name=name) for name in FOCUS_AREAS[:4]]
        )
    return current


def seed_organisations() -> dict[str, Organisation]:
    municipalities = {m.name: m for m in Municipality.objects.all()}
    organisations = {}
    for index, (name, kind, municipality) in enumerate(ORGANISATIONS, start=1):
        organisation = Organisation(
            name=name,
            slug=slugify(name),
            kind=kind,
            org_number=demo_org_number(kind, index),
            home_municipality=municipalities[municipality],
        )
        organisation.full_clean()
        organisation.save()
        organisations[name] = organisation
    return organisations


@cache
def _demo_password_hash() -> str:
    # Hashing is slow on purpose; every demo person shares one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _demo_user(email: str, name: str, **fields) -> User:
    user = User.objects.create(email=email, password=_demo_password_hash(), name=name, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def seed_people(organisations: dict[str, Organisation]) -> DemoLogins:
    coordinator = _demo_user(
        COORDINATOR_EMAIL, "Sam Samordnare", is_coordinator=True, is_staff=True, is_superuser=True
    )
    TOTP.activate(coordinator, COORDINATOR_TOTP_SECRET)
    RecoveryCodes.activate(coordinator)
    organiser = _demo_user(ORGANISER_EMAIL, "Ada Arrangör")
    Membership.objects.create(
        user=organiser, organisation=organisations["Linköpings kommun"], role=Membership.Role.ADMIN
    )
    Membership.objects.create(
        user=organiser,
        organisation=organisations["Region Östergötland"],
        role=Membership.Role.MEMBER,
    )
    # Every other organisation gets an administrator of its own, so the week has many hands.
    for number, organisation in enumerate(organisations.values(), start=1):
        if organisation.memberships.filter(role=Membership.Role.ADMIN).exists():
            continue
        person = _demo_user(f"admin{number:02d}@example.org", f"Administratör {organisation.name}")
        Membership.objects.create(
            user=person, organisation=organisation, role=Membership.Role.ADMIN
        )
    return demo_logins()


def demo_logins() -> DemoLogins:
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    recovery = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.RECOVERY_CODES)
    return DemoLogins(
        coordinator=coordinator,
        organiser=User.objects.get(email=ORGANISER_EMAIL),
        recovery_codes=RecoveryCodes(recovery).get_unused_codes(),
    )


def seed(today: date | None = None) -> DemoLogins:
    today = today or timezone.localdate()
    seed_editions(today)
    organisations = seed_organisations()
    logins = seed_people(organisations)
    seed_activities(today=today, organisations=organisations, logins=logins)
    seed_award(today=today, organisations=organisations, logins=logins)
    seed_signups(today=today, logins=logins)
    seed_page_views(today)
    search.index_all()
    record_change(everything=True)
    return logins


def seed_page_views(today: date) -> None:
    """A few days of page views for every public activity, the same numbers on every run."""
    activities = Activity.objects.published().order_by("slug").values_list("pk", "starts_at")
    views = []
    for index, (pk, starts_at) in enumerate(activities):
        last = min(timezone.localtime(starts_at).date(), today)
        for back in range(3):
            count = (index * 7 + back * 13) % 40 + 1
            views.append(
                ActivityPageView(activity_id=pk, day=last - timedelta(days=back), count=count)
            )
    ActivityPageView.objects.bulk_create(views)


# --- activities ---------------------------------------------------------------------------------

DEMO_SEED = 2026
# Made-up phone numbers from the series PTS keeps for fiction (070-174 06 05 – 070-174 06 99).
FICTION_PHONE = "070-174 06 {:02d}"
DAY_STARTS, DAY_ENDS = 8 * 60, 17 * 60  # activities run between 08:00 and 17:00 local time
LOCAL_KINDS = (Kind.KOMMUN, Kind.REGION)
SAMI_COUNTIES = ("23", "24", "25")  # Jämtland, Västerbotten, Norrbotten
MEANKIELI_COUNTIES = ("25",)


@dataclass
class _Planned:
    """An activity and the rows that belong to it, made in memory and saved in bulk."""

    activity: Activity
    tags: list[tuple[str, str]] = field(default_factory=list)
    focus_areas: list[FocusArea] = field(default_factory=list)
    co_organisers: list[CoOrganiser] = field(default_factory=list)
    contacts: list[ContactPerson] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    created_at: datetime | None = None
    image_motif: str = ""


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _local(day: date, minutes: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))


class _DemoProgram:
    """Composes the demo week's activities from the tables in veckan.demo.activities.

    Every choice goes through one random.Random(DEMO_SEED) in a fixed order, so the same date gives
    the same program. Rows are written the way the services would write them, but in bulk and
    without the emails.
    """

    def __init__(
        self, *, today: date, organisations: dict[str, Organisation], logins: DemoLogins
    ) -> None:
        self.rng = random.Random(DEMO_SEED)
        self.organisations = organisations
        self.coordinator = logins.coordinator
        self.organiser = logins.organiser
        self.admins: dict[int, User] = {}
        for membership in Membership.objects.filter(role=Membership.Role.ADMIN).select_related(
            "user"
        ):
            self.admins.setdefault(membership.organisation_id, membership.user)
        self.counties = list(County.objects.order_by("code"))
        self.municipalities: dict[str, list[Municipality]] = {}
        self.municipality_by_name: dict[str, Municipality] = {}
        for municipality in Municipality.objects.order_by("name"):
            self.municipalities.setdefault(municipality.county_id, []).append(municipality)
            self.municipality_by_name[municipality.name] = municipality
        self.by_kind: dict[str, list[Organisation]] = {}
        self.by_county: dict[str, list[Organisation]] = {}
        for organisation in organisations.values():
            self.by_kind.setdefault(organisation.kind, []).append(organisation)
            county = organisation.home_municipality.county_id
            self.by_county.setdefault(county, []).append(organisation)
        self.named_co_organisers = dict(texts.NAMED_CO_ORGANISERS)
        self.planned: list[_Planned] = []
        self.titles: set[str] = set()
        self.slugs: set[str] = set()
        # Reviews and edits of the current edition all happened before today.
        self.latest = _at(today - timedelta(days=1), 16)

    # --- small random helpers ----------------------------------------------------------------

    def _weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _moment(self, after: datetime, before: datetime) -> datetime:
        """A working-hours moment between after and before (or `after`, when there is no room)."""
        if before <= after:
            return after
        first = timezone.localdate(after)
        day = first + timedelta(days=self.rng.randint(0, (timezone.localdate(before) - first).days))
        moment = _local(day, self.rng.randint(8 * 60, 16 * 60 + 55))
        if moment <= after:  # earlier the same day: a little while later instead
            moment = after + timedelta(minutes=self.rng.randint(5, 90))
        return min(moment, before)

    def _slug(self, title: str, year: int) -> str:
        # As veckan.lib.slugs.unique_slug, against the slugs planned so far instead of the database.
        base = slug_base(title, suffix=str(year), fallback="aktivitet")
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    # --- the parts of an activity -------------------------------------------------------------

    def _organiser_and_place(
        self, format_: str, county: County | None, exclude: set[str]
    ) -> tuple[Organisation, Municipality | None, str]:
        """The main organiser, the municipality, and a named local partner (or "")."""
        needs_place = format_ != Format.DIGITAL
        if county is not None:
            local = [o for o in self.by_county.get(county.code, []) if o.name not in exclude]
            if local:
                organisation = self.rng.choice(local)
                return organisation, self._place(organisation, within_home_county=True), ""
            # No organisation of the county's own: an agency comes to visit a local partner.
            municipality_name, partner = texts.LOCAL_PARTNERS[county.code]
            organisation = self.rng.choice(self.by_kind[Kind.STATLIG_MYNDIGHET])
            return organisation, self.municipality_by_name[municipality_name], partner
        kind = self._weighted(texts.KIND_WEIGHTS)
        candidates = [o for o in self.by_kind[kind] if o.name not in exclude]
        organisation = self.rng.choice(candidates)
        place = self._place(organisation, within_home_county=False) if needs_place else None
        return organisation, place, ""

    def _place(self, organisation: Organisation, *, within_home_county: bool) -> Municipality:
        home = organisation.home_municipality
        if organisation.kind == Kind.KOMMUN or self.rng.random() < 0.5:
            return home
        if within_home_county or organisation.kind == Kind.REGION:
            return self.rng.choice(self.municipalities[home.county_id])
        # National organisations travel: anywhere in the country.
        county = self.rng.choice(self.counties)
        return self.rng.choice(self.municipalities[county.code])

    def _subject(self, organisation: Organisation) -> str:
        own = texts.ORGANISATION_SUBJECTS.get(organisation.name)
        if own and self.rng.random() < 0.7:
            return self.rng.choice(own)
        if organisation.kind == Kind.REGION and self.rng.random() < 0.6:
            return self.rng.choice(texts.REGION_SUBJECTS)
        return self.rng.choice(list(texts.SUBJECTS))

    def _title(self, subject_key: str, type_: str, place: Municipality | None) -> tuple[str, str]:
        """A title no other activity has, and the subject it is about."""
        keys = [subject_key, *self.rng.sample(list(texts.SUBJECTS), len(texts.SUBJECTS))]
        for key in keys:
            subject = texts.SUBJECTS[key]
            candidates = []
            for template in texts.TITLE_TEMPLATES[type_]:
                if "{place}" in template and place is None:
                    continue
                for angle in subject.angles:
                    title = template.format(
                        Name=subject.name,
                        phrase=subject.phrase,
                        Angle=_capitalised(angle),
                        angle=angle,
                        place=place.name if place else "",
                    )
                    if title not in self.titles and len(title) <= 150:
                        candidates.append(title)
            if candidates:
                title = self.rng.choice(candidates)
                self.titles.add(title)
                return title, key
        raise RuntimeError("The demo ran out of titles; add subjects or templates.")

    def _co_organisers(
        self, organisation: Organisation, place: Municipality | None, edition: Edition, partner: str
    ) -> list[CoOrganiser]:
        co_organisers = []
        taken = {organisation.name}
        if partner:
            co_organisers.append(CoOrganiser(name=partner, kind=Kind.KOMMUN))
        elif organisation.kind not in edition.public_party_kinds:
            # The public-party rule: a company, university or other needs a public partner.
            nearby = []
            if place is not None:
                nearby = [
                    o
                    for o in self.by_county.get(place.county_id, [])
                    if o.kind in (Kind.KOMMUN, Kind.REGION)
                ]
            public = self.rng.choice(nearby or self.by_kind[Kind.STATLIG_MYNDIGHET])
            co_organisers.append(CoOrganiser(organisation=public))
            taken.add(public.name)
        # Partners come from the same county, or work nationally.
        partners = [o for o in self.organisations.values() if o.kind not in LOCAL_KINDS]
        if place is not None:
            partners += self.by_county.get(place.county_id, [])
        wanted = len(co_organisers)
        if self.rng.random() < 0.33:
            wanted = max(wanted, self.rng.choice((1, 1, 2)))
        while len(co_organisers) < wanted:
            if self.rng.random() < 0.5:
                name, kind = self.rng.choice(texts.NAMED_CO_ORGANISERS)
                if name not in taken:
                    co_organisers.append(CoOrganiser(name=name, kind=kind))
                    taken.add(name)
            else:
                other = self.rng.choice(partners)
                if other.name not in taken:
                    co_organisers.append(CoOrganiser(organisation=other))
                    taken.add(other.name)
        return co_organisers

    def _contacts(self) -> list[ContactPerson]:
        contacts = []
        for _ in range(1 if self.rng.random() < 0.7 else 2):
            first, last = self.rng.choice(texts.FIRST_NAMES), self.rng.choice(texts.LAST_NAMES)
            has_phone = self.rng.random() < 0.5
            contacts.append(
                ContactPerson(
                    name=f"{first} {last}",
                    email=f"{_ascii(first)}.{_ascii(last)}@example.org",
                    phone=FICTION_PHONE.format(self.rng.randint(5, 99)) if has_phone else "",
                    show_email=self.rng.random() < 0.4,
                    show_phone=has_phone and self.rng.random() < 0.5,
                )
            )
        if len(contacts) == 2 and contacts[0].name == contacts[1].name:
            contacts.pop()
        return contacts

    def _tags(self, format_: str, county_code: str | None) -> list[tuple[str, str]]:
        rng = self.rng
        draw = rng.random()
        if draw < 0.04:
            languages = [Language.EN]
        elif draw < 0.16:
            languages = [Language.SV, Language.EN]
        else:
            languages = [Language.SV]
        if rng.random() < 0.04:
            languages.append(Language.SGN)
        if county_code in SAMI_COUNTIES and rng.random() < 0.15:
            languages.append(Language.SE)
        if county_code in MEANKIELI_COUNTIES and rng.random() < 0.15:
            languages.append(Language.FIT)
        if county_code in ("01", "03", "25") and rng.random() < 0.06:
            languages.append(Language.FI)

        wanted = rng.choice((1, 1, 2, 2, 3))
        groups = [TargetGroup.PUBLIC_SECTOR] if rng.random() < 0.6 else []
        others = [g for g in TargetGroup.values if g not in groups]
        groups += rng.sample(others, wanted - len(groups))

        features = []
        if format_ in (Format.PHYSICAL, Format.HYBRID):
            for feature, chance in (
                (AccessibilityFeature.WHEELCHAIR, 0.75),
                (AccessibilityFeature.TOILET, 0.6),
                (AccessibilityFeature.HEARING_LOOP, 0.35),
            ):
                if rng.random() < chance:
                    features.append(feature)
        if format_ in (Format.DIGITAL, Format.HYBRID) and rng.random() < 0.6:
            features.append(AccessibilityFeature.CAPTIONING)
        if Language.SGN in languages or rng.random() < 0.04:
            features.append(AccessibilityFeature.SIGN_LANGUAGE)
        if rng.random() < 0.03:
            features.append(AccessibilityFeature.AUDIO_DESCRIPTION)

        return (
            [(ActivityTag.Kind.LANGUAGE, value) for value in languages]
            + [(ActivityTag.Kind.TARGET_GROUP, value) for value in groups]
            + [(ActivityTag.Kind.ACCESSIBILITY, value) for value in features[:4]]
        )

    def _focus_areas(self, subject_key: str, areas: list[FocusArea]) -> list[FocusArea]:
        named = {area.name: area for area in areas}
        fitting = [named[name] for name in texts.SUBJECTS[subject_key].focus if name in named]
        chosen = fitting[:1] or [self.rng.choice(areas)]
        if self.rng.random() < 0.35:
            rest = [area for area in (fitting[1:] or areas) if area not in chosen]
            if rest:
                chosen.append(self.rng.choice(rest))
        return chosen

    def _description(self, subject_key: str, activity: Activity, planned: _Planned) -> str:
        subject = texts.SUBJECTS[subject_key]
        points = self.rng.sample(subject.points, 3)
        organisers = activity.organisation.name
        partners = [
            co.organisation.name if co.organisation else co.name for co in planned.co_organisers
        ]
        if partners:
            organisers += " tillsammans med " + " och ".join(partners)
        speakers = [
            f"- **{contact.name}**, {self.rng.choice(texts.ROLES)}" for contact in planned.contacts
        ]
        if activity.format == Format.PHYSICAL:
            practical = f"Vi ses i {activity.venue}, {activity.address}. Lokalen öppnar en kvart före start."
        elif activity.format == Format.HYBRID:
            practical = (
                f"Var med på plats i {activity.venue}, {activity.address}, eller digitalt – "
                "länken finns här på sidan."
            )
        else:
            practical = "Aktiviteten är digital. Länken till sändningen finns här på sidan."
        if activity.signup_mode == SignupMode.PLATFORM:
            practical += (
                f" Anmäl dig här på sidan senast dagen före; det finns {activity.capacity} platser."
            )
        elif activity.signup_mode == SignupMode.EXTERNAL:
            practical += " Anmälan görs via länken till anmälan."
        else:
            practical += " Ingen anmälan behövs – välkommen!"
        parts = [
            subject.what,
            texts.TYPE_INTROS[activity.type],
            "## Det här får du med dig",
            "\n".join(f"- {point}" for point in points),
            f"## Medverkande\n\nAktiviteten arrangeras av {organisers}.\n\n" + "\n".join(speakers),
            f"## Praktiskt\n\n{practical}",
        ]
        if self.rng.random() < 0.3:
            parts.append(
                "Läs mer om arbetet på [projektets webbplats]"
                f"(https://example.org/projekt/{len(self.planned) + 1})."
            )
        return "\n\n".join(parts)

    def _when(self, edition: Edition, day: date | None = None) -> tuple[datetime, datetime]:
        day = day or self.rng.choice(edition.days)
        minutes = self.rng.choice((60, 90, 120, 120, 180))
        start = self.rng.randrange(DAY_STARTS, DAY_ENDS - minutes + 1, 30)
        return _local(day, start), _local(day, start + minutes)

    def _signup(self, activity: Activity, mode: str | None = None, capacity: int | None = None):
        number = len(self.planned) + 1
        mode = mode or self._weighted(
            {SignupMode.NONE: 35, SignupMode.PLATFORM: 40, SignupMode.EXTERNAL: 25}
        )
        activity.signup_mode = mode
        if mode == SignupMode.PLATFORM:
            activity.capacity = capacity or self.rng.choice(
                (20, 25, 30, 40, 50, 60, 80, 100, 150, 200)
            )
            day_before = timezone.localdate(activity.starts_at) - timedelta(days=1)
            activity.signup_deadline = _local(day_before, 23 * 60 + 59)
        elif mode == SignupMode.EXTERNAL:
            activity.external_signup_url = f"https://example.org/anmalan/{number}"

    def _stream(self, activity: Activity, year: int) -> None:
        number = len(self.planned) + 1
        if activity.format == Format.PHYSICAL:
            return
        if activity.type == ActivityType.WEBBSANDNING:
            activity.stream_url = f"https://play.example.org/live/{number}"
        else:
            activity.stream_url = f"https://meet.example.org/innovationsveckan-{year}-{number}"

    # --- the lifecycle, as the services would have logged it -----------------------------------

    def _log(
        self, planned: _Planned, at: datetime, actor, action: str, to: str, comment: str = ""
    ) -> datetime:
        from_status = planned.log[-1].to_status if planned.log else Status.DRAFT
        entry = LogEntry(
            actor=actor,
            action=action,
            from_status=from_status,
            to_status=to,
            comment=comment,
            created_at=at,
        )
        planned.log.append(entry)
        return at

    def _history(self, planned: _Planned, status: str, *, author: User, comment: str = "") -> None:
        """created → submitted → reviewed (→ cancelled), with plausible moments for each step."""
        activity, edition, rng = planned.activity, planned.activity.edition, self.rng
        if edition.is_current:
            latest = self.latest
            created_before = latest - timedelta(days=30)
        else:
            latest = _at(edition.starts_on - timedelta(days=1), 16)
            created_before = edition.registration_closes - timedelta(days=10)
        reviewed_before = min(latest, edition.program_published_at - timedelta(hours=1))
        if edition.is_current and status != Status.APPROVED:
            reviewed_before = latest  # still in motion

        at = self._moment(edition.registration_opens, created_before)
        planned.created_at = self._log(planned, at, author, "created", Status.DRAFT)
        activity.created_by = author
        if status == Status.DRAFT:
            return
        reviewer = self.coordinator
        if status in (Status.APPROVED, Status.CANCELLED) and rng.random() < 0.1:
            # Some approved activities were sent back once first.
            at = self._moment(at, at + timedelta(days=10))
            self._log(planned, at, author, "submitted", Status.SUBMITTED)
            at = self._moment(at + timedelta(days=1), at + timedelta(days=6))
            self._log(
                planned,
                at,
                reviewer,
                "changes_requested",
                Status.CHANGES_REQUESTED,
                rng.choice(texts.CHANGE_REQUESTS),
            )
        at = self._moment(at, min(at + timedelta(days=14), reviewed_before))
        activity.submitted_at = self._log(planned, at, author, "submitted", Status.SUBMITTED)
        if status == Status.SUBMITTED:
            return
        at = self._moment(at + timedelta(days=1), min(at + timedelta(days=10), reviewed_before))
        if status == Status.CHANGES_REQUESTED:
            self._log(planned, at, reviewer, "changes_requested", status, comment)
        elif status == Status.REJECTED:
            self._log(planned, at, reviewer, "rejected", status, comment)
        elif status == Status.WITHDRAWN:
            self._log(planned, at, author, "withdrawn", status)
        else:
            activity.approved_at = self._log(planned, at, reviewer, "approved", Status.APPROVED)
            if status == Status.CANCELLED:
                cancelled = self._moment(max(at, edition.program_published_at), latest)
                activity.cancellation_reason = comment
                self._log(planned, cancelled, author, "cancelled", status, comment)

    def _propose_new_time(self, planned: _Planned, day: date, hour: int, author: User) -> None:
        """A change of time after approval, waiting for review, as update_activity leaves it."""
        activity = planned.activity
        length = activity.ends_at - activity.starts_at
        starts_at = _local(day, hour * 60)
        if starts_at == activity.starts_at:
            starts_at = _local(day, (9 if hour == 8 else 8) * 60)
        activity.pending_changes = {
            "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + length).isoformat(),
        }
        activity.has_pending_changes = True
        at = self._moment(planned.log[-1].created_at + timedelta(hours=2), self.latest)
        self._log(planned, at, author, "change_submitted", Status.APPROVED)

    # --- whole activities ----------------------------------------------------------------------

    def _plan(
        self,
        *,
        edition: Edition,
        areas: list[FocusArea],
        organisation: Organisation,
        type_: str,
        format_: str,
        place: Municipality | None,
        title: str,
        subject_key: str,
        summary: str,
        starts_at: datetime,
        ends_at: datetime,
        co_organisers: list[CoOrganiser],
        venue: str = "",
        address: str = "",
        signup_mode: str | None = None,
        capacity: int | None = None,
        slug: str = "",
    ) -> _Planned:
        activity = Activity(
            edition=edition,
            organisation=organisation,
            slug=slug or self._slug(title, edition.year),
            title=title,
            summary=summary,
            type=type_,
            format=format_,
            starts_at=starts_at,
            ends_at=ends_at,
            municipality=place if format_ != Format.DIGITAL else None,
        )
        if format_ != Format.DIGITAL:
            kind_venues = texts.VENUES[organisation.kind]
            activity.venue = venue or self.rng.choice(kind_venues)
            activity.address = (
                address
                or f"{self.rng.choice(texts.STREETS)} {self.rng.randint(1, 60)}, {place.name}"
            )
        self._stream(activity, edition.year)
        self._signup(activity, signup_mode, capacity)
        planned = _Planned(activity=activity, co_organisers=co_organisers)
        planned.contacts = self._contacts()
        planned.tags = self._tags(format_, place.county_id if place else None)
        planned.focus_areas = self._focus_areas(subject_key, areas)
        activity.description = self._description(subject_key, activity, planned)
        return planned

    def add_generated(
        self, edition: Edition, statuses: dict[str, int], exclude: set[str] | None = None
    ) -> None:
        """Activities for one edition. The first ones cover every county, type and format, and
        are approved, so each of them is in the edition's public program."""
        rng, exclude = self.rng, exclude or set()
        areas = list(edition.focus_areas.all())
        types = list(ActivityType.values)
        rng.shuffle(types)
        covering = len(self.counties) + 2  # one per county, then a digital and a hybrid one
        rest = {**statuses, Status.APPROVED: statuses[Status.APPROVED] - covering}
        others = [status for status, n in rest.items() for _ in range(n)]
        rng.shuffle(others)
        sequence = [Status.APPROVED] * covering + others
        first_generated = len(self.planned)
        for index, status in enumerate(sequence):
            type_ = types[index] if index < len(types) else self._weighted(texts.TYPE_WEIGHTS)
            weights = texts.FORMAT_WEIGHTS.get(type_, texts.DEFAULT_FORMAT_WEIGHTS)
            format_ = rng.choices(texts.FORMATS, weights=weights)[0]
            county = self.counties[index] if index < len(self.counties) else None
            if county is not None and format_ == Format.DIGITAL:
                format_ = Format.HYBRID if type_ == ActivityType.WEBBSANDNING else Format.PHYSICAL
            elif index == len(self.counties):
                format_ = Format.DIGITAL
            elif index == len(self.counties) + 1:
                format_ = Format.HYBRID
            organisation, place, partner = self._organiser_and_place(format_, county, exclude)
            title, subject_key = self._title(self._subject(organisation), type_, place)
            subject = texts.SUBJECTS[subject_key]
            summary = f"{subject.what} {rng.choice(texts.TYPE_PITCHES[type_])}"
            starts_at, ends_at = self._when(edition)
            planned = self._plan(
                edition=edition,
                areas=areas,
                organisation=organisation,
                type_=type_,
                format_=format_,
                place=place,
                title=title,
                subject_key=subject_key,
                summary=summary,
                starts_at=starts_at,
                ends_at=ends_at,
                co_organisers=self._co_organisers(organisation, place, edition, partner),
            )
            comment = ""
            if status == Status.CHANGES_REQUESTED:
                comment = rng.choice(texts.CHANGE_REQUESTS)
            elif status == Status.REJECTED:
                comment = rng.choice(texts.REJECTION_REASONS)
            elif status == Status.CANCELLED:
                comment = rng.choice(texts.CANCELLATION_REASONS)
            planned.activity.status = status
            self._history(planned, status, author=self.admins[organisation.pk], comment=comment)
            if not edition.is_current and status == Status.APPROVED:
                self._follow_up(planned)
            self.planned.append(planned)
        generated = self.planned[first_generated:]
        if edition.is_current:
            approved = [p for p in generated if p.activity.status == Status.APPROVED]
            for planned in rng.sample(approved, texts.PENDING_CHANGES):
                day = rng.choice(edition.days)
                author = self.admins[planned.activity.organisation_id]
                self._propose_new_time(planned, day, rng.randint(8, 14), author)

    def _follow_up(self, planned: _Planned) -> None:
        """After an earlier edition's week: the recording and some material."""
        activity = planned.activity
        number, year = len(self.planned) + 1, activity.edition.year
        if self.rng.random() < 0.85:
            activity.recording_url = f"https://play.example.org/innovationsveckan/{year}/{number}"
        if self.rng.random() < 0.35:
            chosen = self.rng.sample(texts.MATERIAL_TITLES, self.rng.choice((1, 1, 2)))
            planned.materials = [
                Material(
                    title=title,
                    url=f"https://example.org/material/{year}/{number}/{path}",
                    position=position,
                )
                for position, (title, path) in enumerate(chosen)
            ]

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
                Angle=_capitalised(angle),
                angle=angle,
                place=place.name if place else "",
            )[:150]
            summary = f"{subject.what} {rng.choice(texts.TYPE_PITCHES[type_])}"
            starts_at, ends_at = self._when(edition)
            planned = self._plan(
                edition=edition,
                areas=areas,
                organisation=organisation,
                type_=type_,
                format_=format_,
                place=place,
                title=title,
                subject_key=subject_key,
                summary=summary,
                starts_at=starts_at,
                ends_at=ends_at,
                co_organisers=self._co_organisers(organisation, place, edition, partner),
                slug=numbers.slug(title, edition.year),
            )
            planned.activity.status = Status.APPROVED
            self._history(planned, Status.APPROVED, author=self.admins[organisation.pk])
            if not edition.is_current:
                self._follow_up(planned)
            self.planned.append(planned)

    def add_demo_organiser_activities(self, edition: Edition) -> None:
        areas = list(edition.focus_areas.all())
        for spec in texts.DEMO_ORGANISER_ACTIVITIES:
            organisation = self.organisations[spec.organisation]
            place = None if spec.format == Format.DIGITAL else organisation.home_municipality
            co_organisers = [
                CoOrganiser(organisation=self.organisations[name])
                if name in self.organisations
                else CoOrganiser(name=name, kind=self.named_co_organisers[name])
                for name in spec.co_organisers
            ]
            day = edition.starts_on + timedelta(days=spec.day)
            start = spec.start[0] * 60 + spec.start[1]
            self.titles.add(spec.title)
            planned = self._plan(
                edition=edition,
                areas=areas,
                organisation=organisation,
                type_=spec.type,
                format_=spec.format,
                place=place,
                title=spec.title,
                subject_key=spec.subject,
                summary=spec.summary,
                starts_at=_local(day, start),
                ends_at=_local(day, start + spec.minutes),
                co_organisers=co_organisers,
                venue=spec.venue,
                address=spec.address,
                signup_mode=spec.signup_mode,
                capacity=spec.capacity,
            )
            planned.activity.status = spec.status
            planned.image_motif = spec.image
            self._history(planned, spec.status, author=self.organiser, comment=spec.comment)
            if spec.pending_move:
                move_day, hour = spec.pending_move
                self._propose_new_time(
                    planned, edition.starts_on + timedelta(days=move_day), hour, self.organiser
                )
            self.planned.append(planned)

    def add_images(self) -> None:
        """Pictures for a few public activities: the demo organiser's, then some of the rest."""
        motifs = [motif for motif, _ in texts.IMAGE_MOTIFS]
        taken = {p.image_motif for p in self.planned if p.image_motif}
        free = [motif for motif in motifs if motif not in taken]
        candidates = [
            p for p in self.planned if p.activity.status == Status.APPROVED and not p.image_motif
        ]
        for planned, motif in zip(self.rng.sample(candidates, len(free)), free, strict=True):
            planned.image_motif = motif
        alt_texts = dict(texts.IMAGE_MOTIFS)
        for planned in self.planned:
            if planned.image_motif:
                picture = reencode_image(_draw(planned.image_motif, self.rng))
                planned.activity.image.save(picture.name, picture, save=False)
                planned.activity.image_alt = alt_texts[planned.image_motif]

    # --- saving ---------------------------------------------------------------------------------

    def save(self) -> None:
        """Everything planned, in bulk: each activity with its approved snapshot already in place
        and its rows, as the services would have left them (but without the emails)."""
        activities = [p.activity for p in self.planned]
        # Keys given here, as loaddata does, so each activity's rows and snapshot can be made
        # before it is saved; the key sequence is moved on past them afterwards.
        first = (Activity.objects.aggregate(last=models.Max("pk"))["last"] or 0) + 1
        tags = []
        snapshot = _Snapshots()
        for pk, p in enumerate(self.planned, start=first):
            activity = p.activity
            activity.pk = pk
            activity.created_at = p.created_at
            activity.updated_at = p.log[-1].created_at
            own_tags = [
                ActivityTag(activity=activity, kind=kind, value=value) for kind, value in p.tags
            ]
            tags += own_tags
            for rows in (p.co_organisers, p.contacts, p.materials):
                for position, row in enumerate(rows):
                    row.activity, row.position = activity, position
            for entry in p.log:
                entry.activity = activity
            # Where prefetch_related would put them, for the search index.
            _prefetched(activity, co_organisers=(CoOrganiser, p.co_organisers))
            if activity.approved_at:
                # What reviewers saw when they approved: without the pending change.
                activity.approved_snapshot = snapshot(p)
        with (
            _stamped_by_hand(Activity, "created_at", "updated_at"),
            _stamped_by_hand(LogEntry, "created_at"),
        ):
            _insert(activities)
            _reset_sequences(Activity)
            ActivityTag.objects.bulk_create(tags, batch_size=BATCH_SIZE)
            through = Activity.focus_areas.through
            through.objects.bulk_create(
                (
                    through(activity_id=p.activity.pk, focusarea_id=area.pk)
                    for p in self.planned
                    for area in p.focus_areas
                ),
                batch_size=BATCH_SIZE,
            )
            for model, rows in (
                (CoOrganiser, (row for p in self.planned for row in p.co_organisers)),
                (ContactPerson, (row for p in self.planned for row in p.contacts)),
                (Material, (row for p in self.planned for row in p.materials)),
                (LogEntry, (row for p in self.planned for row in p.log)),
            ):
                model.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def index(self) -> None:
        """Write the search index for the saved activities, from the rows in memory."""
        activities = [p.activity for p in self.planned]
        for start in range(0, len(activities), BATCH_SIZE):
            search.index_activities(activities[start : start + BATCH_SIZE])


class _Snapshots:
    """reviewable_content() of activities as approved, from the rows in memory, with every label
    and time looked up once instead of once per activity (the same text; the tests compare)."""

    def __init__(self) -> None:
        with override(settings.LANGUAGE_CODE):
            self.types = {value: str(label) for value, label in ActivityType.choices}
            self.formats = {value: str(label) for value, label in Format.choices}
            self.modes = {value: str(label) for value, label in SignupMode.choices}
            self.kinds = {value: str(label) for value, label in Kind.choices}
            self.tags = {
                kind: {value: str(label) for value, label in choices.choices}
                for kind, choices in ActivityTag.CHOICES.items()
            }
        self.times: dict[datetime, str] = {}

    def _when(self, value: datetime) -> str:
        if value not in self.times:
            with override(settings.LANGUAGE_CODE):
                self.times[value] = date_format(timezone.localtime(value), "j F Y H:i")
        return self.times[value]

    def _tags(self, tags: list[tuple[str, str]], kind: str) -> str:
        labels = self.tags[kind]
        return ", ".join(labels[v] for v in sorted(v for k, v in tags if k == kind) if v in labels)

    def __call__(self, planned: _Planned) -> dict[str, str]:
        a = planned.activity
        co_organisers = ", ".join(
            f"{co.display_name} ({self.kinds[co.effective_kind]})"
            if co.effective_kind
            else co.display_name
            for co in planned.co_organisers
        )
        contacts = "; ".join(
            f"{c.name}, {c.email}{', ' + c.phone if c.phone else ''}" for c in planned.contacts
        )
        focus_areas = sorted(planned.focus_areas, key=lambda area: (area.position, area.name))
        return {
            "title": a.title,
            "summary": a.summary,
            "description": a.description,
            "title_en": a.title_en,
            "summary_en": a.summary_en,
            "description_en": a.description_en,
            "type": self.types.get(a.type, a.type),
            "format": self.formats[a.format] if a.format else "",
            "starts_at": self._when(a.starts_at),
            "ends_at": self._when(a.ends_at),
            "municipality": str(a.municipality or ""),
            "venue": a.venue,
            "address": a.address,
            "stream_url": a.stream_url,
            "organisation": a.organisation.name,
            "co_organisers": co_organisers,
            "contacts": contacts,
            "languages": self._tags(planned.tags, ActivityTag.Kind.LANGUAGE),
            "target_groups": self._tags(planned.tags, ActivityTag.Kind.TARGET_GROUP),
            "focus_areas": ", ".join(area.name for area in focus_areas),
            "accessibility": self._tags(planned.tags, ActivityTag.Kind.ACCESSIBILITY),
            "signup_mode": self.modes.get(a.signup_mode, a.signup_mode),
            "capacity": str(a.capacity or ""),
            "image_alt": a.image_alt,
        }


def _prefetched(instance: models.Model, **relations: tuple[type[models.Model], list]) -> None:
    """Fill the instance's prefetch cache with rows made in memory, as prefetch_related fills it
    from the database, so reading `instance.<relation>.all()` needs no query."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None:
        cache = instance._prefetched_objects_cache = {}
    for name, (model, rows) in relations.items():
        queryset = model._base_manager.all()
        queryset._result_cache, queryset._prefetch_done = list(rows), True
        cache[name] = queryset


def _insert(objs: list[models.Model]) -> None:
    """INSERT saved-to-be instances whose keys are given, many rows to a statement: as bulk_create
    does, but an activity's search vector is left out so PostgreSQL gets one array per column
    (bulk_create falls back to a placeholder per value for it, many times slower)."""
    model = type(objs[0])
    known = connection.data_types  # not a search vector: left empty, written by the index
    fields = [
        f
        for f in model._meta.concrete_fields
        if (f.target_field if f.is_relation else f).get_internal_type() in known
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH_SIZE):
            rows = [
                [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                for obj in objs[start : start + BATCH_SIZE]
            ]
            if connection.vendor == "postgresql":
                types = ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({types})",  # noqa: S608
                    [list(column) for column in zip(*rows, strict=True)],
                )
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                    rows,
                )
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias


def _reset_sequences(*models_: type[models.Model]) -> None:
    """Move the databases' key sequences on past keys given by hand (as loaddata does)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@contextmanager
def _stamped_by_hand(model: type[models.Model], *names: str):
    """Let bulk_create keep the times we give auto_now(_add) fields: the demo's history happened
    before the day it was seeded."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def seed_activities(
    *, today: date, organisations: dict[str, Organisation], logins: DemoLogins
) -> int:
    """About 300 activities: 150 in the current edition, in every step of the lifecycle, and 75
    in each earlier one, held, recorded and in the archive. Returns how many."""
    program = _DemoProgram(today=today, organisations=organisations, logins=logins)
    current, *earlier = Edition.objects.order_by("-is_current", "-year")
    # The demo organiser's own activities are written by hand; the generated ones are others'.
    program.add_demo_organiser_activities(current)
    program.add_generated(
        current,
        texts.CURRENT_STATUS_COUNTS,
        exclude={spec.organisation for spec in texts.DEMO_ORGANISER_ACTIVITIES},
    )
    for edition in earlier:
        size, cancelled = texts.EARLIER_EDITION_SIZE, texts.EARLIER_CANCELLED
        program.add_generated(
            edition, {Status.APPROVED: size - cancelled, Status.CANCELLED: cancelled}
        )
    program.add_images()
    program.save()
    return len(program.planned)


# --- many activities, for trying the site at full size ------------------------------------------

MANY_SEED = f"{DEMO_SEED}-many"
BATCH_SIZE = 1000


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
    program = _DemoProgram(today=today, organisations=organisations, logins=demo_logins())
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


# --- Lätt att sprida-priset ---------------------------------------------------------------------

# Its own random stream, so the award leaves the program and the sign-ups exactly as they were.
AWARD_SEED = f"{DEMO_SEED}-award"
AWARD_CRITERIA = [("Spridningsbarhet", 3), ("Nytta", 2), ("Nyskapande", 1)]
AWARD_JURORS = [
    ("juryledamot1@example.org", "Jonna Jurymedlem"),
    ("juryledamot2@example.org", "Jesper Jurymedlem"),
]
AWARD_SOLUTIONS = [
    (
        "Digital brevlåda för alla",
        "En säker digital brevlåda som invånare öppnar med e-legitimation.",
    ),
    (
        "Tolk på distans",
        "Bokning av distanstolk i vården, klar att använda i vilken region som helst.",
    ),
    ("Öppna lekplatsdata", "Kommunens lekplatser som öppna data, med en mall för andra kommuner."),
    ("Bygglov på enkel svenska", "Vägledning för bygglov skriven tillsammans med invånarna."),
    ("Trygg hemgång", "En checklista och ett arbetssätt när äldre skrivs ut från sjukhuset."),
    ("Matsvinnskollen", "Skolkök mäter och minskar matsvinnet med ett enkelt verktyg."),
    (
        "Föreningsbidrag i ett klick",
        "En e-tjänst för föreningsbidrag som andra kommuner kan ta över.",
    ),
    ("Chattbot för skolval", "En chattbot som svarar på vårdnadshavares frågor om skolval."),
    (
        "Gemensam upphandlingsmall",
        "Mallar för innovationsupphandling som delas mellan myndigheter.",
    ),
    ("Digitala hembesök", "Hembesök via video i hemtjänsten, med stöd för anhöriga."),
    ("Klarspråkslabbet", "Ett arbetssätt för att skriva om myndighetsbrev så att fler förstår."),
    (
        "Snöröjning i realtid",
        "En karta som visar var snöröjningen är på väg, byggd på öppen källkod.",
    ),
    ("Anhörigstöd på nätet", "En webbplats med stöd för anhöriga som flera regioner delar."),
    ("Rätt hjälpmedel direkt", "Förskrivning av hjälpmedel utan väntetid med ett gemensamt lager."),
    ("Energikartan", "Kommunens fastigheters energianvändning öppet redovisad för alla."),
    (
        "Nyanländas första vecka",
        "Ett samlat introduktionsprogram som flera kommuner har tagit efter.",
    ),
]
# The current award: every status on the way to the final.
CURRENT_NOMINATION_STATUSES = (
    [Nomination.Status.SUBMITTED] * 2
    + [Nomination.Status.ACCEPTED] * 3
    + [Nomination.Status.REJECTED]
    + [Nomination.Status.SHORTLISTED] * 4
)
JURY_STATUSES = (Nomination.Status.ACCEPTED, Nomination.Status.SHORTLISTED)
# An earlier award: done and decided.
EARLIER_NOMINATION_STATUSES = (
    [Nomination.Status.REJECTED, Nomination.Status.ACCEPTED]
    + [Nomination.Status.SHORTLISTED] * 2
    + [Nomination.Status.WINNER]
)


def _nominations(
    award: Award,
    statuses: list[str],
    organisations: list[Organisation],
    rng: random.Random,
) -> list[Nomination]:
    solutions = rng.sample(AWARD_SOLUTIONS, len(statuses))
    chosen = rng.sample(organisations, len(statuses))
    span = (award.nominations_close - award.nominations_open).total_seconds()
    nominations = []
    for number, (status, (name, description), organisation) in enumerate(
        zip(statuses, solutions, chosen, strict=True), start=1
    ):
        nominations.append(
            Nomination(
                award=award,
                solution_name=name,
                description=description,
                organisation=organisation,
                film_url=(
                    f"https://play.example.org/lattattsprida/{award.edition.year}/{slugify(name)}"
                ),
                contact_name=f"Kontaktperson {number}",
                contact_email=f"kontakt{number:02d}.{award.edition.year}@example.org",
                rights_confirmed=True,
                status=status,
                created_at=award.nominations_open
                + timedelta(seconds=int(span * (number - 0.5) / len(statuses))),
            )
        )
    return Nomination.objects.bulk_create(nominations)


def _votes(
    award: Award, finalists: list[Nomination], rng: random.Random, *, confirmed: int, pending: int
) -> None:
    """Votes for the finalists, the first of them the most popular; only confirmed ones count."""
    weights = [len(finalists) - index for index in range(len(finalists))]
    start, end = award.vote_open, min(award.vote_close, timezone.now())
    span = max((end - start).total_seconds(), 1)
    votes = []
    for number in range(confirmed + pending):
        cast = start + timedelta(seconds=int(span * rng.random() * 0.9))
        votes.append(
            Vote(
                award=award,
                nomination=rng.choices(finalists, weights)[0],
                email=f"rostare{number:03d}@example.org",
                mailbox=mailbox(f"rostare{number:03d}@example.org"),
                created_at=cast,
                confirmed_at=cast + timedelta(minutes=rng.randint(1, 60))
                if number < confirmed
                else None,
            )
        )
    Vote.objects.bulk_create(votes)


def seed_award(*, today: date, organisations: dict[str, Organisation], logins: DemoLogins) -> Award:
    """Lätt att sprida-priset: the current edition's award with nominations closed, the jury at
    work and the vote open during the week; and the two earlier editions' awards, decided with a
    winner each. Returns the current award."""
    rng = random.Random(AWARD_SEED)
    now = timezone.now()
    current, *earlier = Edition.objects.order_by("-is_current", "-year")
    public = [o for o in organisations.values() if o.kind in current.public_party_kinds]
    award = Award.objects.create(
        edition=current,
        name=DEFAULT_AWARD_NAME,
        nominations_open=_at(today - timedelta(days=60), 9),
        nominations_close=_at(today - timedelta(days=20), 23, 59),
        vote_open=_at(current.starts_on, 0),
        vote_close=_at(current.ends_on, 23, 59),
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(award=award, name=name, weight=weight) for name, weight in AWARD_CRITERIA
    )
    people = [logins.coordinator] + [_demo_user(email, name) for email, name in AWARD_JURORS]
    jurors = Juror.objects.bulk_create(Juror(award=award, user=user) for user in people)
    nominations = _nominations(award, CURRENT_NOMINATION_STATUSES, public, rng)
    before_jury = [n for n in nominations if n.status in JURY_STATUSES]
    conflict = (jurors[-1], before_jury[0])
    ConflictOfInterest.objects.create(juror=conflict[0], nomination=conflict[1])
    Score.objects.bulk_create(
        Score(juror=juror, nomination=nomination, criterion=criterion, value=rng.randint(2, 5))
        for juror in jurors
        for nomination in before_jury
        if (juror, nomination) != conflict
        for criterion in criteria
    )
    finalists = [n for n in nominations if n.status == Nomination.Status.SHORTLISTED]
    if award.vote_open <= now:
        _votes(award, finalists, rng, confirmed=12, pending=4)

    for edition in earlier:
        earlier_public = [o for o in organisations.values() if o.kind in edition.public_party_kinds]
        decided = Award.objects.create(
            edition=edition,
            name=DEFAULT_AWARD_NAME,
            nominations_open=_at(edition.starts_on - timedelta(days=120), 9),
            nominations_close=_at(edition.starts_on - timedelta(days=30), 23, 59),
            vote_open=_at(edition.starts_on, 0),
            vote_close=_at(edition.ends_on, 23, 59),
        )
        _nominations(decided, EARLIER_NOMINATION_STATUSES, earlier_public, rng)
        # The winner first: the most popular in the vote, as the winner usually is.
        final = sorted(
            decided.nominations.in_final(), key=lambda n: n.status != Nomination.Status.WINNER
        )
        _votes(decided, final, rng, confirmed=30, pending=5)
    return award


# --- sign-ups and attendance --------------------------------------------------------------------

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
                    email=f"{_ascii(first)}.{_ascii(last)}@example.org",
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
        moment = _local(day, rng.randint(7 * 60, 22 * 60)) + timedelta(seconds=rng.randrange(60))
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
    reported_at = _local(
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
    closed = _local(today, 0)
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
    with _stamped_by_hand(Attendance, "reported_at"):
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


# --- pictures ----------------------------------------------------------------------------------

IMAGE_SIZE = (960, 540)


def _draw(motif: str, rng: random.Random) -> BytesIO:
    """A simple, calm picture as a PNG: a gradient sky and a few shapes."""
    width, height = IMAGE_SIZE
    painters = {
        "sun_hills": _sun_hills,
        "lake_forest": _lake_forest,
        "city": _city,
        "network": _network,
        "northern_lights": _northern_lights,
        "archipelago": _archipelago,
        "circles": _circles,
        "fields": _fields,
        "bridge": _bridge,
    }
    image = painters[motif](rng, width, height)
    output = BytesIO()
    image.save(output, "PNG", compress_level=1)
    output.seek(0)
    return output


def _gradient(width: int, height: int, top: tuple, bottom: tuple) -> Image.Image:
    ramp = Image.linear_gradient("L").resize((width, height))
    return ImageOps.colorize(ramp, black=top, white=bottom)


def _wave(width: int, base: float, amplitude: float, length: float, phase: float) -> list:
    return [
        (x, base + amplitude * sin(2 * pi * x / length + phase)) for x in range(0, width + 8, 8)
    ]


def _sun_hills(rng, width, height):
    image = _gradient(width, height, (110, 190, 240), (225, 243, 255))
    draw = ImageDraw.Draw(image, "RGBA")
    x, y = width * rng.uniform(0.6, 0.8), height * 0.28
    draw.ellipse((x - 70, y - 70, x + 70, y + 70), fill=(255, 212, 80))
    for layer, colour in enumerate(((140, 200, 100), (90, 165, 75), (55, 125, 60))):
        base = height * (0.55 + 0.13 * layer)
        points = _wave(width, base, rng.uniform(20, 45), rng.uniform(500, 900), rng.uniform(0, 6))
        draw.polygon([*points, (width, height), (0, height)], fill=colour)
    return image


def _lake_forest(rng, width, height):
    image = _gradient(width, height, (80, 70, 130), (250, 180, 110))
    draw = ImageDraw.Draw(image, "RGBA")
    horizon = int(height * 0.62)
    water = _gradient(width, height - horizon, (60, 70, 110), (25, 35, 60))
    image.paste(water, (0, horizon))
    x = -20
    while x < width:
        tall = rng.randint(60, 160)
        draw.polygon([(x, horizon), (x + 18, horizon - tall), (x + 36, horizon)], fill=(20, 55, 40))
        draw.polygon(
            [(x, horizon), (x + 18, horizon + tall * 0.6), (x + 36, horizon)],
            fill=(20, 55, 40, 90),
        )
        x += rng.randint(22, 40)
    return image


def _city(rng, width, height):
    image = _gradient(width, height, (60, 40, 100), (240, 150, 120))
    draw = ImageDraw.Draw(image, "RGBA")
    x = 0
    while x < width:
        wide, tall = rng.randint(40, 100), rng.randint(80, 320)
        top = height - tall
        draw.rectangle((x, top, x + wide, height), fill=(40, 30, 70))
        for wy in range(top + 12, height - 10, 22):
            for wx in range(x + 8, x + wide - 10, 16):
                if rng.random() < 0.35:
                    draw.rectangle((wx, wy, wx + 7, wy + 10), fill=(255, 220, 120))
        x += wide + rng.randint(2, 10)
    return image


def _network(rng, width, height):
    image = _gradient(width, height, (10, 30, 80), (30, 80, 150))
    draw = ImageDraw.Draw(image, "RGBA")
    points = [(rng.uniform(30, width - 30), rng.uniform(30, height - 30)) for _ in range(40)]
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            if (x1 - x2) ** 2 + (y1 - y2) ** 2 < 170**2:
                draw.line((x1, y1, x2, y2), fill=(160, 210, 255, 110), width=2)
    for x, y in points:
        r = rng.uniform(4, 9)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(235, 245, 255))
    return image


def _northern_lights(rng, width, height):
    image = _gradient(width, height, (5, 10, 30), (25, 45, 80))
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(140):
        x, y = rng.uniform(0, width), rng.uniform(0, height * 0.7)
        draw.point((x, y), fill=(255, 255, 255))
    for band in range(4):
        top = _wave(width, height * (0.18 + 0.08 * band), 40, rng.uniform(400, 800), band)
        thickness = rng.uniform(60, 110)
        bottom = [(x, y + thickness) for x, y in reversed(top)]
        draw.polygon(top + bottom, fill=(90, 255, 170, 55))
    snow = _wave(width, height * 0.8, 18, 700, 1.0)
    draw.polygon([*snow, (width, height), (0, height)], fill=(225, 235, 248))
    return image


def _archipelago(rng, width, height):
    image = _gradient(width, height, (200, 225, 240), (248, 240, 222))
    draw = ImageDraw.Draw(image, "RGBA")
    horizon = int(height * 0.55)
    draw.ellipse(
        (width * 0.2 - 50, horizon - 170, width * 0.2 + 50, horizon - 70), fill=(255, 246, 205)
    )
    image.paste(_gradient(width, height - horizon, (110, 165, 205), (45, 95, 150)), (0, horizon))
    for _ in range(9):
        x, y = rng.uniform(0, width), rng.uniform(horizon + 10, height - 30)
        wide, tall = rng.uniform(40, 140), rng.uniform(10, 30)
        draw.ellipse((x - wide, y - tall, x + wide, y + tall * 0.4), fill=(120, 120, 105))
        draw.ellipse((x - wide * 0.6, y - tall * 1.3, x + wide * 0.5, y), fill=(85, 115, 75))
    return image


def _circles(rng, width, height):
    image = _gradient(width, height, (250, 245, 238), (232, 240, 250))
    draw = ImageDraw.Draw(image, "RGBA")
    colours = ((255, 170, 170), (170, 210, 255), (190, 240, 190), (255, 225, 150), (210, 180, 250))
    for _ in range(14):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(40, 160)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*rng.choice(colours), 120))
    return image


def _fields(rng, width, height):
    image = _gradient(width, height, (80, 150, 225), (205, 232, 255))
    draw = ImageDraw.Draw(image, "RGBA")
    y, band = height * 0.45, 10.0
    colours = ((235, 200, 80), (120, 180, 80), (200, 220, 100), (90, 150, 70))
    index = 0
    while y < height:
        tilt = rng.uniform(-12, 12)
        draw.polygon(
            [(0, y), (width, y + tilt), (width, y + tilt + band + 2), (0, y + band + 2)],
            fill=colours[index % len(colours)],
        )
        y, band, index = y + band, band * 1.35, index + 1
    return image


def _bridge(rng, width, height):
    horizon = int(height * 0.62)
    image = _gradient(width, height, (245, 120, 85), (255, 212, 145))
    draw = ImageDraw.Draw(image, "RGBA")
    sun_x = width * rng.uniform(0.35, 0.65)
    draw.ellipse((sun_x - 60, horizon - 60, sun_x + 60, horizon + 60), fill=(255, 240, 190))
    image.paste(_gradient(width, height - horizon, (60, 55, 90), (20, 25, 50)), (0, horizon))
    draw.arc((-80, horizon - 260, width + 80, horizon + 140), 195, 345, fill=(45, 30, 50), width=14)
    deck = horizon - 40
    draw.rectangle((0, deck, width, deck + 10), fill=(45, 30, 50))
    for x in range(60, width, 90):
        draw.line((x, deck, x, horizon), fill=(45, 30, 50), width=6)
    return image


def describe(logins: DemoLogins) -> str:
    return "\n".join(
        [
            "",
            f"Demo week ready at {settings.SITE_URL}/",
            f"  Organiser:   {logins.organiser.email} / {DEMO_PASSWORD}",
            f"  Coordinator: {logins.coordinator.email} / {DEMO_PASSWORD}",
            f"    two-factor code: add the TOTP secret {COORDINATOR_TOTP_SECRET} to an authenticator app,",
            f"    or use a recovery code: {', '.join(logins.recovery_codes[:3])}",
            "",
        ]
    )
