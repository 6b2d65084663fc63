"""The lifecycle is one table: for every status, the organisers' button for a step is shown exactly
when the service takes that step, and a refusal says why in words."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_activity, make_edition
from veckan.activities import lifecycle, services
from veckan.activities.models import Status

pytestmark = pytest.mark.django_db

STEPS = {
    "submit": lambda activity, by: services.submit_activity(activity=activity, by=by),
    "withdraw": lambda activity, by: services.withdraw_activity(activity=activity, by=by),
    "cancel": lambda activity, by: services.cancel_activity(
        activity=activity, by=by, reason="Sjuk."
    ),
    "postpone": lambda activity, by: services.postpone_activity(
        activity=activity, by=by, reason="Vattenskada."
    ),
    "delete": lambda activity, by: services.delete_draft(activity=activity, by=by),
}


@pytest.fixture
def edition():
    """Registration open and the program not out yet: every step is possible in some status."""
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("step", STEPS)
def test_the_button_is_offered_exactly_when_the_service_takes_the_step(
    edition, organisation, owner, status, step
):
    activity = make_activity(edition, organisation, status=status)
    why = lifecycle.problem(step, activity)
    if why is None:
        STEPS[step](activity, owner)  # taken: no ActivityError
    else:
        with pytest.raises(services.ActivityError) as refusal:
            STEPS[step](activity, owner)
        assert str(refusal.value) == why


def test_a_public_activity_is_cancelled_not_withdrawn(organisation, owner):
    now = timezone.now()
    published = make_edition(2027, program_published_at=now - timedelta(days=1))
    activity = make_activity(published, organisation, status=Status.APPROVED)
    assert not lifecycle.allows("withdraw", activity)
    with pytest.raises(services.ActivityError) as refusal:
        services.withdraw_activity(activity=activity, by=owner)
    assert str(refusal.value) == (
        "Aktiviteten finns redan i det publicerade programmet. Ställ in den i stället."
    )
    assert lifecycle.allows("cancel", activity)
