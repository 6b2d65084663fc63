# ruff: noqa: F811  (the award fixtures come from test_awards)
"""Issue 14, line 3: one vote per person, however the address is written; a second attempt is
told "du har redan röstat"; coordinators see votes per domain and bursts per network before the
results are public, and void votes with a recorded reason."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError

from tests.awards.test_awards import award, finalist, make_nomination  # noqa: F401
from veckan.awards import services
from veckan.awards.models import Vote
from veckan.awards.services import AwardError
from veckan.lib.ratelimit import network_mark
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
VOTES_URL = "/samordning/pris/roster/"


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize("again", ["Anna@Example.se", "anna+pris@example.se", "ANNA+2@example.se "])
def test_one_vote_per_inbox_however_the_address_is_written(award, finalist, organisation, again):
    other = make_nomination(award, organisation, status="shortlisted", name="Den andra")
    first = services.vote(award=award, nomination=finalist, email="anna@example.se")

    second = services.vote(award=award, nomination=other, email=again)

    assert second == first
    assert list(Vote.objects.values_list("nomination", "mailbox")) == [
        (finalist.pk, "anna@example.se")
    ]


def test_the_database_keeps_one_vote_per_inbox(award, finalist):
    Vote.objects.create(award=award, nomination=finalist, email="a@x.se", mailbox="a@x.se")
    with pytest.raises(IntegrityError):
        Vote.objects.create(award=award, nomination=finalist, email="a+1@x.se", mailbox="a@x.se")


def test_a_second_attempt_is_told_du_har_redan_rostat_and_the_page_says_nothing_else(
    client,
    award,
    finalist,
):
    vote = services.vote(award=award, nomination=finalist, email="anna@example.se")
    services.confirm_vote(vote=vote)
    first_answer = _text(
        client.post(
            "/pris/rosta/", {"nomination": finalist.pk, "email": "x@example.se"}, follow=True
        )
    )

    answer = _text(
        client.post(
            "/pris/rosta/",
            {"nomination": finalist.pk, "email": "Anna+igen@example.se"},
            follow=True,
        )
    )

    assert "Vi har mejlat dig en länk" in answer
    assert answer == first_answer
    # To the inbox as it first voted: the same inbox, and nobody else's.
    again = OutboxMessage.objects.filter(to=["anna@example.se"]).latest("pk")
    assert again.subject.startswith("Du har redan röstat")
    assert "Du har redan röstat i" in again.body
    assert "/pris/rosta/" not in again.body  # confirmed already: no link to click again


def test_an_unconfirmed_first_vote_gets_its_link_again_with_the_notice(award, finalist):
    vote = services.vote(award=award, nomination=finalist, email="anna@example.se")

    services.vote(award=award, nomination=finalist, email="anna+2@example.se")

    again = OutboxMessage.objects.filter(to=["anna@example.se"]).latest("pk")
    assert "Du har redan röstat i" in again.body
    assert f"/pris/rosta/{vote.token}/" in again.body


def _cast(award, nomination, email, network, at, confirm=True):
    vote = services.vote(award=award, nomination=nomination, email=email, network=network, now=at)
    if confirm:
        services.confirm_vote(vote=vote, now=at)
    return vote


def test_coordinators_see_votes_per_domain_and_bursts_per_network(
    client,
    coordinator,
    award,
    finalist,
):
    start = award.vote_open + timedelta(hours=1)
    for n in range(6):  # a burst: six votes from one network within two minutes
        _cast(award, finalist, f"v{n}@spam.example", "192.0.2.7", start + timedelta(seconds=20 * n))
    for n in range(3):  # a school's votes over a day: no burst
        _cast(award, finalist, f"elev{n}@skola.se", "198.51.100.1", start + timedelta(hours=3 * n))
    _cast(award, finalist, "ensam@skola.se", "198.51.100.2", start, confirm=False)
    client.force_login(coordinator)

    text = _text(client.get(VOTES_URL))

    assert "spam.example 6 0 0" in text
    assert "skola.se 3 1 0" in text
    [burst] = services.bursts(award)
    assert (burst.votes, burst.solutions) == (6, ["Finalisten"])
    assert burst.network == network_mark("192.0.2.7")
    assert "192.0.2.7" not in text  # no address is kept or shown
    assert not Vote.objects.filter(network__contains="192.0.2").exists()
    assert f"{burst.network} 6" in text


def test_a_coordinator_voids_a_networks_votes_with_a_reason_and_they_stop_counting(
    client,
    coordinator,
    award,
    finalist,
):
    start = award.vote_open + timedelta(hours=1)
    for n in range(5):
        _cast(award, finalist, f"v{n}@spam.example", "192.0.2.7", start + timedelta(seconds=n))
    _cast(award, finalist, "riktig@kommun.se", "198.51.100.1", start)
    client.force_login(coordinator)
    network = network_mark("192.0.2.7")

    response = client.post(
        VOTES_URL, {"network": network, "reason": "Fem röster på fem sekunder"}, follow=True
    )

    assert "5 röster räknas inte längre." in _text(response)
    assert services.vote_counts(award) == [(finalist, 1)]
    voided = Vote.objects.filter(voided_at__isnull=False)
    assert voided.count() == 5
    assert set(voided.values_list("void_reason", "voided_by")) == {
        ("Fem röster på fem sekunder", coordinator.pk)
    }
    assert "Fem röster på fem sekunder" in _text(response)  # the record on the page


def test_voiding_needs_a_reason_and_saves_nothing_without(client, coordinator, award, finalist):
    _cast(award, finalist, "a@spam.example", "192.0.2.7", award.vote_open + timedelta(hours=1))
    client.force_login(coordinator)

    response = client.post(VOTES_URL, {"domain": "spam.example", "reason": " "}, follow=True)

    assert "Skriv varför rösterna inte ska räknas." in _text(response)
    assert not Vote.objects.filter(voided_at__isnull=False).exists()


def test_only_coordinators_void_votes(client, owner, award, finalist):
    _cast(award, finalist, "a@spam.example", "192.0.2.7", award.vote_open + timedelta(hours=1))
    with pytest.raises(AwardError):
        services.void_votes(award=award, reason="x", by=owner, domain="spam.example")
    client.force_login(owner)
    assert client.post(VOTES_URL, {"domain": "spam.example", "reason": "x"}).status_code == 403
    assert not Vote.objects.filter(voided_at__isnull=False).exists()
