"""Issue 14, line 7: staff never see a live password-reset or personal link in the admin, nor a
two-factor secret."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from tests.factories import add_totp, make_user
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(db) -> Client:
    staff = make_user(staff=True)
    staff.is_superuser = True
    staff.save()
    add_totp(staff)
    client = Client()
    client.force_login(staff)
    return client


def test_a_password_reset_email_in_the_admin_shows_no_link(client, staff_client, owner):
    client.post("/konto/password/reset/", {"email": owner.email})
    [message] = OutboxMessage.objects.all()
    reset_url = re.search(r"https?://\S+/konto/password/reset/key/\S+", message.body)[0]

    pages = [
        staff_client.get("/admin/outbox/outboxmessage/"),
        staff_client.get(f"/admin/outbox/outboxmessage/{message.pk}/change/"),
    ]

    assert [page.status_code for page in pages] == [200, 200]
    for page in pages:
        html = page.content.decode()
        assert reset_url.split("/konto/")[1] not in html
        assert "/konto/password/reset/key/" not in html
    assert "[länk dold]" in pages[1].content.decode()
    assert owner.email in pages[1].content.decode()  # what it was and to whom still shows


def test_an_authenticator_in_the_admin_shows_no_secret(staff_client, owner):
    secret = add_totp(owner)
    authenticator = Authenticator.objects.get(user=owner)

    page = staff_client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")

    assert page.status_code == 200
    assert secret not in page.content.decode()
    assert "TOTP" in page.content.decode()
