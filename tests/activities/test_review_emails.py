"""Coordinators hear of what waits for review as they chose on Mitt konto: an email for each new
activity, resubmission or change at once, one summary a day, or nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_activity, make_edition, make_user
from veckan.accounts.models import User
from veckan.activities import services
from veckan.activities.review_emails import send_digests
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

AT_ONCE, DAILY, NEVER = User.ReviewEmails


@pytest.fixture
def edition():
    """Registration open now, program not yet published."""
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


@pytest.fixture
def coordinators():
    """One coordinator for each choice, and one who reads English."""
    made = {
        choice: make_user(f"{choice}@skr.example.se", coordinator=True)
        for choice in (AT_ONCE, DAILY, NEVER)
    }
    for choice, user in made.items():
        user.review_emails = choice
        user.save()
    made["english"] = make_user("english@skr.example.se", coordinator=True)
    made["english"].review_emails = AT_ONCE
    made["english"].language = "en"
    made["english"].save()
    return made


def mail_to(user) -> list[OutboxMessage]:
    return [m for m in OutboxMessage.objects.order_by("pk") if m.to == [user.email]]


def submit(edition, organisation, owner, title, **fields):
    activity = make_activity(edition, organisation, title=title, **fields)
    services.submit_activity(activity=activity, by=owner)
    return activity


def test_at_once_each_submission_is_an_email_in_the_coordinators_language(
    edition, organisation, owner, coordinators
):
    submit(edition, organisation, owner, "Innovationsfika")
    [mail] = mail_to(coordinators[AT_ONCE])
    assert mail.subject == "Att granska: Innovationsfika"
    assert "Innovationsfika (Exempelby kommun): ny" in mail.body
    assert "/samordning/granskning/" in mail.body
    [english] = mail_to(coordinators["english"])
    assert english.subject == "To review: Innovationsfika"
    assert "waiting for review" in english.body
    # The others wait for their summary, or want none.
    assert not mail_to(coordinators[DAILY])
    assert not mail_to(coordinators[NEVER])


def test_a_resubmission_and_a_change_say_what_they_are(
    edition, organisation, owner, coordinators, coordinator
):
    activity = submit(edition, organisation, owner, "Innovationsfika")
    services.request_changes(activity=activity, reviewer=coordinator, comment="Lägg till adress.")
    services.submit_activity(activity=activity, by=owner, comment="Adressen är tillagd.")
    _first, again = mail_to(coordinators[AT_ONCE])
    assert "inskickad igen efter begärda ändringar" in again.body
    assert "Arrangörens kommentar: Adressen är tillagd." in again.body


def test_the_daily_summary_lists_what_came_in_once_a_day(
    edition, organisation, owner, coordinators
):
    submit(edition, organisation, owner, "Innovationsfika")
    submit(edition, organisation, owner, "Öppna data")
    assert send_digests() == 1
    [summary] = mail_to(coordinators[DAILY])
    assert summary.subject == "2 aktiviteter att granska"
    assert "Innovationsfika (Exempelby kommun): ny" in summary.body
    assert "Öppna data (Exempelby kommun): ny" in summary.body
    assert "Mitt konto" in summary.body
    # Run again the same day: nothing more, even with something new.
    submit(edition, organisation, owner, "Webbsändning")
    assert send_digests() == 0
    # The next day: only what came in since the last one.
    assert send_digests(now=timezone.now() + timedelta(days=1)) == 1
    later = mail_to(coordinators[DAILY])[1]
    assert later.subject == "1 aktivitet att granska"
    assert "Webbsändning" in later.body
    assert "Innovationsfika" not in later.body
    assert not mail_to(coordinators[NEVER])


def test_no_summary_when_nothing_came_in(coordinators):
    call_command("send_review_digests", stdout=StringIO())
    assert not OutboxMessage.objects.exists()


def test_mitt_konto_offers_coordinators_the_choice_and_saves_it(client, coordinator, owner):
    client.force_login(coordinator)
    html = client.get("/konto/mitt-konto/").content.decode()
    assert "Mejl om aktiviteter att granska" in html
    assert "En sammanfattning om dagen" in html
    response = client.post(
        "/konto/mitt-konto/", {"name": "Sara", "language": "sv", "review_emails": NEVER}
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.review_emails == NEVER
    # Organisers are not asked.
    client.force_login(owner)
    assert (
        "Mejl om aktiviteter att granska" not in client.get("/konto/mitt-konto/").content.decode()
    )
