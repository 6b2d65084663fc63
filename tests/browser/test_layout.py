"""The layout every page shares, in a real browser: accessibility, keyboard, reflow, form errors."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.factories import make_edition, make_organisation, make_user
from veckan.organisations.models import Organisation


@dataclass(frozen=True)
class Visit:
    """A page as a person reaches it: possibly logged in, possibly after submitting its form."""

    name: str
    path: str
    logged_in: bool = False
    submit_empty_form: bool = False


VISITS = [
    Visit("home", "/"),
    Visit("home-en", "/en/"),
    Visit("login", "/konto/login/"),
    Visit("signup", "/konto/signup/"),
    Visit("my-organisations", "/mina-organisationer/", logged_in=True),
    Visit("new-organisation", "/mina-organisationer/ny/", logged_in=True),
    Visit(
        "new-organisation-errors",
        "/mina-organisationer/ny/",
        logged_in=True,
        submit_empty_form=True,
    ),
]


@pytest.fixture
def organiser(transactional_db):
    organiser = make_user("arrangor@kommun.example.se", name="Ada Arrangör")
    make_organisation(name="Exempelby kommun", admin=organiser)
    return organiser


@pytest.fixture
def edition(transactional_db):
    """An edition whose registration is open, so the home page shows all it can."""
    return make_edition(2027, registration_opens=timezone.now() - timedelta(days=1))


@pytest.fixture
def visit(page: Page, log_in, organiser, edition):
    def visit(target: Visit) -> None:
        if target.logged_in:
            log_in(organiser)
        response = page.goto(target.path)
        assert response.ok, f"{target.path} answered {response.status}"
        if target.submit_empty_form:
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()

    return visit


# One test per page, not one per check: every browser test pays for a database flush, and the
# suite has to stay fast enough that nobody skips it.
@pytest.mark.parametrize("target", VISITS, ids=lambda target: target.name)
def test_page_passes_axe_and_reflows_at_320_px(
    page, visit, target, check_accessibility, screenshot
):
    visit(target)
    check_accessibility(page)

    # 320 CSS px is 1280 px zoomed to 400 %: no sideways scrolling (WCAG 1.4.10), and still no
    # violations in the narrow layout.
    page.set_viewport_size({"width": 320, "height": 640})
    screenshot(page)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{target.path} is {scroll_width} px wide at 320 px"
    check_accessibility(page)


def test_live_server_serves_the_stylesheets_and_scripts(page, live_server):
    response = page.request.get(live_server.url + "/static/vendor/htmx/htmx.min.js")
    assert response.status == 200

    page.goto("/")
    assets = page.evaluate(
        """() => [...document.querySelectorAll("link[rel=stylesheet], script[src]")]
                     .map(element => element.href || element.src)"""
    )
    statuses = {url.removeprefix(live_server.url): page.request.get(url).status for url in assets}
    assert statuses == {
        "/static/vendor/designsystemet/theme.css": 200,
        "/static/vendor/designsystemet/designsystemet.css": 200,
        "/static/css/veckan.css": 200,
        "/static/vendor/htmx/htmx.min.js": 200,
        "/static/js/veckan.js": 200,
    }
    assert page.evaluate("() => typeof window.htmx") == "object"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, edition):
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    assert skip_link.inner_text() == "Hoppa till innehållet"
    assert skip_link.get_attribute("href") == "#main"
    on_screen = skip_link.evaluate(
        """link => {
            const box = link.getBoundingClientRect();
            return box.width > 1 && box.height > 1 && box.left >= 0 && box.top >= 0
                && box.right <= window.innerWidth && box.bottom <= window.innerHeight;
        }"""
    )
    assert on_screen, f"the focused skip link is not on screen: {skip_link.bounding_box()}"

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "organiser"])
def test_header_shows_where_keyboard_focus_is(page, log_in, organiser, edition, logged_in):
    if logged_in:
        log_in(organiser)
    page.goto("/")
    expected = page.evaluate(
        """() => Array.from(document.querySelectorAll("header a[href], header button")).length"""
    )

    page.keyboard.press("Tab")  # the skip link, before the header
    focused = []
    for _ in range(expected):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                return {
                    inHeader: Boolean(element.closest("header")),
                    text: element.textContent.trim(),
                    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                    boxShadow: style.boxShadow !== "none",
                };
            }"""
        )
        assert focus["inHeader"], f"Tab left the header after {focused}"
        assert focus["outline"] or focus["boxShadow"], f"{focus['text']!r} shows no focus"
        focused.append(focus["text"])

    assert len(focused) == expected >= 3


def test_error_summary_takes_focus_and_links_to_each_field(page, log_in, organiser):
    log_in(organiser)
    page.goto("/mina-organisationer/ny/")

    with page.expect_navigation():
        page.get_by_role("button", name="Registrera organisationen").click()

    summary = page.locator(".ds-error-summary")
    assert summary.is_visible()
    assert summary.get_by_role("heading").inner_text() == "Det finns fel i formuläret"
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Exempelby kommun"]
    assert page.evaluate(
        "() => document.activeElement === document.querySelector('.ds-error-summary')"
    )
    targets = summary.locator("a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert targets, "the error summary links to no field"
    missing = [href for href in targets if page.locator(href).count() != 1]
    assert missing == []

    summary.locator("a").first.click()
    assert "#" + page.evaluate("() => document.activeElement.id") == targets[0]
