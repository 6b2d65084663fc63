"""The public activity page: only published activities, with what visitors may see."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import (
    make_activity,
    make_edition,
    make_signup_activity,
)
from veckan.activities.models import ActivityTag, ContactPerson, CoOrganiser, Material, Status
from veckan.editions.models import FocusArea
from veckan.revisions.services import record_change

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status",
    [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.REJECTED, Status.WITHDRAWN],
)
def test_activity_page_hides_what_is_not_approved(client, edition, organisation, status):
    activity = make_activity(edition, organisation, status=status)
    assert client.get(f"/aktivitet/{activity.slug}/").status_code == 404


def test_activity_page_hides_approved_before_publication(client, organisation):
    unpublished = make_edition(
        2027,
        program_published_at=timezone.now() + timedelta(days=3),
        registration_closes=timezone.now() + timedelta(days=1),
        registration_opens=timezone.now() - timedelta(days=5),
    )
    activity = make_activity(unpublished, organisation, status=Status.APPROVED)
    response = client.get(f"/aktivitet/{activity.slug}/")
    # Not 404 (a shared link keeps working, see test_editions), but nothing of the activity.
    assert response.status_code == 200
    assert activity.title not in response.content.decode()
    assert activity.summary not in response.content.decode()


def test_activity_page_shows_published_activity(client, edition, organisation):
    activity = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        description="Vi visar **tre** nya e-tjänster.\n\n<script>alert(1)</script>",
    )
    ContactPerson.objects.create(
        activity=activity, name="Synlig Person", email="synlig@example.se", show_email=True
    )
    ContactPerson.objects.create(
        activity=activity, name="Dold Person", email="dold@example.se", phone="013-123"
    )
    html = client.get(f"/aktivitet/{activity.slug}/").content.decode()
    assert (
        '<h1 class="ds-heading" data-size="xl" id="activity-title">Så bygger vi framtidens e-tjänster</h1>'
        in html
    )
    assert "Stadshuset, Drottninggatan 45, Linköping (Östergötlands län)" in html
    assert "<strong>tre</strong>" in html
    assert "<script>alert" not in html
    assert "synlig@example.se" in html
    assert "Dold Person" not in html
    assert "dold@example.se" not in html
    assert "Inställd" not in html


def test_activity_page_marks_cancelled(client, edition, organisation):
    activity = make_activity(
        edition,
        organisation,
        status=Status.CANCELLED,
        cancellation_reason="Föreläsaren är sjuk.",
    )
    html = client.get(f"/aktivitet/{activity.slug}/").content.decode()
    assert '<h2 class="ds-heading" data-size="xs">Inställd</h2>' in html
    assert '<p class="ds-paragraph">Föreläsaren är sjuk.</p>' in html
    assert "Lägg till i din kalender" not in html  # nothing to add: it will not take place
    english = client.get(f"/en/aktivitet/{activity.slug}/").content.decode()
    assert '<p class="ds-paragraph" lang="sv">Föreläsaren är sjuk.</p>' in english


def test_place_names_the_town_once(client, edition, organisation):
    activity = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        venue="Stadshuset",
        address="Drottninggatan 45, 582 25 Linköping",
    )
    html = client.get(f"/aktivitet/{activity.slug}/").content.decode()
    assert "Stadshuset, Drottninggatan 45, 582 25 Linköping (Östergötlands län)" in html
    activity.address = "Drottninggatan 45"
    activity.save()
    record_change(activities=[activity.pk])
    html = client.get(f"/aktivitet/{activity.slug}/").content.decode()
    assert "Stadshuset, Drottninggatan 45, Linköping (Östergötlands län)" in html


def test_activity_page_hides_stream_link_when_sign_up_is_here(client, edition, organisation):
    activity = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        format="digital",
        municipality=None,
        address="",
        venue="",
        stream_url="https://meet.example.se/hemligt",
        signup_mode="platform",
        capacity=30,
    )
    html = client.get(f"/aktivitet/{activity.slug}/").content.decode()
    assert "meet.example.se/hemligt" not in html
    assert "Länken skickas till dem som har anmält sig." in html


def test_activity_page_shows_recording(client, organisation):
    past = make_edition(2025, current=False)
    activity = make_activity(
        past,
        organisation,
        status=Status.APPROVED,
        recording_url="https://play.example.se/inspelning",
    )
    html = client.get(f"/aktivitet/{activity.slug}/").content.decode()
    assert (
        '<a class="ds-link" href="https://play.example.se/inspelning">Se inspelningen</a>' in html
    )


@pytest.mark.parametrize("count", [1, 3])
def test_activity_page_query_count_is_fixed(client, organisation, django_assert_num_queries, count):
    activity = make_signup_activity(organisation, capacity=10)
    focus_areas = [
        FocusArea.objects.create(edition=activity.edition, name=f"Fokus {n}", position=n)
        for n in range(count)
    ]
    activity.focus_areas.set(focus_areas)
    for n in range(count):
        ActivityTag.objects.create(activity=activity, kind="language", value=["sv", "en", "fi"][n])
        CoOrganiser.objects.create(activity=activity, organisation=organisation, position=n)
        ContactPerson.objects.create(
            activity=activity, name=f"Kontakt {n}", email=f"k{n}@example.se", show_email=True
        )
        Material.objects.create(activity=activity, title=f"Bilder {n}", url="https://example.se/")

    # The program's revision; the activity with its edition, organisation and place; tags, focus
    # areas, co-organisers with their organisations, contacts, occasions (with their seats); the
    # view counter; the seats taken and the queue, and by occasion for the kept page. (Material is
    # read only once the activity has ended; the layout's current edition is the activity's own.)
    with django_assert_num_queries(10):
        response = client.get(activity.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0")
    assert response.status_code == 200
    assert response.content.decode().count("Kontakt ") == count
    # Kept for the next visitor: whether anything it shows changed since (one query), its seats
    # and the view counter.
    with django_assert_num_queries(3):
        again = client.get(activity.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0")
    assert again.content.decode().count("Kontakt ") == count


def test_activity_page_shows_an_edited_description_at_once(client, edition, organisation):
    activity = make_activity(
        edition, organisation, status=Status.APPROVED, description="Första **versionen**."
    )
    assert (
        "Första <strong>versionen</strong>."
        in client.get(activity.get_absolute_url()).content.decode()
    )

    activity.description = "Andra *versionen*."
    activity.save()
    record_change(activities=[activity.pk])  # as every service that changes it does
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Andra <em>versionen</em>." in html
    assert "Första" not in html


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_activity_page_queries_are_prepared_on_postgresql(client, edition, organisation):
    # Six pages rendered, and one of them asked for five times more (served kept).
    activities = [make_activity(edition, organisation, status=Status.APPROVED) for _ in range(6)]
    for activity in activities + [activities[0]] * 5:
        response = client.get(activity.get_absolute_url())
        assert response.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    # The page's own query and the kept page's check, each planned once for this connection and
    # kept: their values come apart.
    page_query = [s for s in prepared if 'WHERE ("editions_edition"."program_published_at"' in s]
    check = [s for s in prepared if "revisions_change" in s]
    assert page_query
    assert check
    assert all("$1" in s for s in page_query + check)


def test_activity_page_header_names_the_current_edition_also_for_an_archived_one(
    client, edition, organisation
):
    archived = make_edition(2025, current=False)
    old = make_activity(archived, organisation, status=Status.APPROVED)
    new = make_activity(edition, organisation, status=Status.APPROVED)
    for activity in (old, new):
        html = client.get(activity.get_absolute_url()).content.decode()
        assert 'Innovationsveckan <span class="site-name__year">2027</span>' in html


def test_activity_page_adds_to_google_and_outlook_and_shares_with_a_qr_code(
    client, edition, organisation
):
    from urllib.parse import parse_qs, urlsplit

    activity = make_activity(edition, organisation, status=Status.APPROVED, title="Öppna data & AI")
    html = client.get(activity.get_absolute_url()).content.decode()
    import re

    links = dict(
        (label, href.replace("&amp;", "&"))
        for href, label in re.findall(
            r'<a class="ds-link" href="([^"]+)" rel="noopener">([^<]+)</a>', html
        )
    )
    google = parse_qs(urlsplit(links["Lägg till i Google Kalender"]).query)
    start = activity.starts_at.astimezone(timezone.UTC).strftime("%Y%m%dT%H%M%SZ")
    end = activity.ends_at.astimezone(timezone.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert google["text"] == ["Öppna data & AI"]
    assert google["dates"] == [f"{start}/{end}"]
    assert google["location"] == ["Stadshuset, Drottninggatan 45, Linköping"]
    assert google["details"][0].endswith(f"/aktivitet/{activity.slug}/")
    outlook = parse_qs(urlsplit(links["Lägg till i Outlook"]).query)
    assert outlook["subject"] == ["Öppna data & AI"]
    assert outlook["startdt"] == [
        activity.starts_at.astimezone(timezone.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    ]
    assert "Lägg till i din kalender (.ics)" in html
    # Share: the address, a copy button (shown by script), and a QR code of the same address.
    assert 'data-copy="share-url"' in html
    qr = f'<img class="qr" src="/aktivitet/{activity.slug}/qr.svg" alt="QR-kod med länken till aktiviteten"'
    assert qr in html
    image = client.get(f"/aktivitet/{activity.slug}/qr.svg")
    assert image["Content-Type"] == "image/svg+xml"
    assert image["Cache-Control"] == "public, max-age=86400"
    assert image.content.startswith(b"<svg ")
    assert b"<path" in image.content


def test_activity_qr_code_is_only_for_a_published_activity(client, edition, organisation):
    draft = make_activity(edition, organisation, status=Status.DRAFT)
    assert client.get(f"/aktivitet/{draft.slug}/qr.svg").status_code == 404
