"""The coordinators' pages as they look: the review queue shows every column at 1280 and 1920 px,
with nothing cut off; the start page and award setup pass axe and reflow at 320 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import log_in_with_code
from tests.factories import add_totp, make_activity, make_edition, make_organisation, make_user
from veckan.activities.models import Format, Status
from veckan.geography.models import Municipality

QUEUE_COLUMNS = ["Titel", "Arrangör", "Typ", "Plats", "När", "Inskickad", "Status"]

# Every cell inside the table's own box, and the table inside the page: nothing cut off or hidden
# behind a horizontal scroll.
_CLIPPED = """() => {
    const table = document.querySelector("main table");
    const wrapper = table.closest(".table-wrapper") || table.parentElement;
    const cells = [...table.querySelectorAll("th, td")];
    return {
        scrolls: wrapper.scrollWidth > wrapper.clientWidth + 1,
        pageScrolls: document.documentElement.scrollWidth > window.innerWidth + 1,
        clipped: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.trim()),
        headers: [...table.querySelectorAll("thead th")].map(th => th.textContent.trim()),
        tableWidth: table.getBoundingClientRect().width,
        mainWidth: document.querySelector("main").getBoundingClientRect().width,
    };
}"""


@pytest.fixture
def coordinator_page(page, transactional_db):
    coordinator = make_user("samordnare@innovationsveckan.example.se", coordinator=True)
    secret = add_totp(coordinator)
    edition = make_edition(2027, registration_opens=timezone.now() - timedelta(days=1))
    organisation = make_organisation(name="Region Västra Götaland med ett långt namn")
    for n, code in enumerate(["1480", "2584", "0180"]):
        make_activity(
            edition,
            organisation,
            status=Status.SUBMITTED,
            title=f"Digitala tvillingar för samhällsplanering i praktiken, del {n + 1}",
            municipality=Municipality.objects.get(code=code),
            submitted_at=timezone.now() - timedelta(hours=n),
        )
    make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        has_pending_changes=True,
        format=Format.PHYSICAL,
    )
    page.set_default_timeout(5000)
    log_in_with_code(page, coordinator.email, totp_secret=secret)
    return page


@pytest.mark.parametrize("width", [1280, 1920])
def test_review_queue_shows_every_column_at_desktop_widths(
    coordinator_page, width, check_accessibility, step_screenshot
):
    page = coordinator_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/samordning/granskning/")
    layout = page.evaluate(_CLIPPED)
    assert layout["headers"][1:] == QUEUE_COLUMNS
    assert not layout["scrolls"], layout
    assert not layout["pageScrolls"], layout
    assert layout["clipped"] == [], layout
    # The queue uses the page's width, not a narrow reading column.
    assert layout["tableWidth"] >= layout["mainWidth"] * 0.95, layout
    for column in QUEUE_COLUMNS:
        assert page.get_by_role("columnheader", name=column).is_visible()
    row = page.locator("main tbody tr").first
    assert "Kiruna" in page.locator("main tbody").inner_text()
    assert row.locator("td").count() == len(QUEUE_COLUMNS) + 1
    check_accessibility(page)
    step_screenshot(page, f"queue-{width}")


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_coordinator_start_page_and_award_setup_reflow(
    coordinator_page, width, check_accessibility, step_screenshot
):
    page = coordinator_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/samordning/")
    assert page.locator(".todo-list li").first.inner_text() == "3 nya aktiviteter att granska"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_accessibility(page)
    step_screenshot(page, f"home-{width}")
    page.get_by_role("link", name="Ställ in priset").click()
    page.wait_for_url("**/samordning/pris/installningar/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_accessibility(page)
    step_screenshot(page, f"award-setup-{width}")
