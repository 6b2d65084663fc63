"""Issue 20, line 3: the participant's survey page (with the follow-up's opt-in), the organiser's
results and the coordinators' edition page pass axe and reflow at 320 px, with real answers."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in_with_code
from tests.browser.test_new_pages_axe import check
from tests.factories import add_totp, at, make_activity, make_edition, make_organisation, make_user
from veckan.activities.models import Status
from veckan.evaluations.models import FollowUpAnswer, SurveyInvitation, SurveyResponse
from veckan.signups.models import SignUp


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_survey_and_results_pages_pass_axe_and_reflow(page, other_page, log_in, transactional_db):
    today = timezone.localdate()
    first = today - timedelta(days=4)
    edition = make_edition(
        first.year,
        starts_on=first,
        ends_on=today,
        registration_opens=at(first - timedelta(days=120)),
        registration_closes=at(first - timedelta(days=21), 23),
        program_published_at=at(first - timedelta(days=14)),
    )
    organiser = make_user("arrangor@exempelby.example.se", name="Ada Arrangör")
    organisation = make_organisation(name="Exempelby kommun", admin=organiser)
    activity = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        signup_mode="platform",
        capacity=30,
        title="Workshop om välfärdsteknik för äldreomsorgen",
    )
    invitations = [
        SurveyInvitation.objects.create(
            signup=SignUp.objects.create(
                activity=activity,
                name=f"Deltagare {n}",
                email=f"deltagare{n}@example.se",
                status=SignUp.Status.CONFIRMED,
                confirmed_at=activity.starts_at - timedelta(days=2),
            )
        )
        for n in range(4)
    ]
    for rating, comment in ((5, "Mycket konkreta exempel från hemtjänsten."), (3, ""), (4, "")):
        SurveyResponse.objects.create(
            activity=activity, rating=rating, will_use="yes", comment=comment
        )
    for outcome in ("tried", "adopted", "not_yet"):
        FollowUpAnswer.objects.create(activity=activity, months=3, outcome=outcome)

    path = f"/utvardering/{invitations[0].token}/"
    check(page, path)
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaren").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    check(page)
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Kanske", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaren").click()
    expect(page.locator(".messages")).to_contain_text("Tack för ditt svar!")
    check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, fråga mig senare").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    check(page)

    log_in(organiser)
    check(page, f"/mina-aktiviteter/{activity.pk}/utvardering/")
    expect(page.locator(".survey-comments")).to_contain_text("Mycket konkreta exempel")

    coordinator = make_user("samordnare@skr.example.se", coordinator=True)
    secret = add_totp(coordinator)
    log_in_with_code(other_page, coordinator.email, totp_secret=secret)
    check(other_page, f"/samordning/utgavor/{edition.year}/utvardering/")
