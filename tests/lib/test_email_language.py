"""Every email is in its recipient's language: the language a sign-up, vote or Mina uppgifter
request was made in, or the one an organiser or coordinator chose on the account page. Subject,
body and every link follow it. Each email template is checked in both languages."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from tests.factories import make_signup_activity, make_user
from veckan.activities import services as activities
from veckan.awards import services as awards
from veckan.awards.models import Award, Nomination
from veckan.messaging import services as messaging
from veckan.outbox.models import OutboxMessage
from veckan.signups import services
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _mail(to: str) -> OutboxMessage:
    return OutboxMessage.objects.filter(to=[to]).latest("pk")


def _links(mail: OutboxMessage) -> list[str]:
    """The paths of the links into the site (not those to Google's or Outlook's calendars)."""
    return re.findall(rf"{re.escape(settings.SITE_URL)}(/\S*)", mail.body)


def _assert_language(mail: OutboxMessage, language: str, *, swedish: str, english: str) -> None:
    """The subject and body are wholly in `language`, and every link leads into it."""
    wanted, other = (english, swedish) if language == "en" else (swedish, english)
    assert wanted in mail.subject + mail.body
    assert other not in mail.subject + mail.body
    links = _links(mail)
    assert links, mail.body
    for link in links:
        assert link.startswith("/en/") == (language == "en"), link


@pytest.fixture
def activity(organisation):
    return make_signup_activity(organisation, capacity=1, title="Innovationsfika")


def _sign_up(client, activity, language: str, email: str = "anna@example.se"):
    prefix = "/en" if language == "en" else ""
    data = {"name": "Anna Andersson", "email": email, "organisation": ""}
    return client.post(f"{prefix}/aktivitet/{activity.slug}/anmal/", data)


LANGUAGES = ["sv", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_signup_remembers_the_language_of_the_page(client, activity, language):
    _sign_up(client, activity, language)
    assert SignUp.objects.get().language == language
    _assert_language(
        _mail("anna@example.se"),
        language,
        swedish="Bekräfta din anmälan: Innovationsfika",
        english="Confirm your sign-up: Innovationsfika",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_signup_email_follows_the_signup_language(client, activity, language):
    _sign_up(client, activity, language)
    anna = SignUp.objects.get()
    _sign_up(client, activity, language)  # again.txt
    _assert_language(
        _mail("anna@example.se"),
        language,
        swedish="Du är redan anmäld",
        english="You are already signed up",
    )
    services.confirm(signup=anna)  # confirmed.txt
    _assert_language(_mail("anna@example.se"), language, swedish="Välkommen!", english="Welcome!")
    _sign_up(client, activity, language, email="bo@example.se")  # confirm.txt, waiting
    bo = SignUp.objects.get(email="bo@example.se")
    services.confirm(signup=bo)  # waiting.txt
    _assert_language(
        _mail("bo@example.se"), language, swedish="väntelistan", english="waiting list"
    )
    services.cancel(signup=anna)  # cancelled.txt, and Bo is promoted: promoted.txt
    _assert_language(
        _mail("anna@example.se"), language, swedish="Du är avanmäld", english="cancelled"
    )
    _assert_language(
        _mail("bo@example.se"),
        language,
        swedish="Du har fått en plats",
        english="You have got a place",
    )
    activity.starts_at = timezone.now() + timedelta(days=1)
    activity.ends_at = activity.starts_at + timedelta(hours=2)
    activity.save()
    assert services.send_reminders() == 1  # reminder.txt
    _assert_language(_mail("bo@example.se"), language, swedish="i morgon", english="tomorrow")


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_data_link_comes_in_the_language_it_was_asked_for(client, activity, language):
    services.sign_up(activity=activity, name="Anna", email="anna@example.se")
    prefix = "/en" if language == "en" else ""
    client.post(f"{prefix}/mina-uppgifter/", {"email": "anna@example.se"})
    mail = _mail("anna@example.se")
    _assert_language(
        mail, language, swedish="Din länk till Mina uppgifter", english="Your link to My data"
    )
    assert mail.subject in ("Din länk till Mina uppgifter", "Your link to My data")


@pytest.mark.parametrize("language", LANGUAGES)
def test_vote_link_comes_in_the_language_the_vote_was_cast_in(organisation, language):
    now = timezone.now()
    award = Award.objects.create(
        edition=make_signup_activity(organisation).edition,
        nominations_open=now - timedelta(days=30),
        nominations_close=now - timedelta(days=10),
        vote_open=now - timedelta(days=1),
        vote_close=now + timedelta(days=1),
    )
    finalist = Nomination.objects.create(
        award=award,
        solution_name="Digital brevlåda",
        description="En lösning.",
        organisation=organisation,
        status=Nomination.Status.SHORTLISTED,
    )
    vote = awards.vote(award=award, nomination=finalist, email="r@example.se", language=language)
    assert vote.language == language
    _assert_language(
        _mail("r@example.se"),
        language,
        swedish="Bekräfta din röst",
        english="Confirm your vote",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_organisers_get_lifecycle_email_in_the_language_of_their_account(
    client, organisation, owner, colleague, language
):
    owner.language = language
    owner.save()
    activity = make_signup_activity(organisation)
    activities.cancel_activity(activity=activity, by=owner, reason="Sjukdom")
    _assert_language(
        _mail(owner.email),
        language,
        swedish="Aktiviteten är inställd",
        english="Activity cancelled",
    )
    # The colleague kept Swedish, the default.
    assert _mail(colleague.email).subject.startswith("Aktiviteten är inställd")


def test_account_page_sets_the_language_of_email(client, owner):
    client.force_login(owner)
    page = client.get("/en/konto/mitt-konto/").content.decode()
    assert "Language of emails from Innovationsveckan" in page
    response = client.post("/konto/mitt-konto/", {"name": "Åsa Ägare", "language": "en"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.language == "en"
    page = client.get("/konto/mitt-konto/").content.decode()
    assert (
        'value="en" checked' in page
        or 'checked value="en"' in page
        or re.search(r'value="en"[^>]*checked', page)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitation_comes_in_the_inviters_language(client, organisation, owner, language):
    prefix = "/en" if language == "en" else ""
    client.force_login(owner)
    client.post(
        f"{prefix}/mina-organisationer/{organisation.slug}/bjud-in/",
        {"email": "ny@kommun.example.se", "role": "member"},
    )
    _assert_language(
        _mail("ny@kommun.example.se"),
        language,
        swedish="bjuder in dig att gå med i Exempelby kommun",
        english="has invited you to join Exempelby kommun",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_coordinators_message_comes_in_each_organisers_language(organisation, owner, language):
    owner.language = language
    owner.save()
    activity = make_signup_activity(organisation)
    messaging.send_organiser_message(
        filters=messaging.RecipientFilters(edition=activity.edition),
        subject="Viktigt",
        body="Hej alla arrangörer.",
        sent_by=make_user(coordinator=True),
    )
    _assert_language(
        _mail(owner.email),
        language,
        swedish="Det här är ett meddelande från samordnarna",
        english="This is a message from the coordinators",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_organisers_message_comes_in_each_participants_language(client, activity, owner, language):
    _sign_up(client, activity, language)
    services.confirm(signup=SignUp.objects.get())
    services.message_participants(
        activity=activity, subject="Ny lokal", body="Vi ses i aulan.", sender=owner
    )
    _assert_language(
        _mail("anna@example.se"),
        language,
        swedish="Det här är ett meddelande från Exempelby kommun",
        english="This is a message from Exempelby kommun",
    )
