"""Issue 20, line 3: the organiser sees their own activity's results (others answer 404), hidden
below MIN_ANSWERS; coordinators see the whole edition's and choose the questions per edition."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.evaluations.conftest import signup
from tests.factories import make_activity
from veckan.activities.models import Status
from veckan.evaluations.models import (
    FollowUpAnswer,
    SurveyInvitation,
    SurveyResponse,
    SurveySettings,
)

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def answers(activity, ratings, comments=()):
    for n, rating in enumerate(ratings):
        SurveyInvitation.objects.create(signup=signup(activity, f"p{activity.pk}-{n}@example.se"))
        SurveyResponse.objects.create(
            activity=activity,
            rating=rating,
            will_use="yes" if rating >= 4 else "no",
            comment=comments[n] if n < len(comments) else "",
        )


@pytest.fixture
def others(past_edition, other_organisation):
    activity = make_activity(
        past_edition,
        other_organisation,
        status=Status.APPROVED,
        title="Annans aktivitet",
        signup_mode="platform",
        capacity=5,
    )
    answers(activity, [1, 1, 1], ["Hemlig kritik"])
    return activity


def test_organiser_sees_their_activitys_results(client, owner, activity, others):
    answers(activity, [5, 4, 3], ["Mycket bra!", "Bra exempel"])
    FollowUpAnswer.objects.bulk_create(
        [
            FollowUpAnswer(activity=activity, months=3, outcome=o)
            for o in ("tried", "adopted", "not_yet")
        ]
    )
    client.force_login(owner)
    page = text(client.get(f"/mina-aktiviteter/{activity.pk}/utvardering/").content.decode())
    assert "3 svar av 3 som fick enkäten." in page
    assert "Betyg i snitt: 4,0 av 5." in page
    assert "Bra exempel Mycket bra!" in page
    assert "Hemlig kritik" not in page
    assert "3 månader 3 1 1 1" in page
    assert "6 månader 0 Visas från 3 svar" in page


def test_organiser_results_are_hidden_below_three_answers(client, owner, activity):
    answers(activity, [2, 5], ["Vem skrev detta?"])
    client.force_login(owner)
    page = text(client.get(f"/mina-aktiviteter/{activity.pk}/utvardering/").content.decode())
    assert "2 svar av 2 som fick enkäten." in page
    assert "Svaren visas när minst 3 har svarat" in page
    assert "Vem skrev detta?" not in page
    assert "Betyg i snitt" not in page


def test_another_organisations_results_answer_404(client, owner, stranger, activity, others):
    client.force_login(owner)
    assert client.get(f"/mina-aktiviteter/{others.pk}/utvardering/").status_code == 404
    client.force_login(stranger)
    assert client.get(f"/mina-aktiviteter/{activity.pk}/utvardering/").status_code == 404


def test_coordinator_sees_the_editions_results(client, coordinator, activity, others):
    answers(activity, [5, 4, 3])
    client.force_login(coordinator)
    response = client.get(f"/samordning/utgavor/{activity.edition.year}/utvardering/")
    page = text(response.content.decode())
    assert "6 svar av 6 som fick enkäten." in page
    assert "Betyg i snitt: 2,5 av 5." in page
    rows = re.findall(r'<tr class="activity-row">(.*?)</tr>', response.content.decode(), re.S)
    assert [text(row) for row in rows] == [
        "Annans aktivitet 3 3 1,0 0 0 –",
        "Innovationsfika 3 3 4,0 2 0 –",
    ]
    assert "Hemlig kritik" not in page  # free texts stay on each activity's page


def test_coordinator_results_page_is_for_coordinators(client, owner, activity):
    client.force_login(owner)
    assert (
        client.get(f"/samordning/utgavor/{activity.edition.year}/utvardering/").status_code == 403
    )


def test_coordinator_chooses_the_questions_per_edition(client, coordinator, activity):
    client.force_login(coordinator)
    path = f"/samordning/utgavor/{activity.edition.year}/utvardering/"
    page = client.get(path).content.decode()
    # The defaults: every question asked.
    assert len(re.findall(r'<input type="checkbox" name="ask_\w+"[^>]* checked', page)) == 3
    response = client.post(path, {"ask_will_use": "on"}, follow=True)
    assert "Enkätens frågor är sparade." in response.content.decode()
    settings = SurveySettings.objects.get(edition=activity.edition)
    assert (settings.ask_rating, settings.ask_will_use, settings.ask_comment) == (
        False,
        True,
        False,
    )


@pytest.mark.parametrize("count", [1, 3])
def test_coordinator_results_page_queries_do_not_grow_with_activities(
    client, coordinator, past_edition, organisation, count
):
    for n in range(count):
        made = make_activity(
            past_edition,
            organisation,
            status=Status.APPROVED,
            title=f"Aktivitet {n}",
            signup_mode="platform",
            capacity=5,
        )
        answers(made, [4, 4, 4])
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/samordning/utgavor/{past_edition.year}/utvardering/")
    assert response.content.decode().count('class="activity-row"') == count
    assert len(queries) <= 20, [q["sql"] for q in queries]


def test_privacy_page_describes_the_survey_and_the_follow_up(client, db):
    page = text(client.get("/personuppgifter/").content.decode())
    assert "Utvärdering efter aktiviteten" in page
    assert (
        "svaren sparas utan namn, e-postadress och tidpunkt och går inte att koppla till dig"
        in page
    )
    assert "Uppföljning efter 3, 6 och 12 månader" in page
    assert "din e-postadress tas bort 13 månader efter aktiviteten" in page
    assert "Den tas inte bort med anmälningarna efter 90 dagar" in page
    english = text(client.get("/en/personuppgifter/").content.decode())
    assert "Follow-up after 3, 6 and 12 months" in english
