"""A series in the public program: each occasion its own event in every calendar feed and in the
page's schema.org JSON-LD, the page's "när" saying how many occasions there are."""

import json

import icalendar
import pytest
from django.test import Client

from tests.factories import make_occasion, make_series
from tests.program.test_feeds import body
from tests.program.test_jsonld import scripts_of
from veckan.activities.models import Occasion

pytestmark = pytest.mark.django_db
DOMAIN = "innovationsveckan.se"


def vevents(content: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(content).events}


def test_program_ics_has_one_event_per_occasion_with_its_own_time_and_place(client, organisation):
    activity, (monday, tuesday, wednesday) = make_series(organisation)
    Occasion.objects.filter(pk=tuesday.pk).update(venue="Konserthuset", address="Storgatan 1")

    found = vevents(body(client.get("/program.ics")))

    assert set(found) == {f"occasion-{o.pk}@{DOMAIN}" for o in (monday, tuesday, wednesday)}
    assert found[f"occasion-{monday.pk}@{DOMAIN}"]["DTSTART"].dt == monday.starts_at
    assert found[f"occasion-{wednesday.pk}@{DOMAIN}"]["DTEND"].dt == wednesday.ends_at
    assert str(found[f"occasion-{monday.pk}@{DOMAIN}"]["LOCATION"]) == (
        "Stadshuset, Drottninggatan 45, Linköping"
    )
    assert str(found[f"occasion-{tuesday.pk}@{DOMAIN}"]["LOCATION"]) == (
        "Konserthuset, Storgatan 1, Linköping"
    )
    assert {str(e["SUMMARY"]) for e in found.values()} == {activity.title}


def test_activity_ics_has_every_occasion_and_an_activity_without_stays_one_event(
    client, organisation
):
    activity, occasions = make_series(organisation)
    single, _none = make_series(organisation, days=())

    series = vevents(body(client.get(f"/aktivitet/{activity.slug}.ics")))
    one = vevents(body(client.get(f"/aktivitet/{single.slug}.ics")))

    assert list(series) == [f"occasion-{o.pk}@{DOMAIN}" for o in occasions]
    assert list(one) == [f"activity-{single.pk}@{DOMAIN}"]


def test_occasion_uid_stays_when_its_time_changes(client, organisation):
    activity, (monday, *_rest) = make_series(organisation)
    before = set(vevents(body(client.get(f"/aktivitet/{activity.slug}.ics"))))
    make_occasion(activity, day=4)
    Occasion.objects.filter(pk=monday.pk).update(
        starts_at=monday.starts_at.replace(hour=monday.starts_at.hour + 1),
        ends_at=monday.ends_at.replace(hour=monday.ends_at.hour + 1),
    )

    after = set(vevents(body(Client().get(f"/aktivitet/{activity.slug}.ics"))))

    assert before < after
    assert len(after - before) == 1


def test_personal_feed_has_one_event_per_occasion_of_a_starred_series(client, organisation):
    activity, occasions = make_series(organisation)
    client.post(f"/mitt-program/stjarna/{activity.pk}/", {"action": "add"})
    html = client.get("/mitt-program/").content.decode()
    url = html.split('id="feed-url" value="')[1].split('"')[0]

    found = vevents(Client().get(url).content)

    assert set(found) == {f"occasion-{o.pk}@{DOMAIN}" for o in occasions}


def test_jsonld_has_one_event_per_occasion(client, organisation):
    activity, (monday, tuesday, wednesday) = make_series(organisation)
    Occasion.objects.filter(pk=tuesday.pk).update(venue="Konserthuset", address="Storgatan 1")

    html = client.get(activity.get_absolute_url()).content.decode()
    [block] = [t for a, t in scripts_of(html) if a.get("type") == "application/ld+json"]
    data = json.loads(block)

    assert [e["@type"] for e in data] == ["Event"] * 3
    assert [e["startDate"] for e in data] == [
        o.starts_at.isoformat(timespec="seconds") for o in (monday, tuesday, wednesday)
    ]
    assert [e["location"].get("name") for e in data] == ["Stadshuset", "Konserthuset", "Stadshuset"]
    assert data[1]["location"]["address"]["streetAddress"] == "Storgatan 1"
    assert {e["name"] for e in data} == {activity.title}


def test_activity_page_of_a_series_says_how_many_occasions_and_offers_all_in_one_ics(
    client, organisation
):
    activity, _occasions = make_series(organisation)

    html = client.get(activity.get_absolute_url()).content.decode()

    assert "3 tillfällen" in html
    assert "Lägg till alla tillfällen i din kalender (.ics)" in html
    assert "Lägg till i Google Kalender" not in html  # one event only: not for a series
