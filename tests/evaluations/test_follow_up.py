"""Issue 20, line 3: a separate opt-in asks participants at 3, 6 and 12 months whether they tried or
adopted something, with its own consent and retention, outside the participants' purge."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command

from tests.evaluations.conftest import morning_after, signup
from veckan.evaluations import services
from veckan.evaluations.forms import FOLLOW_UP_CONSENT
from veckan.evaluations.models import (
    FollowUpAnswer,
    FollowUpConsent,
    FollowUpRound,
    SurveyInvitation,
    SurveyResponse,
)
from veckan.evaluations.services import add_months
from veckan.outbox.models import OutboxMessage
from veckan.signups import personal_data
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db


def mails() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.order_by("pk"))


@pytest.fixture
def invitation(activity):
    signup(activity, "anna@example.se")
    services.send_surveys(now=morning_after(activity))
    return SurveyInvitation.objects.get()


@pytest.fixture
def consent(invitation):
    return services.opt_in_to_follow_up(
        invitation=invitation,
        consent_text=str(FOLLOW_UP_CONSENT),
        now=morning_after(invitation.signup.activity),
    )


def months_after(activity, months: int, days: int = 0):
    return add_months(activity.ends_at, months) + timedelta(days=days)


def test_follow_up_opt_in_is_its_own_form_and_never_ticked(client, invitation):
    page = client.get(f"/utvardering/{invitation.token}/").content.decode()
    [checkbox] = re.findall(r'<input[^>]*name="consent"[^>]*>', page)
    assert "checked" not in checkbox
    assert f'action="/utvardering/{invitation.token}/uppfoljning/"' in page
    assert "Så hanterar vi din e-postadress i uppföljningen" in page
    # Answering the survey gives no consent ...
    client.post(f"/utvardering/{invitation.token}/", {"rating": "4", "consent": "on"})
    assert SurveyResponse.objects.count() == 1
    assert not FollowUpConsent.objects.exists()
    # ... and the opt-in without its tick gives none either.
    response = client.post(f"/utvardering/{invitation.token}/uppfoljning/", {})
    assert response.status_code == 400
    assert "Kryssa i rutan om du vill vara med i uppföljningen." in response.content.decode()
    assert not FollowUpConsent.objects.exists()


def test_follow_up_opt_in_stores_only_the_address_activity_and_consent(client, invitation):
    response = client.post(
        f"/utvardering/{invitation.token}/uppfoljning/", {"consent": "on"}, follow=True
    )
    page = response.content.decode()
    assert "Tack! Vi mejlar dig 3, 6 och 12 månader efter aktiviteten." in page
    assert "Du är med i uppföljningen." in page
    consent = FollowUpConsent.objects.get()
    assert (consent.activity, consent.email, consent.language) == (
        invitation.signup.activity,
        "anna@example.se",
        "sv",
    )
    assert consent.consent_text == str(FOLLOW_UP_CONSENT)
    assert [f.name for f in FollowUpConsent._meta.concrete_fields] == [
        "id",
        "activity",
        "email",
        "language",
        "consented_at",
        "consent_text",
        "token",
    ]
    # Twice is still one consent.
    client.post(f"/utvardering/{invitation.token}/uppfoljning/", {"consent": "on"})
    assert FollowUpConsent.objects.count() == 1


def test_follow_up_mails_at_3_6_and_12_months_once_each(settings, activity, consent):
    settings.SITE_URL = "https://veckan.example.se"
    OutboxMessage.objects.all().delete()  # the survey's mail
    assert services.send_follow_ups(now=months_after(activity, 3, days=-1)) == 0
    for months in (3, 6, 12):
        assert services.send_follow_ups(now=months_after(activity, months)) == 1
        assert services.send_follow_ups(now=months_after(activity, months, days=1)) == 0
        mail = mails()[-1]
        assert mail.to == ["anna@example.se"]
        assert mail.subject == f"{months} månader efter Innovationsfika: har du provat något?"
        link = f"https://veckan.example.se/uppfoljning/{consent.token}/{months}/"
        assert link in mail.body
        assert f"https://veckan.example.se/uppfoljning/{consent.token}/avsluta/" in mail.body
    assert len(mails()) == 3
    assert sorted(FollowUpRound.objects.values_list("months", flat=True)) == [3, 6, 12]
    call_command("send_evaluations", stdout=io.StringIO())
    assert len(mails()) == 3


def test_follow_up_mail_is_in_the_language_of_the_opt_in(client, activity):
    signup(activity, "en@example.se", language="en")
    services.send_surveys(now=morning_after(activity))
    invitation = SurveyInvitation.objects.get()
    client.post(f"/en/utvardering/{invitation.token}/uppfoljning/", {"consent": "on"})
    assert FollowUpConsent.objects.get().language == "en"
    services.send_follow_ups(now=months_after(activity, 3))
    mail = mails()[-1]
    assert mail.subject == "3 months after Innovationsfika: have you tried something?"
    assert "/en/uppfoljning/" in mail.body


def test_a_missed_round_is_skipped_not_sent_with_the_next(activity, consent):
    assert services.send_follow_ups(now=months_after(activity, 6, days=2)) == 1
    assert list(FollowUpRound.objects.values_list("months", flat=True)) == [6]


def test_follow_up_answer_is_anonymous_and_once_per_round(client, activity, consent):
    services.send_follow_ups(now=months_after(activity, 3))
    path = f"/uppfoljning/{consent.token}/3/"
    assert "Har du provat eller infört något du lärde dig?" in client.get(path).content.decode()
    response = client.post(path, {"outcome": "tried", "comment": "Vi testar i två skolor."})
    assert response.status_code == 302
    again = client.post(path, {"outcome": "adopted"}, follow=True).content.decode()
    assert "Du har redan svarat på den här frågan. Tack!" in again
    assert list(FollowUpAnswer.objects.values("activity", "months", "outcome", "comment")) == [
        {
            "activity": activity.pk,
            "months": 3,
            "outcome": "tried",
            "comment": "Vi testar i två skolor.",
        }
    ]
    assert [f.name for f in FollowUpAnswer._meta.get_fields() if f.is_relation] == ["activity"]
    # A round that was not sent has no page.
    assert client.get(f"/uppfoljning/{consent.token}/6/").status_code == 404


def test_withdrawing_deletes_the_consent_and_stops_the_mails(client, activity, consent):
    services.send_follow_ups(now=months_after(activity, 3))
    client.post(f"/uppfoljning/{consent.token}/3/", {"outcome": "not_yet"})
    page = client.get(f"/uppfoljning/{consent.token}/avsluta/").content.decode()
    assert "Då tar vi bort din e-postadress och ditt samtycke direkt" in page
    response = client.post(f"/uppfoljning/{consent.token}/avsluta/")
    assert "Vi har tagit bort din e-postadress" in response.content.decode()
    assert not FollowUpConsent.objects.exists()
    assert not FollowUpRound.objects.exists()
    assert FollowUpAnswer.objects.count() == 1  # anonymous, kept as a figure
    assert services.send_follow_ups(now=months_after(activity, 6)) == 0
    assert client.get(f"/uppfoljning/{consent.token}/3/").status_code == 404


def test_the_participants_purge_leaves_the_follow_up_and_its_own_retention_deletes_it(
    settings, activity, consent
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    survey_answer = SurveyResponse.objects.create(activity=activity, rating=4)
    after_purge = add_months(activity.ends_at, 4)
    assert personal_data.purge_personal_data(now=after_purge) == 1
    assert SignUp.objects.get().email.startswith("anonymiserad-")
    # The consent is untouched by the participants' purge, and the survey's answer stays.
    assert FollowUpConsent.objects.get() == consent
    assert FollowUpConsent.objects.get().email == "anna@example.se"
    assert SurveyResponse.objects.get() == survey_answer
    assert SurveyInvitation.objects.count() == 1

    # The 12-month question still goes out after the purge.
    assert services.send_follow_ups(now=months_after(activity, 12)) == 1
    FollowUpAnswer.objects.create(activity=activity, months=12, outcome="adopted")

    assert services.purge_follow_ups(now=months_after(activity, 13, days=-1)) == 0
    assert FollowUpConsent.objects.count() == 1
    out = io.StringIO()
    assert services.purge_follow_ups(now=months_after(activity, 13)) == 1
    assert not FollowUpConsent.objects.exists()
    assert not FollowUpRound.objects.exists()
    assert FollowUpAnswer.objects.count() == 1
    call_command("purge_follow_ups", stdout=out)
    assert "Deleted 0 follow-up consent(s)." in out.getvalue()


def test_no_follow_up_mail_after_its_retention(activity, consent):
    assert services.send_follow_ups(now=months_after(activity, 13, days=1)) == 0
