"""Issue 16, line 7: an organisation that is already registered offers "Be om att gå med", which
its administrators approve or decline; a new organisation is unverified until a coordinator
vouches for it (or its first member's email is at its own website's domain), and reviewers see
that mark, its age and who registered it."""

import re

import pytest
from django.utils import timezone

from tests.factories import make_activity, make_organisation, make_user
from tests.organisations.test_organisations import organisation_form
from veckan.activities.models import Status
from veckan.organisations.models import JoinRequest, Membership, Organisation
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def registered(owner):
    return make_organisation(name="Exempelstads kommun", admin=owner, verified=False)


def test_registering_a_known_organisation_number_offers_to_ask_to_join(client, registered):
    newcomer = make_user(name="Nora Ny")
    client.force_login(newcomer)

    page = client.post(
        "/mina-organisationer/ny/", organisation_form(org_number=registered.org_number)
    )

    assert page.status_code == 200
    text = _text(page)
    assert "Det finns redan en organisation med det organisationsnumret." in text
    assert "Exempelstads kommun är redan registrerad" in text
    assert f'action="/organisationer/{registered.slug}/be-om-att-ga-med/"' in page.content.decode()
    assert Organisation.objects.count() == 1


def test_asking_to_join_emails_the_admins_once_and_shows_as_waiting(client, owner, registered):
    newcomer = make_user(name="Nora Ny")
    client.force_login(newcomer)

    for _ in range(2):
        response = client.post(f"/organisationer/{registered.slug}/be-om-att-ga-med/", follow=True)

    assert JoinRequest.objects.open().filter(user=newcomer, organisation=registered).count() == 1
    [email] = OutboxMessage.objects.all()
    assert email.to == [owner.email]
    assert email.subject == "Nora Ny ber om att gå med i Exempelstads kommun"
    assert f"/mina-organisationer/{registered.slug}/" in email.body
    assert "Exempelstads kommun: väntar på svar från administratörerna" in _text(response)
    assert not Membership.objects.filter(user=newcomer).exists()


def test_an_admin_approves_and_the_person_becomes_a_member_and_is_told(client, owner, registered):
    newcomer = make_user(name="Nora Ny")
    asking = JoinRequest.objects.create(organisation=registered, user=newcomer)
    client.force_login(owner)

    page = client.get(registered.get_absolute_url())
    assert f"Nora Ny ({newcomer.email}) bad om att gå med" in _text(page)
    response = client.post(
        f"/mina-organisationer/{registered.slug}/forfragningar/{asking.pk}/",
        {"action": "approve"},
        follow=True,
    )

    assert "Nora Ny är nu medlem." in _text(response)
    membership = Membership.objects.get(user=newcomer, organisation=registered)
    assert membership.role == Membership.Role.MEMBER
    asking.refresh_from_db()
    assert (asking.approved, asking.decided_by) == (True, owner)
    [email] = OutboxMessage.objects.filter(to=[newcomer.email])
    assert "Du är nu medlem i Exempelstads kommun" in email.body


def test_an_admin_declines_and_the_person_is_told_and_not_a_member(client, owner, registered):
    newcomer = make_user()
    asking = JoinRequest.objects.create(organisation=registered, user=newcomer)
    client.force_login(owner)

    client.post(
        f"/mina-organisationer/{registered.slug}/forfragningar/{asking.pk}/", {"action": "decline"}
    )
    again = client.post(
        f"/mina-organisationer/{registered.slug}/forfragningar/{asking.pk}/",
        {"action": "approve"},
        follow=True,
    )

    assert "Förfrågan är redan besvarad." in _text(again)
    assert not Membership.objects.filter(user=newcomer).exists()
    [email] = OutboxMessage.objects.filter(to=[newcomer.email])
    assert "har avböjt din förfrågan" in email.body


def test_only_admins_answer_join_requests(client, colleague, registered):
    Membership.objects.create(user=colleague, organisation=registered)
    asking = JoinRequest.objects.create(organisation=registered, user=make_user())
    client.force_login(colleague)

    response = client.post(
        f"/mina-organisationer/{registered.slug}/forfragningar/{asking.pk}/", {"action": "approve"}
    )

    assert response.status_code == 403
    assert JoinRequest.objects.open().count() == 1


@pytest.mark.parametrize(
    ("email", "website", "verified"),
    [
        ("anna@exempelstad.se", "https://www.exempelstad.se", True),
        ("anna@kommun.exempelstad.se", "https://exempelstad.se/", True),
        ("anna@gmail.com", "https://www.exempelstad.se", False),
        ("anna@exempelstad.se.example.com", "https://exempelstad.se", False),
        ("anna@exempelstad.se", "", False),
    ],
)
def test_a_new_organisation_is_unverified_unless_the_email_is_at_its_website(
    client, email, website, verified
):
    creator = make_user(email)
    client.force_login(creator)

    client.post("/mina-organisationer/ny/", organisation_form(website=website))

    organisation = Organisation.objects.get()
    assert organisation.created_by == creator
    assert organisation.is_verified is verified


def test_reviewers_see_the_mark_its_age_and_creator_and_can_verify(
    client, coordinator, owner, edition
):
    organisation = make_organisation(name="Nystartade AB", admin=owner, verified=False)
    organisation.created_by = owner
    organisation.created_at = timezone.now() - timezone.timedelta(days=3)
    organisation.save()
    activity = make_activity(edition, organisation, status=Status.SUBMITTED, title="Ny workshop")
    client.force_login(coordinator)

    queue = _text(client.get("/samordning/granskning/"))
    page = client.get(f"/samordning/granskning/{activity.pk}/")

    assert "Nystartade AB Ej verifierad" in queue
    text = _text(page)
    assert "Ej verifierad" in text
    assert f"Registrerad för 3 dagar sedan av {owner.get_full_name()} ({owner.email})." in text
    response = client.post(
        f"/samordning/organisationer/{organisation.slug}/verifiera/",
        {"next": f"/samordning/granskning/{activity.pk}/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/samordning/granskning/{activity.pk}/"
    assert "Nystartade AB är verifierad." in _text(response)
    assert "Ej verifierad" not in _text(response)
    organisation.refresh_from_db()
    assert organisation.verified_by == coordinator


def test_only_coordinators_verify(client, owner, registered):
    client.force_login(owner)
    response = client.post(f"/samordning/organisationer/{registered.slug}/verifiera/")
    assert response.status_code == 403
    registered.refresh_from_db()
    assert not registered.is_verified


def test_coordinators_see_the_organisations_to_verify_on_their_start_page_and_list(
    client, coordinator, owner, registered
):
    registered.created_by = owner
    registered.save()
    make_organisation(name="Redan känd kommun")  # verified
    client.force_login(coordinator)

    start = _text(client.get("/samordning/"))
    page = client.get("/samordning/organisationer/")

    assert "1 organisation att verifiera" in start
    text = _text(page)
    assert f"Exempelstads kommun {registered.get_kind_display()}" in text
    assert f"{owner.get_full_name()} ({owner.email})" in text
    assert "Redan känd kommun" not in text
    response = client.post(
        f"/samordning/organisationer/{registered.slug}/verifiera/",
        {"next": "/samordning/organisationer/"},
        follow=True,
    )
    assert "Alla organisationer är verifierade." in _text(response)


def test_the_list_to_verify_is_for_coordinators_only(client, owner):
    client.force_login(owner)
    assert client.get("/samordning/organisationer/").status_code == 403
