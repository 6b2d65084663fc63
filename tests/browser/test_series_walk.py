"""A lunch talk every day of the week, as visitors see it on a phone (390 px): the occasions with
their seats, a sign-up to the one chosen, and an axe check of the series page at 390 and 320 px."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_organisation, make_series
from veckan.signups.models import SignUp

TITLE = "Lunchsamtal om innovation"


@pytest.fixture
def series(transactional_db):
    from django.core.cache import cache

    cache.clear()  # the rate limits count in the cache
    organisation = make_organisation(name="Linköpings kommun")
    return make_series(organisation, days=(0, 1, 2, 3, 4), capacity=1, title=TITLE)


def test_series_page_on_a_phone_lists_occasions_and_signs_up_to_the_one_chosen(
    page: Page, series, check_accessibility, step_screenshot
):
    activity, occasions = series
    page.set_default_timeout(5000)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(activity.get_absolute_url())
    listed = page.locator("#tillfallen li")
    expect(listed).to_have_count(5)
    expect(listed.first).to_contain_text("1 plats kvar")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the series page is {width} px wide at 390 px"
    check_accessibility(page)
    step_screenshot(page, "occasions")

    # Wednesday's "Anmäl dig" link chooses Wednesday in the form below.
    with page.expect_navigation():
        listed.nth(2).get_by_role("link").click()
    section = page.locator("#anmalan")
    wednesday = section.get_by_role("radio").nth(2)
    expect(wednesday).to_be_checked()
    section.get_by_label("Namn").fill("Anna Andersson")
    section.get_by_label("E-postadress").fill("anna@example.se")
    with page.expect_navigation():
        section.get_by_role("button", name="Anmäl mig").click()
    expect(page.locator("h1")).to_be_visible()
    assert list(SignUp.objects.values_list("occasion_id", "status")) == [(occasions[2].pk, "held")]

    page.goto(activity.get_absolute_url())
    expect(page.locator("#tillfallen li").nth(2)).to_contain_text("Fullbokat – väntelista")
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"the series page is {width} px wide at 320 px"
    check_accessibility(page)
    step_screenshot(page, "after")
