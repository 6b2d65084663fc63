"""Texts and pages that know the date: "Idag" and "Pågår nu" during the week, "Rösta nu" while
the vote is open, no "publiceras" once published, statistics that speak of what has been held
only once it has."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_activity, make_edition, make_published_edition
from veckan.activities.models import Status
from veckan.awards.models import Award

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_week():
    """An edition whose week is on now, its program out since a month."""
    now = timezone.now()
    today = timezone.localdate(now)
    return make_edition(
        today.year,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=3),
        registration_opens=now - timedelta(days=90),
        registration_closes=now - timedelta(days=40),
        program_published_at=now - timedelta(days=30),
    )


def test_program_during_the_week_has_today_and_on_now_with_join_links(
    client, this_week, organisation
):
    now = timezone.now()
    on_air = make_activity(
        this_week,
        organisation,
        status=Status.APPROVED,
        title="Webbsändning just nu",
        format="digital",
        municipality=None,
        stream_url="https://play.example.se/direkt",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(minutes=30),
    )
    make_activity(
        this_week,
        organisation,
        status=Status.APPROVED,
        title="Med anmälan, just nu",
        format="digital",
        municipality=None,
        stream_url="https://play.example.se/hemlig",
        signup_mode="platform",
        capacity=10,
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=1),
    )
    make_activity(
        this_week,
        organisation,
        status=Status.APPROVED,
        title="I morgon",
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=1),
    )
    response = client.get("/program/")
    html = response.content.decode()
    today = timezone.localdate(now).isoformat()
    assert f'<a class="ds-link" href="?dag={today}">Idag</a>' in html
    assert [a.title for a in response.context["on_now"]] == [
        "Webbsändning just nu",
        "Med anmälan, just nu",
    ]
    assert "Pågår nu (2)" in html
    # Open to all: the join link is there. With sign-up here it goes only to those signed up.
    assert 'href="https://play.example.se/direkt">Anslut' in html
    assert "https://play.example.se/hemlig" not in html
    assert on_air.has_public_stream
    today_page = client.get(f"/program/?dag={today}")
    assert "I morgon" not in [a.title for a in today_page.context["page"]]
    assert 'aria-current="page">Idag</a>' in today_page.content.decode()


def test_program_before_the_week_has_no_today(client, organisation):
    make_published_edition()
    html = client.get("/program/").content.decode()
    assert ">Idag</a>" not in html
    assert "Pågår nu" not in html


def test_home_says_vote_now_while_the_vote_is_open_and_not_publiceras_once_published(
    client, this_week
):
    now = timezone.now()
    html = client.get("/").content.decode()
    assert "Programmet publiceras" not in html
    assert "Rösta nu" not in html
    Award.objects.create(
        edition=this_week,
        nominations_open=now - timedelta(days=60),
        nominations_close=now - timedelta(days=30),
        vote_open=now - timedelta(days=1),
        vote_close=now + timedelta(days=2),
    )
    html = client.get("/").content.decode()
    assert '<a class="ds-button" data-variant="secondary" href="/pris/">Rösta nu' in html
    assert "Omröstningen till Lätt att sprida-priset är öppen till" in html


def test_home_before_publication_says_when_the_program_comes(client):
    now = timezone.now()
    make_edition(
        2027,
        program_published_at=now + timedelta(days=5),
        registration_closes=now + timedelta(days=2),
        registration_opens=now - timedelta(days=2),
    )
    assert "Programmet publiceras" in client.get("/").content.decode()


def test_award_and_my_data_are_in_header_and_footer(client, this_week):
    html = client.get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    footer = html[html.index("<footer") : html.index("</footer>")]
    assert 'href="/pris/"' in header
    assert 'href="/pris/">Lätt att sprida-priset</a>' in footer
    assert 'href="/mina-uppgifter/">Mina uppgifter</a>' in footer
    # Before this year's award is set up, the link still leads somewhere.
    response = client.get("/pris/")
    assert response.status_code == 200
    assert "Årets pris är inte utlyst än." in response.content.decode()


@pytest.mark.parametrize(
    ("days_from_start", "says"),
    [
        (5, "Veckan har inte börjat än."),
        (0, "Veckan pågår."),
        (-10, "Siffrorna gäller aktiviteter som har hållits"),
    ],
)
def test_statistics_speak_of_what_has_been_held_only_once_it_has(client, days_from_start, says):
    now = timezone.now()
    today = timezone.localdate(now)
    starts = today + timedelta(days=days_from_start)
    make_edition(
        today.year,
        starts_on=starts,
        ends_on=starts + timedelta(days=4),
        registration_opens=now - timedelta(days=90),
        registration_closes=now - timedelta(days=40),
        program_published_at=now - timedelta(days=30),
    )
    html = client.get(f"/statistik/{today.year}/").content.decode()
    assert says in html
    if days_from_start >= 0:
        assert "som har hållits:" not in html
