"""Spread, recorded: another organisation marks a solution "vi testar" or "vi har infört"."""

import re

import pytest

from tests.factories import make_organisation, make_solution, make_user
from veckan.outbox.models import OutboxMessage
from veckan.solutions.models import Adoption, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def solution(organisation):
    return make_solution(organisation, title="Digital planering")


def _adopters(client, solution) -> str:
    page = client.get(f"/losningar/{solution.slug}/").content.decode()
    return page.split('id="adopters">')[1].split("</ul>")[0] if 'id="adopters"' in page else ""


def test_spread_another_organisation_marks_testing_and_owners_are_told(
    client, solution, stranger, other_organisation, owner, colleague
):
    client.force_login(stranger)
    page = client.get(f"/losningar/{solution.slug}/").content.decode()
    assert "Testar ni eller har ni infört lösningen?" in page
    client.post(
        f"/losningar/{solution.slug}/spridning/",
        {"organisation": other_organisation.pk, "status": "testing", "note": "Pilot i vår"},
    )
    adoption = Adoption.objects.get()
    assert (adoption.organisation, adoption.status, adoption.note, adoption.marked_by) == (
        other_organisation,
        "testing",
        "Pilot i vår",
        stranger,
    )
    assert sorted((m.subject, m.to[0]) for m in OutboxMessage.objects.all()) == [
        ("Någon testar er lösning: Digital planering", owner.email),
        ("Någon testar er lösning: Digital planering", colleague.email),
    ]
    assert "Annanstad kommun</strong>: Vi testar – Pilot i vår" in _adopters(client, solution)


def test_spread_is_one_per_organisation_and_changeable(
    client, solution, stranger, other_organisation
):
    client.force_login(stranger)
    url = f"/losningar/{solution.slug}/spridning/"
    client.post(url, {"organisation": other_organisation.pk, "status": "testing"})
    client.post(url, {"organisation": other_organisation.pk, "status": "adopted"})
    adoption = Adoption.objects.get()
    assert adoption.status == "adopted"
    assert adoption.adopted_at is not None
    assert OutboxMessage.objects.filter(subject__startswith="Någon har infört").count() == 2
    client.post(url, {"organisation": other_organisation.pk, "status": "adopted", "note": "Klart"})
    assert OutboxMessage.objects.filter(subject__startswith="Någon har infört").count() == 2
    assert Adoption.objects.get().note == "Klart"


def test_spread_the_owner_cannot_mark_its_own_solution(client, solution, owner, organisation):
    client.force_login(owner)
    page = client.get(f"/losningar/{solution.slug}/").content.decode()
    assert "Testar ni eller har ni infört lösningen?" not in page
    client.post(
        f"/losningar/{solution.slug}/spridning/",
        {"organisation": organisation.pk, "status": "adopted"},
    )
    assert not Adoption.objects.exists()


def test_spread_only_members_may_mark_for_an_organisation(client, solution, other_organisation):
    outsider = make_user("ute@example.se")
    make_organisation(admin=outsider)
    client.force_login(outsider)
    client.post(
        f"/losningar/{solution.slug}/spridning/",
        {"organisation": other_organisation.pk, "status": "adopted"},
    )
    assert not Adoption.objects.exists()


def test_spread_needs_a_public_solution(client, organisation, stranger, other_organisation):
    draft = make_solution(organisation, status=Status.DRAFT)
    client.force_login(stranger)
    answer = client.post(
        f"/losningar/{draft.slug}/spridning/",
        {"organisation": other_organisation.pk, "status": "adopted"},
    )
    assert answer.status_code == 404
    assert not Adoption.objects.exists()


def test_spread_can_be_taken_back(client, solution, stranger, other_organisation):
    Adoption.objects.create(solution=solution, organisation=other_organisation, status="testing")
    client.force_login(stranger)
    page = client.get(f"/losningar/{solution.slug}/").content.decode()
    assert "Ta bort markeringen för Annanstad kommun" in page
    checked = re.findall(r'type="radio" name="status" value="(\w+)"[^>]*checked', page)
    assert checked == ["testing"]
    client.post(
        f"/losningar/{solution.slug}/spridning/",
        {"organisation": other_organisation.pk, "remove": "1"},
    )
    assert not Adoption.objects.exists()
