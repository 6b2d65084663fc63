"""An organisation publishes a solution; coordinators review it as they review activities."""

import pytest

from tests.factories import make_solution
from veckan.outbox.models import OutboxMessage
from veckan.solutions.models import LogEntry, Solution, Status

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Digital hemtjänstplanering",
    "summary": "Planera hemtjänsten digitalt.",
    "problem": "Schemat görs för hand varje morgon.",
    "solution": "Ett öppet planeringsverktyg.",
    "how_to_start": "Installera verktyget och importera scheman.",
    "effort": "Två veckor",
    "cost": "Gratis",
    "maturity": "in_use",
    "licence": "EUPL-1.2",
    "repository_url": "https://github.com/exempelby/planering",
    "materials": "Guide https://exempelby.se/guide.pdf",
    "contact_name": "Åsa Ägare",
    "contact_email": "agare@kommun.example.se",
    "contact_phone": "",
}


def _subjects() -> list[tuple[str, list[str]]]:
    return sorted((m.subject, m.to) for m in OutboxMessage.objects.all())


def test_solution_owner_creates_and_submits(client, owner, organisation):
    client.force_login(owner)
    answer = client.post("/mina-losningar/ny/", {**FORM, "organisation": organisation.pk})
    assert answer.status_code == 302
    solution = Solution.objects.get()
    assert (solution.status, solution.organisation, solution.created_by) == (
        Status.DRAFT,
        organisation,
        owner,
    )
    assert solution.material_links == [("Guide", "https://exempelby.se/guide.pdf")]

    page = client.get("/mina-losningar/").content.decode()
    assert "Digital hemtjänstplanering" in page
    assert "Skicka in för granskning" in page

    client.post(f"/mina-losningar/{solution.pk}/skicka-in/")
    solution.refresh_from_db()
    assert solution.status == Status.SUBMITTED
    assert list(solution.log.values_list("action", flat=True)) == ["created", "submitted"]


def test_solution_form_refuses_another_organisations_activity(client, owner, organisation):
    from tests.factories import make_activity, make_organisation, make_published_edition

    edition = make_published_edition()
    theirs = make_activity(edition, make_organisation(), status="approved")
    client.force_login(owner)
    answer = client.post(
        "/mina-losningar/ny/",
        {**FORM, "organisation": organisation.pk, "activities": [theirs.pk]},
    )
    assert answer.status_code == 200
    assert not Solution.objects.exists()


@pytest.mark.coordinator_signed_in
def test_solution_coordinator_approves_and_owners_are_emailed(
    client, coordinator, organisation, owner, colleague
):
    solution = make_solution(organisation, status=Status.SUBMITTED, title="Öppen planering")
    assert "Öppen planering" in client.get("/samordning/losningar/").content.decode()

    answer = client.post(
        f"/samordning/losningar/{solution.pk}/", {"decision": "approve", "comment": "Fint!"}
    )
    assert answer.status_code == 302
    solution.refresh_from_db()
    assert solution.status == Status.APPROVED
    assert solution.approved_at is not None
    assert _subjects() == [
        ("Lösningen är godkänd: Öppen planering", [owner.email]),
        ("Lösningen är godkänd: Öppen planering", [colleague.email]),
    ]
    entry = solution.log.get()
    assert (entry.action, entry.actor, entry.comment) == (
        LogEntry.Action.APPROVED,
        coordinator,
        "Fint!",
    )


@pytest.mark.coordinator_signed_in
def test_solution_coordinator_requests_changes_with_a_comment(client, coordinator, organisation):
    solution = make_solution(organisation, status=Status.SUBMITTED, title="Öppen planering")
    refused = client.post(
        f"/samordning/losningar/{solution.pk}/", {"decision": "request_changes", "comment": " "}
    )
    assert "Skriv vad som behöver ändras." in refused.content.decode()
    assert Solution.objects.get().status == Status.SUBMITTED

    client.post(
        f"/samordning/losningar/{solution.pk}/",
        {"decision": "request_changes", "comment": "Beskriv kostnaden."},
    )
    assert Solution.objects.get().status == Status.CHANGES_REQUESTED
    assert {s for s, _to in _subjects()} == {"Lösningen behöver ändras: Öppen planering"}
    body = OutboxMessage.objects.first().body
    assert "Beskriv kostnaden." in body


@pytest.mark.coordinator_signed_in
def test_solution_coordinator_rejects_with_a_reason(client, coordinator, organisation):
    solution = make_solution(organisation, status=Status.SUBMITTED, title="Öppen planering")
    client.post(f"/samordning/losningar/{solution.pk}/", {"decision": "reject", "comment": "Nej."})
    assert Solution.objects.get().status == Status.REJECTED
    assert {s for s, _to in _subjects()} == {"Lösningen har inte godkänts: Öppen planering"}


def test_solution_other_organisations_get_404(client, stranger, organisation, other_organisation):
    solution = make_solution(organisation, status=Status.DRAFT)
    client.force_login(stranger)
    assert client.get(f"/mina-losningar/{solution.pk}/andra/").status_code == 404
    assert client.post(f"/mina-losningar/{solution.pk}/skicka-in/").status_code == 404
    assert Solution.objects.get().status == Status.DRAFT
    assert "Ni har inga lösningar ännu." in client.get("/mina-losningar/").content.decode()


def test_solution_review_is_for_coordinators_only(client, owner, organisation):
    solution = make_solution(organisation, status=Status.SUBMITTED)
    client.force_login(owner)
    assert client.get("/samordning/losningar/").status_code == 403
    assert (
        client.post(f"/samordning/losningar/{solution.pk}/", {"decision": "approve"}).status_code
        == 403
    )
    assert Solution.objects.get().status == Status.SUBMITTED


def test_solution_edit_of_an_approved_one_goes_back_to_review(client, owner, organisation):
    solution = make_solution(organisation, title="Öppen planering")
    client.force_login(owner)
    client.post(
        f"/mina-losningar/{solution.pk}/andra/",
        {**FORM, "title": "Öppen planering 2", "organisation": organisation.pk},
    )
    solution.refresh_from_db()
    assert (solution.title, solution.status) == ("Öppen planering 2", Status.SUBMITTED)
    assert client.get(f"/losningar/{solution.slug}/").status_code == 404


def test_solution_cannot_be_submitted_without_problem_and_start(client, owner, organisation):
    solution = make_solution(organisation, status=Status.DRAFT, problem="", how_to_start="")
    client.force_login(owner)
    answer = client.post(f"/mina-losningar/{solution.pk}/skicka-in/", follow=True)
    assert "Beskriv problemet och hur andra kommer i gång" in answer.content.decode()
    assert Solution.objects.get().status == Status.DRAFT


@pytest.mark.coordinator_signed_in
def test_solution_waiting_for_review_is_a_coordinator_todo(client, coordinator, organisation):
    make_solution(organisation, status=Status.SUBMITTED)
    make_solution(organisation, status=Status.DRAFT)
    page = client.get("/samordning/").content.decode()
    assert 'href="/samordning/losningar/">1 lösning att granska' in page
