"""Registering an activity as people do it, in a real browser: from sign-up to the public program,
and once with the keyboard alone.

The first walk writes to the database only what no page creates: the edition and a coordinator with
two-factor login (the municipalities come with the migrations). The clock passing the program's
publication date is the one other write.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import JSHandle, Locator, Page, expect

from tests.browser.conftest import log_in_with_code
from tests.factories import PASSWORD, add_totp, make_edition, make_organisation, make_user
from veckan.accounts.models import User
from veckan.activities.models import Activity, ActivityTag, Status
from veckan.outbox.models import OutboxMessage

ORGANISER_EMAIL = "ada.arrangor@linkoping.example.se"
TITLE = "Så bygger vi framtidens e-tjänster"
FIRST_SUMMARY = "Ett seminarium om e-tjänster."
FIXED_SUMMARY = (
    "Ett seminarium om hur Linköpings kommun utvecklar e-tjänster tillsammans med invånarna, "
    "med exempel från bygglov och skolval."
)
REVIEW_COMMENT = "Beskriv i sammanfattningen vad deltagarna får med sig."
ANSWER = "Nu står det vad deltagarna får med sig: exempel från bygglov och skolval."


@pytest.fixture
def edition(transactional_db):
    """Registration open now; the program comes out in an hour, which the test lets pass."""
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=1),
        program_published_at=now + timedelta(hours=1),
    )


def _click_and_wait(page: Page, locator: Locator) -> None:
    with page.expect_navigation():
        locator.click()


def _nav(page: Page, name: str) -> None:
    """Follow a link of the main menu in the header."""
    _click_and_wait(page, page.locator("header nav").get_by_role("link", name=name, exact=True))


def _log_out(page: Page) -> None:
    _click_and_wait(page, page.get_by_role("button", name="Logga ut"))


def _card(page: Page, title: str) -> Locator:
    """The activity's card in Mina aktiviteter."""
    return page.locator(".activity-list > li").filter(has=page.get_by_role("heading", name=title))


def _status_of(page: Page, title: str) -> str:
    return _card(page, title).locator(".ds-tag").first.inner_text()


def test_organiser_registers_and_coordinator_reviews_until_the_activity_is_published(
    page, other_page, log_in, edition, check_accessibility, step_screenshot
):
    """The organiser works in `page`; the coordinator, at another desk, in `other_page`, and
    stays logged in: a second login within 30 seconds would have to wait for the next code."""
    organiser, coordinator_page = page, other_page
    for each in (organiser, coordinator_page):
        each.set_default_timeout(5000)
    coordinator = make_user("samordnare@innovationsveckan.example.se", coordinator=True)
    totp_secret = add_totp(coordinator)

    # --- A new organiser signs up and confirms the address from the mail.
    organiser.goto("/konto/signup/")
    check_accessibility(organiser)
    organiser.get_by_label("E-post").fill(ORGANISER_EMAIL)
    organiser.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    organiser.get_by_label("Lösenord (igen)").fill(PASSWORD)
    _click_and_wait(organiser, organiser.get_by_role("button", name="Skapa konto"))
    assert organiser.url.endswith("/konto/confirm-email/")
    expect(organiser.locator("main")).to_contain_text(
        f"Ett bekräftelsemejl har skickats till {ORGANISER_EMAIL}."
    )

    [mail] = OutboxMessage.objects.filter(to=[ORGANISER_EMAIL])
    [link] = re.findall(r"https?://\S+(/konto/confirm-email/\S+)", mail.body)
    organiser.goto(link)
    check_accessibility(organiser)
    _click_and_wait(organiser, organiser.get_by_role("button", name="Bekräfta"))
    assert organiser.url.endswith("/mina-aktiviteter/")
    expect(organiser.locator(".messages")).to_contain_text(f"Du har verifierat {ORGANISER_EMAIL}.")

    # --- The organisation.
    _nav(organiser, "Mina organisationer")
    _click_and_wait(organiser, organiser.get_by_role("link", name="Registrera en organisation"))
    check_accessibility(organiser)
    organiser.get_by_label("Namn").fill("Linköpings kommun")
    organiser.get_by_label("Typ av organisation").select_option(label="Kommun")
    organiser.get_by_label("Organisationsnummer").fill("212000-0142")
    organiser.get_by_label("Hemkommun").select_option(label="Linköping")
    _click_and_wait(organiser, organiser.get_by_role("button", name="Registrera organisationen"))
    expect(organiser.locator(".messages")).to_contain_text(
        "Linköpings kommun är registrerad. Du är administratör för den."
    )
    step_screenshot(organiser, "1-organisation")

    # --- The activity: first sent empty, so the errors show, then filled in as a draft.
    _nav(organiser, "Mina aktiviteter")
    check_accessibility(organiser)
    _click_and_wait(organiser, organiser.get_by_role("link", name="Anmäl en aktivitet"))
    check_accessibility(organiser)
    _click_and_wait(organiser, organiser.get_by_role("button", name="Spara som utkast"))
    summary = organiser.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("li").first).to_have_text("Titel: Skriv en titel.")
    check_accessibility(organiser)
    step_screenshot(organiser, "2-activity-errors")

    organiser.get_by_label("Titel", exact=True).fill(TITLE)
    organiser.get_by_label("Sammanfattning", exact=True).fill(FIRST_SUMMARY)
    organiser.get_by_label("Typ av aktivitet").select_option(label="Seminarium")
    organiser.get_by_role("group", name="Form").get_by_label("På plats", exact=True).check()
    tuesday = edition.starts_on + timedelta(days=1)
    organiser.get_by_role("group", name="Tid och plats").get_by_label(
        "Dag", exact=True
    ).select_option(tuesday.isoformat())
    organiser.get_by_role("group", name="Tid och plats").get_by_label("Börjar klockan").fill(
        "09:00"
    )
    organiser.get_by_role("group", name="Tid och plats").get_by_label("Slutar klockan").fill(
        "11:00"
    )
    organiser.get_by_role("group", name="Tid och plats").get_by_label(
        re.compile(r"^Kommun\b")
    ).select_option(label="Linköping")
    organiser.get_by_role("group", name="Tid och plats").get_by_label(re.compile(r"^Lokal\b")).fill(
        "Stadshuset"
    )
    organiser.get_by_role("group", name="Tid och plats").get_by_label(
        re.compile(r"^Adress\b")
    ).fill("Drottninggatan 45, Linköping")
    organiser.get_by_role("group", name="Språk").get_by_label("Svenska").check()
    organiser.get_by_role("group", name="Målgrupper").get_by_label(
        "Medarbetare i offentlig sektor"
    ).check()
    _click_and_wait(organiser, organiser.get_by_role("button", name="Spara som utkast"))
    expect(organiser.locator(".messages")).to_contain_text(f"”{TITLE}” är sparad som utkast.")
    assert _status_of(organiser, TITLE) == "Utkast"

    _click_and_wait(organiser, _card(organiser, TITLE).get_by_role("button", name="Skicka in"))
    expect(organiser.locator(".messages")).to_contain_text(
        f"”{TITLE}” är inskickad för granskning."
    )
    assert _status_of(organiser, TITLE) == "Väntar på granskning"
    step_screenshot(organiser, "3-submitted")
    activity = Activity.objects.get()
    assert (activity.title, activity.status, activity.organisation.name) == (
        TITLE,
        Status.SUBMITTED,
        "Linköpings kommun",
    )
    assert sorted(activity.tags.values_list("kind", "value")) == [
        (ActivityTag.Kind.LANGUAGE, "sv"),
        (ActivityTag.Kind.TARGET_GROUP, "offentlig_sektor"),
    ]
    _log_out(organiser)

    # --- The coordinator logs in with the code from the app and asks for a change.
    log_in_with_code(
        coordinator_page,
        coordinator.email,
        totp_secret=totp_secret,
        on_code_stage=check_accessibility,
    )
    _nav(coordinator_page, "Samordning")
    _click_and_wait(
        coordinator_page, coordinator_page.get_by_role("link", name="Granska aktiviteter")
    )
    check_accessibility(coordinator_page)
    _click_and_wait(coordinator_page, coordinator_page.get_by_role("link", name=TITLE))
    check_accessibility(coordinator_page)
    step_screenshot(coordinator_page, "4-review")
    # The organisation is new and nobody has vouched for it: the reviewer sees so, and verifies it.
    facts = coordinator_page.locator("dl.facts").first
    expect(facts).to_contain_text("Ej verifierad")
    expect(facts).to_contain_text(f"av {ORGANISER_EMAIL} ({ORGANISER_EMAIL})")
    _click_and_wait(
        coordinator_page, coordinator_page.get_by_role("button", name="Verifiera organisationen")
    )
    expect(coordinator_page.locator(".messages")).to_contain_text("är verifierad.")
    expect(facts).not_to_contain_text("Ej verifierad")
    request_changes = coordinator_page.locator("form").filter(
        has=coordinator_page.get_by_role("button", name="Begär ändringar")
    )
    request_changes.get_by_role("textbox").fill(REVIEW_COMMENT)
    _click_and_wait(coordinator_page, request_changes.get_by_role("button", name="Begär ändringar"))
    expect(coordinator_page.locator(".messages")).to_contain_text(
        f"”{TITLE}” är skickad tillbaka till arrangören med din kommentar."
    )

    # --- The organiser logs in again, reads the comment on the card and at the top of the form,
    # fixes the summary, answers and resubmits in one step.
    log_in(User.objects.get(email=ORGANISER_EMAIL))
    assert organiser.url.endswith("/mina-aktiviteter/")
    card = _card(organiser, TITLE)
    assert _status_of(organiser, TITLE) == "Behöver ändras"
    expect(card.locator(".comment-list")).to_contain_text(REVIEW_COMMENT)
    expect(card.locator(".next-step")).to_contain_text("Spara och skicka in igen")
    step_screenshot(organiser, "5-changes-requested")
    _click_and_wait(organiser, card.get_by_role("link", name="Ändra"))
    expect(organiser.locator("#review-comment")).to_contain_text(REVIEW_COMMENT)
    check_accessibility(organiser)
    organiser.get_by_label("Sammanfattning", exact=True).fill(FIXED_SUMMARY)
    organiser.get_by_label("Svar till samordnarna").fill(ANSWER)
    _click_and_wait(organiser, organiser.get_by_role("button", name="Spara och skicka in igen"))
    expect(organiser.locator(".messages")).to_contain_text(
        f"”{TITLE}” är sparad och inskickad för granskning."
    )
    assert _status_of(organiser, TITLE) == "Väntar på granskning"
    expect(_card(organiser, TITLE).locator(".comment-list")).to_contain_text(ANSWER)

    # --- The coordinator sees what changed since the request, and the answer, then approves.
    coordinator_page.goto("/samordning/granskning/")
    _click_and_wait(coordinator_page, coordinator_page.get_by_role("link", name=TITLE))
    since = coordinator_page.locator("section").filter(
        has=coordinator_page.get_by_role("heading", name=re.compile("Ändringar sedan ni begärde"))
    )
    expect(since).to_contain_text(FIRST_SUMMARY)
    expect(since.locator("ins")).to_contain_text(FIXED_SUMMARY)
    expect(coordinator_page.locator("#history-heading ~ .table-wrapper")).to_contain_text(ANSWER)
    check_accessibility(coordinator_page)
    step_screenshot(coordinator_page, "6-diff-since-request")
    approve = coordinator_page.locator("form").filter(
        has=coordinator_page.get_by_role("button", name="Godkänn", exact=True)
    )
    _click_and_wait(coordinator_page, approve.get_by_role("button", name="Godkänn", exact=True))
    expect(coordinator_page.locator(".messages")).to_contain_text(f"”{TITLE}” är godkänd.")
    activity.refresh_from_db()
    assert (activity.status, activity.summary) == (Status.APPROVED, FIXED_SUMMARY)

    # --- The organiser's card says when it becomes public.
    organiser.goto("/mina-aktiviteter/")
    assert _status_of(organiser, TITLE) == "Godkänd, inte publicerad än"
    expect(_card(organiser, TITLE).locator(".next-step")).to_contain_text(
        "Godkänd. Syns i programmet från "
    )

    # --- Approved, but not public before the program is published: a shared link says when.
    visitor = organiser
    _log_out(visitor)
    response = visitor.goto(f"/aktivitet/{activity.slug}/")
    assert response.status == 200
    expect(visitor.locator("main")).to_contain_text(
        "Aktiviteten som länken leder till visas här när programmet är publicerat."
    )
    expect(visitor.locator("main")).not_to_contain_text(TITLE)

    edition.program_published_at = timezone.now() - timedelta(minutes=1)  # the clock passes
    edition.save(update_fields=["program_published_at"])
    response = visitor.goto(f"/aktivitet/{activity.slug}/")
    assert response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator("article")).to_contain_text(FIXED_SUMMARY)
    check_accessibility(visitor)
    step_screenshot(visitor, "7-published")

    # --- Once public, the organiser's card links to the public page.
    log_in(User.objects.get(email=ORGANISER_EMAIL))
    assert _status_of(organiser, TITLE) == "Publicerad"
    link = _card(organiser, TITLE).get_by_role(
        "link", name=re.compile("Se aktiviteten i programmet")
    )
    _click_and_wait(organiser, link)
    expect(organiser.get_by_role("heading", level=1)).to_have_text(TITLE)


# --- Without a mouse ---------------------------------------------------------------------------------

# The box that shows where focus is: the focused element itself, or, as Designsystemet draws it for
# a radio button or checkbox, the field around it with its label.
_FOCUS_BOX = """() => {
    const focused = document.activeElement;
    const shows = element => {
        const style = getComputedStyle(element);
        return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== "none";
    };
    for (let element = focused; element && element !== document.body; element = element.parentElement) {
        if (shows(element)) return element;
        if (element.matches("fieldset, form")) break;
    }
    return focused;
}"""
_STYLE = """(box, focused) => {
    const style = getComputedStyle(box);
    return {
        id: focused.id,
        box: box === focused ? "itself" : `${box.tagName.toLowerCase()}.${box.className}`,
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
            ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` : "",
        boxShadow: style.boxShadow === "none" ? "" : style.boxShadow,
    };
}"""


class KeyboardWalk:
    """Moves through a page with Tab only, checking at each stop that focus can be seen.

    A stop shows focus when it (or the field drawn around it) has an outline or a box shadow while
    focused that it no longer has once focus has moved on: a border it always has is no indicator.
    Focus on a part the browser draws inside a field, such as the clock button of a time field,
    has no style a page can read: there, the field must look different with focus than without.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.stops: list[dict] = []
        # The previous stop: its box, and how it looked with focus, to compare once focus has left.
        self._previous: tuple[JSHandle, dict, bytes | None] | None = None

    def check_focus(self) -> None:
        focused = self.page.evaluate_handle("() => document.activeElement")
        inside = not focused.evaluate("element => element.matches(':focus')")
        box = focused if inside else self.page.evaluate_handle(_FOCUS_BOX)
        style = box.evaluate(_STYLE, focused)
        image = None
        if inside:
            style["box"] = "a part the browser draws inside it"
            image = focused.as_element().screenshot()
        else:
            assert style["outline"] or style["boxShadow"], f"no visible focus on #{style['id']}"
        if self._previous and not self._previous[0].evaluate("(a, b) => a === b", box):
            self._check_unfocused_looks_different(*self._previous)
        self._previous = (box, style, image)
        self.stops.append(style)

    def _check_unfocused_looks_different(self, box: JSHandle, focused: dict, image) -> None:
        if image is not None:
            assert box.as_element().screenshot() != image, (
                f"#{focused['id']} looks the same with focus on {focused['box']} as without"
            )
            return
        unfocused = box.evaluate(_STYLE, box)
        assert (focused["outline"], focused["boxShadow"]) != (
            unfocused["outline"],
            unfocused["boxShadow"],
        ), f"#{focused['id']} looks the same with focus as without: {focused}"

    def start(self, selector: str) -> None:
        """Put focus on the first field, as a person's first Tab presses would."""
        self.page.focus(selector)
        self.check_focus()

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.check_focus()

    def tab_to(self, target: str | Locator, *, at_most: int = 60) -> None:
        """Press Tab until the element (or the one with this id) has focus.

        A date or time field takes one Tab per part, and one for the browser's picker button.
        """
        target = self.page.locator(f"#{target}") if isinstance(target, str) else target
        for _ in range(at_most):
            if target.evaluate("element => element === document.activeElement"):
                return
            self.press("Tab")
        raise AssertionError(f"{target} not reached in {at_most} Tab presses: {self.stops}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def test_organiser_registers_an_activity_with_the_keyboard_only(page, log_in, step_screenshot):
    page.set_default_timeout(5000)
    edition = make_edition(2027, registration_opens=timezone.now() - timedelta(days=1))
    organiser = make_user("tangentbord@kommun.example.se", name="Tage Tangent")
    organisation = make_organisation(name="Exempelby kommun", admin=organiser)
    log_in(organiser)
    page.goto("/mina-aktiviteter/ny/")

    walk = KeyboardWalk(page)
    walk.start("#id_title")
    walk.type("Utan mus genom veckan")
    walk.tab_to("id_summary")
    walk.type("En workshop om att göra e-tjänster som fungerar med bara tangentbordet.")
    walk.tab_to("id_type")
    walk.type("Workshop")  # a closed select takes the option whose name is typed
    walk.tab_to("id_format_0")  # the first radio, "På plats": Tab enters the group there
    page.keyboard.press("Space")
    walk.tab_to("id_day")
    page.keyboard.press("ArrowDown")  # "Välj dag" → Monday
    page.keyboard.press("ArrowDown")  # → Tuesday
    walk.tab_to("id_start_time")
    # Hours, then minutes: the field moves on by itself. A browser with a 12-hour clock (the test
    # browser's own language, whatever the page's) then wants AM; with a 24-hour clock it is ignored.
    walk.type("0900AM")
    walk.tab_to("id_end_time")
    walk.type("1130AM")
    walk.tab_to("id_municipality")
    walk.type("Linköping")
    walk.tab_to("id_venue")
    walk.type("Stadsbiblioteket")
    walk.tab_to("id_address")
    walk.type("Östgötagatan 5, Linköping")
    walk.tab_to("id_languages_0")  # Svenska
    page.keyboard.press("Space")
    walk.tab_to("id_target_groups_0")  # Medarbetare i offentlig sektor
    page.keyboard.press("Space")
    walk.tab_to("id_accessibility_0")  # Tillgängligt med rullstol
    page.keyboard.press("Space")
    # On past the picture, the sign-up and the English texts, to the button; Shift+Tab and back
    # first, as a person checking the box they ticked would.
    walk.press("Shift+Tab")
    walk.tab_to("id_accessibility_0")
    walk.tab_to(page.get_by_role("button", name="Spara som utkast"))
    step_screenshot(page, "before-submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text(
        "”Utan mus genom veckan” är sparad som utkast."
    )
    activity = Activity.objects.get()
    tuesday = edition.starts_on + timedelta(days=1)
    assert (
        activity.status,
        activity.organisation,
        activity.type,
        activity.format,
        timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M"),
        timezone.localtime(activity.ends_at).strftime("%H:%M"),
        activity.municipality.name,
        activity.venue,
        activity.address,
    ) == (
        Status.DRAFT,
        organisation,
        "workshop",
        "physical",
        f"{tuesday.isoformat()} 09:00",
        "11:30",
        "Linköping",
        "Stadsbiblioteket",
        "Östgötagatan 5, Linköping",
    )
    assert sorted(activity.tags.values_list("kind", "value")) == [
        (ActivityTag.Kind.ACCESSIBILITY, "wheelchair"),
        (ActivityTag.Kind.LANGUAGE, "sv"),
        (ActivityTag.Kind.TARGET_GROUP, "offentlig_sektor"),
    ]
    assert len({stop["id"] for stop in walk.stops}) > 30, walk.stops
