"""Signing up on /en/, reading the English confirmation with its .ics from the outbox, then the
organiser cancels, and the participant's cancellation email and calendar file are checked."""

import re

import icalendar
import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_organisation, make_signup_activity, make_user
from veckan.outbox.models import OutboxMessage

EMAIL = "visitor@example.org"


@pytest.fixture
def activity(transactional_db):
    from django.core.cache import cache

    cache.clear()
    organisation = make_organisation(
        name="Linköpings kommun", admin=make_user("agare@kommun.example.se", name="Åsa Ägare")
    )
    return make_signup_activity(
        organisation,
        capacity=5,
        title="Innovationsfika i Linköping",
        title_en="Innovation coffee in Linköping",
        summary_en="Coffee and new ideas.",
    )


def _click_and_wait(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _widths(page: Page, step_screenshot, name: str) -> None:
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        step_screenshot(page, f"{name}-{width}")


def test_sign_up_in_english_then_the_organiser_cancels(
    page, activity, log_in, check_accessibility, step_screenshot
):
    page.set_default_timeout(5000)
    page.goto(f"/en/aktivitet/{activity.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Innovation coffee in Linköping")
    check_accessibility(page)
    _widths(page, step_screenshot, "1-activity-en")
    section = page.locator("#anmalan")
    section.get_by_label("Name").fill("Vera Visitor")
    section.get_by_label("Email address").fill(EMAIL)
    _click_and_wait(page, section.get_by_role("button"))

    confirm = OutboxMessage.objects.get(to=[EMAIL])
    assert confirm.subject == "Confirm your sign-up: Innovation coffee in Linköping"
    [path] = re.findall(r"https?://[^/\s]+(/en/anmalan/[^/\s]+/bekrafta/)", confirm.body)
    page.goto(path)
    _click_and_wait(page, page.get_by_role("button", name=re.compile("Confirm")))
    check_accessibility(page)

    confirmed = OutboxMessage.objects.filter(to=[EMAIL]).latest("pk")
    assert confirmed.subject == "You are signed up: Innovation coffee in Linköping"
    assert "Google Calendar:" in confirmed.body
    [ics, qr] = confirmed.attachments  # the calendar, and the check-in QR code
    assert qr["filename"] == "incheckning.svg"
    event = icalendar.Calendar.from_ical(ics["content"]).events[0]
    assert (str(event["summary"]), int(event["sequence"])) == ("Innovation coffee in Linköping", 0)

    # --- The organiser cancels: the page says who is told and shows the email first.
    log_in(activity.organisation.memberships.get().user)
    page.goto(f"/mina-aktiviteter/{activity.pk}/stall-in/")
    expect(page.locator("#told")).to_contain_text("1 anmäld person får ett mejl")
    page.get_by_label("Varför ställs aktiviteten in?").fill("Föreläsaren är sjuk.")
    _click_and_wait(page, page.get_by_role("button", name="Visa mejlet med min förklaring"))
    expect(page.locator(".email-preview")).to_contain_text("Föreläsaren är sjuk.")
    check_accessibility(page)
    _widths(page, step_screenshot, "2-cancel-page")
    _click_and_wait(page, page.get_by_role("button", name="Ställ in aktiviteten"))

    cancelled = OutboxMessage.objects.filter(to=[EMAIL]).latest("pk")
    assert cancelled.subject == "Cancelled: Innovation coffee in Linköping"
    assert "The activity you signed up for has been cancelled." in cancelled.body
    [ics] = cancelled.attachments
    event = icalendar.Calendar.from_ical(ics["content"]).events[0]
    assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 1)
    assert str(event["uid"]) == f"activity-{activity.pk}@innovationsveckan.se"
    print("\n--- confirmation\n", confirmed.subject, "\n", confirmed.body)
    print("\n--- cancellation\n", cancelled.subject, "\n", cancelled.body)

    page.goto(f"/en/aktivitet/{activity.slug}/")
    expect(page.locator("h1 .badge--cancelled")).to_have_text("Cancelled")
    _widths(page, step_screenshot, "3-cancelled-en")
