"""A solution as people publish and spread it, in a real browser: an organiser adds and submits it,
a coordinator's approval (done here through the service: the review pages are proven in
tests/solutions), the public catalogue and page, and an organiser of another organisation marking
it "vi har infört". axe on each page, at full width and at 320 px.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_new_pages_axe import check
from tests.factories import (
    add_totp,
    make_activity,
    make_organisation,
    make_published_edition,
    make_user,
)
from veckan.solutions import services
from veckan.solutions.models import Adoption, Solution, Status

TITLE = "Digital hemtjänstplanering"


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


@pytest.fixture
def cast(transactional_db):
    edition = make_published_edition()
    owner = make_user("agare@exempelby.example.se", name="Åsa Ägare")
    organisation = make_organisation(name="Exempelby kommun", admin=owner)
    make_activity(
        edition,
        organisation,
        status="approved",
        title="Visning av planeringen",
        recording_url="https://play.example.se/planering",
    )
    adopter = make_user("infor@annanstad.example.se", name="Ivar Inför")
    other = make_organisation(name="Annanstad kommun", admin=adopter)
    coordinator = make_user("samordnare@skr.example.se", coordinator=True)
    add_totp(coordinator)
    return owner, organisation, adopter, other, coordinator


def test_organiser_publishes_a_solution_and_another_organisation_adopts_it(
    page, other_page, log_in, cast, step_screenshot
):
    owner, _organisation, adopter, other, coordinator = cast
    page.set_default_timeout(5000)
    log_in(owner)

    page.goto("/mina-losningar/")
    check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till en lösning").click()
    check(page)
    page.get_by_label("Namn på lösningen").fill(TITLE)
    page.get_by_label("Sammanfattning").fill("Planera hemtjänsten digitalt, på en kvart.")
    page.get_by_label("Problemet").fill("Schemat görs för hand varje morgon.")
    page.get_by_label("Lösningen", exact=True).fill("Ett öppet planeringsverktyg.")
    page.get_by_label("Så kommer andra i gång").fill("Installera verktyget och importera scheman.")
    page.get_by_label("I drift").check()
    page.get_by_label("Licens").fill("EUPL-1.2")
    page.get_by_label("Visning av planeringen (2027)").check()
    page.get_by_label("Kontaktperson", exact=True).fill("Åsa Ägare")
    page.get_by_label("Kontaktpersonens e-postadress").fill("agare@exempelby.example.se")
    page.get_by_label("Visa kontaktpersonen offentligt").check()
    _submit(page, "Spara")
    expect(page.get_by_text("Lösningen är sparad som utkast.")).to_be_visible()
    _submit(page, "Skicka in för granskning")
    expect(page.get_by_text("Lösningen är inskickad.")).to_be_visible()
    step_screenshot(page, "submitted")

    solution = Solution.objects.get()
    assert solution.status == Status.SUBMITTED
    services.approve_solution(solution=solution, reviewer=coordinator)

    # --- The public catalogue and the solution's page.
    page.goto("/losningar/?mognad=in_use")
    check(page)
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).click()
    check(page)
    expect(page.get_by_role("link", name="Inspelning – Visning av planeringen")).to_be_visible()
    expect(page.get_by_text("Testar ni eller har ni infört lösningen?")).to_have_count(0)

    # --- An organiser of another organisation says they have adopted it.
    other_page.set_default_timeout(5000)
    other_page.goto("/konto/login/")
    other_page.locator('input[name="login"]').fill(adopter.email)
    from tests.factories import PASSWORD

    other_page.locator('input[name="password"]').fill(PASSWORD)
    with other_page.expect_navigation():
        other_page.locator('main form button[type="submit"]').click()
    other_page.goto(solution.get_absolute_url())
    check(other_page)
    other_page.get_by_label("Vi har infört").check()
    other_page.get_by_label("Kommentar").fill("I drift sedan i våras.")
    _submit(other_page, "Spara")
    expect(other_page.get_by_text("Tack! Lösningens ägare har fått veta det.")).to_be_visible()
    expect(other_page.locator("#adopters")).to_have_text(
        "Annanstad kommun: Vi har infört – I drift sedan i våras."
    )
    expect(other_page.get_by_label("Vi har infört")).to_be_checked()
    check(other_page)
    step_screenshot(other_page, "adopted")
    adoption = Adoption.objects.get()
    assert (adoption.organisation, adoption.status, adoption.marked_by) == (
        other,
        "adopted",
        adopter,
    )
    assert adoption.adopted_at <= timezone.now()
