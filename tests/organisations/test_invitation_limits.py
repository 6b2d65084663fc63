"""Issue 14, line 4: invitations are mail from our address with words a self-registered user
chose, so only a verified organisation's verified members send them, a few a day, short, and
with nothing chosen in the subject."""

import re

import pytest
from allauth.account.models import EmailAddress

from tests.factories import make_organisation
from veckan.organisations.models import Invitation
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _invite(client, organisation, email: str):
    return client.post(
        f"/mina-organisationer/{organisation.slug}/bjud-in/",
        {"email": email, "role": "member"},
        follow=True,
    )


def test_an_unverified_organisation_cannot_invite_yet_and_is_told_why(client, owner):
    organisation = make_organisation(admin=owner, verified=False)
    client.force_login(owner)

    response = _invite(client, organisation, "kollega@example.se")

    assert "Ni kan bjuda in kollegor när en samordnare har verifierat organisationen" in _text(
        response
    )
    assert not Invitation.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_member_whose_address_is_not_confirmed_cannot_invite(client, owner, organisation):
    EmailAddress.objects.filter(user=owner).update(verified=False)
    client.force_login(owner)

    response = _invite(client, organisation, "kollega@example.se")

    assert "Bekräfta din e-postadress innan du bjuder in andra." in _text(response)
    assert not OutboxMessage.objects.exists()


def test_an_organisation_sends_at_most_twenty_invitations_a_day(client, owner, organisation):
    client.force_login(owner)

    for n in range(20):
        _invite(client, organisation, f"kollega{n}@example.se")
    response = _invite(client, organisation, "en-till@example.se")

    assert "Organisationen har skickat många inbjudningar i dag. Försök igen i morgon." in _text(
        response
    )
    assert OutboxMessage.objects.count() == 20
    assert not Invitation.objects.filter(email="en-till@example.se").exists()


def test_one_address_gets_at_most_three_invitations_a_day_resent_or_not(
    client, owner, organisation
):
    client.force_login(owner)
    _invite(client, organisation, "kollega@example.se")
    invitation = Invitation.objects.get()
    url = f"/mina-organisationer/{organisation.slug}/inbjudningar/{invitation.pk}/"

    answers = [_text(client.post(url, {"action": "resend"}, follow=True)) for _ in range(3)]

    assert "Inbjudan är skickad igen till kollega@example.se" in answers[1]
    assert "Försök igen i morgon." in answers[2]
    assert OutboxMessage.objects.count() == 3


def test_the_words_a_user_chose_stay_short_and_out_of_the_subject(client, owner):
    organisation = make_organisation(admin=owner, name="Köp billigt " * 16)
    owner.name = "Klicka här " * 10
    owner.save()
    client.force_login(owner)

    _invite(client, organisation, "kollega@example.se")

    [message] = OutboxMessage.objects.all()
    assert message.subject == "Inbjudan till Innovationsveckan"
    assert "Köp billigt " * 6 in message.body
    assert "Köp billigt " * 7 not in message.body
    assert "Klicka här " * 8 not in message.body
