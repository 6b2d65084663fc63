"""An activity run as a series: several occasions, each with its own time (and, where it differs,
place and seats), reviewed once with the activity; a new time or place of an occasion after approval
goes back to review, as the activity's own would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    at,
    make_activity,
    make_edition,
    make_occasion,
    make_series,
    make_user,
)
from veckan.activities import services
from veckan.activities.models import Activity, LogEntry, Occasion
from veckan.activities.services import ActivityError

pytestmark = pytest.mark.django_db


def _occasion(activity, day: int, start: int = 12, end: int = 13, **fields) -> Occasion:
    when = activity.edition.starts_on + timedelta(days=day)
    return Occasion(starts_at=at(when, start), ends_at=at(when, end), **fields)


def test_occasions_outside_the_week_are_refused_with_a_message(edition, organisation, owner):
    activity = make_activity(edition, organisation)

    with pytest.raises(ActivityError) as refused:
        services.save_occasions(
            activity=activity,
            occasions=[_occasion(activity, 0), _occasion(activity, 7)],
            editor=owner,
        )

    first, last = edition.starts_on, edition.ends_on
    assert str(refused.value) == (
        f"Tillfälle 2: Tillfället ska äga rum under veckan, {first.day}/{first.month}–"
        f"{last.day}/{last.month} {last.year}."
    )
    assert Occasion.objects.count() == 0


def test_occasion_ending_before_it_starts_is_refused(edition, organisation, owner):
    activity = make_activity(edition, organisation)

    with pytest.raises(ActivityError) as refused:
        services.save_occasions(
            activity=activity, occasions=[_occasion(activity, 1, 13, 12)], editor=owner
        )

    assert str(refused.value) == "Tillfälle 1: Tillfället måste sluta efter att det har börjat."
    assert Occasion.objects.count() == 0


def test_two_occasions_at_the_same_time_are_refused(edition, organisation, owner):
    activity = make_activity(edition, organisation)

    with pytest.raises(ActivityError) as refused:
        services.save_occasions(
            activity=activity,
            occasions=[_occasion(activity, 1), _occasion(activity, 1)],
            editor=owner,
        )

    assert str(refused.value) == "Två tillfällen har samma tid. Ta bort det ena."


def test_saving_occasions_keeps_the_activity_as_their_span(edition, organisation, owner):
    activity = make_activity(edition, organisation)

    services.save_occasions(
        activity=activity,
        occasions=[_occasion(activity, 2), _occasion(activity, 0), _occasion(activity, 4, 14, 15)],
        editor=owner,
    )

    activity.refresh_from_db()
    assert activity.starts_at == at(edition.starts_on, 12)
    assert activity.ends_at == at(edition.starts_on + timedelta(days=4), 15)
    assert [o.starts_at for o in activity.occasions.all()] == [
        at(edition.starts_on + timedelta(days=day), hour)
        for day, hour in ((0, 12), (2, 12), (4, 14))
    ]


def test_an_edited_occasion_keeps_its_id_and_a_left_out_one_is_removed(
    edition, organisation, owner
):
    activity = make_activity(edition, organisation)
    monday, tuesday = make_occasion(activity, day=0), make_occasion(activity, day=1)

    moved = Occasion.objects.get(pk=monday.pk)
    moved.starts_at += timedelta(hours=1)
    moved.ends_at += timedelta(hours=1)
    services.save_occasions(activity=activity, occasions=[moved], editor=owner)

    assert list(activity.occasions.values_list("pk", "starts_at")) == [
        (monday.pk, at(edition.starts_on, 13))
    ]
    assert not Occasion.objects.filter(pk=tuesday.pk).exists()


def test_a_series_is_submitted_and_approved_once_for_all_its_occasions(organisation, owner):
    now = timezone.now()
    edition = make_edition(
        2028,
        current=False,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now - timedelta(days=1),
    )
    activity = make_activity(edition, organisation)
    for day in range(5):
        make_occasion(activity, day=day)
    coordinator = make_user(coordinator=True)

    services.submit_activity(activity=activity, by=owner)
    services.approve_activity(activity=activity, reviewer=coordinator)

    actions = list(LogEntry.objects.filter(activity=activity).values_list("action", flat=True))
    assert actions == ["submitted", "approved"]
    assert Activity.objects.published().filter(pk=activity.pk).exists()
    assert activity.occasions.count() == 5


def test_a_new_time_for_an_occasion_after_approval_goes_back_to_review(organisation, owner):
    activity, (monday, tuesday, wednesday) = make_series(organisation)
    coordinator = make_user(coordinator=True)
    moved = Occasion.objects.get(pk=tuesday.pk)
    moved.starts_at += timedelta(hours=2)
    moved.ends_at += timedelta(hours=2)

    waits = services.save_occasions(
        activity=activity,
        occasions=[
            Occasion.objects.get(pk=monday.pk),
            moved,
            Occasion.objects.get(pk=wednesday.pk),
        ],
        editor=owner,
    )

    # The approved time stays public until the coordinators approve the new one.
    assert waits is True
    assert Occasion.objects.get(pk=tuesday.pk).starts_at == tuesday.starts_at
    assert Activity.objects.awaiting_review().filter(pk=activity.pk).exists()
    assert LogEntry.objects.filter(activity=activity, action="change_submitted").count() == 1

    services.approve_activity(activity=Activity.objects.get(pk=activity.pk), reviewer=coordinator)

    assert Occasion.objects.get(pk=tuesday.pk).starts_at == tuesday.starts_at + timedelta(hours=2)
    activity.refresh_from_db()
    assert activity.has_pending_changes is False
    assert activity.sequence == 1


def test_a_new_place_for_an_occasion_after_approval_goes_back_to_review(organisation, owner):
    activity, occasions = make_series(organisation)
    elsewhere = [Occasion.objects.get(pk=o.pk) for o in occasions]
    elsewhere[0].venue = "Konserthuset"

    assert services.save_occasions(activity=activity, occasions=elsewhere, editor=owner) is True
    assert Occasion.objects.get(pk=occasions[0].pk).venue == ""


def test_more_seats_on_an_occasion_go_live_at_once(organisation, owner):
    activity, occasions = make_series(organisation)
    bigger = [Occasion.objects.get(pk=o.pk) for o in occasions]
    bigger[0].capacity = 40

    assert services.save_occasions(activity=activity, occasions=bigger, editor=owner) is False
    assert Occasion.objects.get(pk=occasions[0].pk).capacity == 40
    assert Activity.objects.get(pk=activity.pk).has_pending_changes is False
