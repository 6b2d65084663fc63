"""The API's typed shapes: they validate what goes out and generate the OpenAPI schema.

Activities are `veckan.activities.public.public_dict` field for field (a test holds the two together).
Times stay the strings public_dict writes (local Swedish time with offset, microseconds kept): a
datetime type would re-encode them.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from django.db.models import TextChoices
from ninja import Field, Schema
from pydantic import BeforeValidator, ValidationError, WrapValidator
from pydantic_core import PydanticCustomError

from veckan.activities import models as activities
from veckan.organisations.models import Kind
from veckan.program.filters import SIGNUP_OPEN, TIME_SLOTS, YES

DateTimeText = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


def one_of(choices: type[TextChoices]) -> Any:
    """A string documented as one of the choices. Not validated on the way out: a value that has
    since left the choices should not break a whole page of open data."""
    return Annotated[str, Field(json_schema_extra={"enum": list(choices.values)})]


KindValue = one_of(Kind)
ActivityTypeValue = one_of(activities.ActivityType)
FormatValue = one_of(activities.Format)
LanguageValue = one_of(activities.Language)
TargetGroupValue = one_of(activities.TargetGroup)
AccessibilityValue = one_of(activities.AccessibilityFeature)
SignupModeValue = one_of(activities.SignupMode)
UrlText = Annotated[str, Field(description="En URL, eller tom sträng om den saknas.")]


def _per_page(value: Any, handler: Any) -> Any:
    # One clear error instead of one per branch of the union ("not an int", "not 'alla'").
    try:
        number = handler(value)
    except ValidationError:
        number = 0
    if number == "alla" or number >= 1:
        return number
    raise PydanticCustomError(
        "per_page", "Ett heltal från 1, eller alla (hela programmet i ett svar)."
    )


PerPageOrAll = Annotated[int | Literal["alla"], WrapValidator(_per_page)]


class Message(Schema):
    detail: str


class InvalidParameters(Schema):
    detail: list[dict[str, Any]] = Field(
        description="Vilka parametrar som är fel och varför (`loc`, `msg`, `type`)."
    )


class Place(Schema):
    code: str = Field(description="SCB:s kod: två siffror för län, fyra för kommun.")
    name: str


class Municipality(Place):
    county: Place


class Organiser(Schema):
    name: str
    slug: str
    kind: KindValue


class CoOrganiser(Schema):
    name: str
    kind: str = Field(description="Typ av organisation (samma värden som arrangörens `kind`).")


class Signup(Schema):
    mode: SignupModeValue
    url: UrlText = Field(description="Länk till anmälan när `mode` är `external`, annars tom.")
    deadline: DateTimeText | None


class Contact(Schema):
    """Only contact persons the organiser chose to publish, and only what they chose to show."""

    name: str
    email: str = Field(description="Tom om kontaktpersonen inte visar sin e-postadress.")
    phone: str = Field(description="Tomt om kontaktpersonen inte visar sitt telefonnummer.")


class Occasion(Schema):
    """One occasion of an activity run as a series: its own time, and its own place where it
    differs from the activity's."""

    id: int = Field(description="Tillfällets id; det ändras inte när tillfället ändras.")
    starts_at: DateTimeText
    ends_at: DateTimeText
    venue: str = Field(description="Tom: samma lokal som aktiviteten.")
    address: str = Field(description="Tom: samma adress som aktiviteten.")
    municipality: Place | None = Field(description="`null`: samma kommun som aktiviteten.")


class Activity(Schema):
    id: int
    slug: str
    url: str = Field(description="Aktivitetens sida i programmet.")
    edition: int = Field(description="Utgåvans år.")
    status: str = Field(
        description="`scheduled`, eller `cancelled` för en inställd aktivitet (den ligger kvar i "
        "programmet, markerad som inställd).",
        json_schema_extra={"enum": ["scheduled", "cancelled"]},
    )
    event_status: str = Field(
        description="Om aktiviteten blir av som planerat: `scheduled`, `rescheduled` (ny tid "
        "efter att programmet publicerades), `moved_online` (flyttad till digitalt), `postponed` "
        "(uppskjuten, ny tid inte bestämd), `cancelled` eller `full` (alla platser tagna). "
        "Motsvarar schema.org:s eventStatus.",
        json_schema_extra={
            "enum": ["scheduled", "rescheduled", "moved_online", "postponed", "cancelled", "full"]
        },
    )
    cancellation_reason: str
    title: str
    summary: str
    description: str = Field(description="Markdown.")
    title_en: str
    summary_en: str
    description_en: str = Field(description="Markdown.")
    type: ActivityTypeValue
    format: FormatValue
    starts_at: DateTimeText
    ends_at: DateTimeText
    municipality: Place | None = Field(description="`null` för digitala aktiviteter.")
    county: Place | None
    venue: str
    address: str
    organiser: Organiser
    co_organisers: list[CoOrganiser]
    languages: list[LanguageValue]
    target_groups: list[TargetGroupValue]
    accessibility: list[AccessibilityValue]
    focus_areas: list[str]
    signup: Signup
    stream_url: UrlText = Field(
        description="Länk till sändningen; tom när anmälan sker här (deltagarna får den i sin "
        "bekräftelse)."
    )
    recording_url: UrlText
    contacts: list[Contact]
    occasions: list[Occasion] = Field(
        description="En aktivitet med flera tillfällen (en serie): varje tillfälle med egen tid "
        "och, om den skiljer sig, egen plats; `starts_at` och `ends_at` är då första tillfällets "
        "början och sista tillfällets slut. Tom lista för en aktivitet med ett enda tillfälle."
    )
    updated_at: DateTimeText


class Page(Schema):
    count: int = Field(description="Antal träffar på alla sidor.")
    page: int = Field(description="Den här sidans nummer, från 1.")
    pages: int = Field(description="Antal sidor.")
    next: str | None = Field(description="Nästa sida, eller null på den sista.")
    previous: str | None = Field(description="Föregående sida, eller null på den första.")


class ActivityPage(Page):
    results: list[Activity]


class Organisation(Schema):
    name: str
    slug: str
    kind: KindValue
    municipality: Place = Field(description="Organisationens hemkommun.")
    county: Place
    activity_count: int = Field(
        description="Publicerade aktiviteter med organisationen som arrangör, i alla utgåvor."
    )
    url: str = Field(description="Organisationens sida med alla dess aktiviteter.")


class OrganisationPage(Page):
    results: list[Organisation]


class FocusArea(Schema):
    id: int = Field(description="Värdet för filtret `fokus`.")
    name: str


class Edition(Schema):
    year: int
    name: str
    theme: str
    starts_on: date
    ends_on: date
    program_published: bool = Field(description="Om utgåvans program är publicerat.")
    is_current: bool
    focus_areas: list[FocusArea]
    public_party_kinds: list[KindValue] = Field(
        description="Organisationstyper som räknas som offentlig part: varje aktivitet har minst "
        "en arrangör av någon av dem."
    )


def _without_empty(values: Any) -> Any:
    # /program/ ignores an empty value (`typ=`); so does the API, so every program URL works here.
    if isinstance(values, list):
        return [value for value in values if value != ""]
    return None if values == "" else values


T = TypeVar("T")
Repeatable = Annotated[list[T], BeforeValidator(_without_empty)]


class ProgramFilters(Schema):
    """The program's filters, named as on /program/ so a search's URL parameters work on both.
    Each is an OR within itself (repeat it: `typ=workshop&typ=seminarium`) and an AND with the rest.
    """

    q: str = Field("", description="Fritext, med svensk ordstamning; varje ord måste finnas.")
    dag: Repeatable[date] = Field([], description="Dag då aktiviteten börjar (ÅÅÅÅ-MM-DD).")
    tid: Repeatable[Literal[tuple(TIME_SLOTS)]] = Field(
        [],
        description="Tid på dagen då aktiviteten börjar: `morgon` före 12, `eftermiddag` 12–17, "
        "`kvall` från 17 (svensk tid).",
    )
    typ: Repeatable[activities.ActivityType] = Field([], description="Typ av aktivitet.")
    form: Repeatable[activities.Format] = Field([], description="På plats, digitalt eller båda.")
    lan: Repeatable[Annotated[str, Field(pattern=r"^\d{2}$")]] = Field(
        [], description="Län, med SCB:s länskod (se /counties)."
    )
    kommun: Repeatable[Annotated[str, Field(pattern=r"^\d{4}$")]] = Field(
        [], description="Kommun, med SCB:s kommunkod (se /municipalities)."
    )
    fokus: Repeatable[int] = Field([], description="Fokusområdets id i utgåvan.")
    malgrupp: Repeatable[activities.TargetGroup] = Field([], description="Målgrupp.")
    arrangor: Repeatable[Kind] = Field([], description="Vilken typ av organisation som arrangerar.")
    sprak: Repeatable[activities.Language] = Field([], description="Språk.")
    tillganglighet: Repeatable[activities.AccessibilityFeature] = Field(
        [], description="Tillgänglighet; flera värden betyder någon av dem."
    )
    anmalan: Annotated[Literal[SIGNUP_OPEN] | None, BeforeValidator(_without_empty)] = Field(
        None, description="`oppen`: bara aktiviteter som går att anmäla sig till nu."
    )
    utvald: Annotated[Literal[YES] | None, BeforeValidator(_without_empty)] = Field(
        None, description="`ja`: bara aktiviteter som samordnarna har valt ut."
    )
    nationell: Annotated[Literal[YES] | None, BeforeValidator(_without_empty)] = Field(
        None, description="`ja`: bara nationella aktiviteter, som samordnarna själva arrangerar."
    )
    samling: str = Field(
        "",
        max_length=100,
        description="En samlings adress i utgåvan (som i /program/samlingar/<adress>/): bara "
        "samlingens aktiviteter. Okänd samling ger 404. Only the activities of this collection.",
    )


# --- the write API: an organisation's own activities ------------------------------------------------


def _literal(choices: type[TextChoices]) -> Any:
    return Literal[tuple(choices.values)]


class ActivityIn(Schema):
    """An activity as an organisation's system writes it. A PUT gives the whole activity: what is
    left out is emptied, except co-organisers, contact persons and focus areas, which are kept as
    set on the site."""

    external_id: str = Field(
        "",
        max_length=255,
        description="Ert eget id för aktiviteten (unikt hos er i utgåvan). Skriver ni samma id igen "
        "uppdateras aktiviteten i stället för att en ny skapas.",
    )
    title: str = Field(max_length=150)
    summary: str = Field(max_length=350)
    description: str = Field("", description="Markdown.")
    title_en: str = Field("", max_length=150)
    summary_en: str = Field("", max_length=350)
    description_en: str = Field("", description="Markdown.")
    type: _literal(activities.ActivityType)
    format: _literal(activities.Format)
    starts_at: datetime = Field(description="Med tidszon, inom utgåvans vecka.")
    ends_at: datetime
    municipality: str | None = Field(
        None, pattern=r"^\d{4}$", description="SCB:s kommunkod; krävs på plats."
    )
    venue: str = Field("", max_length=200)
    address: str = Field("", max_length=300, description="Krävs på plats.")
    stream_url: str = Field("", max_length=500, description="Krävs för digitala aktiviteter.")
    languages: list[_literal(activities.Language)] = []
    target_groups: list[_literal(activities.TargetGroup)] = []
    accessibility: list[_literal(activities.AccessibilityFeature)] = []
    signup_mode: _literal(activities.SignupMode) = "none"
    capacity: int | None = Field(None, ge=1, description="Krävs för anmälan här (`platform`).")
    signup_deadline: datetime | None = None
    external_signup_url: str = Field("", max_length=500, description="Krävs för `external`.")


class OwnActivity(Schema):
    """One of the organisation's own activities, in whatever state it is."""

    id: int
    external_id: str
    edition: int = Field(description="Utgåvans år.")
    status: str = Field(
        description="Var i granskningen aktiviteten är.",
        json_schema_extra={"enum": list(activities.Status.values)},
    )
    title: str
    summary: str
    type: ActivityTypeValue
    format: FormatValue
    starts_at: datetime
    ends_at: datetime
    municipality: str | None = Field(description="SCB:s kommunkod.")
    url: str = Field(description="Aktivitetens sida i programmet (när den är publicerad).")
    updated_at: datetime
