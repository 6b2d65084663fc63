"""The program day by day and on the map, in a real browser: axe, reflow at 320 px, and the map's
county links walked by keyboard."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.factories import at, make_activity, make_edition, make_organisation
from veckan.activities.models import Status
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def program(transactional_db):
    """A published program with activities in three counties, one digital and one cancelled."""
    now = timezone.now()
    edition = make_edition(
        2027,
        registration_opens=now - timedelta(days=60),
        registration_closes=now - timedelta(days=10),
        program_published_at=now - timedelta(days=1),
    )
    municipality = make_organisation(name="Exempelby kommun")
    agency = make_organisation(kind=Kind.STATLIG_MYNDIGHET, name="Vinnova")
    monday, tuesday = edition.days[0], edition.days[1]
    for title, organisation, day, hour, code in [
        ("Innovationer i skolan", municipality, monday, 9, "0380"),
        ("Tillitsbaserad styrning i praktiken", municipality, monday, 13, "0180"),
        ("Öppna data för alla", agency, tuesday, 10, "0580"),
        ("Studiebesök på det digitala labbet i Karlskrona", municipality, tuesday, 14, "1080"),
    ]:
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title=title,
            municipality=Municipality.objects.get(code=code),
            starts_at=at(day, hour),
            ends_at=at(day, hour + 2),
        )
    make_activity(
        edition,
        agency,
        status=Status.CANCELLED,
        title="Inställt seminarium om upphandling",
        starts_at=at(tuesday, 18),
        ends_at=at(tuesday, 19),
    )
    make_activity(
        edition,
        agency,
        status=Status.APPROVED,
        title="Webbsändning om AI i offentlig sektor",
        type="webbsandning",
        format="digital",
        municipality=None,
        address="",
        venue="",
        stream_url="https://play.example.se/ai",
        starts_at=at(tuesday, 9),
        ends_at=at(tuesday, 10),
    )
    earlier = make_edition(2025, current=False)
    make_activity(
        earlier,
        municipality,
        status=Status.APPROVED,
        title="Förra årets workshop",
        recording_url="https://play.example.se/2025/workshop",
    )
    return edition


# One test per page, checking both widths: every browser test pays for a database flush.
@pytest.mark.parametrize(
    "path",
    [
        "/program/",
        "/program/?typ=seminarium&lan=03",
        "/program/?q=rymden&typ=seminarium",  # no results: the removal links
        "/arkiv/",
        "/arkiv/2025/",
        "/program/dagar/?typ=seminarium&lan=03",
        "/program/karta/",
        "/program/karta/?typ=seminarium",
    ],
)
def test_program_views_pass_axe_and_reflow_at_320_px(
    page: Page, program, path, check_accessibility, screenshot
):
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    check_accessibility(page)

    page.set_viewport_size(NARROW)
    screenshot(page)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= NARROW["width"], f"{path} is {scroll_width} px wide at 320 px"
    check_accessibility(page)


def test_map_counties_are_reached_by_tab_show_focus_and_open_the_list_with_enter(
    page: Page, program, screenshot
):
    page.goto("/program/karta/?typ=seminarium")
    first_county = page.locator("svg.map a").first
    unfocused = first_county.locator("path").evaluate(
        "path => ({stroke: getComputedStyle(path).strokeWidth, fill: getComputedStyle(path).fill})"
    )

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => Boolean(document.activeElement.closest('svg.map'))"):
            break
    else:
        pytest.fail("Tab never reached a county on the map")

    focused = page.evaluate(
        """() => {
            const link = document.activeElement;
            const style = getComputedStyle(link.querySelector("path"));
            return {
                name: link.querySelector("title").textContent,
                href: link.getAttribute("href"),
                stroke: style.strokeWidth,
                fill: style.fill,
            };
        }"""
    )
    # The counties come in the order of the table: Blekinge first, with its one seminar.
    assert focused["name"] == "Blekinge län: 1 aktivitet"
    assert focused["href"] == "/program/?lan=10&typ=seminarium"
    assert unfocused["stroke"] == "1px"
    assert focused["stroke"] == "4px"
    assert focused["fill"] != unfocused["fill"]
    screenshot(page)

    # The next county is one Tab further, still inside the map.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.querySelector('title').textContent") == (
        "Dalarnas län: 0 aktiviteter"
    )
    page.keyboard.press("Shift+Tab")

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/program/?lan=10&typ=seminarium")
    assert page.locator("#results-heading").inner_text() == "1 aktivitet"
    assert page.locator("#f-lan-10").is_checked()
    assert page.locator(".activity-card h3").all_inner_texts() == [
        "Studiebesök på det digitala labbet i Karlskrona"
    ]
