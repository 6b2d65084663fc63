"""Check-in at the door, in a real browser on a phone-sized screen: the participant shows the QR
code from their page, the organiser's phone opens the code's link and they are in; the next one is
found by name and ticked."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_new_pages_axe import _sign_up, check
from tests.factories import make_organisation, make_signup_activity, make_user
from veckan.signups import services

pytestmark = pytest.mark.browser


def test_organiser_checks_a_participant_in_by_opening_their_qr_link(page, log_in, transactional_db):
    organiser = make_user("arrangor@exempelby.example.se", name="Ada Arrangör")
    organisation = make_organisation(name="Exempelby kommun", admin=organiser)
    activity = make_signup_activity(organisation, capacity=5, title="Workshop om välfärdsteknik")
    anna = _sign_up(activity, "Anna Andersson", organisation="Region Norr")
    _sign_up(activity, "Bertil Berg", organisation="Exempelby kommun")
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"/anmalan/{anna.token}/")  # the participant's own page, with the code
    expect(page.get_by_role("img", name="QR-kod för incheckning på plats")).to_be_visible()

    log_in(organiser)
    qr_link = services.checkin_url(anna).split("://", 1)[1].split("/", 1)[1]
    page.goto(f"/{qr_link}")  # what the phone's camera opens
    expect(page.get_by_role("heading", name="Anna Andersson är incheckad")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Till incheckningslistan").click()
    expect(page.get_by_text("1 av 2 incheckade.")).to_be_visible()
    page.get_by_label("Sök namn eller organisation").fill("bertil")
    with page.expect_navigation():
        page.get_by_role("button", name="Sök", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Här: Bertil Berg").click()
    expect(page.get_by_text("Bertil Berg är incheckad.")).to_be_visible()
    page.goto(f"/mina-aktiviteter/{activity.pk}/deltagare/incheckning/")
    expect(page.get_by_text("2 av 2 incheckade.")).to_be_visible()
    check(page)
