"""A coordinator without two-factor login has none of a coordinator's powers, anywhere.

The one rule is veckan.accounts.permissions.acts_as_coordinator; these tests walk the powers that once
asked `user.is_coordinator` alone (registering after the deadline, the award's screening) and the
pages behind coordinator_required.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import activity_fields, add_totp, make_activity, make_edition, make_user
from veckan.accounts.permissions import acts_as_coordinator
from veckan.activities import services as activities
from veckan.activities.models import Activity, LogEntry, Status
from veckan.activities.services import ActivityError, ActivityParts
from veckan.awards import services as awards
from veckan.awards.models import Award, Nomination
from veckan.awards.services import AwardError

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified_coordinator(organisation):
    """Marked coordinator, member of an organisation, but no authenticator app set up."""
    user = make_user("samordnare@skr.example.se", coordinator=True, name="Utan Tvåsteg")
    organisation.memberships.create(user=user, role="member")
    return user


@pytest.fixture
def closed_edition():
    return make_edition(
        2027,
        registration_opens=timezone.now() - timedelta(days=30),
        registration_closes=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture
def award():
    now = timezone.now()
    return Award.objects.create(
        edition=make_edition(2026, current=False),
        nominations_open=now - timedelta(days=30),
        nominations_close=now - timedelta(days=10),
        vote_open=now - timedelta(days=3),
        vote_close=now - timedelta(days=1),
    )


def _nomination(award, organisation, status=Nomination.Status.SUBMITTED):
    return Nomination.objects.create(
        award=award,
        solution_name="Digital brevlåda",
        description="Ett enkelt sätt att ta emot post digitalt.",
        organisation=organisation,
        contact_name="Nina Nominerad",
        contact_email="nina@kommun.example.se",
        rights_confirmed=True,
        status=status,
    )


def test_acts_as_coordinator_needs_the_flag_and_two_factor(owner, unverified_coordinator):
    assert acts_as_coordinator(owner) is False
    assert acts_as_coordinator(unverified_coordinator) is False
    add_totp(unverified_coordinator)
    assert acts_as_coordinator(unverified_coordinator) is True
    add_totp(owner)
    assert acts_as_coordinator(owner) is False


def test_create_after_the_deadline_without_two_factor_is_refused(
    closed_edition, organisation, unverified_coordinator
):
    fields = activity_fields(closed_edition, organisation)
    with pytest.raises(ActivityError, match=re.escape("Anmälan av aktiviteter är stängd")):
        activities.create_activity(
            activity=Activity(**fields), parts=ActivityParts(), created_by=unverified_coordinator
        )
    assert not Activity.objects.exists()
    add_totp(unverified_coordinator)
    activities.create_activity(
        activity=Activity(**fields), parts=ActivityParts(), created_by=unverified_coordinator
    )
    assert Activity.objects.get().created_by == unverified_coordinator


def test_submit_after_the_deadline_without_two_factor_is_refused(
    closed_edition, organisation, unverified_coordinator
):
    activity = make_activity(closed_edition, organisation)
    with pytest.raises(ActivityError, match="Sista dag för att anmäla aktiviteter har passerat"):
        activities.submit_activity(activity=activity, by=unverified_coordinator)
    activity.refresh_from_db()
    assert activity.status == Status.DRAFT
    assert not LogEntry.objects.filter(action="submitted").exists()


def test_new_activity_page_after_the_deadline_is_closed_without_two_factor(
    client, closed_edition, organisation, unverified_coordinator
):
    client.force_login(unverified_coordinator)
    response = client.get("/mina-aktiviteter/ny/")
    assert response.templates[0].name == "activities/closed.html"
    response = client.post("/mina-aktiviteter/ny/", activity_fields(closed_edition, organisation))
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_screening_nominations_without_two_factor_is_refused(
    award, organisation, unverified_coordinator
):
    nomination = _nomination(award, organisation)
    with pytest.raises(AwardError, match="Bara samordnare"):
        awards.screen(nomination=nomination, accept=True, by=unverified_coordinator)
    accepted = _nomination(award, organisation, Nomination.Status.ACCEPTED)
    with pytest.raises(AwardError, match="Bara samordnare"):
        awards.shortlist(nominations=[accepted], by=unverified_coordinator)
    finalist = _nomination(award, organisation, Nomination.Status.SHORTLISTED)
    with pytest.raises(AwardError, match="Bara samordnare"):
        awards.choose_winner(nomination=finalist, by=unverified_coordinator)
    assert list(Nomination.objects.order_by("pk").values_list("status", flat=True)) == [
        Nomination.Status.SUBMITTED,
        Nomination.Status.ACCEPTED,
        Nomination.Status.SHORTLISTED,
    ]


def test_screening_page_without_two_factor_leads_to_setting_it_up(
    client, award, organisation, unverified_coordinator
):
    nomination = _nomination(award, organisation)
    client.force_login(unverified_coordinator)
    response = client.post(f"/samordning/pris/{nomination.pk}/granska/", {"accept": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED


def test_another_organisations_activity_is_404_without_two_factor(
    client, closed_edition, other_organisation, unverified_coordinator
):
    activity = make_activity(closed_edition, other_organisation, title="Annanstads hemliga utkast")
    client.force_login(unverified_coordinator)
    response = client.get(f"/mina-aktiviteter/{activity.pk}/andra/")
    assert response.status_code == 404
    assert "Annanstads hemliga utkast" not in response.content.decode()
