import re

import pytest
from django.core import mail
from django.http import QueryDict
from django.utils import timezone

from tests.factories import make_activity, make_organisation, make_published_edition
from veckan.activities import search
from veckan.activities.models import Activity, CoOrganiser, Status
from veckan.organisations.models import Invitation, Kind, Membership, Organisation
from veckan.outbox.models import OutboxMessage
from veckan.outbox.services import deliver_due
from veckan.program.filters import ProgramSearch

pytestmark = pytest.mark.django_db


def organisation_form(**overrides):
    return {
        "name": "Exempelstads kommun",
        "kind": Kind.KOMMUN,
        "org_number": "212000-0142",
        "home_municipality": "0580",
        "website": "",
        "description": "",
    } | overrides


def errors_of(response) -> list[str]:
    return [str(e) for field in response.context["form"] for e in field.errors]


def test_organisation_create_makes_creator_admin(client, owner):
    client.force_login(owner)
    response = client.post("/mina-organisationer/ny/", organisation_form(org_number="2120000142"))
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mina-organisationer/{organisation.slug}/"
    assert organisation.org_number == "212000-0142"
    assert organisation.home_municipality.name == "Linköping"
    assert list(organisation.memberships.values_list("user__email", "role")) == [
        (owner.email, Membership.Role.ADMIN)
    ]
    page = client.get(response["Location"])
    assert (
        "Exempelstads kommun är registrerad. Du är administratör för den." in page.content.decode()
    )


def test_organisation_create_bad_checksum_shows_swedish_error_and_saves_nothing(client, owner):
    client.force_login(owner)
    response = client.post("/mina-organisationer/ny/", organisation_form(org_number="212000-0143"))
    assert response.status_code == 200
    assert errors_of(response) == [
        "Organisationsnumret stämmer inte: kontrollsiffran är fel. Kontrollera att det är rätt skrivet."
    ]
    assert "Det finns fel i formuläret" in response.content.decode()
    assert not Organisation.objects.exists()


def test_organisation_create_personal_identity_number_is_refused_and_not_echoed(client, owner):
    client.force_login(owner)
    response = client.post("/mina-organisationer/ny/", organisation_form(org_number="811218-9876"))
    html = response.content.decode()
    assert response.status_code == 200
    assert errors_of(response) == [
        "Det här ser ut som ett personnummer. Ange organisationens organisationsnummer – vi tar inte emot personnummer."
    ]
    assert "811218" not in html
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("kind", "number", "message_start"),
    [
        (
            Kind.KOMMUN,
            "556036-0793",
            "Kommuner, regioner och statliga myndigheter har organisationsnummer",
        ),
        (Kind.STATLIG_MYNDIGHET, "802002-4918", "Kommuner, regioner och statliga myndigheter"),
        (Kind.FORETAG, "212000-0142", "Organisationsnummer som börjar med 2 tillhör stat"),
    ],
)
def test_organisation_legal_form_must_fit_kind(client, owner, kind, number, message_start):
    client.force_login(owner)
    response = client.post(
        "/mina-organisationer/ny/", organisation_form(kind=kind, org_number=number)
    )
    assert len(errors_of(response)) == 1
    assert errors_of(response)[0].startswith(message_start)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (Kind.FORETAG, "556036-0793"),
        (Kind.AKADEMI, "202100-3153"),  # a state university: public legal form, kind academia
        (Kind.CIVILSAMHALLE, "802002-4918"),
        (Kind.REGION, "232100-0016"),
    ],
)
def test_organisation_legal_form_fitting_kind_is_accepted(client, owner, kind, number):
    client.force_login(owner)
    response = client.post(
        "/mina-organisationer/ny/", organisation_form(kind=kind, org_number=number)
    )
    assert response.status_code == 302
    assert Organisation.objects.get().kind == kind


def test_organisation_number_is_unique(client, owner, organisation):
    client.force_login(owner)
    response = client.post(
        "/mina-organisationer/ny/", organisation_form(org_number=organisation.org_number)
    )
    assert errors_of(response) == ["Det finns redan en organisation med det organisationsnumret."]
    assert Organisation.objects.count() == 1


def test_organisation_list_shows_exactly_my_organisations(
    client, owner, organisation, other_organisation
):
    client.force_login(owner)
    response = client.get("/mina-organisationer/")
    names = [m.organisation.name for m in response.context["memberships"]]
    assert names == ["Exempelby kommun"]
    assert "Annanstad kommun" not in response.content.decode()


def test_organisation_of_others_answers_404(client, owner, organisation, other_organisation):
    client.force_login(owner)
    slug = other_organisation.slug
    assert client.get(f"/mina-organisationer/{slug}/").status_code == 404
    assert client.get(f"/mina-organisationer/{slug}/andra/").status_code == 404
    response = client.post(
        f"/mina-organisationer/{slug}/bjud-in/", {"email": "x@example.se", "role": "member"}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_organisation_edit_is_for_admins_only(client, colleague, organisation):
    client.force_login(colleague)
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/andra/", organisation_form(name="Kapat namn")
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Exempelby kommun"


def test_organisation_edit_by_admin_saves(client, owner, organisation):
    client.force_login(owner)
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/andra/",
        organisation_form(name="Exempelby kommun (ny)", org_number=organisation.org_number),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Exempelby kommun (ny)"


def test_invitation_is_emailed_and_accepted_by_the_invited_person(
    client, owner, organisation, stranger
):
    client.force_login(owner)
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/bjud-in/",
        {"email": "Frammande@Annan.Example.se", "role": Membership.Role.ADMIN},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "frammande@annan.example.se"
    message = OutboxMessage.objects.get()
    assert message.to == ["frammande@annan.example.se"]
    assert message.subject == "Inbjudan till Innovationsveckan"  # no chosen words in a subject
    assert "bjuder in dig att gå med i Exempelby kommun på Innovationsveckan" in message.body
    link = re.search(r"http://\S+/inbjudan/(\S+)/", message.body)
    assert link
    assert link.group(1) == invitation.token
    assert deliver_due() == 1
    assert len(mail.outbox) == 1

    client.force_login(stranger)
    assert "Exempelby kommun" in client.get("/mina-organisationer/").content.decode()
    response = client.post(f"/inbjudan/{invitation.token}/")
    assert response.status_code == 302
    membership = Membership.objects.get(user=stranger, organisation=organisation)
    assert membership.role == Membership.Role.ADMIN
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_invitation_cannot_be_taken_by_someone_else(client, owner, organisation, stranger):
    invitation = Invitation.objects.create(
        organisation=organisation, email="ratt@example.se", invited_by=owner
    )
    client.force_login(stranger)
    response = client.post(f"/inbjudan/{invitation.token}/", follow=True)
    assert "Inbjudan gäller ratt@example.se. Logga in med den adressen för att ta emot den." in (
        response.content.decode()
    )
    assert not Membership.objects.filter(user=stranger).exists()


def test_invitation_expires_after_14_days(client, owner, organisation, stranger):
    invitation = Invitation.objects.create(
        organisation=organisation, email=stranger.email, invited_by=owner
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=15)
    )
    client.force_login(stranger)
    response = client.post(f"/inbjudan/{invitation.token}/", follow=True)
    assert "Inbjudan har gått ut eller redan använts." in response.content.decode()
    assert not Membership.objects.filter(user=stranger).exists()


def test_invitation_of_existing_member_is_refused(client, owner, colleague, organisation):
    client.force_login(owner)
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/bjud-in/",
        {"email": colleague.email, "role": Membership.Role.MEMBER},
        follow=True,
    )
    assert (
        "kollega@kommun.example.se är redan medlem i organisationen." in response.content.decode()
    )
    assert not Invitation.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_role_change_keeps_at_least_one_admin(client, owner, colleague, organisation):
    client.force_login(owner)
    own = Membership.objects.get(user=owner)
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/medlemmar/{own.pk}/",
        {"action": "role", "role": Membership.Role.MEMBER},
        follow=True,
    )
    assert "En organisation måste ha minst en administratör." in response.content.decode()
    own.refresh_from_db()
    assert own.role == Membership.Role.ADMIN

    theirs = Membership.objects.get(user=colleague)
    client.post(
        f"/mina-organisationer/{organisation.slug}/medlemmar/{theirs.pk}/",
        {"action": "role", "role": Membership.Role.ADMIN},
    )
    client.post(f"/mina-organisationer/{organisation.slug}/medlemmar/{own.pk}/ta-bort/")
    assert list(organisation.memberships.values_list("user__email", "role")) == [
        (colleague.email, Membership.Role.ADMIN)
    ]


def test_member_of_another_organisation_cannot_be_changed(
    client, owner, organisation, other_organisation
):
    client.force_login(owner)
    theirs = other_organisation.memberships.get()
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/medlemmar/{theirs.pk}/ta-bort/"
    )
    assert response.status_code == 404
    assert other_organisation.memberships.count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_list_query_count_is_fixed(client, owner, django_assert_num_queries, count):
    for _ in range(count):
        make_organisation(admin=owner)
    client.force_login(owner)
    with django_assert_num_queries(6):  # the join requests are one more list on the page
        response = client.get("/mina-organisationer/")
    assert len(response.context["memberships"]) == count


def test_organisation_new_name_is_searched_in_the_program_at_once(client, owner, organisation):
    edition = make_published_edition()
    partner = make_organisation(name="Grannby kommun")
    own = make_activity(edition, organisation, status=Status.APPROVED, title="Eget seminarium")
    shared = make_activity(edition, partner, status=Status.APPROVED, title="Delat seminarium")
    CoOrganiser.objects.create(activity=shared, organisation=organisation)
    search.index_activities(Activity.objects.with_related())
    assert searched(edition, "Exempelby") == {"Eget seminarium", "Delat seminarium"}

    client.force_login(owner)
    client.post(
        f"/mina-organisationer/{organisation.slug}/andra/",
        organisation_form(name="Nyby kommun", org_number=organisation.org_number),
    )
    assert searched(edition, "Nyby") == {own.title, shared.title}
    assert searched(edition, "Exempelby") == set()


def searched(edition, text: str) -> set[str]:
    program = ProgramSearch(QueryDict(f"q={text}"), edition=edition)
    return set(program.results().values_list("title", flat=True))


def test_member_removal_asks_first_and_removes_only_on_confirming(
    client, owner, colleague, organisation
):
    client.force_login(owner)
    theirs = Membership.objects.get(user=colleague)
    detail = client.get(f"/mina-organisationer/{organisation.slug}/").content.decode()
    url = f"/mina-organisationer/{organisation.slug}/medlemmar/{theirs.pk}/ta-bort/"
    assert f'href="{url}"' in detail
    page = client.get(url).content.decode()
    assert "Ta bort Kim Kollega ur Exempelby kommun?" in page
    assert "Kim Kollega (kollega@kommun.example.se) kommer inte längre åt" in page
    assert Membership.objects.filter(pk=theirs.pk).exists()
    response = client.post(url, follow=True)
    assert "Kim Kollega är borttagen ur organisationen." in response.content.decode()
    assert list(organisation.memberships.values_list("user__email", flat=True)) == [owner.email]


def test_member_removal_page_is_for_admins_only(client, owner, colleague, organisation):
    client.force_login(colleague)
    own = Membership.objects.get(user=owner)
    url = f"/mina-organisationer/{organisation.slug}/medlemmar/{own.pk}/ta-bort/"
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Membership.objects.filter(pk=own.pk).exists()


def test_invitation_can_be_resent_with_a_new_14_days(client, owner, organisation):
    invitation = Invitation.objects.create(
        organisation=organisation, email="ny@example.se", invited_by=owner
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=10)
    )
    client.force_login(owner)
    detail = client.get(f"/mina-organisationer/{organisation.slug}/").content.decode()
    assert "ny@example.se, som medlem. Gäller till och med" in detail
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/inbjudningar/{invitation.pk}/",
        {"action": "resend"},
        follow=True,
    )
    assert (
        "Inbjudan är skickad igen till ny@example.se och gäller i 14 dagar från nu."
        in response.content.decode()
    )
    invitation.refresh_from_db()
    assert timezone.now() - invitation.created_at < timezone.timedelta(minutes=1)
    [message] = OutboxMessage.objects.all()
    assert message.to == ["ny@example.se"]
    assert f"/inbjudan/{invitation.token}/" in message.body


def test_invitation_withdrawn_leaves_a_link_that_says_so(client, owner, organisation):
    invitation = Invitation.objects.create(
        organisation=organisation, email="ny@example.se", invited_by=owner
    )
    client.force_login(owner)
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/inbjudningar/{invitation.pk}/",
        {"action": "withdraw"},
        follow=True,
    )
    assert "Inbjudan till ny@example.se är återkallad." in response.content.decode()
    assert not Invitation.objects.exists()
    client.logout()
    landing = client.get(f"/inbjudan/{invitation.token}/")
    assert landing.status_code == 404
    assert "Inbjudan har återkallats eller så är länken fel." in landing.content.decode()


def test_invitation_of_another_organisation_cannot_be_touched(
    client, owner, organisation, other_organisation, stranger
):
    invitation = Invitation.objects.create(
        organisation=other_organisation, email="ny@example.se", invited_by=stranger
    )
    client.force_login(owner)
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/inbjudningar/{invitation.pk}/",
        {"action": "withdraw"},
    )
    assert response.status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_invitation_landing_says_who_invited_to_what_and_prefills_the_address(
    client, owner, organisation
):
    invitation = Invitation.objects.create(
        organisation=organisation,
        email="ny.person@example.se",
        invited_by=owner,
        role=Membership.Role.ADMIN,
    )
    page = client.get(f"/inbjudan/{invitation.token}/").content.decode()
    assert (
        "Åsa Ägare bjuder in dig till Exempelby kommun (kommun) som administratör. "
        "Inbjudan gäller ny.person@example.se." in page
    )
    signup = re.search(r'href="(/konto/signup/\?[^"]+)"', page).group(1).replace("&amp;", "&")
    form = client.get(signup).content.decode()
    assert 'value="ny.person@example.se"' in form
    assert QueryDict(signup.split("?", 1)[1])["next"] == f"/inbjudan/{invitation.token}/"
