"""RFC 5545 calendars: a whole program as one file, or a stream of bytes for a large one.

Times are written in local time with TZID (not as UTC), and the VTIMEZONE that defines the TZID comes
along, so a calendar program shows 09:00 as 09:00 even when it knows nothing of Europe/Stockholm.
Output is deterministic: the same events give the same bytes (DTSTAMP is the event's last change,
not the clock), so a response's ETag can be computed before the body is.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo

import icalendar

PRODID = "-//Innovationsveckan//Veckan//SV"
DEFAULT_TZID = "Europe/Stockholm"
_END = b"END:VCALENDAR\r\n"
# stream_calendar hands out events in pieces of about this size: one write per event would be
# 20,000 small socket writes for a large program.
STREAM_PIECE = 64 * 1024
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f]")


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    uid: str
    summary: str
    description: str = ""
    start: datetime
    end: datetime
    location: str = ""
    url: str = ""
    status: Literal["CONFIRMED", "TENTATIVE", "CANCELLED"] = "CONFIRMED"
    # Raised with every change the participants are told of, so a calendar that already holds the
    # event (same UID) takes the newer one instead of keeping the old time.
    sequence: int = 0
    last_modified: datetime

    def __post_init__(self) -> None:
        for name in ("start", "end", "last_modified"):
            if getattr(self, name).tzinfo is None:
                raise ValueError(f"Event.{name} must be an aware datetime")
        # A URI value has no escaping: a line break in it would end the property early.
        if _CONTROL_CHARACTERS.search(self.url):
            raise ValueError("Event.url must not contain control characters")


def calendar(name: str, events: Iterable[Event], *, tzid: str = DEFAULT_TZID) -> bytes:
    """One VCALENDAR holding `events`, with the VTIMEZONE for the years they span."""
    events = list(events)
    years = [e.start.astimezone(ZoneInfo(tzid)).year for e in events] + [
        e.end.astimezone(ZoneInfo(tzid)).year for e in events
    ]
    first, last = (min(years), max(years)) if years else (None, None)
    return b"".join(stream_calendar(name, events, tzid=tzid, first_year=first, last_year=last))


def stream_calendar(
    name: str,
    events: Iterable[Event],
    *,
    tzid: str = DEFAULT_TZID,
    first_year: int | None,
    last_year: int | None,
    refresh_interval: timedelta | None = None,
) -> Iterator[bytes]:
    """The same calendar in pieces of about STREAM_PIECE bytes, for a StreamingHttpResponse.

    The VTIMEZONE covers first_year–last_year (the caller knows the range without reading every
    event first); with no years it is left out, which is right only for a calendar without events.
    refresh_interval tells subscribing programs how often to fetch the calendar again.
    """
    yield _header(name, tzid, refresh_interval)
    if first_year is not None and last_year is not None:
        yield _timezone(tzid, first_year, last_year)
    zone = ZoneInfo(tzid)
    piece: list[bytes] = []
    size = 0
    for event in events:
        piece.append(vevent := _vevent(event, zone))
        size += len(vevent)
        if size >= STREAM_PIECE:
            yield b"".join(piece)
            piece, size = [], 0
    piece.append(_END)
    yield b"".join(piece)


def _header(name: str, tzid: str, refresh_interval: timedelta | None) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)  # RFC 7986
    cal.add("x-wr-calname", name)  # what Apple, Google and Outlook read
    cal.add("x-wr-timezone", tzid)
    if refresh_interval:
        cal.add("refresh-interval", refresh_interval, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", icalendar.vDuration(refresh_interval))
    ical = cal.to_ical()
    # A calendar without components ends right after its properties: cut the END off to stream.
    if not ical.endswith(_END):
        raise RuntimeError("icalendar no longer ends a calendar with END:VCALENDAR")
    return ical[: -len(_END)]


@cache
def _timezone(tzid: str, first_year: int, last_year: int) -> bytes:
    # The transitions of the years asked for, as explicit dates: a few hundred bytes a year.
    component = icalendar.Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )
    return component.to_ical()


def _vevent(event: Event, zone: ZoneInfo) -> bytes:
    # Written line by line rather than through icalendar.Event: the generic component machinery costs
    # about 0.3 ms an event, six seconds for a 20,000-activity program; this path is ~20 times faster.
    # TEXT is escaped as icalendar's vText does it, and a test checks that the result parses back
    # to the same properties as the icalendar.Event built from the same event.
    changed = _utc(event.last_modified)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(event.uid)}",
        f"DTSTAMP:{changed}",
        f"LAST-MODIFIED:{changed}",
        f"DTSTART;TZID={zone.key}:{_local(event.start, zone)}",
        f"DTEND;TZID={zone.key}:{_local(event.end, zone)}",
        f"SUMMARY:{_text(event.summary)}",
        f"SEQUENCE:{event.sequence}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append(f"STATUS:{event.status}")
    lines.append("END:VEVENT")
    return b"".join(_fold(line.encode()) + b"\r\n" for line in lines)


def _text(value: str) -> str:
    # icalendar.vText(value).to_ical() does these replacements, in this order (it matters), behind
    # a class and a parameters object per value: a fifth of the time of a large program.
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return _basic(moment.astimezone(zone))


def _utc(moment: datetime) -> str:
    return _basic(moment.astimezone(UTC)) + "Z"


def _basic(moment: datetime) -> str:
    # The same as strftime("%Y%m%dT%H%M%S"), at a third of its cost.
    m = moment
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}"


def _fold(line: bytes, limit: int = 75) -> bytes:
    """RFC 5545 3.1: at most 75 octets a line, continuation lines start with a space. Never cut
    inside a UTF-8 character, nor between a backslash and the character it escapes (some calendar
    programs read the two halves as separate text)."""
    if len(line) <= limit:
        return line
    parts = []
    start, room = 0, limit
    while len(line) - start > room:
        cut = start + room
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character's start
            cut -= 1
        backslashes = 0
        while cut - backslashes > start and line[cut - backslashes - 1] == 0x5C:
            backslashes += 1
        if backslashes % 2:  # the last one starts an escape: keep it with what it escapes
            cut -= 1
        parts.append(line[start:cut])
        start = cut
        room = limit - 1  # the leading space counts
    parts.append(line[start:])
    return b"\r\n ".join(parts)
