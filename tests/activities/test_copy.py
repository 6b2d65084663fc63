"""Copying an activity: a new draft of the current edition with everything but the dates, the
sign-ups and the review history."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.activities.test_form import form_data
from tests.factories import add_totp, make_activity, make_edition, make_user
from veckan.activities import services
from veckan.activities.models import Activity, ActivityTag, ContactPerson, CoOrganiser, LogEntry
from veckan.editions.models import FocusArea
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def edition():
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


@pytest.fixture
def past_edition():
    return make_edition(2026, current=False)


def _rich_source(past_edition, organisation):
    """Last year's approved activity with every part, a recording, a sign-up and a review."""
    area = FocusArea.objects.create(edition=past_edition, name="Digitalisering")
    source = make_activity(
        past_edition,
        organisation,
        title="Lunchprat om AI",
        description="**Välkommen!**",
        title_en="Lunch talk on AI",
        status="approved",
        signup_mode="platform",
        capacity=40,
        is_featured=True,
        recording_url="https://video.example.se/1",
        approved_at=timezone.now(),
    )
    source.focus_areas.add(area)
    ActivityTag.objects.create(activity=source, kind="language", value="sv")
    ActivityTag.objects.create(activity=source, kind="accessibility", value="hearing_loop")
    CoOrganiser.objects.create(activity=source, name="Föreningen Idé", kind="civilsamhalle")
    ContactPerson.objects.create(
        activity=source, name="Kim Kontakt", email="kim@kommun.example.se", show_email=True
    )
    SignUp.objects.create(
        activity=source, name="Deltagare", email="d@example.se", status="confirmed"
    )
    LogEntry.objects.create(
        activity=source, action="approved", from_status="submitted", to_status="approved"
    )
    source.image.save("gammal.webp", ContentFile(b"bild"), save=False)
    source.image_alt = "Publik i hörsalen"
    source.save()
    return source


def test_copy_form_is_filled_in_with_everything_but_the_day_and_times(
    client, owner, edition, past_edition, organisation
):
    FocusArea.objects.create(edition=edition, name="Digitalisering")
    source = _rich_source(past_edition, organisation)
    client.force_login(owner)

    response = client.get(f"/mina-aktiviteter/{source.pk}/kopiera/")

    html = response.content.decode()
    form = response.context["forms"].form
    assert response.status_code == 200
    assert "Det här är en kopia av ”Lunchprat om AI” (Innovationsveckan 2026)" in html
    assert form["title"].value() == "Lunchprat om AI"
    assert form["title_en"].value() == "Lunch talk on AI"
    assert form["capacity"].value() == 40
    assert (form["day"].value(), form["start_time"].value(), form["end_time"].value()) == (
        None,
        None,
        None,
    )
    assert form["languages"].value() == ["sv"]
    assert form["accessibility"].value() == ["hearing_loop"]
    assert form["focus_areas"].value() == [edition.focus_areas.get().pk]
    assert response.context["forms"].co_organisers.forms[0]["name"].value() == "Föreningen Idé"
    assert response.context["forms"].contacts.forms[0]["email"].value() == "kim@kommun.example.se"


def test_copy_saved_is_a_new_draft_without_signups_review_or_recording(
    client, owner, edition, past_edition, organisation
):
    area = FocusArea.objects.create(edition=edition, name="Digitalisering")
    source = _rich_source(past_edition, organisation)
    client.force_login(owner)
    data = form_data(
        edition,
        organisation,
        title="Lunchprat om AI",
        signup_mode="platform",
        capacity="40",
        image_alt="Publik i hörsalen",
        languages=["sv"],
        focus_areas=[area.pk],
    ) | {
        "co_organisers-0-name": "Föreningen Idé",
        "co_organisers-0-kind": "civilsamhalle",
        "contacts-0-name": "Kim Kontakt",
        "contacts-0-email": "kim@kommun.example.se",
    }

    response = client.post(f"/mina-aktiviteter/{source.pk}/kopiera/", data)

    assert response.status_code == 302
    copy = Activity.objects.exclude(pk=source.pk).get()
    assert (copy.edition, copy.status, copy.title, copy.capacity) == (
        edition,
        "draft",
        "Lunchprat om AI",
        40,
    )
    assert (copy.is_featured, copy.recording_url, copy.approved_at) == (False, "", None)
    assert copy.slug != source.slug
    assert list(copy.focus_areas.all()) == [area]
    assert [co.name for co in copy.co_organisers.all()] == ["Föreningen Idé"]
    assert copy.signups.count() == 0
    assert list(copy.log.values_list("action", "comment")) == [
        ("created", "Kopia av ”Lunchprat om AI” (Innovationsveckan 2026).")
    ]
    # A file of its own: removing the copy's picture leaves the original's.
    assert copy.image.name != source.image.name
    assert copy.image.read() == b"bild"
    source.refresh_from_db()
    assert (source.status, source.signups.count(), source.log.count()) == ("approved", 1, 1)


def test_copy_of_another_organisations_activity_answers_404(
    client, owner, edition, other_organisation
):
    theirs = make_activity(edition, other_organisation, title="Deras")
    client.force_login(owner)

    assert client.get(f"/mina-aktiviteter/{theirs.pk}/kopiera/").status_code == 404
    response = client.post(
        f"/mina-aktiviteter/{theirs.pk}/kopiera/", form_data(edition, other_organisation)
    )
    assert response.status_code == 404
    assert Activity.objects.count() == 1


def test_copy_when_registration_is_closed_saves_nothing(client, owner, organisation, past_edition):
    now = timezone.now()
    make_edition(
        2027,
        registration_opens=now - timedelta(days=30),
        registration_closes=now - timedelta(days=1),
        program_published_at=now + timedelta(days=5),
    )
    source = make_activity(past_edition, organisation)
    client.force_login(owner)

    response = client.post(f"/mina-aktiviteter/{source.pk}/kopiera/", {})

    assert response.status_code == 403
    assert "Anmälan av aktiviteter är stängd" in response.content.decode()
    assert Activity.objects.count() == 1


def test_copy_by_a_coordinator_works_for_any_organisation(client, edition, organisation):
    coordinator = make_user("samordnare@skr.example.se", coordinator=True)
    add_totp(coordinator)
    source = make_activity(edition, organisation, title="Visningen")
    client.force_login(coordinator)

    response = client.post(
        f"/mina-aktiviteter/{source.pk}/kopiera/",
        form_data(edition, organisation, title="Visningen"),
    )

    assert response.status_code == 302
    assert list(Activity.objects.values_list("title", "status")) == [
        ("Visningen", "draft"),
        ("Visningen", "draft"),
    ]


def test_copy_service_refuses_when_registration_is_closed(owner, organisation, past_edition):
    source = make_activity(past_edition, organisation)
    copy = services.unsaved_copy(source=source, edition=past_edition)
    copy.starts_at, copy.ends_at = source.starts_at, source.ends_at

    with pytest.raises(services.ActivityError, match="stängd"):
        services.copy_activity(
            source=source, activity=copy, parts=services.ActivityParts(), created_by=owner
        )
    assert Activity.objects.count() == 1
