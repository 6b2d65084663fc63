"""The newer page types with real data on them: the award, the coordinators' messages, the
statistics and page views, and the organisers' participant pages. No axe violations, at full width
and at 320 px, and no sideways scrolling at 320 px (WCAG 1.4.10 Reflow).

Pages are grouped per person and test: each browser test pays for a database flush.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, log_in_with_code
from tests.factories import (
    PASSWORD,
    add_totp,
    at,
    make_activity,
    make_edition,
    make_organisation,
    make_published_edition,
    make_signup_activity,
    make_user,
)
from veckan.activities.models import ActivityPageView, Status
from veckan.awards import services
from veckan.awards.models import Award, ConflictOfInterest, Criterion, Juror, Nomination, Score
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind
from veckan.signups.models import SignUp

DESKTOP = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 640}


def check(page: Page, path: str | None = None) -> None:
    """Open a page (or take the one on screen): axe at full width and at 320 px, and reflow."""
    if path is not None:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
    page.set_viewport_size(DESKTOP)
    check_accessibility(page)
    page.set_viewport_size(NARROW)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= NARROW["width"], f"{page.url} is {scroll_width} px wide at 320 px"
    check_accessibility(page)
    page.set_viewport_size(DESKTOP)


def _submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


# --- The award ------------------------------------------------------------------------------------


def _nomination(award, organisation, name, status):
    return Nomination.objects.create(
        award=award,
        solution_name=name,
        description="En lösning som andra kommuner kan använda direkt, utan att bygga om den.",
        organisation=organisation,
        film_url="https://film.example.se/" + str(Nomination.objects.count() + 1),
        contact_name="Kim Kontakt",
        contact_email="kim@kommun.example.se",
        rights_confirmed=True,
        status=status,
    )


def test_award_pages_pass_axe_and_reflow(
    page, other_page, log_in, step_screenshot, transactional_db
):
    now = timezone.now()
    award = Award.objects.create(
        edition=make_edition(2027),
        nominations_open=now - timedelta(days=30),
        nominations_close=now - timedelta(days=10),
        vote_open=now - timedelta(days=1),
        vote_close=now + timedelta(days=1),
    )
    usefulness = Criterion.objects.create(award=award, name="Nytta för andra", weight=2)
    Criterion.objects.create(award=award, name="Lätt att införa")
    linkoping = make_organisation(name="Linköpings kommun")
    region = make_organisation(kind=Kind.REGION, name="Region Östergötland")
    shortlisted = [
        _nomination(
            award, linkoping, "Digital brevlåda för bygglov", Nomination.Status.SHORTLISTED
        ),
        _nomination(award, region, "Vårdguiden i mobilen", Nomination.Status.SHORTLISTED),
    ]
    accepted = _nomination(award, linkoping, "Öppna data om skolval", Nomination.Status.ACCEPTED)
    _nomination(award, region, "Ny nominering", Nomination.Status.SUBMITTED)
    _nomination(award, region, "Avvisad idé", Nomination.Status.REJECTED)
    juror_user = make_user("jury@example.se", name="Jenny Jury")
    juror = Juror.objects.create(award=award, user=juror_user)
    Score.objects.create(juror=juror, nomination=shortlisted[0], criterion=usefulness, value=4)
    ConflictOfInterest.objects.create(juror=juror, nomination=accepted)
    coordinator = make_user("samordnare@skr.example.se", coordinator=True)
    secret = add_totp(coordinator)

    check(page, "/pris/")
    expect(page.get_by_role("button", name="Rösta")).to_have_count(2)

    Award.objects.filter(pk=award.pk).update(nominations_close=now + timedelta(days=1))
    check(page, "/pris/nominera/")
    _submit(page, "Skicka nomineringen")
    expect(page.locator(".ds-error-summary")).to_be_visible()
    check(page)

    log_in(juror_user)
    check(page, "/pris/jury/")
    expect(page.get_by_role("button", name="Spara poäng")).to_have_count(2)

    log_in_with_code(other_page, coordinator.email, totp_secret=secret)
    check(other_page, "/samordning/pris/")
    expect(other_page.get_by_role("button", name="Godkänn – Ny nominering")).to_be_visible()

    # The votes, before the results are public: a burst from one network, voided with a reason.
    for n in range(6):
        services.vote(
            award=award, nomination=shortlisted[0], email=f"v{n}@spam.example", network="192.0.2.7"
        )
    services.vote(award=award, nomination=shortlisted[1], email="elev@skola.se", network="x")
    check(other_page, "/samordning/pris/roster/")
    for width in (320, 390, 1280):
        other_page.set_viewport_size({"width": width, "height": 800})
        step_screenshot(other_page, f"votes-{width}")
    burst = other_page.locator("#bursts-heading + p + .table-wrapper tbody tr")
    burst.get_by_role("textbox").fill("Sex röster på två minuter")
    with other_page.expect_navigation():
        burst.get_by_role("button", name="Räkna inte").click()
    expect(other_page.locator(".messages")).to_contain_text("6 röster räknas inte längre.")
    expect(other_page.locator("#voided-heading")).to_be_visible()
    check(other_page)


# --- The coordinators' messages and statistics ------------------------------------------------------


def test_coordinator_messages_and_statistics_pass_axe_and_reflow(page, transactional_db):
    edition = make_published_edition(2027)
    uppsala = Municipality.objects.get(code="0380")
    coordinator = make_user("samordnare@skr.example.se", coordinator=True, name="Sara Samordnare")
    secret = add_totp(coordinator)
    municipality = make_organisation(
        name="Uppsala kommun", members=[make_user("uppsala@example.se", name="Ulla Uppsala")]
    )
    company = make_organisation(
        kind=Kind.FORETAG, name="Företaget AB", members=[make_user("foretag@example.se")]
    )
    seminar = make_activity(
        edition,
        municipality,
        status=Status.APPROVED,
        title="Innovationer i skolan",
        municipality=uppsala,
    )
    workshop = make_activity(
        edition,
        company,
        status=Status.APPROVED,
        title="Workshop: tjänstedesign för nybörjare",
        type="workshop",
        starts_at=at(edition.starts_on, 13),
        ends_at=at(edition.starts_on, 16),
    )
    today = timezone.localdate()
    ActivityPageView.objects.create(activity=seminar, day=today, count=12)
    ActivityPageView.objects.create(activity=seminar, day=today - timedelta(days=1), count=30)
    ActivityPageView.objects.create(activity=workshop, day=today, count=7)

    log_in_with_code(page, coordinator.email, totp_secret=secret)
    check(page, "/samordning/statistik/")

    check(page, "/samordning/meddelanden/")
    check(page, "/samordning/meddelanden/nytt/")
    _submit(page, "Förhandsvisa")
    expect(page.locator(".ds-error-summary")).to_be_visible()
    check(page)

    page.get_by_label("Ämne", exact=True).fill("Viktigt om programmet")
    page.get_by_label("Meddelande", exact=True).fill(
        "Hej arrangörer!\n\nProgrammet är nu publicerat."
    )
    _submit(page, "Förhandsvisa")
    expect(page.get_by_text("uppsala@example.se")).to_be_visible()
    check(page)

    # Sent, so that the list has a message in it.
    _submit(page, "Skicka till 2 personer")
    check(page, "/samordning/meddelanden/")


# --- Regional coordinators ---------------------------------------------------------------------------


def test_regional_coordinator_pages_pass_axe_and_reflow(
    page, other_page, step_screenshot, transactional_db
):
    edition = make_published_edition(2027)
    vaxjo = make_organisation(name="Växjö kommun", members=[make_user("vaxjo@example.se")])
    make_activity(
        edition,
        vaxjo,
        status=Status.SUBMITTED,
        title="Innovation i Växjö",
        municipality=Municipality.objects.get(code="0780"),
    )
    make_activity(edition, vaxjo, status=Status.SUBMITTED, title="Innovation i Linköping")
    coordinator = make_user("samordnare@skr.example.se", coordinator=True, name="Sara Samordnare")
    secret = add_totp(coordinator)
    regional = make_user("rut@lansstyrelsen.example.se", name="Rut Regional")
    regional_secret = add_totp(regional)

    log_in_with_code(page, coordinator.email, totp_secret=secret)
    check(page, "/samordning/regionala/")
    _submit(page, "Ge rollen")
    expect(page.locator(".ds-error-summary")).to_be_visible()
    check(page)
    page.get_by_label("E-postadress").fill(regional.email)
    page.get_by_label("Län").select_option(label="Kronobergs län")
    _submit(page, "Ge rollen")
    expect(page.locator(".messages")).to_contain_text("Rut Regional är nu regional samordnare")
    check(page)
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        step_screenshot(page, f"regional-grants-{width}")

    log_in_with_code(other_page, regional.email, totp_secret=regional_secret)
    check(other_page, "/samordning/")
    check(other_page, "/samordning/granskning/")
    expect(other_page.locator("main tbody")).to_contain_text("Innovation i Växjö")
    expect(other_page.locator("main tbody")).not_to_contain_text("Innovation i Linköping")
    step_screenshot(other_page, "regional-queue")


# --- An organiser's participants and page views --------------------------------------------------


def _sign_up(activity, name: str, status: str = SignUp.Status.CONFIRMED, **fields) -> SignUp:
    created_at = timezone.now() - timedelta(days=2)
    email = name.split()[0].lower() + "@example.se"
    return SignUp.objects.create(
        activity=activity,
        name=name,
        email=email,
        status=status,
        created_at=created_at,
        hold_expires_at=created_at + timedelta(minutes=30),
        confirmed_at=created_at + timedelta(minutes=5),
        **fields,
    )


def test_organiser_participant_pages_pass_axe_and_reflow(page, log_in, transactional_db):
    organiser = make_user("arrangor@exempelby.example.se", name="Ada Arrangör")
    organisation = make_organisation(name="Exempelby kommun", admin=organiser)
    activity = make_signup_activity(
        organisation, capacity=2, title="Workshop om välfärdsteknik för äldreomsorgen"
    )
    _sign_up(activity, "Anna Andersson", organisation="Region Norr", no_photo=True)
    _sign_up(activity, "Bertil Berg", organisation="Exempelby kommun")
    _sign_up(activity, "David Dahl", SignUp.Status.WAITING, organisation="Skatteverket")
    _sign_up(
        activity,
        "Fredrik Frid",
        SignUp.Status.CANCELLED,
        cancelled_at=timezone.now() - timedelta(days=1),
    )
    ActivityPageView.objects.create(activity=activity, day=timezone.localdate(), count=5)
    ActivityPageView.objects.create(
        activity=activity, day=timezone.localdate() - timedelta(days=1), count=11
    )
    held = make_activity(
        make_edition(timezone.localdate().year - 1, current=False),
        organisation,
        status=Status.APPROVED,
        signup_mode="platform",
        capacity=40,
        title="Förra årets konferens",
    )
    _sign_up(held, "Cecilia Carlsson")
    log_in(organiser)

    base = f"/mina-aktiviteter/{activity.pk}"
    check(page, f"{base}/besok/")
    check(page, f"{base}/deltagare/")
    check(page, f"{base}/deltagare/incheckning/")

    check(page, f"{base}/deltagare/meddelande/")
    page.get_by_label("Ämne", exact=True).fill("Välkommen på tisdag")
    page.get_by_label("Meddelande", exact=True).fill("Hej!\n\nVi ses i entrén klockan nio.")
    _submit(page, "Förhandsvisa")
    expect(page.get_by_role("button", name="Skicka till 2 deltagare")).to_be_visible()
    check(page)

    # Not held yet: the page says when attendance can be reported.
    check(page, f"{base}/deltagare/narvaro/")
    check(page, f"/mina-aktiviteter/{held.pk}/deltagare/narvaro/")
    page.get_by_label("Deltagare på plats").fill("-1")
    _submit(page, "Spara närvaron")
    expect(page.locator(".ds-error-summary")).to_be_visible()
    check(page)


# --- Organisations: asking to join, and the mark reviewers see ------------------------------------


def test_join_request_and_unverified_mark_pass_axe_and_reflow(
    page, other_page, log_in, step_screenshot, transactional_db
):
    admin = make_user("admin@linkoping.example.se", name="Ada Admin")
    registered = make_organisation(name="Linköpings kommun", admin=admin, verified=False)
    newcomer = make_user("ny@linkoping.example.se", name="Nora Ny")

    log_in(newcomer)
    page.goto("/mina-organisationer/ny/")
    page.get_by_label("Namn").fill("Linköpings kommun")
    page.get_by_label("Typ av organisation").select_option(label="Kommun")
    page.get_by_label("Organisationsnummer").fill(registered.org_number)
    page.get_by_label("Hemkommun").select_option(label="Linköping")
    _submit(page, "Registrera organisationen")
    expect(
        page.get_by_role("heading", name="Linköpings kommun är redan registrerad")
    ).to_be_visible()
    check(page)
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        step_screenshot(page, f"join-offer-{width}")
    _submit(page, "Be om att gå med")
    expect(page.locator("main")).to_contain_text("väntar på svar från administratörerna")
    check(page)

    other_page.goto("/konto/login/")
    other_page.locator('input[name="login"]').fill(admin.email)
    other_page.locator('input[name="password"]').fill(PASSWORD)
    with other_page.expect_navigation():
        other_page.locator('main form button[type="submit"]').click()
    check(other_page, registered.get_absolute_url())
    step_screenshot(other_page, "join-requests")
    with other_page.expect_navigation():
        other_page.get_by_role("button", name="Godkänn ny@linkoping.example.se").click()
    expect(other_page.locator(".messages")).to_contain_text("Nora Ny är nu medlem.")


def test_review_page_marks_an_unverified_organisation(page, step_screenshot, transactional_db):
    edition = make_published_edition(2027)
    creator = make_user("anna@gmail.example", name="Anna Andersson")
    organisation = make_organisation(name="Nystartade AB", admin=creator, verified=False)
    organisation.created_by = creator
    organisation.save()
    activity = make_activity(edition, organisation, status=Status.SUBMITTED, title="Ny workshop")
    coordinator = make_user("samordnare@skr.example.se", coordinator=True)
    secret = add_totp(coordinator)

    log_in_with_code(page, coordinator.email, totp_secret=secret)
    check(page, f"/samordning/granskning/{activity.pk}/")
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        step_screenshot(page, f"unverified-{width}")
    expect(page.locator("dl.facts").first).to_contain_text("Registrerad för")
    check(page, "/samordning/organisationer/")
    expect(page.get_by_role("button", name="Verifiera Nystartade AB")).to_be_visible()
    page.goto(f"/samordning/granskning/{activity.pk}/")
    _submit(page, "Verifiera organisationen")
    expect(page.locator(".messages")).to_contain_text("Nystartade AB är verifierad.")


# --- The embeddable program ------------------------------------------------------------------------


def test_embed_page_passes_axe_and_reflow(page, step_screenshot, transactional_db):
    edition = make_published_edition(2027)
    boras = make_organisation(name="Borås stad")
    boras.embed_domains = "www.boras.se"
    boras.embed_colour = "#1a5e20"
    boras.save()
    for n in range(3):
        make_activity(
            edition,
            boras,
            status=Status.APPROVED,
            title=f"Borås bjuder in {n + 1}",
        )

    check(page, f"/inbaddning/{boras.slug}/?storlek=auto")
    expect(page.get_by_role("heading", level=2)).to_have_count(3)
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        step_screenshot(page, f"embed-{width}")
    colour = page.get_by_role("link", name="Borås bjuder in 1").evaluate(
        "link => getComputedStyle(link).color"
    )
    assert colour == "rgb(26, 94, 32)"


# --- Recordings: the library, the organiser's captions and the coordinators' list ----------------


def test_recordings_pages_pass_axe_and_reflow(
    page, other_page, log_in, step_screenshot, transactional_db
):
    from veckan.activities.models import CaptionStatus

    year = timezone.localdate().year
    edition = make_edition(year)  # its week is over, its program out
    earlier = make_edition(year - 1, current=False)
    organiser = make_user("arrangor@exempelby.example.se", name="Ada Arrangör")
    organisation = make_organisation(name="Exempelby kommun", admin=organiser)
    coordinator = make_user("samordnare@skr.example.se", coordinator=True, name="Sara Samordnare")
    secret = add_totp(coordinator)
    recordings = [
        ("Öppna data i kommunen – så kom vi igång", CaptionStatus.CHECKED, edition),
        ("Innovation i vården", CaptionStatus.AUTOMATIC, edition),
        ("Digitala tjänster för alla", CaptionStatus.NONE, edition),
        ("Förra årets konferens", CaptionStatus.NONE, earlier),
    ]
    made = [
        make_activity(
            in_edition,
            organisation,
            status=Status.APPROVED,
            title=title,
            caption_status=status,
            recording_url=f"https://play.example.se/{number}",
            captions_url="https://play.example.se/textning.vtt" if status != "none" else "",
        )
        for number, (title, status, in_edition) in enumerate(recordings)
    ]

    check(page, "/program/inspelningar/")
    page.get_by_label("Bara textade (1)").check()
    _submit(page, "Sök")
    expect(page.get_by_role("status")).to_have_text("1 inspelning")
    check(page)
    step_screenshot(page, "recordings-library")
    check(page, f"/arkiv/{year - 1}/inspelningar/")

    log_in(organiser)
    check(page, f"/mina-aktiviteter/{made[2].pk}/efterat/")
    page.get_by_label("Kontrollerad textning").check()
    page.get_by_label("Eller länk till textfilen (WebVTT)").fill("http://example.se/t.srt")
    _submit(page, "Spara")
    expect(page.locator(".ds-error-summary")).to_be_visible()
    check(page)

    log_in_with_code(other_page, coordinator.email, totp_secret=secret)
    check(other_page, "/samordning/inspelningar/")
    expect(other_page.get_by_role("link", name="Förra årets konferens", exact=True)).to_be_visible()
    step_screenshot(other_page, "recordings-coordinators")
