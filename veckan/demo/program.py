"""The demo's editions and program: activities in every step of the lifecycle, their history and
page views."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone

from veckan.accounts.models import User
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
    Occasion,
    SignupMode,
    Status,
    TargetGroup,
)
from veckan.activities.review import content_as_approved
from veckan.demo import activities as texts
from veckan.demo.common import DEMO_SEED, ascii_lower, capitalised, local_time, moment_at
from veckan.demo.images import draw_picture
from veckan.demo.people import DemoLogins
from veckan.demo.rows import BATCH_SIZE, insert_rows, prefetched, reset_sequences, stamped_by_hand
from veckan.editions.models import Edition, FocusArea
from veckan.editions.services import save_edition
from veckan.geography.models import County, Municipality
from veckan.lib.images import reencode_image
from veckan.lib.slugs import unique_slug
from veckan.organisations.models import Kind, Membership, Organisation

FOCUS_AREAS = [
    "Digital förvaltning",
    "Hållbar samhällsutveckling",
    "Hälsa och omsorg",
    "Innovationsupphandling",
    "Kompetensförsörjning",
    "Demokrati och delaktighet",
]


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
        registration_opens=moment_at(today - timedelta(days=100), 9),
        registration_closes=moment_at(today + timedelta(days=14), 23, 59),
        program_published_at=moment_at(today - timedelta(days=7), 9),
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
            registration_opens=moment_at(week_monday - timedelta(days=150), 9),
            registration_closes=moment_at(week_monday - timedelta(days=28), 23, 59),
            program_published_at=moment_at(week_monday - timedelta(days=21), 9),
        )
        edition.full_clean()
        save_edition(
            edition=edition, focus_areas=[FocusArea(name=name) for name in FOCUS_AREAS[:4]]
        )
    return current


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


# Made-up phone numbers from the series PTS keeps for fiction (070-174 06 05 – 070-174 06 99).
FICTION_PHONE = "070-174 06 {:02d}"
DAY_STARTS, DAY_ENDS = 8 * 60, 17 * 60  # activities run between 08:00 and 17:00 local time
LOCAL_KINDS = (Kind.KOMMUN, Kind.REGION)
SAMI_COUNTIES = ("23", "24", "25")  # Jämtland, Västerbotten, Norrbotten
MEANKIELI_COUNTIES = ("25",)


@dataclass
class Planned:
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


class DemoProgram:
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
        self.planned: list[Planned] = []
        self.titles: set[str] = set()
        self.slugs: set[str] = set()
        # Reviews and edits of the current edition all happened before today.
        self.latest = moment_at(today - timedelta(days=1), 16)

    # --- small random helpers ----------------------------------------------------------------

    def _weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _moment(self, after: datetime, before: datetime) -> datetime:
        """A working-hours moment between after and before (or `after`, when there is no room)."""
        if before <= after:
            return after
        first = timezone.localdate(after)
        day = first + timedelta(days=self.rng.randint(0, (timezone.localdate(before) - first).days))
        moment = local_time(day, self.rng.randint(8 * 60, 16 * 60 + 55))
        if moment <= after:  # earlier the same day: a little while later instead
            moment = after + timedelta(minutes=self.rng.randint(5, 90))
        return min(moment, before)

    def _slug(self, title: str, year: int) -> str:
        # Free among the slugs planned so far (the database has none of them yet).
        slug = unique_slug(title, self.slugs, suffix=str(year), fallback="aktivitet")
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
                        Angle=capitalised(angle),
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
        elif not edition.counts_as_public_party({organisation.kind}):
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
                    email=f"{ascii_lower(first)}.{ascii_lower(last)}@example.org",
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

    def _description(self, subject_key: str, activity: Activity, planned: Planned) -> str:
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
        return local_time(day, start), local_time(day, start + minutes)

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
            activity.signup_deadline = local_time(day_before, 23 * 60 + 59)
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
        self, planned: Planned, at: datetime, actor, action: str, to: str, comment: str = ""
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

    def _history(self, planned: Planned, status: str, *, author: User, comment: str = "") -> None:
        """created → submitted → reviewed (→ cancelled), with plausible moments for each step."""
        activity, edition, rng = planned.activity, planned.activity.edition, self.rng
        if edition.is_current:
            latest = self.latest
            created_before = latest - timedelta(days=30)
        else:
            latest = moment_at(edition.starts_on - timedelta(days=1), 16)
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

    def _propose_new_time(self, planned: Planned, day: date, hour: int, author: User) -> None:
        """A change of time after approval, waiting for review, as update_activity leaves it."""
        activity = planned.activity
        length = activity.ends_at - activity.starts_at
        starts_at = local_time(day, hour * 60)
        if starts_at == activity.starts_at:
            starts_at = local_time(day, (9 if hour == 8 else 8) * 60)
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
        summary: str | None = None,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
        co_organisers: list[CoOrganiser] | None = None,
        partner: str = "",
        venue: str = "",
        address: str = "",
        signup_mode: str | None = None,
        capacity: int | None = None,
        slug: str = "",
    ) -> Planned:
        """An activity and its rows, in memory. What is not given is drawn, in this order: the
        pitch, the time and the co-organisers (with `partner`, a named local one, among them)."""
        if summary is None:
            pitch = self.rng.choice(texts.TYPE_PITCHES[type_])
            summary = f"{texts.SUBJECTS[subject_key].what} {pitch}"
        if starts_at is None:
            starts_at, ends_at = self._when(edition)
        if co_organisers is None:
            co_organisers = self._co_organisers(organisation, place, edition, partner)
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
        planned = Planned(activity=activity, co_organisers=co_organisers)
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

    def _follow_up(self, planned: Planned) -> None:
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
                starts_at=local_time(day, start),
                ends_at=local_time(day, start + spec.minutes),
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
                picture = reencode_image(draw_picture(planned.image_motif, self.rng))
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
            # Where prefetch_related would put them, for the snapshot and the search index.
            prefetched(
                activity,
                tags=(ActivityTag, own_tags),
                co_organisers=(CoOrganiser, p.co_organisers),
                contacts=(ContactPerson, p.contacts),
                focus_areas=(FocusArea, sorted(p.focus_areas, key=lambda a: (a.position, a.name))),
                occasions=(Occasion, []),  # the demo's activities are single ones
            )
            if activity.approved_at:
                # What reviewers saw when they approved: without the pending change.
                activity.approved_snapshot = content_as_approved(activity)
        with (
            stamped_by_hand(Activity, "created_at", "updated_at"),
            stamped_by_hand(LogEntry, "created_at"),
        ):
            insert_rows(activities)
            reset_sequences(Activity)
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


def seed_activities(
    *, today: date, organisations: dict[str, Organisation], logins: DemoLogins
) -> int:
    """About 300 activities: 150 in the current edition, in every step of the lifecycle, and 75
    in each earlier one, held, recorded and in the archive. Returns how many."""
    program = DemoProgram(today=today, organisations=organisations, logins=logins)
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
