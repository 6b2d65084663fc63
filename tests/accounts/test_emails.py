"""Every account email allauth sends is ours, in Swedish (and English on /en/): none falls back
to allauth's own wording."""

from pathlib import Path

import allauth
import pytest
from django.conf import settings

from tests.factories import make_user
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize("folder", ["account/email", "mfa/email"])
def test_every_allauth_email_template_has_our_own_wording(folder):
    theirs = {p.name for p in (Path(allauth.__file__).parent / "templates" / folder).glob("*.txt")}
    ours = {p.name for p in (TEMPLATES / folder).glob("*.txt")}
    assert theirs - ours == set()


def test_signup_confirmation_email_is_in_our_swedish(client):
    client.post(
        "/konto/signup/",
        {
            "email": "ny@kommun.example.se",
            "password1": "Ett långt lösen 42",
            "password2": "Ett långt lösen 42",
        },
    )
    [mail] = OutboxMessage.objects.filter(to=["ny@kommun.example.se"])
    assert mail.subject == "Innovationsveckan: Bekräfta din e-postadress"
    assert mail.body.startswith(
        "Hej!\n\nNågon, förhoppningsvis du, har angett den här e-postadressen"
    )
    assert "Bekräfta adressen genom att öppna länken:\nhttp" in mail.body
    assert "Vänliga hälsningar\nInnovationsveckan" in mail.body
    assert "Hello" not in mail.body
    assert "Tack för att du använder" not in mail.body


def test_password_reset_email_is_in_our_swedish_and_english(client):
    make_user("kim@kommun.example.se")
    client.post("/konto/password/reset/", {"email": "kim@kommun.example.se"})
    client.post("/en/konto/password/reset/", {"email": "kim@kommun.example.se"})
    swedish, english = OutboxMessage.objects.filter(to=["kim@kommun.example.se"]).order_by("pk")
    assert swedish.subject == "Innovationsveckan: Återställ ditt lösenord"
    assert "Välj ett nytt lösenord här:" in swedish.body
    assert english.subject == "Innovationsveckan: Reset your password"
    assert "Choose a new password here:" in english.body


def test_signup_with_a_known_address_gets_our_already_exists_email(client):
    make_user("kim@kommun.example.se")
    client.post(
        "/konto/signup/",
        {
            "email": "kim@kommun.example.se",
            "password1": "Ett långt lösen 42",
            "password2": "Ett långt lösen 42",
        },
    )
    [mail] = OutboxMessage.objects.filter(to=["kim@kommun.example.se"])
    assert mail.subject == "Innovationsveckan: Du har redan ett konto"
    assert "Det finns redan ett konto med den adressen" in mail.body
