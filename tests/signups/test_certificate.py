"""The certificate of attendance (PDF) on a checked-in participant's personal page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_activity, make_edition
from veckan.signups import certificate
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db


def _past(organisation, **fields):
    edition = make_edition(timezone.localdate().year - 1, current=False)
    return make_activity(
        edition,
        organisation,
        status="approved",
        signup_mode="platform",
        capacity=40,
        title="Välfärdsteknik – hur gör vi?",
        **fields,
    )


def _signup(activity, name="Åsa Öberg", **fields) -> SignUp:
    return SignUp.objects.create(
        activity=activity,
        name=name,
        email=f"{abs(hash(name))}@example.se",
        status="confirmed",
        confirmed_at=activity.starts_at - timedelta(days=3),
        **fields,
    )


def test_a_checked_in_participant_downloads_a_one_page_pdf_with_their_name(
    client, organisation, monkeypatch
):
    monkeypatch.setattr(certificate, "COMPRESS", False)  # the text readable in the bytes
    activity = _past(organisation)
    signup = _signup(activity, checked_in_at=activity.starts_at)
    page = client.get(f"/anmalan/{signup.token}/").content.decode()
    assert "Intyg om deltagande (PDF)" in page
    assert f'href="/anmalan/{signup.token}/intyg.pdf"' in page
    response = client.get(f"/anmalan/{signup.token}/intyg.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/Count 1" in response.content  # one page
    for text in (
        "Åsa Öberg",
        "Välfärdsteknik - hur gör vi?",
        organisation.name,
        activity.edition.name,
    ):
        assert text.encode("latin-1") in response.content


@pytest.mark.parametrize("case", ["not checked in", "not started"])
def test_no_certificate_without_a_check_in_at_an_activity_that_has_started(
    client, organisation, case
):
    if case == "not started":
        activity = _past(organisation)
        activity.starts_at = timezone.now() + timedelta(days=2)
        activity.ends_at = activity.starts_at + timedelta(hours=2)
        activity.save(update_fields=["starts_at", "ends_at"])
        signup = _signup(activity, checked_in_at=timezone.now())
    else:
        activity = _past(organisation)
        signup = _signup(activity)
    assert client.get(f"/anmalan/{signup.token}/intyg.pdf").status_code == 404
    assert "Intyg om deltagande" not in client.get(f"/anmalan/{signup.token}/").content.decode()


def test_an_unknown_link_has_no_certificate(client):
    assert client.get("/anmalan/nagot-annat/intyg.pdf").status_code == 404


def test_a_certificate_is_made_for_any_title_whatever_its_characters(organisation):
    activity = _past(
        organisation,
        format="digital",
        municipality=None,
        venue="",
        address="",
        stream_url="https://meet.example.se/x",
    )
    activity.title = "AI 🤖 och “smarta” lösningar — 東京"
    signup = _signup(activity, name="Zoë Łukasz", checked_in_at=activity.starts_at)
    assert certificate.certificate_pdf(signup).startswith(b"%PDF")
