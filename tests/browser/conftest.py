"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium comes from apt (`make chromium`), not from Playwright's download, which CI cannot reach.
Without it every test here is skipped with the reason, so a laptop without Chromium still runs
`make test`. Each test gets a fresh context and page; the browser itself is started once.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from tests.factories import PASSWORD, totp_code
from veckan.accounts.models import User

BROWSER_TESTS = Path(__file__).resolve().parent
AXE = BROWSER_TESTS / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = BROWSER_TESTS.parent.parent / "test-artifacts"
# Overridable for a developer whose Chromium lives elsewhere (macOS, another distribution).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root in a container, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
NO_CHROMIUM = f"no Chromium at {CHROMIUM}: run `make chromium` to install it"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Lets the page fixture see whether its test failed, to keep a screenshot of the failure.
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey[bool]()


def pytest_terminal_summary(terminalreporter) -> None:
    # `pytest -q` only counts skips; a whole browser suite skipped deserves a line of its own.
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and NO_CHROMIUM in report.longrepr[2]
    ]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} browser tests SKIPPED: {NO_CHROMIUM}.", yellow=True, bold=True
        )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(NO_CHROMIUM)
    # Playwright's sync API keeps an asyncio event loop running in this thread, and Django refuses
    # ORM calls from a thread with a running loop (SynchronousOnlyOperation), which would stop the
    # tests from creating their data. Nothing here is really async, so the check is switched off
    # while Playwright runs, and put back afterwards.
    allow_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With a loop running, Django also hands out a second set of database connections (they are
    # "thread critical" asgiref Locals). The database snapshot that serialized rollback restores is
    # kept on the first set, when the database is set up before Playwright starts: carry it over.
    snapshots = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        yield playwright
        # Closed while the loop still runs, so that these are the second set: the database can
        # then be dropped at the end of the session.
        connections.close_all()
    if allow_async_unsafe is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allow_async_unsafe


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(
    browser: Browser,
    live_server,
    transactional_db,
    django_db_serialized_rollback,
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """A fresh page on the live server; `page.goto("/")` opens the home page.

    The live server runs in another thread, so it sees only committed rows: the test database is
    transactional, and flushed after each test. Serialized rollback puts back what the migrations
    loaded (every county and municipality), which the flush would otherwise take from later tests.
    The site's Content-Security-Policy stays on, as in production: a page that breaks it fails.
    """
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    csp_violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    yield page
    if request.node.stash.get(_CALL_FAILED, False):
        _save_screenshot(page, request.node, suffix="-failed")
    context.close()
    if csp_violations:
        pytest.fail("The page broke its Content-Security-Policy:\n" + "\n".join(csp_violations))


@pytest.fixture
def log_in(page: Page) -> Callable[[User], None]:
    """Log in through the real login form, as a person would."""

    def log_in(user: User) -> None:
        page.goto("/konto/login/")
        page.locator('input[name="login"]').fill(user.email)
        page.locator('input[name="password"]').fill(PASSWORD)
        with page.expect_navigation():
            page.locator('main form button[type="submit"]').click()
        assert "/konto/login/" not in page.url, f"login as {user.email} failed: {page.url}"

    return log_in


def check_accessibility(page: Page) -> None:
    """Run axe-core's WCAG 2.1 A and AA rules on the page; fail with every violation found.

    axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so the
    page is checked exactly as production serves it (a <script> tag would be refused).
    """
    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
                    .then(results => results.violations)""",
        WCAG_21_AA,
    )
    if violations:
        pytest.fail(f"axe found accessibility violations on {page.url}:\n" + _describe(violations))


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{len(violation['nodes'])} element(s)] {violation['helpUrl']}"
        )
        for node in violation["nodes"][:3]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture(name="check_accessibility")
def check_accessibility_fixture() -> Callable[[Page], None]:
    return check_accessibility


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page], Path]:
    """Save a full-page PNG into test-artifacts/, named after the test."""

    def screenshot(page: Page) -> Path:
        return _save_screenshot(page, request.node)

    return screenshot


def _save_screenshot(page: Page, test: pytest.Item, suffix: str = "") -> Path:
    # test_layout.py::test_reflow[home] -> test_layout.test_reflow_home.png
    name = re.sub(r"[^\w.-]+", "_", f"{test.path.stem}.{test.name}").strip("_")
    path = ARTIFACTS / f"{name}{suffix}.png"
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture
def step_screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """Like `screenshot`, for a test that keeps several: test_x-<step>.png."""

    def step_screenshot(page: Page, step: str) -> Path:
        return _save_screenshot(page, request.node, suffix=f"-{step}")

    return step_screenshot


@pytest.fixture
def other_page(
    browser: Browser, live_server, page: Page, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A second person's browser beside `page`: its own context, so its own session and cookies.

    Checked like `page`: a broken Content-Security-Policy fails the test, and a failure keeps a
    screenshot (test_x-failed-other.png).
    """
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    other = context.new_page()
    csp_violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_violations.append(f"{other.url}: {message.text}")

    other.on("console", on_console)
    yield other
    if request.node.stash.get(_CALL_FAILED, False):
        _save_screenshot(other, request.node, suffix="-failed-other")
    context.close()
    if csp_violations:
        pytest.fail("The page broke its Content-Security-Policy:\n" + "\n".join(csp_violations))


def log_in_with_code(
    page: Page,
    email: str,
    *,
    totp_secret: str,
    on_code_stage: Callable[[Page], None] | None = None,
) -> None:
    """Log in through the login form and the two-factor stage after it, as a coordinator does.

    allauth takes each code once: a second login of the same person within its 30 seconds would be
    refused, so a test logs a coordinator in once (a second person gets `other_page`).
    """
    page.goto("/konto/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert page.url.endswith("/konto/2fa/authenticate/"), f"no code stage for {email}: {page.url}"
    if on_code_stage:
        on_code_stage(page)
    page.get_by_label("Kod").fill(totp_code(totp_secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert "/konto/" not in page.url, f"login as {email} stopped at {page.url}"
