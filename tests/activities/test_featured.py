"""Featured and national activities: the coordinators' marks, the home page, the program's facets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_activity, make_edition
from veckan.activities.models import Activity, Status

pytestmark = [pytest.mark.django_db, pytest.mark.coordinator_signed_in]


def flags(activity: Activity) -> tuple[bool, bool]:
    activity.refresh_from_db()
    return activity.is_featured, activity.is_national


def test_flags_set_and_cleared_by_coordinator(client, coordinator, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    url = f"/samordning/granskning/{activity.pk}/markeringar/"

    response = client.post(url, {"is_featured": "on", "is_national": "on"}, follow=True)
    assert flags(activity) == (True, True)
    assert [str(m) for m in response.context["messages"]] == [
        f"Markeringarna för ”{activity.title}” är sparade."
    ]
    page = client.get(f"/samordning/granskning/{activity.pk}/")
    assert page.context["flags_form"].initial == {"is_featured": True, "is_national": True}

    client.post(url, {"is_national": "on"})
    assert flags(activity) == (False, True)
    client.post(url, {})
    assert flags(activity) == (False, False)


def test_flags_refused_to_organiser(client, owner, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    client.force_login(owner)
    response = client.post(
        f"/samordning/granskning/{activity.pk}/markeringar/", {"is_featured": "on"}
    )
    assert response.status_code == 403
    assert flags(activity) == (False, False)


def test_flags_need_post(client, coordinator, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    assert client.get(f"/samordning/granskning/{activity.pk}/markeringar/").status_code == 405


def featured_titles(response) -> list[str]:
    return [activity.title for activity in response.context["featured"]]


def test_home_shows_exactly_the_featured_published_activities(client, edition, organisation):
    shown = make_activity(edition, organisation, status=Status.APPROVED, title="Utvald och godkänd")
    make_activity(edition, organisation, status=Status.APPROVED, title="Godkänd men inte utvald")
    for status in (Status.SUBMITTED, Status.DRAFT, Status.REJECTED):
        make_activity(
            edition, organisation, status=status, title=f"Utvald {status}", is_featured=True
        )
    later = make_edition(
        2028, current=False, program_published_at=timezone.now() - timedelta(days=1)
    )
    make_activity(
        later, organisation, status=Status.APPROVED, title="Annan utgåva", is_featured=True
    )
    Activity.objects.filter(pk=shown.pk).update(is_featured=True)

    response = client.get("/")

    assert featured_titles(response) == ["Utvald och godkänd"]
    html = response.content.decode()
    assert f'href="{shown.get_absolute_url()}"' in html
    assert "Utvald submitted" not in html


def test_home_shows_at_most_six_featured(client, edition, organisation):
    for n in range(7):
        make_activity(
            edition, organisation, status=Status.APPROVED, title=f"Utvald {n}", is_featured=True
        )
    assert featured_titles(client.get("/")) == [f"Utvald {n}" for n in range(6)]


def test_home_shows_no_featured_before_the_program_is_published(client, organisation):
    edition = make_edition(2027, program_published_at=timezone.now() + timedelta(days=5))
    make_activity(edition, organisation, status=Status.APPROVED, title="Utvald", is_featured=True)
    response = client.get("/")
    assert featured_titles(response) == []
    assert "Utvalda aktiviteter" not in response.content.decode()


def facet(response, name):
    return {
        o.value: o.count
        for o in next(f for f in response.context["facets"] if f.name == name).options
    }


def titles(response) -> list[str]:
    return [activity.title for activity in response.context["page"]]


@pytest.fixture
def marked(edition, organisation):
    make_activity(edition, organisation, status=Status.APPROVED, title="A vanlig")
    make_activity(edition, organisation, status=Status.APPROVED, title="B utvald", is_featured=True)
    make_activity(
        edition, organisation, status=Status.APPROVED, title="C nationell", is_national=True
    )
    make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        title="D båda",
        is_featured=True,
        is_national=True,
    )
    make_activity(
        edition, organisation, status=Status.SUBMITTED, title="E hemlig", is_featured=True
    )


def test_program_facets_filter_featured_and_national(client, marked):
    assert titles(client.get("/program/?utvald=ja")) == ["B utvald", "D båda"]
    assert titles(client.get("/program/?nationell=ja")) == ["C nationell", "D båda"]
    assert titles(client.get("/program/?utvald=ja&nationell=ja")) == ["D båda"]


def test_program_facets_count_featured_and_national(client, marked):
    response = client.get("/program/")
    assert facet(response, "utvald") == {"ja": 2}
    assert facet(response, "nationell") == {"ja": 2}
    response = client.get("/program/?nationell=ja")
    assert facet(response, "utvald") == {"ja": 1}


def test_api_filters_featured(client, marked):
    response = client.get("/api/v1/activities?utvald=ja")
    assert response.status_code == 200
    assert [a["title"] for a in response.json()["results"]] == ["B utvald", "D båda"]
