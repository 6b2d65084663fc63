"""The coordinators' list of activities without reported attendance, in a real browser: reached
from their start page, and accessible (axe) with its table."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in_with_code
from tests.factories import add_totp, make_activity, make_edition, make_organisation, make_user
from veckan.activities.models import ContactPerson, Status


@pytest.fixture
def ended(transactional_db):
    """The current edition took place last year; one activity of it has no reported attendance."""
    edition = make_edition(timezone.localdate().year - 1)
    activity = make_activity(
        edition, make_organisation(name="Linköpings kommun"), status=Status.APPROVED
    )
    ContactPerson.objects.create(activity=activity, name="Ada Arrangör", email="ada@example.se")
    return activity


def test_coordinator_finds_the_organisers_who_have_not_reported(page, ended, check_accessibility):
    page.set_default_timeout(15000)
    coordinator = make_user("samordnare@innovationsveckan.example.se", coordinator=True)
    log_in_with_code(page, coordinator.email, totp_secret=add_totp(coordinator))
    page.goto("/samordning/")
    with page.expect_navigation():
        page.get_by_role("link", name="1 aktivitet har ägt rum utan rapporterad närvaro").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Närvaro som inte är rapporterad")
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name=ended.title)).to_be_visible()
    expect(row).to_contain_text("Linköpings kommun")
    expect(row.get_by_role("link", name="ada@example.se")).to_be_visible()
    check_accessibility(page)
