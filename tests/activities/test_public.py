"""An activity as open data (veckan.activities.public): every field, read from the database, with
only the contact details the organiser chose to publish."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_activity, make_organisation, make_published_edition
from veckan.activities.models import Activity, ActivityTag, ContactPerson, CoOrganiser, Status
from veckan.activities.public import public_dict, public_dicts
from veckan.editions.models import FocusArea
from veckan.organisations.models import Kind

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def activity():
    edition = make_published_edition(2027)
    organisation = make_organisation(name="Linköpings kommun")
    activity = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        title="Öppna data i kommunen",
        summary="Så publicerar vi.",
        description="Vi visar **hur**.",
        title_en="Open data",
        signup_mode="external",
        external_signup_url="https://kommun.example.se/anmalan",
        signup_deadline=datetime(2027, 10, 1, 12, 0, tzinfo=STOCKHOLM),
        stream_url="https://play.example.se/live",
        starts_at=datetime(2027, 10, 5, 9, 0, tzinfo=STOCKHOLM),
        ends_at=datetime(2027, 10, 5, 11, 30, tzinfo=STOCKHOLM),
    )
    agency = make_organisation(
        name="Myndigheten för digital förvaltning", kind=Kind.STATLIG_MYNDIGHET
    )
    CoOrganiser.objects.create(activity=activity, organisation=agency, position=0)
    CoOrganiser.objects.create(
        activity=activity, name="Linköpings universitet", kind=Kind.AKADEMI, position=1
    )
    for kind, value in [("language", "sv"), ("language", "en"), ("target_group", "naringsliv")]:
        ActivityTag.objects.create(activity=activity, kind=kind, value=value)
    later, first = (
        FocusArea.objects.create(edition=edition, name=name, position=position)
        for name, position in [("Hållbarhet", 2), ("Digitalisering", 1)]
    )
    activity.focus_areas.set([later, first])
    ContactPerson.objects.create(
        activity=activity, name="Dold Person", email="dold@example.se", phone="070-1", position=0
    )
    ContactPerson.objects.create(
        activity=activity,
        name="Eva E-post",
        email="eva@example.se",
        phone="070-2",
        show_email=True,
        position=1,
    )
    activity.refresh_from_db()
    return activity


def test_public_dict_is_every_public_field_and_nothing_else(activity, settings):
    assert public_dict(activity) == {
        "id": activity.pk,
        "slug": activity.slug,
        "url": f"{settings.SITE_URL}/aktivitet/{activity.slug}/",
        "edition": 2027,
        "status": "scheduled",
        "event_status": "scheduled",
        "cancellation_reason": "",
        "title": "Öppna data i kommunen",
        "summary": "Så publicerar vi.",
        "description": "Vi visar **hur**.",
        "title_en": "Open data",
        "summary_en": "",
        "description_en": "",
        "type": "seminarium",
        "format": "physical",
        "starts_at": "2027-10-05T09:00:00+02:00",
        "ends_at": "2027-10-05T11:30:00+02:00",
        "municipality": {"code": "0580", "name": "Linköping"},
        "county": {"code": "05", "name": "Östergötlands län"},
        "venue": "Stadshuset",
        "address": "Drottninggatan 45, Linköping",
        "organiser": {
            "name": "Linköpings kommun",
            "slug": activity.organisation.slug,
            "kind": "kommun",
        },
        "co_organisers": [
            {"name": "Myndigheten för digital förvaltning", "kind": "statlig_myndighet"},
            {"name": "Linköpings universitet", "kind": "akademi"},
        ],
        "languages": ["en", "sv"],
        "target_groups": ["naringsliv"],
        "accessibility": [],
        "focus_areas": ["Digitalisering", "Hållbarhet"],
        "signup": {
            "mode": "external",
            "url": "https://kommun.example.se/anmalan",
            "deadline": "2027-10-01T12:00:00+02:00",
        },
        "stream_url": "https://play.example.se/live",
        "recording_url": "",
        "contacts": [{"name": "Eva E-post", "email": "eva@example.se", "phone": ""}],
        "occasions": [],
        "updated_at": activity.updated_at.isoformat(),
    }


def test_public_dict_of_a_cancelled_activity_with_sign_up_here(activity):
    activity.status = Status.CANCELLED
    activity.cancellation_reason = "Föreläsaren är sjuk."
    activity.signup_mode = "platform"
    activity.capacity = 20
    activity.save()
    data = public_dict(activity)
    assert (data["status"], data["cancellation_reason"]) == ("cancelled", "Föreläsaren är sjuk.")
    # With sign-up here the stream's link goes to those who signed up, not to everyone.
    assert data["signup"] == {
        "mode": "platform",
        "url": "",
        "deadline": "2027-10-01T12:00:00+02:00",
    }
    assert data["stream_url"] == ""


def test_public_dicts_come_in_the_querysets_order(activity):
    others = [
        make_activity(activity.edition, activity.organisation, status=Status.APPROVED, title=t)
        for t in ["B", "A"]
    ]
    chunks = list(public_dicts(Activity.objects.order_by("title")))
    assert [[item["title"] for item in chunk] for chunk in chunks] == [
        ["A", "B", "Öppna data i kommunen"]
    ]
    assert chunks[0][0]["id"] == others[1].pk
