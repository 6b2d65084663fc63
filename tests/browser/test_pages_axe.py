"""Every page type test_layout.py does not reach, with real data on it: no axe violations, at full
width and at 320 px, and no sideways scrolling at 320 px (WCAG 1.4.10 Reflow).

One test per person (visitor, organiser, coordinator) rather than one per page: each browser test
pays for a database flush, and the pages of one person share their data.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in_with_code
from tests.factories import (
    add_totp,
    at,
    make_activity,
    make_edition,
    make_organisation,
    make_user,
)
from veckan.activities import services
from veckan.activities.models import Activity, ContactPerson, CoOrganiser, LogEntry, Status
from veckan.editions.models import Edition
from veckan.organisations.models import Kind
from veckan.pages.models import AccessibilityFeedback

DESKTOP = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 640}

LONG_DESCRIPTION = """Vi visar hur invånarna var med från början.

Första halvan handlar om intervjuerna, den andra om prototyperna."""


@pytest.fixture
def check_page(page: Page, check_accessibility, step_screenshot) -> Callable[..., None]:
    """Open a page (or take the one on screen) and check it at full width and at 320 px."""

    def check_page(name: str, path: str | None = None, *, status: int = 200) -> None:
        if path is not None:
            response = page.goto(path)
            assert response.status == status, f"{path} answered {response.status}"
        page.set_viewport_size(DESKTOP)
        check_accessibility(page)
        # axe no longer looks for these (WCAG 2.2 dropped 4.1.1), but a label or an error summary
        # link pointing at a duplicated id reaches the wrong field.
        duplicated = page.evaluate(
            """() => Object.entries(
                [...document.querySelectorAll("[id]")].reduce(
                    (seen, element) => ({...seen, [element.id]: (seen[element.id] || 0) + 1}), {})
            ).filter(([, count]) => count > 1).map(([id]) => id)"""
        )
        assert duplicated == [], f"{name} repeats the ids {duplicated}"
        page.set_viewport_size(NARROW)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= NARROW["width"], f"{name} is {scroll_width} px wide at 320 px"
        check_accessibility(page)
        step_screenshot(page, name)
        page.set_viewport_size(DESKTOP)

    return check_page


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


@pytest.fixture
def edition(transactional_db) -> Edition:
    """Registration open and the program out: every action of every page is possible."""
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=1),
        program_published_at=now - timedelta(hours=1),
    )


def _approved(edition, organisation, coordinator, **fields) -> Activity:
    activity = make_activity(edition, organisation, **fields)
    services.submit_activity(activity=activity, by=coordinator)
    services.approve_activity(activity=activity, reviewer=coordinator)
    return activity


# --- What anyone can see ---------------------------------------------------------------------------


def test_visitor_pages_pass_axe_and_reflow(page, check_page, edition):
    organisation = make_organisation(name="Linköpings kommun")
    coordinator = make_user(coordinator=True)
    add_totp(coordinator)  # coordinator powers need a two-factor login
    approved = _approved(
        edition,
        organisation,
        coordinator,
        title="Så bygger vi framtidens e-tjänster tillsammans med invånarna",
        description=LONG_DESCRIPTION,
        signup_mode="external",
        external_signup_url="https://anmalan.example.se/e-tjanster",
    )
    approved.contacts.create(name="Ada Arrangör", email="ada@linkoping.example.se", show_email=True)
    CoOrganiser.objects.create(activity=approved, name="Linköpings universitet", kind=Kind.AKADEMI)
    cancelled = _approved(edition, organisation, coordinator, title="Dialogmöte om skolvalet")
    services.cancel_activity(
        activity=cancelled,
        by=coordinator,
        reason="Föreläsaren är sjuk. Vi återkommer med nytt datum.",
    )

    for slug in ("om", "personuppgifter", "kakor", "tillganglighet"):
        check_page(f"page-{slug}", f"/{slug}/")

    check_page("feedback", "/tillganglighet/rapportera/")
    page.get_by_label("Din e-postadress").fill("inte-en-adress")
    _submit(page, "Skicka")
    expect(page.locator(".ds-error-summary")).to_be_focused()
    check_page("feedback-errors")

    check_page("activity", f"/aktivitet/{approved.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(approved.title)
    check_page("activity-cancelled", f"/aktivitet/{cancelled.slug}/")
    expect(page.get_by_role("note")).to_contain_text("Föreläsaren är sjuk.")


# --- An organiser's pages --------------------------------------------------------------------------


def test_organiser_pages_pass_axe_and_reflow(page, log_in, check_page, edition):
    organiser = make_user("arrangor@linkoping.example.se", name="Ada Arrangör")
    organisation = make_organisation(name="Linköpings kommun", admin=organiser)
    coordinator = make_user(coordinator=True)
    add_totp(coordinator)  # coordinator powers need a two-factor login
    past = make_edition(2025, current=False)

    draft = make_activity(edition, organisation, title="Frukostseminarium om AI i vården")
    make_activity(
        edition,
        organisation,
        title="Workshop: tjänstedesign för nybörjare",
        type="workshop",
        starts_at=at(edition.starts_on, 13),
        ends_at=at(edition.starts_on, 16),
    )
    to_fix = make_activity(edition, organisation, title="Studiebesök på innovationslabbet")
    services.submit_activity(activity=to_fix, by=organiser)
    services.request_changes(
        activity=to_fix, reviewer=coordinator, comment="Skriv vilken ingång besökarna ska ta."
    )
    submitted = make_activity(edition, organisation, title="Dialogmöte om äldreomsorgen")
    services.submit_activity(activity=submitted, by=organiser)
    approved = _approved(edition, organisation, coordinator, title="Hackathon för öppna data")
    held = _approved(past, organisation, coordinator, title="Förra årets konferens")
    log_in(organiser)

    check_page("mine", "/mina-aktiviteter/")
    expect(page.locator(".activity-list > li")).to_have_count(5)
    check_page("mine-all-years", "/mina-aktiviteter/?utgava=alla")

    # The form with errors in every part: its own fields, a co-organiser row and a contact row.
    page.goto(f"/mina-aktiviteter/{draft.pk}/andra/")
    page.get_by_label("Titel", exact=True).fill("")
    page.locator("#id_co_organisers-0-name").fill("Linköpings universitet")
    page.locator("#id_contacts-0-name").fill("Ada Arrangör")
    _submit(page, "Spara utan att skicka in")
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_text(
        [
            "Titel: Skriv en titel.",
            "Medarrangör 1, typ av organisation: Välj vilken typ av organisation det är.",
            "Kontaktperson 1, e-postadress: Skriv kontaktpersonens e-postadress.",
        ]
    )
    check_page("activity-form-errors")
    assert (Activity.objects.get(pk=draft.pk).title, ContactPerson.objects.count()) == (
        "Frukostseminarium om AI i vården",
        0,
    )

    check_page("cancel", f"/mina-aktiviteter/{approved.pk}/stall-in/")
    _submit(page, "Ställ in aktiviteten")
    expect(page.locator(".ds-error-summary")).to_be_focused()
    check_page("cancel-errors")
    assert Activity.objects.get(pk=approved.pk).status == Status.APPROVED

    check_page("delete", f"/mina-aktiviteter/{draft.pk}/ta-bort/")

    check_page("follow-up", f"/mina-aktiviteter/{held.pk}/efterat/")
    expect(page.locator("#materials legend.ds-label")).to_have_text(
        ["Material 1", "Material 2", "Material 3"]
    )
    page.get_by_label("Länk till inspelningen").fill("inte en länk")
    page.locator("#id_materials-0-title").fill("Presentationen")
    _submit(page, "Spara")
    expect(page.locator(".ds-error-summary")).to_be_focused()
    check_page("follow-up-errors")
    assert Activity.objects.get(pk=held.pk).recording_url == ""


# --- The coordinators' pages -----------------------------------------------------------------------


def test_coordinator_pages_pass_axe_and_reflow(page, check_page, edition):
    coordinator = make_user(
        "samordnare@innovationsveckan.example.se", coordinator=True, name="Sam Samordnare"
    )
    secret = add_totp(coordinator)
    organisations = [
        make_organisation(name="Linköpings kommun"),
        make_organisation(name="Region Östergötland", kind=Kind.REGION),
    ]
    for number, organisation in enumerate(organisations * 2):
        activity = make_activity(
            edition, organisation, title=f"Inskickad aktivitet nummer {number + 1}"
        )
        services.submit_activity(activity=activity, by=coordinator)
    changed = _approved(
        edition,
        organisations[0],
        coordinator,
        title="Medborgardialog om den nya stadsdelen",
        description=LONG_DESCRIPTION,
    )
    # After approval: a new time waits for review; the edited description is live, and shown as a
    # diff against the approved version.
    changed.description = LONG_DESCRIPTION.replace("prototyperna", "prototyperna och testerna")
    changed.starts_at = at(edition.starts_on + timedelta(days=2), 13)
    changed.ends_at = at(edition.starts_on + timedelta(days=2), 15)
    assert services.update_activity(
        activity=changed, parts=services.ActivityParts(), editor=coordinator
    )
    AccessibilityFeedback.objects.create(
        description="Knappen för att logga ut går inte att nå med tangentbordet.",
        page_url="/mina-aktiviteter/",
        contact_name="Vera Visare",
        contact_email="vera@example.se",
    )
    AccessibilityFeedback.objects.create(
        description="Kontrasten på sidfoten är för låg.",
        handled=True,
        handled_by=coordinator,
        handled_at=timezone.now(),
    )
    make_edition(2026, current=False)

    log_in_with_code(page, coordinator.email, totp_secret=secret)

    check_page("dashboard", "/samordning/")
    expect(page.locator("tbody tr")).to_have_count(2)
    check_page("edition-form", "/samordning/utgavor/ny/")
    _submit(page, "Spara utgåvan")
    expect(page.locator(".ds-error-summary")).to_be_focused()
    check_page("edition-form-errors")

    check_page("review-queue", "/samordning/granskning/")
    expect(page.locator("tbody tr")).to_have_count(5)
    check_page("review-queue-bad-filter", "/samordning/granskning/?utgava=1999&status=okand")
    expect(page.locator(".ds-error-summary")).to_be_visible()

    check_page("review-change", f"/samordning/granskning/{changed.pk}/")
    expect(page.get_by_role("heading", name="Ändring som väntar på granskning")).to_be_visible()
    expect(page.locator("ins", has_text="prototyperna och testerna")).to_be_visible()
    _submit(page, "Avslå ändringen")  # without the reason it needs
    reject_change = page.locator("form").filter(
        has=page.get_by_role("button", name="Avslå ändringen")
    )
    expect(reject_change.locator(".ds-validation-message")).to_be_visible()
    check_page("review-change-errors")
    assert LogEntry.objects.filter(activity=changed, action="change_rejected").count() == 0

    check_page("pages", "/samordning/sidor/")
    check_page("page-editor", "/samordning/sidor/tillganglighet/")
    page.get_by_label("Text", exact=True).fill("Vi jobbar på det.")
    _submit(page, "Spara sidan")
    check_page("page-editor-errors")

    check_page("feedback-list", "/samordning/tillganglighet/")
    expect(page.locator(".feedback-list > li")).to_have_count(2)
