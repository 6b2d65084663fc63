"""The statistics page in a real browser: axe and reflow at 320 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.factories import at, make_activity, make_edition, make_organisation
from veckan.activities.models import Status
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind
from veckan.signups.models import Attendance

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def statistics(transactional_db):
    """A published edition with activities in two counties, one digital and one cancelled."""
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
    for title, organisation, day, code in [
        ("Innovationer i skolan", municipality, monday, "0380"),
        ("Öppna data för alla", agency, tuesday, "0580"),
    ]:
        activity = make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title=title,
            municipality=Municipality.objects.get(code=code),
            starts_at=at(day, 9),
            ends_at=at(day, 11),
        )
        Attendance.objects.create(activity=activity, in_person=25, online=0)
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
    )
    make_activity(edition, agency, status=Status.CANCELLED, title="Inställt seminarium")
    make_activity(make_edition(2025, current=False), municipality, status=Status.APPROVED)
    return edition


def test_statistics_page_passes_axe_and_reflows_at_320_px(
    page: Page, statistics, check_accessibility, screenshot
):
    response = page.goto("/statistik/2027/")
    assert response.ok, f"/statistik/2027/ answered {response.status}"
    check_accessibility(page)

    page.set_viewport_size(NARROW)
    screenshot(page)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= NARROW["width"], f"the page is {scroll_width} px wide at 320 px"
    check_accessibility(page)
