"""The coordinators' start page: what waits for them, counted, linked to the tool that does it;
and the award set up on their own pages, not in the Django admin."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_activity, make_edition, make_user
from veckan.activities.models import Status
from veckan.awards.models import Award, Criterion, Juror, Nomination, Score
from veckan.pages.models import AccessibilityFeedback

pytestmark = [pytest.mark.django_db, pytest.mark.coordinator_signed_in]


def _todos(page: str) -> list[str]:
    block = page[page.index('class="todo-list"') :]
    block = block[: block.index("</ul>")]
    return re.findall(r'<a class="ds-link" href="[^"]+">([^<]+)</a>', block)


def test_coordinator_home_counts_each_to_do_and_links_to_its_tool(
    client, coordinator, organisation
):
    edition = make_edition(2027)
    for _ in range(2):
        make_activity(edition, organisation, status=Status.SUBMITTED)
    make_activity(edition, organisation, status=Status.CHANGES_REQUESTED)
    make_activity(edition, organisation, status=Status.APPROVED, has_pending_changes=True)
    make_activity(edition, organisation, status=Status.DRAFT)
    make_activity(make_edition(2026, current=False), organisation, status=Status.SUBMITTED)
    now = timezone.now()
    award = Award.objects.create(
        edition=edition,
        nominations_open=now - timedelta(days=3),
        nominations_close=now + timedelta(days=3),
        vote_open=now + timedelta(days=4),
        vote_close=now + timedelta(days=5),
    )
    Nomination.objects.create(
        award=award,
        solution_name="Lösning",
        description="x",
        organisation=organisation,
        film_url="https://example.se/film",
        contact_name="Kim",
        contact_email="kim@example.se",
    )
    AccessibilityFeedback.objects.create(description="Knappen syns inte.")
    AccessibilityFeedback.objects.create(description="Klart.", handled=True)

    page = client.get("/samordning/").content.decode()
    assert _todos(page) == [
        "2 nya aktiviteter att granska",
        "1 ändring av en godkänd aktivitet att granska",
        "1 aktivitet väntar på att arrangören ändrar den",
        "1 nominering till priset att granska",
        "1 synpunkt på tillgängligheten att hantera",
    ]
    assert 'href="/samordning/granskning/?status=submitted">2 nya' in page
    assert 'href="/samordning/pris/">1 nominering' in page
    assert 'href="/samordning/pris/installningar/">Ställ in priset</a>' in page


def test_coordinator_home_says_when_nothing_waits(client, coordinator):
    make_edition(2027)
    page = client.get("/samordning/").content.decode()
    assert "Inget väntar på dig just nu." in page
    assert "Klart: 0 nya aktiviteter att granska" in page


def test_coordinator_home_is_for_coordinators_only(client, owner):
    client.force_login(owner)
    assert client.get("/samordning/").status_code == 403


def _setup_form(**overrides):
    return {
        "name": "Lätt att sprida-priset",
        "nominations_open": "2027-05-01T09:00",
        "nominations_close": "2027-08-31T23:59",
        "vote_open": "2027-10-04T00:00",
        "vote_close": "2027-10-08T23:59",
        "juror_emails": "",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "Lätt att sprida",
        "criteria-0-weight": "3",
        "criteria-1-name": "Nytta för invånarna",
        "criteria-1-weight": "2",
    } | overrides


def test_award_is_set_up_with_periods_criteria_and_jury(client, coordinator):
    edition = make_edition(2027)
    juror = make_user("jury@vinnova.example.se")
    response = client.post(
        "/samordning/pris/installningar/", _setup_form(juror_emails="Jury@Vinnova.example.se")
    )
    assert response.status_code == 302
    award = Award.objects.get(edition=edition)
    assert timezone.localtime(award.vote_open).isoformat() == "2027-10-04T00:00:00+02:00"
    assert list(award.criteria.values_list("name", "weight")) == [
        ("Lätt att sprida", 3),
        ("Nytta för invånarna", 2),
    ]
    assert list(Juror.objects.values_list("user", flat=True)) == [juror.pk]
    page = client.get("/samordning/pris/installningar/").content.decode()
    assert "Priset är inställt." in page
    assert "jury@vinnova.example.se" in page


def test_award_setup_refuses_impossible_periods_and_unknown_jurors(client, coordinator):
    make_edition(2027)
    response = client.post(
        "/samordning/pris/installningar/",
        _setup_form(vote_close="2027-10-01T00:00", juror_emails="okand@example.se"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Omröstningen måste stänga efter att den öppnar." in page
    assert "Det finns inget konto för okand@example.se." in page
    assert not Award.objects.exists()


def test_award_setup_keeps_a_scored_criterion(client, coordinator, organisation):
    edition = make_edition(2027)
    now = timezone.now()
    award = Award.objects.create(
        edition=edition,
        nominations_open=now - timedelta(days=3),
        nominations_close=now - timedelta(days=2),
        vote_open=now - timedelta(days=1),
        vote_close=now + timedelta(days=1),
    )
    criterion = Criterion.objects.create(award=award, name="Lätt att sprida", weight=3)
    juror = Juror.objects.create(award=award, user=make_user("jury@example.se"))
    nomination = Nomination.objects.create(
        award=award,
        solution_name="Lösning",
        description="x",
        organisation=organisation,
        film_url="https://example.se/film",
        contact_name="Kim",
        contact_email="kim@example.se",
    )
    Score.objects.create(juror=juror, nomination=nomination, criterion=criterion, value=4)
    response = client.post(
        "/samordning/pris/installningar/",
        _setup_form(
            juror_emails="jury@example.se",
            **{
                "criteria-TOTAL_FORMS": "1",
                "criteria-INITIAL_FORMS": "1",
                "criteria-0-id": str(criterion.pk),
                "criteria-0-DELETE": "on",
                "criteria-1-name": "",
            },
        ),
    )
    assert response.status_code == 400
    assert "Kriteriet har redan fått poäng och kan inte tas bort." in response.content.decode()
    assert Criterion.objects.filter(pk=criterion.pk).exists()
