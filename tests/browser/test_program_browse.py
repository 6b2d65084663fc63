"""Browsing the program as visitors do, in Chromium at 1280, 390 and 320 px: filter, search and page
with htmx, read an activity, press Back and Forward, and find the whole styled page with the same
filters and the same text in the search box. On phones the results come first and the filters wait
behind "Filtrera (n)"; no page type is wider than the screen.

One test per width: every browser test pays for a database flush, and the widths share the data.
"""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import Page, expect

from tests.factories import at, make_activity, make_organisation, make_published_edition
from veckan.activities import search
from veckan.activities.models import Activity, Status
from veckan.geography.models import Municipality

WIDTHS = [1280, 390, 320]
TYPES = ["workshop", "seminarium", "forelasning", "studiebesok"]


@pytest.fixture
def program(transactional_db):
    """60 activities over the week: three pages, the workshops on every day."""
    edition = make_published_edition()
    organisation = make_organisation(name="Exempelby kommun")
    place = Municipality.objects.get(code="0380")
    made = []
    for n in range(60):
        day = edition.days[n % 5]
        made.append(
            make_activity(
                edition,
                organisation,
                status=Status.APPROVED,
                title=f"{'Skolans' if n % 10 == 0 else 'Vårdens'} innovationer del {n:02d}",
                type=TYPES[n % 4],
                municipality=place,
                starts_at=at(day, 8 + n % 9),
                ends_at=at(day, 9 + n % 9),
            )
        )
    # A photo far wider than any phone, as organisers upload them.
    buffer = BytesIO()
    Image.new("RGB", (1600, 900), "steelblue").save(buffer, "WEBP")
    photo = made[0]
    photo.image.save("bred.webp", ContentFile(buffer.getvalue()), save=False)
    photo.image_alt = "En bred bild"
    photo.image_width, photo.image_height = 1600, 900
    photo.save()
    search.index_activities(Activity.objects.with_related())
    return edition, made


def _no_overflow(page: Page, width: int) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width} px"


def _results_heading(page: Page):
    return page.locator("#results-heading")


def _filters(page: Page, width: int):
    """The filters, opened first on a phone (where they wait behind the button)."""
    if width < 960:
        toggle = page.locator(".program__filters-toggle")
        expect(toggle).to_have_text("Filtrera (0)")
        toggle.click()
    return page.locator(".program__facets")


@pytest.mark.parametrize("width", WIDTHS)
def test_program_back_and_forward_restore_the_whole_page(
    page: Page, program, width, check_accessibility, step_screenshot
):
    _edition, made = program
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/program/")
    expect(_results_heading(page)).to_have_text("60 aktiviteter")
    first_card = page.locator(".activity-card").first.bounding_box()
    if width < 960:
        # Results first: the first card starts on the first screen (an iPhone SE's 568 px at
        # 320, an iPhone 14's 844 at 390), the filters stay closed.
        assert first_card["y"] < (568 if width == 320 else 844), first_card
        expect(page.locator(".program__facets")).to_be_hidden()
    _no_overflow(page, width)
    check_accessibility(page)

    # Filter: tick workshops (htmx swaps the results and pushes the URL).
    facets = _filters(page, width)
    facets.get_by_label("Workshop").check()
    expect(page).to_have_url("/program/?typ=workshop")
    expect(_results_heading(page)).to_have_text("15 aktiviteter")
    # The other types still count what ticking them would add.
    expect(page.locator("#count-typ-seminarium")).to_have_text("(15)")
    expect(page.locator("#filter-count")).to_have_text("(1)")
    expect(page.locator(".active-filters .ds-chip")).to_have_text(["Typ av aktivitet: Workshop"])
    step_screenshot(page, f"{width}-filtered")

    if width < 960:
        # "Visa" closes the filters again, so the results are in view.
        page.locator(".program__show button").click()
        expect(page.locator(".program__facets")).to_be_hidden()
        expect(page.locator("#filter-count")).to_have_text("(1)")
    # Printed, the list is the activities, not the controls.
    page.emulate_media(media="print")
    expect(page.locator(".program__filters")).to_be_hidden()
    expect(page.locator(".activity-card").first).to_be_visible()
    expect(page.locator(".star-button").first).to_be_hidden()
    page.emulate_media(media="screen")

    # Search within the filter.
    page.locator("#program-q").fill("skolans")
    expect(page).to_have_url("/program/?q=skolans&typ=workshop")
    expect(_results_heading(page)).to_have_text("3 aktiviteter")

    # Read an activity, then Back: the whole page, styled, with the filter and the text.
    page.locator(".activity-card a").first.click()
    expect(page.locator("h1")).to_contain_text("Skolans innovationer")
    page.go_back()
    expect(page).to_have_url("/program/?q=skolans&typ=workshop")
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.locator("#program-q")).to_have_value("skolans")
    expect(_results_heading(page)).to_have_text("3 aktiviteter")
    expect(page.locator("#f-typ-workshop")).to_be_checked()
    assert page.evaluate("getComputedStyle(document.body).display") == "flex"  # the CSS is there
    step_screenshot(page, f"{width}-back")

    # Back again, to before the search: the box is empty, the filter still on.
    page.go_back()
    expect(page).to_have_url("/program/?typ=workshop")
    expect(page.locator("#program-q")).to_have_value("")
    expect(_results_heading(page)).to_have_text("15 aktiviteter")
    expect(page.locator("#f-typ-workshop")).to_be_checked()
    page.go_forward()
    expect(page).to_have_url("/program/?q=skolans&typ=workshop")
    expect(page.locator("#program-q")).to_have_value("skolans")
    expect(_results_heading(page)).to_have_text("3 aktiviteter")

    # Best match first, or time order: the choice is in the URL, and Back restores it.
    page.goto("/program/?q=innovationer")
    expect(page.locator("#program-sort")).to_have_value("relevans")
    page.locator("#program-sort").select_option("tid")
    expect(page).to_have_url("/program/?ordning=tid&q=innovationer")
    page.locator(".activity-card a").first.click()
    page.go_back()
    expect(page.locator("#program-sort")).to_have_value("tid")
    expect(page.locator("#program-q")).to_have_value("innovationer")

    # Paging, then Back.
    page.goto("/program/")
    page.get_by_role("link", name="Nästa").click()
    expect(page).to_have_url("/program/?sida=2")
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("Sida 2 av 3")
    page.go_back()
    expect(page).to_have_url("/program/")
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("Sida 1 av 3")
    expect(page.locator("header.site-header")).to_be_visible()

    # A chip removes its filter; "Rensa alla" removes all.
    page.goto("/program/?typ=workshop&typ=seminarium")
    expect(_results_heading(page)).to_have_text("30 aktiviteter")
    page.get_by_role("link", name="Ta bort filtret ”Typ av aktivitet: Seminarium”").click()
    expect(page).to_have_url("/program/?typ=workshop")
    expect(_results_heading(page)).to_have_text("15 aktiviteter")
    page.get_by_role("link", name="Rensa alla").click()
    expect(_results_heading(page)).to_have_text("60 aktiviteter")

    # No page type is wider than the screen; the wide photo scales down.
    for path in [
        "/",
        "/program/?typ=workshop",
        "/program/dagar/",
        "/program/karta/",
        made[0].get_absolute_url(),
        f"/organisation/{made[0].organisation.slug}/",
        "/mitt-program/",
        "/arkiv/",
    ]:
        response = page.goto(path)
        assert response.ok, f"{path} answered {response.status}"
        _no_overflow(page, width)
    page.goto(made[0].get_absolute_url())
    image = page.locator(".activity__image")
    assert image.get_attribute("width") == "1600"
    assert image.bounding_box()["width"] <= width
    step_screenshot(page, f"{width}-activity")
