"""The program's cards say where sign-up stands; the sign-up facet leaves out full activities; past
activities offer no sign-up or star and say when they took place, with the recording first."""

import re

import pytest

from tests.factories import make_activity, make_edition
from veckan.activities.models import Activity, Status
from veckan.signups import services
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db


def join(activity, n: int) -> SignUp:
    return services.sign_up(activity=activity, name=f"Person {n}", email=f"p{n}@example.se")


@pytest.fixture
def cards(edition, organisation):
    """One activity of each kind of sign-up, and one that is full with a queue."""
    made = {
        "seats": make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title="Tre platser",
            signup_mode="platform",
            capacity=3,
        ),
        "full": make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title="Fullt hus",
            signup_mode="platform",
            capacity=1,
        ),
        "external": make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title="Anmälan på annat håll",
            signup_mode="external",
            external_signup_url="https://kommun.example.se/anmalan",
        ),
        "none": make_activity(
            edition, organisation, status=Status.APPROVED, title="Bara att komma"
        ),
    }
    join(made["seats"], 1)
    join(made["full"], 1)
    join(made["full"], 2)  # on the waiting list
    return made


def card_states(html: str) -> dict[str, str]:
    """Each card's title and its sign-up line."""
    found = re.findall(
        r'<li class="ds-card activity-card[^"]*">.*?<a class="ds-link" href="[^"]+">([^<]+)</a>'
        r'.*?<p class="ds-paragraph signup-state[^"]*" data-size="sm">([^<]+)</p>',
        html,
        re.S,
    )
    return dict(found)


def test_with_seat_counts_counts_seats_and_queue_from_the_rows(cards):
    counted = {
        a.title: (a.seats_taken, a.seats_waiting, a.seats_left, a.is_full)
        for a in Activity.objects.filter(signup_mode="platform").with_seat_counts()
    }
    assert counted == {"Tre platser": (1, 0, 2, False), "Fullt hus": (1, 1, 0, True)}
    assert set(Activity.objects.fully_booked().values_list("title", flat=True)) == {"Fullt hus"}


def test_program_cards_say_where_sign_up_stands(client, cards):
    html = client.get("/program/").content.decode()
    assert card_states(html) == {
        "Tre platser": "2 platser kvar",
        "Fullt hus": "Fullbokat – väntelista",
        "Anmälan på annat håll": "Anmälan hos arrangören",
        "Bara att komma": "Ingen anmälan",
    }
    # The one home of the counts is the one the sign-up form reads too.
    page = client.get(cards["seats"].get_absolute_url()).content.decode()
    assert "2 platser kvar" in page


def test_program_sign_up_open_leaves_out_full_activities(client, cards):
    response = client.get("/program/?anmalan=oppen")
    titles = [a.title for a in response.context["page"]]
    assert set(titles) == {"Anmälan på annat håll", "Tre platser"}
    waiting = client.get("/program/?anmalan=vantelista")
    assert [a.title for a in waiting.context["page"]] == ["Fullt hus"]
    options = {
        o.value: (o.label, o.count)
        for o in next(f for f in response.context["facets"] if f.name == "anmalan").options
    }
    assert options == {
        "oppen": ("Går att anmäla sig till nu", 2),
        "vantelista": ("Fullbokat – väntelista öppen", 1),
    }
    # A seat freed by a cancellation brings it back among the open ones.
    full = cards["full"]
    services.cancel(signup=full.signups.get(email="p1@example.se"))
    services.cancel(signup=full.signups.get(email="p2@example.se"))
    again = client.get("/program/?anmalan=oppen")
    assert "Fullt hus" in [a.title for a in again.context["page"]]


def test_past_activities_offer_no_sign_up_or_star_and_show_the_recording_first(
    client, edition, organisation
):
    earlier = make_edition(2025, current=False)
    past = make_activity(
        earlier,
        organisation,
        status=Status.APPROVED,
        title="Förra årets seminarium",
        signup_mode="platform",
        capacity=10,
        recording_url="https://play.example.se/seminariet",
    )
    html = client.get("/arkiv/2025/").content.decode()
    card = re.search(r'<li class="ds-card activity-card activity-card--past">.*?</li>', html, re.S)
    assert card, html
    card = card.group(0)
    assert "Spara i Mitt program" not in card
    assert "signup-state" not in card
    recording = card.index("Se inspelningen")
    took_place = card.index("Ägde rum")
    assert recording < took_place
    assert "Ägde rum <time" in card
    # The activity's page: no sign-up form and no star, the recording first.
    page = client.get(past.get_absolute_url()).content.decode()
    assert 'id="anmalan"' not in page
    assert "Spara i Mitt program" not in page
    assert "Aktiviteten ägde rum" in page
    assert page.index("Se inspelningen") < page.index('class="facts"')
