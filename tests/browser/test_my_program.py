"""Mitt program in Chromium: filter the program, star from the results, see the stars on Mitt
program, and fetch the personal calendar feed as a calendar app would."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.factories import at, make_activity, make_edition, make_organisation
from veckan.activities import search
from veckan.activities.models import Activity, Status


@pytest.fixture
def program(transactional_db, django_db_serialized_rollback, settings, live_server):
    """Two seminars and two workshops in a published program; feed URLs point at the live server.

    Serialized rollback brings back the municipalities, as the `page` fixture does, for the test
    that makes its own browser context instead.
    """
    settings.SITE_URL = live_server.url
    now = timezone.now()
    edition = make_edition(
        2027,
        registration_opens=now - timedelta(days=60),
        registration_closes=now - timedelta(days=10),
        program_published_at=now - timedelta(hours=1),
    )
    organisation = make_organisation(name="Linköpings kommun")
    monday, tuesday = edition.days[0], edition.days[1]
    activities = {
        title: make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title=title,
            type=kind,
            starts_at=at(day, hour),
            ends_at=at(day, hour + 1),
        )
        for title, kind, day, hour in [
            ("Seminarium om öppna data", "seminarium", monday, 9),
            ("Workshop om tjänstedesign", "workshop", monday, 13),
            ("Seminarium om AI i vården", "seminarium", tuesday, 10),
            ("Workshop om upphandling", "workshop", tuesday, 14),
        ]
    }
    search.index_activities(Activity.objects.with_related())
    return activities


def _card_titles(page: Page) -> list[str]:
    return page.locator("#program-results .activity-card h3").all_inner_texts()


def test_filter_star_and_subscribe_to_my_program(
    page: Page, program, check_accessibility, screenshot
):
    page.goto("/program/")
    expect(page.locator("#results-heading")).to_have_text("4 aktiviteter")

    # Filtering swaps the results in place and puts the filter in the address, to share.
    page.get_by_label(re.compile(r"^Seminarium")).check()
    page.wait_for_url(re.compile(r"/program/\?.*typ=seminarium"))
    expect(page.locator("#results-heading")).to_have_text("2 aktiviteter")
    assert _card_titles(page) == ["Seminarium om öppna data", "Seminarium om AI i vården"]

    # The first by mouse, the second by keyboard: the swapped-in button keeps the focus.
    for title, press in [
        ("Seminarium om öppna data", "click"),
        ("Seminarium om AI i vården", "Enter"),
    ]:
        button = page.get_by_role("button", name=f"Spara i Mitt program ”{title}”")
        if press == "click":
            button.click()
        else:
            button.focus()
            page.keyboard.press(press)
        pressed = page.get_by_role("button", name=f"Sparad i Mitt program – ta bort ”{title}”")
        expect(pressed).to_have_attribute("aria-pressed", "true")
        expect(pressed).to_be_focused()
    assert "typ=seminarium" in page.url  # starring changed neither the address nor the results
    assert _card_titles(page) == ["Seminarium om öppna data", "Seminarium om AI i vården"]
    check_accessibility(page)

    with page.expect_navigation():
        page.get_by_role("navigation", name="Huvudmeny").get_by_role(
            "link", name="Mitt program"
        ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt program")
    assert page.locator("main .activity-card h3").all_inner_texts() == [
        "Seminarium om öppna data",
        "Seminarium om AI i vården",
    ]
    check_accessibility(page)
    screenshot(page)

    feed_url = page.get_by_label("Länk till din kalender").input_value()
    assert feed_url.startswith(f"{page.url.split('/mitt-program/')[0]}/mitt-program/")
    assert feed_url.endswith(".ics")
    webcal = page.get_by_role("link", name="Öppna i ditt kalenderprogram")
    assert webcal.get_attribute("href") == "webcal://" + feed_url.split("://", 1)[1]

    # A calendar app fetches the feed: no login, no cookies of its own.
    response = page.request.get(feed_url)
    assert response.status == 200
    assert "set-cookie" not in response.headers
    calendar = icalendar.Calendar.from_ical(response.body())
    events = calendar.walk("VEVENT")
    assert sorted(str(event["summary"]) for event in events) == [
        "Seminarium om AI i vården",
        "Seminarium om öppna data",
    ]


def test_star_without_javascript(browser: Browser, live_server, program):
    """Without JavaScript the button still works: it submits the star form and comes back."""
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/program/?typ=workshop")
        with page.expect_navigation():
            page.get_by_role(
                "button", name="Spara i Mitt program ”Workshop om upphandling”"
            ).click()
        assert re.search(r"/program/\?typ=workshop#star-\d+$", page.url), page.url
        expect(
            page.get_by_role(
                "button", name="Sparad i Mitt program – ta bort ”Workshop om upphandling”"
            )
        ).to_have_attribute("aria-pressed", "true")

        page.goto("/mitt-program/")
        assert page.locator("main .activity-card h3").all_inner_texts() == [
            "Workshop om upphandling"
        ]
        with page.expect_navigation():
            page.get_by_role(
                "button", name="Sparad i Mitt program – ta bort ”Workshop om upphandling”"
            ).click()
        assert page.locator("main .activity-card").count() == 0
        assert sorted(cookie["name"] for cookie in context.cookies()) == ["csrftoken", "sessionid"]
    finally:
        context.close()
