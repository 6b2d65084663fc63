"""Event status beyond "cancelled": scheduled, rescheduled (a new time after publication), moved
online, postponed and full (from the seats). The same status on cards, the activity page, JSON-LD's
eventStatus, iCalendar STATUS, the API, CSV and webhooks."""

import csv
import io
import json
import re
from datetime import timedelta

import icalendar
import pytest

from tests.factories import make_signup_activity
from veckan.activities import services as activities
from veckan.activities.models import Activity
from veckan.activities.services import ActivityParts
from veckan.signups import services as signups
from veckan.webhooks.models import Delivery, Webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(organisation):
    return make_signup_activity(organisation, capacity=2, title="Innovationsfika")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _everywhere(client, activity) -> dict[str, str]:
    """The activity's status as each public surface says it."""
    page = client.get(f"/aktivitet/{activity.slug}/").content.decode()
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    card = client.get("/program/").content.decode()
    ics = icalendar.Calendar.from_ical(_body(client.get(f"/aktivitet/{activity.slug}.ics")))
    api = client.get(f"/api/v1/activities/{activity.slug}").json()
    rows = csv.DictReader(
        io.StringIO(_body(client.get("/program.csv")).decode().lstrip("\ufeff")), delimiter=";"
    )
    [row] = [r for r in rows if r["slug"] == activity.slug]
    badge = re.search(r'<h1[^>]*>(?:<span class="badge badge--(\w+)">)?', page).group(1)
    card_badge = re.search(
        rf'<span class="badge badge--(\w+)">[^<]*</span> {re.escape(activity.title)}', card
    )
    return {
        "page": badge or "scheduled",
        "card": card_badge.group(1) if card_badge else "scheduled",
        "jsonld": json.loads(script)["eventStatus"].removeprefix("https://schema.org/"),
        "ical": str(ics.events[0]["status"]),
        "api": api["event_status"],
        "csv": row["event_status"],
    }


def test_a_new_time_after_publication_is_rescheduled_everywhere(
    client, activity, owner, coordinator
):
    webhook = Webhook.objects.create(url="https://mottagare.example.se/hook")
    assert _everywhere(client, activity) == {
        "page": "scheduled",
        "card": "scheduled",
        "jsonld": "EventScheduled",
        "ical": "CONFIRMED",
        "api": "scheduled",
        "csv": "scheduled",
    }
    activity.starts_at += timedelta(hours=3)
    activity.ends_at += timedelta(hours=3)
    activities.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    activities.approve_activity(activity=Activity.objects.get(), reviewer=coordinator)
    assert _everywhere(client, activity) == {
        "page": "rescheduled",
        "card": "rescheduled",
        "jsonld": "EventRescheduled",
        "ical": "CONFIRMED",
        "api": "rescheduled",
        "csv": "rescheduled",
    }
    page = client.get(f"/aktivitet/{activity.slug}/").content.decode()
    assert "Aktiviteten har fått en ny tid. Tiden nedan är den nya." in page
    last = Delivery.objects.filter(webhook=webhook).latest("pk")
    assert (last.event, last.payload["activity"]["event_status"]) == ("changed", "rescheduled")


def test_moving_online_is_moved_online(client, organisation, owner, coordinator):
    activity = make_signup_activity(organisation, title="Innovationsfika")
    activity.format = "digital"
    activity.stream_url = "https://teams.example.se/mote"
    activity.municipality, activity.venue, activity.address = None, "", ""
    activities.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    activities.approve_activity(activity=Activity.objects.get(), reviewer=coordinator)
    status = _everywhere(client, activity)
    assert (status["page"], status["card"], status["jsonld"], status["api"]) == (
        "moved_online",
        "moved_online",
        "EventMovedOnline",
        "moved_online",
    )


def test_postponed_is_tentative_in_calendars(client, activity, owner):
    activities.postpone_activity(activity=activity, by=owner, reason="Vattenskada i lokalen.")
    assert _everywhere(client, activity) == {
        "page": "postponed",
        "card": "postponed",
        "jsonld": "EventPostponed",
        "ical": "TENTATIVE",
        "api": "postponed",
        "csv": "postponed",
    }
    english = client.get(f"/en/aktivitet/{activity.slug}/").content.decode()
    assert '<span class="badge badge--postponed">Postponed</span>' in english


def test_cancelled_is_cancelled_everywhere(client, activity, owner):
    activities.cancel_activity(activity=activity, by=owner, reason="Sjukdom.")
    assert set(_everywhere(client, activity).values()) == {
        "cancelled",
        "EventCancelled",
        "CANCELLED",
    }


def test_full_comes_from_the_seats(client, activity):
    for n in range(2):
        signups.sign_up(activity=activity, name=f"P{n}", email=f"p{n}@example.se")
    status = _everywhere(client, activity)
    assert (status["api"], status["csv"], status["jsonld"]) == ("full", "full", "EventScheduled")
    assert Activity.objects.with_seat_counts().get().event_status_now == "full"
    assert "Fullbokat – väntelista" in client.get("/program/").content.decode()
