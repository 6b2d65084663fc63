import re
from datetime import datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veckan.lib.localized import LocalizedHtml, LocalizedText, localized
from veckan.lib.markdown import render_markdown
from veckan.organisations.models import Kind


class ActivityType(models.TextChoices):
    FORELASNING = "forelasning", _("Föreläsning")
    SEMINARIUM = "seminarium", _("Seminarium")
    WORKSHOP = "workshop", _("Workshop")
    STUDIEBESOK = "studiebesok", _("Studiebesök")
    UTSTALLNING = "utstallning", _("Utställning")
    DIALOGMOTE = "dialogmote", _("Dialogmöte")
    WEBBSANDNING = "webbsandning", _("Webbsändning")
    ANNAT = "annat", _("Annat")


class Format(models.TextChoices):
    PHYSICAL = "physical", _("På plats")
    DIGITAL = "digital", _("Digitalt")
    HYBRID = "hybrid", _("På plats och digitalt")


class Status(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Väntar på granskning")
    APPROVED = "approved", _("Godkänd")
    CHANGES_REQUESTED = "changes_requested", _("Behöver ändras")
    REJECTED = "rejected", _("Avslagen")
    WITHDRAWN = "withdrawn", _("Återkallad")
    CANCELLED = "cancelled", _("Inställd")


class EventStatus(models.TextChoices):
    """What visitors are told about whether an activity happens as announced (schema.org's
    eventStatus, plus "full"). The first four are stored; cancelled and full are read from the
    lifecycle and the seats (Activity.event_status_now)."""

    SCHEDULED = "scheduled", _("Planerad")
    RESCHEDULED = "rescheduled", _("Ny tid")
    MOVED_ONLINE = "moved_online", _("Flyttad till digitalt")
    POSTPONED = "postponed", _("Uppskjuten")
    CANCELLED = "cancelled", _("Inställd")
    FULL = "full", _("Fullbokad")


SCHEMA_EVENT_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.RESCHEDULED: "https://schema.org/EventRescheduled",
    EventStatus.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    # schema.org has no "full": the event is on as planned, and its offer says SoldOut.
    EventStatus.FULL: "https://schema.org/EventScheduled",
}
ICAL_STATUS = {EventStatus.CANCELLED: "CANCELLED", EventStatus.POSTPONED: "TENTATIVE"}


def seats_are_full(*, capacity: int | None, taken: int, waiting: int) -> bool:
    """No seat to take now: all taken, or a queue before the free one."""
    return taken >= (capacity or 0) or waiting > 0


def event_status(*, status: str, stored: str, full: bool) -> str:
    """The one rule for an activity's event status, from its lifecycle status, the stored event
    status and whether every seat is taken. Read by pages, cards, JSON-LD, feeds, API and webhooks."""
    if status == Status.CANCELLED:
        return EventStatus.CANCELLED
    if stored != EventStatus.SCHEDULED:
        return stored
    return EventStatus.FULL if full else EventStatus.SCHEDULED


def place_text(venue: str, address: str, town: str) -> str:
    """Where an activity is, in one line: venue, address and town, leaving the town out when the
    address already names it ("Drottninggatan 45, 582 25 Linköping" needs no second "Linköping").
    The activity page, participants' notices and calendar events all say it this way."""
    named = any(word.casefold() == town.casefold() for word in re.split(r"[\s,]+", address))
    return ", ".join(part for part in (venue, address, "" if named else town) if part)


def stream_is_public(*, format: str, stream_url: str, signup_mode: str) -> bool:
    """A digital or hybrid activity anyone may join by its link. With sign-up here the link goes
    only to those with a confirmed place (Activity.join_link_for). A function of the three values,
    so the open data asks it of plain rows."""
    return format != Format.PHYSICAL and bool(stream_url) and signup_mode != SignupMode.PLATFORM


class SignupMode(models.TextChoices):
    NONE = "none", _("Ingen anmälan behövs")
    PLATFORM = "platform", _("Anmälan här på Innovationsveckan")
    EXTERNAL = "external", _("Anmälan på en annan webbplats")


class Language(models.TextChoices):
    SV = "sv", _("Svenska")
    EN = "en", _("Engelska")
    SGN = "sgn-SE", _("Svenskt teckenspråk")
    FI = "fi", _("Finska")
    SE = "se", _("Samiska")
    FIT = "fit", _("Meänkieli")
    ROM = "rom", _("Romani chib")
    YI = "yi", _("Jiddisch")


class TargetGroup(models.TextChoices):
    PUBLIC_SECTOR = "offentlig_sektor", _("Medarbetare i offentlig sektor")
    MANAGERS = "chefer", _("Chefer och ledare")
    POLITICIANS = "fortroendevalda", _("Förtroendevalda")
    BUSINESS = "naringsliv", _("Näringsliv")
    RESEARCH = "forskning", _("Forskare och studenter")
    CIVIL_SOCIETY = "civilsamhalle", _("Civilsamhälle")
    PUBLIC = "allmanhet", _("Allmänheten")
    YOUNG = "unga", _("Unga")


class AccessibilityFeature(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Tillgängligt med rullstol")
    TOILET = "accessible_toilet", _("Tillgänglig toalett")
    HEARING_LOOP = "hearing_loop", _("Hörslinga")
    SIGN_LANGUAGE = "sign_language", _("Teckenspråkstolkning")
    CAPTIONING = "captioning", _("Textning")
    AUDIO_DESCRIPTION = "audio_description", _("Syntolkning")


# Changing these after approval sends the change to review; everything else goes live at once.
REVIEWED_ON_CHANGE = ("starts_at", "ends_at", "format", "municipality", "venue", "address")
# States in which an activity is part of the public program (from the publication date on).
PUBLIC_STATUSES = (Status.APPROVED, Status.CANCELLED)


def signup_closes(mode: str, starts_at: datetime, deadline: datetime | None) -> datetime | None:
    """Until when one can sign up (here or on the organiser's site); None: there is no sign-up.
    A function of the three values, so the program's index asks it without a model instance."""
    if mode == SignupMode.PLATFORM:
        return min(starts_at, deadline or starts_at)
    if mode == SignupMode.EXTERNAL:
        return starts_at
    return None


class CaptionStatus(models.TextChoices):
    NONE = "none", _("ingen textning")
    AUTOMATIC = "automatic", _("automatisk textning")
    CHECKED = "checked", _("kontrollerad textning")


# Public bodies must caption a broadcast that stays online within 14 days of the broadcast (lagen
# om tillgänglighet till digital offentlig service, 10 §). The text must be correct: automatic
# captions meet the rule only once someone has checked and corrected them, so only CHECKED does.
CAPTION_DAYS = 14
CAPTIONS_MEET_THE_RULE = (CaptionStatus.CHECKED,)


def caption_deadline(broadcast: datetime) -> datetime:
    """When a recording of a broadcast at `broadcast` must be captioned."""
    return broadcast + timedelta(days=CAPTION_DAYS)


def caption_days_left(deadline: datetime, now: datetime) -> int:
    """Whole days left to the deadline, a part of a day counting as a day; 0 or less once passed."""
    left = deadline - now
    if left <= timedelta(0):
        return left // timedelta(days=1)  # so a late part of a day counts as a day late
    return -(-left // timedelta(days=1))


class ActivityQuerySet(models.QuerySet["Activity"]):
    def published(self, now: datetime | None = None) -> "ActivityQuerySet":
        """Approved or cancelled activities of editions whose program is out: what visitors see."""
        now = now or timezone.now()
        return self.filter(status__in=PUBLIC_STATUSES, edition__program_published_at__lte=now)

    def awaiting_publication(self, now: datetime | None = None) -> "ActivityQuerySet":
        """Approved or cancelled activities of editions whose program is not out (yet, or again)."""
        now = now or timezone.now()
        return self.filter(status__in=PUBLIC_STATUSES, edition__program_published_at__gt=now)

    def of_user(self, user) -> "ActivityQuerySet":
        """Activities whose main organiser the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def within_scope_of(self, user) -> "ActivityQuerySet":
        """The activities a coordinator's powers reach: all of them for a national coordinator;
        for a regional coordinator those in their counties (where the activity takes place) or
        collections (Collection.selects); none for anyone else. Whether the session may use the
        powers at all (two-factor login) is asked first, by accounts.permissions."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_coordinator:
            return self
        reach = models.Q(pk__in=[])
        for scope in user.regional_scopes.select_related("collection"):
            if scope.county_id:
                reach |= models.Q(municipality__county_id=scope.county_id)
            else:
                reach |= scope.collection.selects()
        return self.filter(reach)

    def in_edition(self, edition) -> "ActivityQuerySet":
        return self.filter(edition=edition)

    def awaiting_review(self) -> "ActivityQuerySet":
        return self.filter(models.Q(status=Status.SUBMITTED) | models.Q(has_pending_changes=True))

    def with_seat_counts(self) -> "ActivityQuerySet":
        """Annotate seats_taken (held or confirmed) and seats_waiting (on the waiting list), each
        counted from the sign-up rows in a subquery the (activity, status, created_at) index
        answers alone. The one home of these counts: the cards, the facets and sign-up use it."""
        signups = self.model._meta.get_field("signups").related_model.objects

        def counted(rows: models.QuerySet) -> Coalesce:
            return Coalesce(
                Subquery(
                    # A series' sign-ups count against their occasions' seats, not the activity's.
                    rows.filter(activity=OuterRef("pk"), occasion__isnull=True)
                    .order_by()
                    .values("activity")
                    .annotate(n=models.Count("pk"))
                    .values("n")
                ),
                0,
            )

        return self.annotate(
            seats_taken=counted(signups.with_seat()),
            seats_waiting=counted(signups.waiting()),
        )

    def fully_booked(self) -> "ActivityQuerySet":
        """Activities with sign-up here whose seats are all taken, or that have a queue (then the
        next sign-up queues too, even in the moment a seat stands free)."""
        return (
            self.filter(signup_mode=SignupMode.PLATFORM)
            .with_seat_counts()
            .filter(models.Q(seats_taken__gte=models.F("capacity")) | models.Q(seats_waiting__gt=0))
        )

    def with_recording(self) -> "ActivityQuerySet":
        """Activities whose recording is online (linked)."""
        return self.exclude(recording_url="")

    def captioned(self) -> "ActivityQuerySet":
        """Recordings whose captions meet the rule (checked): the library's "textad"."""
        return self.with_recording().filter(caption_status__in=CAPTIONS_MEET_THE_RULE)

    def captions_due(self, *, now: datetime | None = None, within: timedelta = timedelta(0)):
        """Recordings online without captions that meet the rule whose deadline (the broadcast,
        that is the activity's end, plus CAPTION_DAYS) has passed, or passes within `within`."""
        now = now or timezone.now()
        return (
            self.with_recording()
            .exclude(caption_status__in=CAPTIONS_MEET_THE_RULE)
            .filter(ends_at__lte=now + within - timedelta(days=CAPTION_DAYS))
        )

    def captions_out_of_time(self, now: datetime | None = None) -> "ActivityQuerySet":
        """Recordings online whose 14 days have run out without captions that meet the rule."""
        return self.captions_due(now=now)

    def with_related(self) -> "ActivityQuerySet":
        return self.select_related(
            "edition", "organisation", "municipality", "municipality__county"
        ).prefetch_related("tags", "focus_areas", "co_organisers__organisation", "contacts")


class Activity(models.Model):
    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.PROTECT, related_name="activities"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("arrangör"),
    )
    slug = models.SlugField(max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)

    title = models.CharField(_("titel"), max_length=150)
    summary = models.TextField(
        _("sammanfattning"), max_length=350, validators=[MaxLengthValidator(350)]
    )
    description = models.TextField(_("beskrivning"), blank=True)
    title_en = models.CharField(_("titel på engelska"), max_length=150, blank=True)
    summary_en = models.TextField(
        _("sammanfattning på engelska"),
        max_length=350,
        blank=True,
        validators=[MaxLengthValidator(350)],
    )
    description_en = models.TextField(_("beskrivning på engelska"), blank=True)
    type = models.CharField(_("typ av aktivitet"), max_length=20, choices=ActivityType)
    format = models.CharField(_("form"), max_length=10, choices=Format)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("kommun"),
    )
    venue = models.CharField(_("lokal"), max_length=200, blank=True)
    address = models.CharField(_("adress"), max_length=300, blank=True)
    stream_url = models.URLField(_("länk till sändning eller möte"), max_length=500, blank=True)
    focus_areas = models.ManyToManyField(
        "editions.FocusArea", blank=True, related_name="activities", verbose_name=_("fokusområden")
    )

    image = models.ImageField(_("bild"), upload_to="activities/%Y/", blank=True)
    # The stored image's size, for width and height on <img>: the page keeps its place while the
    # image loads, so nothing jumps. Set by the form that stores the image (not the ImageField's
    # width_field, which would open the file whenever an activity without them is loaded).
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("bildbeskrivning"), max_length=300, blank=True)

    signup_mode = models.CharField(
        _("anmälan"), max_length=10, choices=SignupMode, default=SignupMode.NONE
    )
    capacity = models.PositiveIntegerField(_("antal platser"), null=True, blank=True)
    signup_deadline = models.DateTimeField(_("sista anmälningsdag"), null=True, blank=True)
    external_signup_url = models.URLField(_("länk till anmälan"), max_length=500, blank=True)

    recording_url = models.URLField(_("länk till inspelningen"), max_length=500, blank=True)
    # The recording's captions: how they were made, and the text as a WebVTT file stored here
    # (served by program.recordings as text/vtt) or a link to one (activities.captions checks both).
    caption_status = models.CharField(
        _("textning"), max_length=10, choices=CaptionStatus, default=CaptionStatus.NONE
    )
    captions_file = models.FileField(
        _("textfil (WebVTT)"), upload_to="captions/%Y/", max_length=200, blank=True
    )
    captions_url = models.URLField(_("länk till textfilen (WebVTT)"), max_length=500, blank=True)

    # Set by the coordinators: "utvald" activities are shown on the home page; "nationell" ones
    # are arranged by the coordinators themselves. Both are facets in the program.
    is_featured = models.BooleanField(_("utvald"), default=False)
    is_national = models.BooleanField(_("nationell"), default=False)

    has_pending_changes = models.BooleanField(default=False, db_index=True)
    # Changes to time, place or format made after approval, waiting for review: {field: value}.
    pending_changes = models.JSONField(default=dict, blank=True)
    # What the activity looked like when it was last approved, as shown to reviewers (for the diff).
    approved_snapshot = models.JSONField(default=dict, blank=True)
    # What it looked like when the coordinators last asked for changes, for the diff on resubmission.
    changes_requested_snapshot = models.JSONField(default=dict, blank=True)
    cancellation_reason = models.TextField(_("orsak till att aktiviteten är inställd"), blank=True)
    postponement_reason = models.TextField(
        _("orsak till att aktiviteten är uppskjuten"), blank=True
    )
    # Rescheduled, moved online or postponed, set when such a change takes effect after publication.
    event_status = models.CharField(
        _("status för evenemanget"),
        max_length=20,
        choices=EventStatus.choices[:4],
        default=EventStatus.SCHEDULED,
        editable=False,
    )
    # The iCalendar SEQUENCE: raised each time a change the participants are told of takes effect.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Written by activities.search on PostgreSQL, read by the program's index (no query searches it,
    # so it has no index of its own); SQLite keeps its words in an FTS5 table and leaves this empty.
    search_document = SearchVectorField(null=True, editable=False)

    # The organisation's own id for the activity (its calendar's UID, its system's key), given by an
    # import or the API: importing or writing again updates the same activity instead of adding one.
    external_id = models.CharField(_("externt id"), max_length=255, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["starts_at", "title"]
        indexes = [
            models.Index(fields=["edition", "status", "starts_at"]),
            models.Index(fields=["status", "has_pending_changes"]),
            # The program's version (veckan.program.version) from the index alone, without the table.
            models.Index(
                fields=["edition", "status", "updated_at"], name="activity_program_version"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["edition", "organisation", "external_id"],
                condition=~models.Q(external_id=""),
                name="one_activity_per_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("program:activity", args=[self.slug])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.title
            and len(self.title) >= 8
            and self.title == self.title.upper()
            and any(ch.isalpha() for ch in self.title)
        ):
            errors["title"] = _("Skriv titeln med stora och små bokstäver, inte bara stora.")
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("Aktiviteten måste sluta efter att den har börjat.")
            elif self.edition_id:
                first, last = self.edition.starts_on, self.edition.ends_on
                start = timezone.localtime(self.starts_at).date()
                end = timezone.localtime(self.ends_at).date()
                if not (first <= start <= last and first <= end <= last):
                    errors["starts_at"] = _(
                        "Aktiviteten ska äga rum under veckan, %(first)s–%(last)s."
                    ) % {
                        "first": f"{first.day}/{first.month}",
                        "last": f"{last.day}/{last.month} {last.year}",
                    }
        if self.format in (Format.PHYSICAL, Format.HYBRID):
            if not self.municipality_id:
                errors["municipality"] = _("Ange i vilken kommun aktiviteten äger rum.")
            if not self.address:
                errors["address"] = _("Ange adressen där aktiviteten äger rum.")
        if self.format in (Format.DIGITAL, Format.HYBRID) and not self.stream_url:
            errors["stream_url"] = _("Ange länken till sändningen eller mötet.")
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = _("Beskriv bilden för den som inte kan se den.")
        if self.signup_mode == SignupMode.PLATFORM:
            if not self.capacity:
                errors["capacity"] = _("Ange hur många platser det finns.")
            if self.signup_deadline and self.starts_at and self.signup_deadline > self.starts_at:
                errors["signup_deadline"] = _(
                    "Sista anmälningsdag kan inte vara efter att aktiviteten börjar."
                )
        if self.signup_mode == SignupMode.EXTERNAL and not self.external_signup_url:
            errors["external_signup_url"] = _("Ange länken till anmälan.")
        if errors:
            raise ValidationError(errors)

    # --- small facts about one row -------------------------------------------------------------

    @property
    def county(self):
        return self.municipality.county if self.municipality_id else None

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES and self.edition.is_program_published()

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def has_public_stream(self) -> bool:
        return stream_is_public(
            format=self.format, stream_url=self.stream_url, signup_mode=self.signup_mode
        )

    def join_link_for(self, signup_status: str | None) -> str:
        """The stream link one person may be given (a sign-up's status, or None for a visitor):
        anyone's when the stream is public, a confirmed participant's when sign-up is here, and
        nobody's once the activity is cancelled."""
        if self.format == Format.PHYSICAL or self.is_cancelled:
            return ""
        if self.has_public_stream or signup_status == "confirmed":
            return self.stream_url
        return ""

    @property
    def is_on_now(self) -> bool:
        return self.starts_at <= timezone.now() < self.ends_at

    @property
    def signup_closes(self) -> datetime | None:
        return signup_closes(self.signup_mode, self.starts_at, self.signup_deadline)

    @property
    def seats_left(self) -> int:
        """Free seats; needs with_seat_counts()."""
        return max((self.capacity or 0) - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        """No seat to take now (all taken, or a queue before it); needs with_seat_counts()."""
        return seats_are_full(
            capacity=self.capacity, taken=self.seats_taken, waiting=self.seats_waiting
        )

    @property
    def signup_state(self) -> str:
        """Where sign-up stands, as a card says it: "none", "external", "closed", "full" or
        "open" (with seats_left). Platform sign-up needs with_seat_counts()."""
        if self.signup_mode == SignupMode.NONE:
            return "none"
        closes = self.signup_closes
        if self.is_cancelled or (closes is not None and closes <= timezone.now()):
            return "closed"
        if self.signup_mode == SignupMode.EXTERNAL:
            return "external"
        return "full" if self.is_full else "open"

    # --- the recording's captions (CAPTION_DAYS) ---------------------------------------------------

    @property
    def broadcast_at(self) -> datetime:
        """When what the recording shows was broadcast: the activity itself, so its end."""
        return self.ends_at

    @property
    def caption_deadline(self) -> datetime:
        return caption_deadline(self.broadcast_at)

    @property
    def captions_meet_the_rule(self) -> bool:
        return self.caption_status in CAPTIONS_MEET_THE_RULE

    @property
    def has_captions_text(self) -> bool:
        return bool(self.captions_file or self.captions_url)

    def caption_days_left(self, now: datetime | None = None) -> int:
        return caption_days_left(self.caption_deadline, now or timezone.now())

    def caption_clock(self, now: datetime | None = None) -> str:
        """Where the recording's captions stand: "none" (no recording), "done" (captions that
        meet the rule), "running" (days left) or "late" (the deadline has passed)."""
        if not self.recording_url:
            return "none"
        if self.captions_meet_the_rule:
            return "done"
        return "running" if self.caption_days_left(now) > 0 else "late"

    @property
    def caption_clock_now(self) -> str:
        return self.caption_clock()

    @property
    def caption_days_left_now(self) -> int:
        return self.caption_days_left()

    @property
    def caption_days_over_now(self) -> int:
        return -self.caption_days_left()

    @cached_property
    def public_materials(self) -> list["Material"]:
        """Material is added after the activity (services.save_follow_up), so until it has ended
        there is none to read, and the activity's page does without the query."""
        return list(self.materials.all()) if self.has_ended else []

    @property
    def description_html(self):
        return render_markdown(self.description)

    # --- in the reader's language (English under /en/ where written, else Swedish) ----------------

    @property
    def place(self) -> str:
        town = self.municipality.name if self.municipality_id else ""
        return place_text(self.venue, self.address, town)

    @property
    def display_title(self) -> LocalizedText:
        return localized(self.title, self.title_en)

    @property
    def display_summary(self) -> LocalizedText:
        return localized(self.summary, self.summary_en)

    @property
    def display_description_html(self) -> LocalizedHtml:
        text = localized(self.description, self.description_en)
        return LocalizedHtml(render_markdown(text), text.lang)

    @property
    def event_status_now(self) -> str:
        """Scheduled, rescheduled, moved online, postponed, cancelled or full. "Full" needs the
        seat counts: from with_seat_counts() when the queryset has them."""
        full = False
        if self.signup_mode == SignupMode.PLATFORM:
            if not hasattr(self, "seats_taken"):
                counted = Activity.objects.with_seat_counts().get(pk=self.pk)
                self.seats_taken, self.seats_waiting = counted.seats_taken, counted.seats_waiting
            full = self.is_full
        return event_status(status=self.status, stored=self.event_status, full=full)

    def get_event_status_now_display(self) -> str:
        return str(EventStatus(self.event_status_now).label)

    @property
    def schedule_status(self) -> str:
        """The event status without "full" (which the sign-up state says): no seat counts needed,
        so a card or a day view shows it without a query."""
        return event_status(status=self.status, stored=self.event_status, full=False)

    def get_schedule_status_display(self) -> str:
        return str(EventStatus(self.schedule_status).label)

    @property
    def description_en_html(self):
        return render_markdown(self.description_en)

    def tag_values(self, kind: str) -> list[str]:
        return sorted(tag.value for tag in self.tags.all() if tag.kind == kind)

    def tag_labels(self, kind: str) -> list[str]:
        choices = dict(ActivityTag.CHOICES[kind].choices)
        return [str(choices[value]) for value in self.tag_values(kind) if value in choices]

    @property
    def languages(self) -> list[str]:
        return self.tag_labels(ActivityTag.Kind.LANGUAGE)

    @property
    def target_groups(self) -> list[str]:
        return self.tag_labels(ActivityTag.Kind.TARGET_GROUP)

    @property
    def accessibility(self) -> list[str]:
        return self.tag_labels(ActivityTag.Kind.ACCESSIBILITY)

    @property
    def public_contacts(self) -> list["ContactPerson"]:
        return [c for c in self.contacts.all() if c.show_email or (c.show_phone and c.phone)]

    def organiser_kinds(self) -> set[str]:
        kinds = {self.organisation.kind}
        kinds.update(co.effective_kind for co in self.co_organisers.all())
        return kinds

    def has_public_party(self) -> bool:
        return self.edition.counts_as_public_party(self.organiser_kinds())


class OccasionQuerySet(models.QuerySet["Occasion"]):
    def with_seat_counts(self) -> "OccasionQuerySet":
        """Annotate seats_taken and seats_waiting per occasion, counted from the sign-up rows: the
        occasion's own counts, as Activity.objects.with_seat_counts() gives an activity's."""
        signups = self.model._meta.get_field("signups").related_model.objects

        def counted(rows: models.QuerySet) -> Coalesce:
            return Coalesce(
                Subquery(
                    rows.filter(occasion=OuterRef("pk"))
                    .order_by()
                    .values("occasion")
                    .annotate(n=models.Count("pk"))
                    .values("n")
                ),
                0,
            )

        return self.annotate(
            seats_taken=counted(signups.with_seat()),
            seats_waiting=counted(signups.waiting()),
        )


class Occasion(models.Model):
    """One occasion of an activity run as a series ("every day at lunch"): its own time and,
    where it differs from the activity's, its own place and number of seats. An activity with
    occasions keeps starts_at/ends_at as their span (services.save_occasions), so search, day
    facets and sorting read it as before; sign-up, calendars, the API and JSON-LD go by occasion."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occasions")
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    venue = models.CharField(
        _("lokal"), max_length=200, blank=True, help_text=_("Tomt: samma som aktiviteten.")
    )
    address = models.CharField(
        _("adress"), max_length=300, blank=True, help_text=_("Tomt: samma som aktiviteten.")
    )
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
    )
    capacity = models.PositiveIntegerField(
        _("antal platser"), null=True, blank=True, help_text=_("Tomt: samma som aktiviteten.")
    )

    objects = OccasionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tillfälle")
        verbose_name_plural = _("tillfällen")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="occasion_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if not (self.starts_at and self.ends_at and self.activity_id):
            return
        if problem := occasion_time_problem(self.activity, self.starts_at, self.ends_at):
            raise ValidationError({"starts_at": problem})

    # What is the activity's unless the occasion says otherwise.
    @property
    def effective_venue(self) -> str:
        return self.venue or self.activity.venue

    @property
    def effective_address(self) -> str:
        return self.address or self.activity.address

    @property
    def effective_municipality(self):
        return self.municipality if self.municipality_id else self.activity.municipality

    @property
    def effective_capacity(self) -> int | None:
        return self.capacity if self.capacity is not None else self.activity.capacity

    @property
    def place(self) -> str:
        municipality = self.effective_municipality
        return place_text(
            self.effective_venue, self.effective_address, municipality.name if municipality else ""
        )

    @property
    def seats_left(self) -> int:
        """Free seats; needs with_seat_counts()."""
        return max((self.effective_capacity or 0) - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        """Needs with_seat_counts()."""
        return seats_are_full(
            capacity=self.effective_capacity, taken=self.seats_taken, waiting=self.seats_waiting
        )

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def signup_closes(self) -> datetime | None:
        a = self.activity
        return signup_closes(a.signup_mode, self.starts_at, a.signup_deadline)


def occasion_time_problem(activity: Activity, starts_at: datetime, ends_at: datetime) -> str | None:
    """Why an occasion cannot be at this time: the one rule Occasion.clean and the form ask."""
    if ends_at <= starts_at:
        return _("Tillfället måste sluta efter att det har börjat.")
    first, last = activity.edition.starts_on, activity.edition.ends_on
    start, end = timezone.localtime(starts_at).date(), timezone.localtime(ends_at).date()
    if not (first <= start <= last and first <= end <= last):
        return _("Tillfället ska äga rum under veckan, %(first)s–%(last)s.") % {
            "first": f"{first.day}/{first.month}",
            "last": f"{last.day}/{last.month} {last.year}",
        }
    return None


class ActivityTag(models.Model):
    """One language, target group or accessibility feature of an activity: filterable and countable
    the same way on SQLite and PostgreSQL, with the choices kept in code."""

    class Kind(models.TextChoices):
        LANGUAGE = "language", _("språk")
        TARGET_GROUP = "target_group", _("målgrupp")
        ACCESSIBILITY = "accessibility", _("tillgänglighet")

    CHOICES = {
        Kind.LANGUAGE: Language,
        Kind.TARGET_GROUP: TargetGroup,
        Kind.ACCESSIBILITY: AccessibilityFeature,
    }

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=20, choices=Kind)
    value = models.CharField(max_length=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "kind", "value"], name="one_tag_per_value")
        ]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class CoOrganiser(models.Model):
    """A registered organisation, or one named here with its kind (and organisation number if known)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="co_organisers")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_organised",
        verbose_name=_("registrerad organisation"),
    )
    name = models.CharField(_("namn"), max_length=200, blank=True)
    kind = models.CharField(_("typ av organisation"), max_length=20, choices=Kind, blank=True)
    org_number = models.CharField(_("organisationsnummer"), max_length=11, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("medarrangör")
        verbose_name_plural = _("medarrangörer")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.name

    @property
    def effective_kind(self) -> str:
        return self.organisation.kind if self.organisation_id else self.kind


class ContactPerson(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("namn"), max_length=150)
    email = models.EmailField(_("e-postadress"))
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    show_email = models.BooleanField(_("visa e-postadressen i programmet"), default=False)
    show_phone = models.BooleanField(_("visa telefonnumret i programmet"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    """A link to slides, a report or other material, added by the organisers after the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("titel"), max_length=200)
    url = models.URLField(_("länk"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("material")

    def __str__(self) -> str:
        return self.title


class LogEntry(models.Model):
    """Every transition of an activity: who, when, from, to, and the comment given."""

    class Action(models.TextChoices):
        CREATED = "created", _("Skapad")
        SUBMITTED = "submitted", _("Inskickad för granskning")
        APPROVED = "approved", _("Godkänd")
        CHANGES_REQUESTED = "changes_requested", _("Ändringar begärda")
        REJECTED = "rejected", _("Avslagen")
        CHANGE_SUBMITTED = "change_submitted", _("Ändring inskickad")
        CHANGE_WITHDRAWN = "change_withdrawn", _("Ändringen återtagen")
        CHANGE_APPROVED = "change_approved", _("Ändringen godkänd")
        CHANGE_REJECTED = "change_rejected", _("Ändringen avslagen")
        WITHDRAWN = "withdrawn", _("Återkallad")
        CANCELLED = "cancelled", _("Inställd")
        POSTPONED = "postponed", _("Uppskjuten")

    # The steps a coordinator takes; the others are the organisers' own.
    BY_REVIEWER = (
        Action.APPROVED,
        Action.CHANGES_REQUESTED,
        Action.REJECTED,
        Action.CHANGE_APPROVED,
        Action.CHANGE_REJECTED,
    )

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action)
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")

    def __str__(self) -> str:
        return f"{self.activity}: {self.action}"

    @property
    def is_by_reviewer(self) -> bool:
        return self.action in self.BY_REVIEWER


class ActivityPageView(models.Model):
    """How many times an activity's public page was seen on one day. No visitor data, no cookie."""

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="page_views"
    )
    day = models.DateField(_("dag"))
    count = models.PositiveIntegerField(_("sidvisningar"), default=0)

    class Meta:
        verbose_name = _("sidvisningar per dag")
        verbose_name_plural = _("sidvisningar per dag")
        ordering = ["activity", "day"]
        db_table = "stats_activitypageview"  # where the statistics first kept it
        constraints = [
            models.UniqueConstraint(fields=["activity", "day"], name="one_page_view_row_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.day}: {self.count}"


class RecordingReminder(models.Model):
    """That the organisers were reminded to caption a recording, at one stage of its clock: the
    row is the claim that makes each reminder go out once (activities.captions)."""

    class Stage(models.TextChoices):
        WEEK_LEFT = "7", _("7 dagar kvar")
        TWO_DAYS_LEFT = "2", _("2 dagar kvar")
        LATE = "late", _("tiden har gått ut")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recording_reminders"
    )
    stage = models.CharField(max_length=4, choices=Stage)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("påminnelse om textning")
        verbose_name_plural = _("påminnelser om textning")
        constraints = [
            models.UniqueConstraint(fields=["activity", "stage"], name="one_reminder_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.stage}"
