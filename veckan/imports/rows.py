"""Rows to import: read from a CSV or XLSX file made from the template, or from an iCalendar feed,
then checked one by one against the same rules as the activity form, each error in plain Swedish.

A row is a dict of the template's columns (raw text) while read, and a RowCheck once checked: the
values an activity gets, the errors that stop it, and whether it adds an activity or updates the
one with the same external id.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar
import openpyxl
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veckan.activities.models import Activity, ActivityType, Format, Language
from veckan.editions.models import Edition
from veckan.geography.models import Municipality
from veckan.organisations.models import Organisation

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_ROWS = 500


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class Column:
    header: str  # as in the template, in Swedish in both languages: files are shared between them
    field: str
    help: str
    example: str
    required: bool = False


COLUMNS = [
    Column(
        "Externt id",
        "external_id",
        gettext_lazy(
            "Ert eget id för aktiviteten, unikt hos er. Importerar ni igen uppdateras aktiviteten "
            "med samma id i stället för att en ny läggs till."
        ),
        "lunch-2027-1",
        required=True,
    ),
    Column("Titel", "title", gettext_lazy("Högst 150 tecken."), "Lunchprat om AI", True),
    Column(
        "Sammanfattning",
        "summary",
        gettext_lazy("Högst 350 tecken."),
        "Vi berättar hur kommunen använder AI i ärendehanteringen.",
        True,
    ),
    Column("Beskrivning", "description", gettext_lazy("Frivillig. Markdown går bra."), ""),
    Column(
        "Typ",
        "type",
        gettext_lazy("En av: %(choices)s.")
        % {"choices": ", ".join(str(label) for label in ActivityType.labels)},
        "Seminarium",
        True,
    ),
    Column(
        "Form",
        "format",
        gettext_lazy("En av: %(choices)s.")
        % {"choices": ", ".join(str(label) for label in Format.labels)},
        "På plats",
        True,
    ),
    Column(
        "Datum", "day", gettext_lazy("En av veckans dagar, som 2027-10-05."), "2027-10-05", True
    ),
    Column("Börjar", "start_time", gettext_lazy("Svensk tid, som 12:00."), "12:00", True),
    Column("Slutar", "end_time", gettext_lazy("Svensk tid, som 13:00."), "13:00", True),
    Column(
        "Kommun",
        "municipality",
        gettext_lazy("Kommunens namn eller kod. Behövs på plats."),
        "Linköping",
    ),
    Column("Lokal", "venue", gettext_lazy("Frivillig."), "Stadshuset"),
    Column(
        "Adress",
        "address",
        gettext_lazy("Behövs på plats."),
        "Drottninggatan 45, Linköping",
    ),
    Column(
        "Länk till sändning",
        "stream_url",
        gettext_lazy("Behövs för digitala aktiviteter."),
        "",
    ),
    Column(
        "Språk",
        "languages",
        gettext_lazy("Frivillig. Flera skiljs med komma, som: Svenska, Engelska."),
        "Svenska",
    ),
    Column("Titel på engelska", "title_en", gettext_lazy("Frivillig."), "Lunch talk on AI"),
    Column("Sammanfattning på engelska", "summary_en", gettext_lazy("Frivillig."), ""),
]
HEADERS = [column.header for column in COLUMNS]
LABELS = {column.field: column.header for column in COLUMNS}
# Errors the model raises on fields a row shows in another shape.
SHOWN_AS = {"starts_at": "day", "ends_at": "end_time"}


# --- reading ---------------------------------------------------------------------------------------


def _header_key(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


FIELD_BY_HEADER = {_header_key(column.header): column.field for column in COLUMNS}


def _cell_text(value: object) -> str:
    """A cell as text; dates and times from a spreadsheet as the template writes them."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_from_table(table: list[list[object]]) -> list[dict[str, str]]:
    """The rows under the header row, by field, with empty rows left out."""
    if not table:
        raise ImportFileError(_("Filen är tom."))
    header = [FIELD_BY_HEADER.get(_header_key(cell), "") for cell in table[0]]
    missing = [
        column.header for column in COLUMNS if column.required and column.field not in header
    ]
    if missing:
        raise ImportFileError(
            _(
                "Filen saknar kolumnerna %(columns)s. Utgå från mallen: första raden ska vara "
                "kolumnernas namn."
            )
            % {"columns": ", ".join(f"”{name}”" for name in missing)}
        )
    rows = []
    for cells in table[1:]:
        texts = [_cell_text(cell) for cell in cells]
        if not any(texts):
            continue
        rows.append({name: text for name, text in zip(header, texts, strict=False) if name})
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("Filen har %(count)d rader; importera högst %(max)d åt gången.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return rows


def rows_from_csv(content: bytes) -> list[dict[str, str]]:
    """Rows of a CSV file: semicolons (as Swedish Excel writes) or commas, UTF-8 or Windows-1252."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return _rows_from_table(list(csv.reader(io.StringIO(text), delimiter=delimiter)))


def rows_from_xlsx(content: bytes) -> list[dict[str, str]]:
    """Rows of the first sheet of an XLSX file, as values (a formula's last computed result)."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(
            _("Filen går inte att läsa som en Excel-fil (.xlsx). Spara den som .xlsx eller .csv.")
        ) from None
    try:
        sheet = book.worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    finally:
        book.close()
    return _rows_from_table(table)


def rows_from_upload(name: str, content: bytes) -> list[dict[str, str]]:
    if name.lower().endswith(".xlsx"):
        return rows_from_xlsx(content)
    if name.lower().endswith((".csv", ".txt")):
        return rows_from_csv(content)
    raise ImportFileError(_("Välj en fil som slutar på .csv eller .xlsx."))


def _event_time(value) -> datetime | None:
    if value is None:
        return None
    moment = value.dt
    if not isinstance(moment, datetime):
        return None  # an all-day event has no time of its own
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=STOCKHOLM)  # "floating" time: the week's own
    return moment.astimezone(STOCKHOLM)


def _summary_of(description: str) -> str:
    """The description's first paragraph, cut at a word within 350 characters."""
    first = description.strip().split("\n\n", 1)[0].replace("\n", " ").strip()
    if len(first) <= 350:
        return first
    return first[:349].rsplit(" ", 1)[0] + "…"


def _municipality_in(location: str) -> str:
    """The name of a municipality the location mentions ("Drottninggatan 45, Linköping")."""
    words = {word.casefold() for word in re.findall(r"[\wÅÄÖåäö-]+", location)}
    names = Municipality.objects.values_list("name", flat=True)
    found = [name for name in names if name.casefold() in words]
    return max(found, key=len) if found else ""


def rows_from_ical(content: bytes) -> list[dict[str, str]]:
    """One row per event (VEVENT) of a calendar, its UID the external id.

    SUMMARY is the title, DESCRIPTION the description (and its first paragraph the summary),
    LOCATION the address and venue, with the municipality it names; URL the link for a digital
    one; CATEGORIES the type, if one is an activity type. An event without a place is digital.
    """
    try:
        calendar = icalendar.Calendar.from_ical(content)
    except ValueError:
        raise ImportFileError(_("Adressen ger ingen kalender i iCalendar-format (.ics).")) from None
    types = {str(label).casefold(): value for value, label in ActivityType.choices}
    types |= {value: value for value in ActivityType.values}
    rows = []
    for event in calendar.walk("VEVENT"):
        starts, ends = _event_time(event.get("DTSTART")), _event_time(event.get("DTEND"))
        if starts and not ends and event.get("DURATION"):
            ends = starts + event.decoded("DURATION")
        description = str(event.get("DESCRIPTION", ""))
        location = str(event.get("LOCATION", "")).strip()
        link = str(event.get("URL", "")).strip()
        categories = event.get("CATEGORIES")
        category_values = []
        for item in categories if isinstance(categories, list) else [categories]:
            if item is not None:
                category_values += [str(value).casefold() for value in item.cats]
        kind = next((types[value] for value in category_values if value in types), "annat")
        if location and link:
            shape = Format.HYBRID
        elif location:
            shape = Format.PHYSICAL
        else:
            shape = Format.DIGITAL
        row = {
            "external_id": str(event.get("UID", "")).strip(),
            "title": str(event.get("SUMMARY", "")).strip(),
            "summary": _summary_of(description),
            "description": description.strip(),
            "type": kind,
            "format": shape,
            "day": starts.date().isoformat() if starts else "",
            "start_time": starts.strftime("%H:%M") if starts else "",
            "end_time": ends.strftime("%H:%M") if ends else "",
            "municipality": _municipality_in(location) if location else "",
            "address": location,
            "stream_url": link,
        }
        if ends and starts and ends.date() != starts.date():
            row["error"] = _("Händelsen pågår över flera dagar; en aktivitet är på en dag.")
        if event.get("RRULE"):
            row["error"] = _(
                "Händelsen upprepas (RRULE). Lägg in varje tillfälle som en egen händelse."
            )
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("Kalendern har %(count)d händelser; importera högst %(max)d åt gången.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return rows


# --- checking --------------------------------------------------------------------------------------


@dataclass
class RowCheck:
    number: int  # as a person counts the rows of the file: the header is row 1
    values: dict[str, object] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    existing_id: int | None = None  # the activity this row updates

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "values": self.values,
            "errors": self.errors,
            "existing_id": self.existing_id,
        }


def _choice(text: str, choices) -> str | None:
    """A choice's value from its value or its label, any case; None when it is neither."""
    key = text.strip().casefold()
    for value, label in choices.choices:
        if key in (value.casefold(), str(label).casefold()):
            return value
    return None


def _time(text: str) -> time | None:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?", text.strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def _day(text: str) -> date | None:
    text = text.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:\s+|-)(\d{4})", text)
    if match:
        try:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    return None


def _municipality(text: str) -> Municipality | None:
    text = text.strip()
    return (
        Municipality.objects.filter(code=text).first()
        or Municipality.objects.filter(name__iexact=text).first()
        # "Linköpings kommun" as people write it.
        or Municipality.objects.filter(name__iexact=re.sub(r"s? kommun$", "", text)).first()
    )


def check_rows(
    rows: list[dict[str, str]], *, organisation: Organisation, edition: Edition
) -> list[RowCheck]:
    """Check every row as the activity form would, and find the activity each one updates."""
    existing = {
        activity.external_id: activity
        for activity in Activity.objects.filter(edition=edition, organisation=organisation).exclude(
            external_id=""
        )
    }
    seen: dict[str, int] = {}
    checked = []
    for index, row in enumerate(rows):
        check = RowCheck(number=index + 2)
        external_id = row.get("external_id", "").strip()
        if row.get("error"):
            check.errors.append(row["error"])
        if not external_id:
            check.errors.append(
                _("%(column)s: fyll i ert id för aktiviteten.") % _column("external_id")
            )
        elif external_id in seen:
            check.errors.append(
                _("%(column)s: samma id som rad %(row)d. Varje aktivitet behöver ett eget.")
                % {**_column("external_id"), "row": seen[external_id]}
            )
        else:
            seen[external_id] = check.number
        activity = existing.get(external_id)
        if activity is not None:
            check.existing_id = activity.pk
            if activity.status not in UPDATABLE:
                check.errors.append(
                    _(
                        "Aktiviteten med id %(id)s har status ”%(status)s” och ändras inte av "
                        "en import. Ändra den under Mina aktiviteter."
                    )
                    % {"id": external_id, "status": activity.get_status_display()}
                )
        check.values = _values(row, check.errors)
        if "starts_at" in check.values:
            candidate = build_activity(
                check.values, organisation=organisation, edition=edition, activity=activity
            )
            # The model's rules too, each column said once: a title reported as missing is not
            # reported again as blank.
            reported = {error.split(":", 1)[0] for error in check.errors}
            check.errors += [
                error
                for error in _model_errors(candidate)
                if error.split(":", 1)[0] not in reported
            ]
            kinds = {organisation.kind}
            if activity is not None:
                kinds |= {co.effective_kind for co in activity.co_organisers.all()}
            if problem := edition.public_party_problem(kinds):
                check.errors.append(problem)
        checked.append(check)
    return checked


# Drafts an import may update: those the organisers still work on, not yet with the coordinators.
UPDATABLE = ("draft", "changes_requested", "withdrawn")


def _column(name: str) -> dict[str, str]:
    return {"column": LABELS[name]}


def _values(row: dict[str, str], errors: list[str]) -> dict[str, object]:
    """The row's values as the activity takes them (JSON, for the stored preview); each value that
    cannot be read adds an error saying how to write it."""
    values: dict[str, object] = {
        name: row.get(name, "").strip()
        for name in (
            "external_id",
            "title",
            "summary",
            "description",
            "venue",
            "address",
            "stream_url",
            "title_en",
            "summary_en",
        )
    }
    if not values["title"]:
        errors.append(_("%(column)s: fyll i aktivitetens titel.") % _column("title"))
    if not values["summary"]:
        errors.append(_("%(column)s: skriv några meningar om aktiviteten.") % _column("summary"))
    for name, choices in (("type", ActivityType), ("format", Format)):
        text = row.get(name, "").strip()
        value = _choice(text, choices) if text else None
        if value is None:
            errors.append(
                _("%(column)s: skriv en av %(choices)s.")
                % {
                    **_column(name),
                    "choices": ", ".join(f"”{label}”" for label in choices.labels),
                }
            )
        values[name] = value or ""
    day = _day(row.get("day", ""))
    if day is None:
        errors.append(_("%(column)s: skriv datumet som 2027-10-05.") % _column("day"))
    start, end = _time(row.get("start_time", "")), _time(row.get("end_time", ""))
    for name, moment in (("start_time", start), ("end_time", end)):
        if moment is None:
            errors.append(_("%(column)s: skriv tiden som 09:30.") % _column(name))
    if day and start and end:
        values["starts_at"] = datetime.combine(day, start, STOCKHOLM).isoformat()
        values["ends_at"] = datetime.combine(day, end, STOCKHOLM).isoformat()
    place = row.get("municipality", "").strip()
    values["municipality"] = ""
    if place:
        municipality = _municipality(place)
        if municipality is None:
            errors.append(
                _("%(column)s: det finns ingen kommun som heter ”%(name)s”.")
                % {**_column("municipality"), "name": place}
            )
        else:
            values["municipality"] = municipality.code
    if "languages" not in row:
        return values  # no such column: the languages an activity has stay as they are
    languages = []
    for text in filter(None, (part.strip() for part in row.get("languages", "").split(","))):
        value = _choice(text, Language)
        if value is None:
            errors.append(
                _("%(column)s: ”%(name)s” är inget av språken vi kan visa.")
                % {**_column("languages"), "name": text}
            )
        else:
            languages.append(value)
    values["languages"] = languages
    return values


def build_activity(
    values: dict, *, organisation: Organisation, edition: Edition, activity: Activity | None
) -> Activity:
    """The activity a row makes: the existing one with the row's values, or a new one."""
    activity = activity or Activity(edition=edition, organisation=organisation)
    for name in (
        "external_id",
        "title",
        "summary",
        "description",
        "type",
        "format",
        "venue",
        "address",
        "stream_url",
        "title_en",
        "summary_en",
    ):
        setattr(activity, name, values.get(name, ""))
    activity.starts_at = datetime.fromisoformat(values["starts_at"])
    activity.ends_at = datetime.fromisoformat(values["ends_at"])
    activity.municipality_id = values["municipality"] or None
    return activity


def _model_errors(activity: Activity) -> list[str]:
    """The model's own rules (lengths, the week, place and link), each named by its column."""
    try:
        activity.full_clean(exclude=["slug", "organisation", "edition"], validate_unique=False)
    except ValidationError as error:
        return [
            f"{LABELS.get(SHOWN_AS.get(name, name), _('Raden'))}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def day_and_time(values: dict) -> str:
    """When a checked row takes place, as the preview says it."""
    if "starts_at" not in values:
        return ""
    starts = timezone.localtime(datetime.fromisoformat(values["starts_at"]), STOCKHOLM)
    ends = timezone.localtime(datetime.fromisoformat(values["ends_at"]), STOCKHOLM)
    return f"{starts:%Y-%m-%d} {starts:%H:%M}–{ends:%H:%M}"
