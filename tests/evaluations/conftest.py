from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import at, make_activity, make_edition
from veckan.activities.models import Status
from veckan.signups.models import SignUp


@pytest.fixture
def past_edition(db):
    """An edition whose week ended today: its activities' surveys are still open."""
    today = timezone.localdate()
    first = today - timedelta(days=4)
    return make_edition(
        first.year,
        starts_on=first,
        ends_on=today,
        registration_opens=at(first - timedelta(days=120)),
        registration_closes=at(first - timedelta(days=21), 23),
        program_published_at=at(first - timedelta(days=14)),
    )


@pytest.fixture
def activity(past_edition, organisation):
    """An approved seminar with sign-up here, three days ago 9–11."""
    return make_activity(
        past_edition,
        organisation,
        status=Status.APPROVED,
        title="Innovationsfika",
        signup_mode="platform",
        capacity=20,
    )


def morning_after(activity, hour: int = 8):
    return at(timezone.localtime(activity.ends_at).date() + timedelta(days=1), hour)


def signup(activity, email: str, *, status=SignUp.Status.CONFIRMED, language="sv", **fields):
    return SignUp.objects.create(
        activity=activity,
        name=email.split("@")[0].title(),
        email=email,
        status=status,
        language=language,
        confirmed_at=activity.starts_at - timedelta(days=3)
        if status == SignUp.Status.CONFIRMED
        else None,
        **fields,
    )
