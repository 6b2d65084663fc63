"""The organiser makes an activity a series on its own form: the same time on more days with one
tick each, or occasions of their own (day, times, and a place or seats where they differ)."""

import pytest

from tests.activities.test_form import CREATE, form_data, summary_of
from tests.activities.test_form import edition as edition
from tests.factories import at, make_activity, make_occasion, make_series
from veckan.activities.models import Activity, Occasion

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def _day(edition, n: int) -> str:
    return edition.days[n].isoformat()


def test_occasion_form_same_time_on_more_days_makes_a_series(logged_in, edition, organisation):
    data = form_data(edition, organisation, day=_day(edition, 0), start_time="12:00")
    data["end_time"] = "13:00"
    data["also_days"] = [_day(edition, 1), _day(edition, 2), _day(edition, 3), _day(edition, 4)]

    response = logged_in.post(CREATE, data)

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert [(o.starts_at, o.ends_at) for o in activity.occasions.all()] == [
        (at(day, 12), at(day, 13)) for day in edition.days
    ]
    assert (activity.starts_at, activity.ends_at) == (
        at(edition.days[0], 12),
        at(edition.days[4], 13),
    )


def test_occasion_form_rows_of_their_own_with_place_and_seats(logged_in, edition, organisation):
    data = form_data(
        edition,
        organisation,
        **{
            "occasions-TOTAL_FORMS": "2",
            "occasions-INITIAL_FORMS": "0",
            "occasions-0-day": _day(edition, 3),
            "occasions-0-start_time": "14:00",
            "occasions-0-end_time": "15:30",
            "occasions-0-venue": "Konserthuset",
            "occasions-0-address": "Storgatan 1, Linköping",
            "occasions-0-capacity": "40",
        },
    )

    assert logged_in.post(CREATE, data).status_code == 302

    [tuesday, thursday] = Activity.objects.get().occasions.all()
    assert (tuesday.starts_at, tuesday.venue, tuesday.capacity) == (
        at(edition.days[1], 9),
        "",
        None,
    )
    assert (thursday.starts_at, thursday.ends_at) == (
        at(edition.days[3], 14),
        at(edition.days[3], 15).replace(minute=30),
    )
    assert (thursday.venue, thursday.address, thursday.capacity) == (
        "Konserthuset",
        "Storgatan 1, Linköping",
        40,
    )


def test_occasion_form_row_ending_before_it_starts_is_shown_in_the_summary(
    logged_in, edition, organisation
):
    data = form_data(
        edition,
        organisation,
        **{
            "occasions-TOTAL_FORMS": "1",
            "occasions-INITIAL_FORMS": "0",
            "occasions-0-day": _day(edition, 3),
            "occasions-0-start_time": "14:00",
            "occasions-0-end_time": "13:00",
        },
    )

    response = logged_in.post(CREATE, data)

    assert response.status_code == 200
    assert summary_of(response) == [
        "Tillfälle 2, slutar klockan: Tillfället måste sluta efter att det har börjat."
    ]
    assert Activity.objects.count() == 0


def test_occasion_form_same_time_twice_is_refused(logged_in, edition, organisation):
    data = form_data(
        edition,
        organisation,
        **{
            "occasions-TOTAL_FORMS": "1",
            "occasions-INITIAL_FORMS": "0",
            "occasions-0-day": _day(edition, 1),
            "occasions-0-start_time": "09:00",
            "occasions-0-end_time": "11:00",
        },
    )

    response = logged_in.post(CREATE, data)

    assert "Två tillfällen har samma tid. Ta bort det ena." in summary_of(response)
    assert Activity.objects.count() == 0


def test_occasion_form_edit_shows_the_series_and_keeps_each_occasions_id(
    logged_in, edition, organisation
):
    activity = make_activity(edition, organisation)
    monday, wednesday = (
        make_occasion(activity, day=0),
        make_occasion(activity, day=2, start=14, end=15),
    )
    url = f"/mina-aktiviteter/{activity.pk}/andra/"

    html = logged_in.get(url).content.decode()

    assert f'<option value="{_day(edition, 0)}" selected>' in html
    assert 'name="start_time" value="12:00"' in html
    assert f'<option value="{_day(edition, 2)}" selected>' in html
    assert 'name="occasions-0-start_time" value="14:00"' in html
    assert "Tillfälle 2" in html

    data = form_data(
        edition,
        organisation,
        day=_day(edition, 0),
        start_time="12:00",
        end_time="13:00",
        **{
            "occasions-TOTAL_FORMS": "2",
            "occasions-INITIAL_FORMS": "0",
            "occasions-0-day": _day(edition, 3),
            "occasions-0-start_time": "14:00",
            "occasions-0-end_time": "15:00",
        },
    )
    assert logged_in.post(url, data).status_code == 302

    assert list(activity.occasions.values_list("pk", "starts_at")) == [
        (monday.pk, at(edition.days[0], 12)),
        (wednesday.pk, at(edition.days[3], 14)),
    ]


def test_occasion_form_single_activity_stays_single(logged_in, edition, organisation):
    assert logged_in.post(CREATE, form_data(edition, organisation)).status_code == 302

    assert Occasion.objects.count() == 0


def test_occasion_form_change_of_an_approved_series_is_kept_for_review_and_shown_again(
    client, organisation, owner
):
    activity, (_monday, tuesday, _wednesday) = make_series(organisation)
    client.force_login(owner)
    url = f"/mina-aktiviteter/{activity.pk}/andra/"
    edition = activity.edition
    data = form_data(
        edition,
        organisation,
        day=_day(edition, 0),
        start_time="12:00",
        end_time="13:00",
        signup_mode="platform",
        capacity="2",
        **{
            "occasions-TOTAL_FORMS": "2",
            "occasions-INITIAL_FORMS": "0",
            "occasions-0-day": _day(edition, 1),
            "occasions-0-start_time": "15:00",
            "occasions-0-end_time": "16:00",
            "occasions-1-day": _day(edition, 2),
            "occasions-1-start_time": "12:00",
            "occasions-1-end_time": "13:00",
        },
    )

    assert client.post(url, data).status_code == 302

    assert Occasion.objects.get(pk=tuesday.pk).starts_at == tuesday.starts_at
    assert Activity.objects.get(pk=activity.pk).has_pending_changes is True
    html = client.get(url).content.decode()
    assert 'name="occasions-0-start_time" value="15:00"' in html
