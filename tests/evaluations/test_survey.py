"""Issue 20, line 3: after each activity its participants get a short survey, once, in their
language, with a personal link; one answer per link, stored without the person."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from tests.evaluations.conftest import morning_after, signup
from tests.factories import make_activity, make_edition
from veckan.activities.models import Occasion, Status
from veckan.evaluations import services
from veckan.evaluations.models import SurveyInvitation, SurveyResponse, SurveySettings
from veckan.outbox.models import OutboxMessage
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db


def mails() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.order_by("pk"))


def survey_link(mail: OutboxMessage) -> str:
    return re.search(r"https?://\S+/utvardering/\S+/", mail.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_survey_is_mailed_once_the_morning_after_to_the_confirmed(settings, activity):
    settings.SITE_URL = "https://veckan.example.se"
    anna = signup(activity, "anna@example.se")
    signup(activity, "vantar@example.se", status=SignUp.Status.WAITING)
    signup(activity, "avanmald@example.se", status=SignUp.Status.CANCELLED)

    assert services.send_surveys(now=morning_after(activity, hour=7)) == 0
    assert services.send_surveys(now=morning_after(activity)) == 1
    [mail] = mails()
    assert mail.to == ["anna@example.se"]
    assert mail.subject == "Vad tyckte du om Innovationsfika?"
    invitation = SurveyInvitation.objects.get()
    assert invitation.signup == anna
    assert survey_link(mail) == f"https://veckan.example.se/utvardering/{invitation.token}/"
    assert "Svaren är anonyma" in mail.body

    # Every later run (and the management command) sends nothing more.
    assert services.send_surveys(now=morning_after(activity) + timedelta(hours=5)) == 0
    out = io.StringIO()
    call_command("send_evaluations", stdout=out)
    assert len(mails()) == 1


def test_survey_goes_only_to_those_checked_in_where_there_are_check_ins(activity):
    came = signup(activity, "kom@example.se", checked_in_at=activity.starts_at)
    signup(activity, "kom-inte@example.se")
    assert services.send_surveys(now=morning_after(activity)) == 1
    assert [mail.to for mail in mails()] == [[came.email]]


def test_survey_is_in_the_participants_language(activity):
    signup(activity, "en@example.se", language="en")
    services.send_surveys(now=morning_after(activity))
    [mail] = mails()
    assert mail.subject == "What did you think of Innovationsfika?"
    assert "/en/utvardering/" in mail.body
    assert "The answers are anonymous" in mail.body


@pytest.mark.parametrize("change", [{"status": Status.CANCELLED}, {"event_status": "postponed"}])
def test_no_survey_for_an_activity_that_did_not_take_place(activity, change):
    signup(activity, "anna@example.se")
    type(activity).objects.filter(pk=activity.pk).update(**change)
    assert services.send_surveys(now=morning_after(activity)) == 0
    assert not mails()


def test_no_survey_when_the_coordinators_chose_no_question(activity):
    signup(activity, "anna@example.se")
    SurveySettings.objects.create(
        edition=activity.edition, ask_rating=False, ask_will_use=False, ask_comment=False
    )
    assert services.send_surveys(now=morning_after(activity)) == 0


def test_survey_is_not_sent_to_activities_of_long_ago(activity):
    signup(activity, "anna@example.se")
    assert services.send_surveys(now=morning_after(activity) + timedelta(days=30)) == 0


def test_survey_page_takes_one_answer_per_link(client, activity):
    signup(activity, "anna@example.se")
    services.send_surveys(now=morning_after(activity))
    path = path_of(survey_link(mails()[0]))

    page = client.get(path).content.decode()
    assert "Vilket betyg ger du aktiviteten?" in page
    assert "Kommer du att använda något du lärde dig?" in page
    answer = {"rating": "4", "will_use": "maybe", "comment": "Bra exempel från Umeå."}
    response = client.post(path, answer, follow=True)
    assert "Tack för ditt svar!" in response.content.decode()

    again = client.post(path, {"rating": "1"}, follow=True).content.decode()
    assert "Du har redan svarat på enkäten. Tack!" in again
    assert "Vilket betyg ger du aktiviteten?" not in again
    assert list(SurveyResponse.objects.values("rating", "will_use", "comment")) == [
        {"rating": 4, "will_use": "maybe", "comment": "Bra exempel från Umeå."}
    ]
    assert SurveyInvitation.objects.get().answered is True


def test_survey_answer_cannot_be_linked_to_the_person(client, activity):
    """The answer's row holds the activity and the answers, nothing else: no sign-up, no address,
    no invitation, no time; and its id is random, so its order says nothing either."""
    anna = signup(activity, "anna@example.se")
    services.send_surveys(now=morning_after(activity))
    client.post(path_of(survey_link(mails()[0])), {"rating": "5"})

    columns = {
        column.name
        for column in connection.introspection.get_table_description(
            connection.cursor(), SurveyResponse._meta.db_table
        )
    }
    assert columns == {"id", "activity_id", "rating", "will_use", "comment"}
    row = SurveyResponse.objects.values("activity_id", "rating", "will_use", "comment").get()
    assert row == {"activity_id": activity.pk, "rating": 5, "will_use": "", "comment": ""}
    assert [f.name for f in SurveyResponse._meta.get_fields() if f.is_relation] == ["activity"]
    assert anna.survey_invitation.answered is True


def test_survey_refuses_an_empty_answer_and_shows_why(client, activity):
    signup(activity, "anna@example.se")
    services.send_surveys(now=morning_after(activity))
    response = client.post(path_of(survey_link(mails()[0])), {})
    assert response.status_code == 400
    assert "Svara på minst en av frågorna." in response.content.decode()
    assert not SurveyResponse.objects.exists()
    assert SurveyInvitation.objects.get().answered is False


def test_survey_closes_after_the_days_it_is_open(activity):
    signup(activity, "anna@example.se")
    services.send_surveys(now=morning_after(activity))
    invitation = SurveyInvitation.objects.get()
    late = activity.ends_at + timedelta(days=services.SURVEY_OPEN_DAYS)
    with pytest.raises(services.EvaluationError, match=r"Enkäten är stängd\."):
        services.answer_survey(invitation=invitation, rating=3, will_use="", comment="", now=late)
    assert not SurveyResponse.objects.exists()


def test_an_unknown_survey_link_is_404(client, db):
    assert client.get("/utvardering/finns-inte/").status_code == 404


def test_survey_asks_only_the_questions_the_coordinators_chose(client, activity):
    SurveySettings.objects.create(edition=activity.edition, ask_rating=False, ask_comment=False)
    signup(activity, "anna@example.se")
    services.send_surveys(now=morning_after(activity))
    path = path_of(survey_link(mails()[0]))
    page = client.get(path).content.decode()
    assert "Kommer du att använda något du lärde dig?" in page
    assert "Vilket betyg ger du aktiviteten?" not in page
    assert 'name="comment"' not in page
    client.post(path, {"will_use": "yes", "rating": "1", "comment": "smyger in"})
    assert list(SurveyResponse.objects.values("rating", "will_use", "comment")) == [
        {"rating": None, "will_use": "yes", "comment": ""}
    ]


def test_survey_of_another_edition_follows_its_own_settings(activity, organisation):
    """Settings are per edition: turning the survey off in one leaves the other asking."""
    other = make_edition(activity.edition.year - 1, current=False)
    older = make_activity(
        other, organisation, status=Status.APPROVED, signup_mode="platform", capacity=5
    )
    signup(activity, "anna@example.se")
    signup(older, "bo@example.se")
    SurveySettings.objects.create(
        edition=other, ask_rating=False, ask_will_use=False, ask_comment=False
    )
    assert services.send_surveys(now=morning_after(older)) == 0
    assert services.send_surveys(now=morning_after(activity)) == 1
    assert [mail.to for mail in mails()] == [["anna@example.se"]]


def test_a_person_at_several_occasions_of_a_series_gets_one_survey(activity):
    first, second = (
        Occasion.objects.create(
            activity=activity,
            starts_at=activity.starts_at + timedelta(hours=hours),
            ends_at=activity.starts_at + timedelta(hours=hours + 1),
        )
        for hours in (0, 1)
    )
    signup(activity, "anna@example.se", occasion=first)
    signup(activity, "anna@example.se", occasion=second)
    signup(activity, "bo@example.se", occasion=second)
    assert services.send_surveys(now=morning_after(activity)) == 2
    assert sorted(mail.to[0] for mail in mails()) == ["anna@example.se", "bo@example.se"]
    assert services.send_surveys(now=morning_after(activity) + timedelta(hours=1)) == 0
