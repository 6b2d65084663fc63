"""The public activity and organisation pages in Chromium, with the production CSP enforced: no axe
violations at full width and at 320 px, no sideways scrolling at 320 px (WCAG 1.4.10 Reflow), and
JSON-LD in the head that the browser leaves alone and that parses as JSON.

One test for all three pages: every browser test pays for a database flush, and they share data.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import make_activity, make_edition, make_organisation
from veckan.activities.models import ActivityTag, ContactPerson, CoOrganiser, Status
from veckan.organisations.models import Kind

DESKTOP = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 640}


@pytest.fixture
def check_page(page: Page, check_accessibility) -> Callable[[str, str], None]:
    """Open a page and check it at full width and at 320 px (a failure keeps a screenshot)."""

    def check_page(name: str, path: str) -> None:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        page.set_viewport_size(DESKTOP)
        check_accessibility(page)
        page.set_viewport_size(NARROW)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= NARROW["width"], f"{name} is {scroll_width} px wide at 320 px"
        check_accessibility(page)
        page.set_viewport_size(DESKTOP)

    return check_page


def _jsonld(page: Page) -> dict:
    return page.evaluate(
        """() => JSON.parse(
            document.querySelector('head script[type="application/ld+json"]').textContent)"""
    )


def test_activity_and_organisation_pages_pass_axe_and_reflow(page, check_page, transactional_db):
    now = timezone.now()
    edition = make_edition(
        2027,
        registration_opens=now - timedelta(days=60),
        registration_closes=now - timedelta(days=10),
        program_published_at=now - timedelta(hours=1),
    )
    past = make_edition(2025, current=False)
    organisation = make_organisation(name="Linköpings kommun")
    organisation.website = "https://www.linkoping.example.se/innovation/innovationsveckan-2027"
    organisation.description = (
        "Linköpings kommun arbetar med innovation i välfärden tillsammans med invånarna, "
        "universitetet och näringslivet."
    )
    organisation.save()
    partner = make_organisation(kind=Kind.AKADEMI, name="Linköpings universitet")

    physical = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        title="Så bygger vi framtidens e-tjänster tillsammans med invånarna",
        description="Vi visar hur invånarna var med från början.",
    )
    CoOrganiser.objects.create(activity=physical, organisation=partner, position=0)
    CoOrganiser.objects.create(
        activity=physical, name="Föreningen Öppen data", kind=Kind.CIVILSAMHALLE, position=1
    )
    for code in ("sv", "sgn-SE"):
        ActivityTag.objects.create(activity=physical, kind=ActivityTag.Kind.LANGUAGE, value=code)
    ContactPerson.objects.create(
        activity=physical, name="Ada Arrangör", email="ada@linkoping.example.se", show_email=True
    )
    cancelled = make_activity(
        edition,
        organisation,
        status=Status.CANCELLED,
        cancellation_reason="Föreläsaren är sjuk. Vi återkommer med nytt datum.",
        title="Dialogmöte om skolvalet",
    )
    co_organised = make_activity(
        edition, partner, status=Status.APPROVED, title="Forskning möter förvaltning"
    )
    CoOrganiser.objects.create(activity=co_organised, organisation=organisation)
    make_activity(
        past,
        organisation,
        status=Status.APPROVED,
        title="Så digitaliserade vi bygglovet",
        recording_url="https://play.example.se/bygglov",
    )

    check_page("activity", f"/aktivitet/{physical.slug}/")
    data = _jsonld(page)
    assert (data["@type"], data["name"], data["location"]["name"]) == (
        "Event",
        physical.title,
        "Stadshuset",
    )
    expect(page.get_by_label("Länk till aktiviteten")).to_have_value(
        f"{settings.SITE_URL}/aktivitet/{physical.slug}/"
    )

    check_page("activity-cancelled", f"/aktivitet/{cancelled.slug}/")
    assert _jsonld(page)["eventStatus"] == "https://schema.org/EventCancelled"

    # From the activity to its organiser's page, as a visitor would go.
    page.goto(f"/aktivitet/{physical.slug}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Linköpings kommun", exact=True).click()
    assert page.url.endswith(f"/organisation/{organisation.slug}/")
    check_page("organisation", f"/organisation/{organisation.slug}/")
    # All three at the same time: then in order of title.
    expect(page.locator("#this-year h3")).to_have_text(
        [
            "Inställd Dialogmöte om skolvalet",
            "Forskning möter förvaltning",
            "Så bygger vi framtidens e-tjänster tillsammans med invånarna",
        ]
    )
    expect(page.locator("#earlier li")).to_have_text(
        [
            "Så digitaliserade vi bygglovet, 30 september · Se inspelningen: "
            "Så digitaliserade vi bygglovet"
        ]
    )
