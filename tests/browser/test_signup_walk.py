"""Signing up to an activity as visitors do it, in a real browser: two people and one seat, the
confirmation from the mail, cancelling by the mail's link, the waiting list moving up, Mina
uppgifter; and once more with the keyboard alone.

Only the activity is written to the database directly; the mail is read from the outbox, where the
site puts it, as a person would read it in their inbox.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_registration_walk import KeyboardWalk
from tests.factories import make_organisation, make_signup_activity
from veckan.outbox.models import OutboxMessage
from veckan.signups.models import SignUp

TITLE = "Innovationsfika i Linköping"
ANNA = "anna.andersson@example.se"
BERTIL = "bertil.berg@example.se"


@pytest.fixture
def activity(transactional_db):
    organisation = make_organisation(name="Linköpings kommun")
    return make_signup_activity(organisation, capacity=1, title=TITLE)


@pytest.fixture(autouse=True)
def _empty_cache(transactional_db):
    from django.core.cache import cache

    # The rate limits count in the cache; every walk starts with none counted.
    cache.clear()


def _click_and_wait(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _link_in_mail(email: str, subject: str, pattern: str) -> str:
    """The path of the link in the latest mail to `email` whose subject starts with `subject`."""
    mail = OutboxMessage.objects.filter(to=[email], subject__startswith=subject).latest("pk")
    [path] = re.findall(rf"https?://[^/\s]+({pattern})", mail.body)
    return path


def _check(page: Page, check_accessibility) -> None:
    """axe at full width, then at 320 px, where nothing may scroll sideways (WCAG 1.4.10)."""
    check_accessibility(page)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width} px wide at 320 px"
    check_accessibility(page)
    page.set_viewport_size(size)


def _sign_up(page: Page, name: str, email: str) -> None:
    section = page.locator("#anmalan")
    section.get_by_label("Namn").fill(name)
    section.get_by_label("E-postadress").fill(email)
    _click_and_wait(page, section.get_by_role("button"))


def test_two_visitors_one_seat_cancel_promotes_the_waiting_list(
    page, other_page, activity, check_accessibility, step_screenshot
):
    anna, bertil = page, other_page
    for each in (anna, bertil):
        each.set_default_timeout(5000)

    # --- Anna finds the activity and sends the form empty first.
    anna.goto(activity.get_absolute_url())
    section = anna.locator("#anmalan")
    expect(section).to_contain_text("1 plats kvar")
    expect(section.locator("aside")).to_contain_text("är personuppgiftsansvarig")
    _check(anna, check_accessibility)
    _click_and_wait(anna, section.get_by_role("button", name="Anmäl mig"))
    summary = anna.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_text(
        ["Namn: Skriv ditt namn.", "E-postadress: Skriv din e-postadress."]
    )
    _check(anna, check_accessibility)
    step_screenshot(anna, "1-errors")
    assert not SignUp.objects.exists()

    # --- Then filled in: a seat is held, and the link is in the mail.
    anna.get_by_label("Namn").fill("Anna Andersson")
    anna.get_by_label("E-postadress").fill(ANNA)
    anna.get_by_label("Jag vill inte synas på foto eller film").check()
    _click_and_wait(anna, anna.get_by_role("button", name="Anmäl mig"))
    assert anna.url.endswith(f"/aktivitet/{activity.slug}/anmal/klart/")
    expect(anna.locator("main")).to_contain_text(
        f"Vi håller en plats åt dig på ”{TITLE}” i 30 minuter."
    )
    _check(anna, check_accessibility)
    step_screenshot(anna, "2-check-email")

    anna.goto(_link_in_mail(ANNA, "Bekräfta din anmälan", r"/anmalan/[^/\s]+/bekrafta/"))
    expect(anna.locator("main")).to_contain_text(f"Du anmäler dig till ”{TITLE}”.")
    _check(anna, check_accessibility)
    _click_and_wait(anna, anna.get_by_role("button", name="Bekräfta anmälan"))
    expect(anna.locator(".messages")).to_contain_text("Tack! Din anmälan är bekräftad.")
    expect(anna.locator("main")).to_contain_text("Du är anmäld. Välkommen!")
    _check(anna, check_accessibility)
    step_screenshot(anna, "3-confirmed")
    assert SignUp.objects.get(email=ANNA).status == SignUp.Status.CONFIRMED

    # --- Bertil, at another desk, finds it full and joins the waiting list.
    bertil.goto(activity.get_absolute_url())
    expect(bertil.locator("#anmalan")).to_contain_text(
        "Fullbokat – du kan ställa dig på väntelistan."
    )
    _sign_up(bertil, "Bertil Berg", BERTIL)
    expect(bertil.locator("main")).to_contain_text(
        f"”{TITLE}” är fullbokad, så du står på väntelistan."
    )
    _check(bertil, check_accessibility)
    bertil.goto(_link_in_mail(BERTIL, "Bekräfta din anmälan", r"/anmalan/[^/\s]+/bekrafta/"))
    _click_and_wait(bertil, bertil.get_by_role("button", name="Bekräfta anmälan"))
    expect(bertil.locator("main")).to_contain_text("Du står på väntelistan: plats 1 av 1.")
    _check(bertil, check_accessibility)
    step_screenshot(bertil, "4-waiting")
    assert SignUp.objects.get(email=BERTIL).status == SignUp.Status.WAITING

    # --- Anna cannot come after all: she cancels by the link in her mail.
    anna.goto(_link_in_mail(ANNA, "Du är anmäld", r"/anmalan/[^/\s]+/"))
    _check(anna, check_accessibility)
    _click_and_wait(anna, anna.get_by_role("link", name="Avanmäl mig"))
    expect(anna.get_by_role("heading", level=1)).to_have_text("Vill du avanmäla dig?")
    _check(anna, check_accessibility)
    _click_and_wait(anna, anna.get_by_role("button", name="Ja, avanmäl mig"))
    expect(anna.locator(".messages")).to_contain_text("Du är avanmäld.")
    expect(anna.locator("main")).to_contain_text("Du avanmälde dig den")
    step_screenshot(anna, "5-cancelled")

    # --- Bertil has the seat, by mail and on his page.
    assert SignUp.objects.get(email=ANNA).status == SignUp.Status.CANCELLED
    promoted = SignUp.objects.get(email=BERTIL)
    assert (promoted.status, promoted.promoted_at is not None) == (SignUp.Status.CONFIRMED, True)
    assert OutboxMessage.objects.filter(to=[BERTIL], subject__startswith="Du har fått en plats")
    bertil.reload()
    expect(bertil.locator("main")).to_contain_text(
        "Du är anmäld – du fick en plats från väntelistan."
    )

    # --- Anna looks up what is kept about her, in Mina uppgifter.
    anna.get_by_role("link", name="Mina uppgifter").first.click()
    anna.wait_for_url("**/mina-uppgifter/")
    _check(anna, check_accessibility)
    anna.get_by_role("textbox", name="E-postadress").fill(ANNA)
    _click_and_wait(anna, anna.get_by_role("button", name="Skicka länken"))
    expect(anna.locator("main")).to_contain_text(
        "Om adressen finns hos oss har vi skickat en länk till den."
    )
    _check(anna, check_accessibility)
    anna.goto(_link_in_mail(ANNA, "Din länk till Mina uppgifter", r"/mina-uppgifter/[^/\s]+/"))
    expect(anna.get_by_role("heading", level=3)).to_have_text([TITLE])
    expect(anna.locator("main dl").first).to_contain_text(ANNA)
    expect(anna.locator("main")).not_to_contain_text("Bertil")
    _check(anna, check_accessibility)
    step_screenshot(anna, "6-my-data")
    with anna.expect_download() as download:
        anna.get_by_role("link", name="Ladda ner mina uppgifter (JSON)").click()
    assert download.value.suggested_filename == "mina-uppgifter.json"


def test_visitor_signs_up_with_the_keyboard_only(page, activity, step_screenshot):
    page.set_default_timeout(5000)
    page.goto(activity.get_absolute_url())
    walk = KeyboardWalk(page)
    # From the top of the page, as a keyboard user arrives. The first stop, the skip link, shows
    # its focus by appearing at all (it has no outline to check); every later stop is checked.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()
    walk.tab_to("signup_name")
    walk.type("Tage Tangent")
    walk.tab_to("signup_email")
    walk.type("tage@example.se")
    walk.tab_to("signup_organisation")
    walk.type("Region Östergötland")
    walk.tab_to("signup_no_photo")
    page.keyboard.press("Space")
    walk.tab_to(page.locator("#anmalan").get_by_role("button", name="Anmäl mig"))
    step_screenshot(page, "before-submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith(f"/aktivitet/{activity.slug}/anmal/klart/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")
    signup = SignUp.objects.get()
    assert (signup.name, signup.email, signup.organisation, signup.no_photo, signup.status) == (
        "Tage Tangent",
        "tage@example.se",
        "Region Östergötland",
        True,
        SignUp.Status.HELD,
    )
    stop_ids = [stop["id"] for stop in walk.stops]
    assert "signup_website" not in stop_ids  # the honeypot is never a stop
    assert {"signup_name", "signup_email", "signup_organisation", "signup_no_photo"} <= set(
        stop_ids
    )
