"""Links that open a new event in Google Calendar or Outlook on the web, filled in: for those who
would rather not download an .ics file. No script and nothing sent to them until the visitor
follows the link."""

from datetime import UTC, datetime
from urllib.parse import urlencode


def google(
    *, title: str, starts_at: datetime, ends_at: datetime, details: str, location: str
) -> str:
    dates = "/".join(
        moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") for moment in (starts_at, ends_at)
    )
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": dates,
        "details": details,
        "location": location,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook(
    *, title: str, starts_at: datetime, ends_at: datetime, details: str, location: str
) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": ends_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": location,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)
