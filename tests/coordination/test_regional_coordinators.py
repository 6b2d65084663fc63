"""Regional coordinators: review, featuring and messages within a county or a collection, with
two-factor login; national coordinators see everything and grant the role (issue 19, line 7)."""

import re
import time
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import add_totp, make_activity, make_edition, make_organisation, make_user
from veckan.accounts.middleware import LAST_SEEN
from veckan.activities.models import Activity, LogEntry, Status
from veckan.collections.models import Collection
from veckan.coordination import services
from veckan.coordination.models import RegionalCoordinator
from veckan.geography.models import County, Municipality
from veckan.messaging.models import OrganiserMessage
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

QUEUE = "/samordning/granskning/"
GRANTS = "/samordning/regionala/"


@pytest.fixture
def edition():
    """Registration open, program not yet out: the review season."""
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


@pytest.fixture
def kronoberg():
    return County.objects.get(code="07")


@pytest.fixture
def regional(coordinator, kronoberg):
    """Kronoberg's regional coordinator, with two-factor login, granted by the national one."""
    user = make_user("regional@lansstyrelsen.example.se", name="Rut Regional")
    add_totp(user)
    RegionalCoordinator.objects.create(user=user, county=kronoberg, granted_by=coordinator)
    return user


@pytest.fixture
def places(edition, organisation, other_organisation):
    """Submitted activities in Växjö (Kronoberg), Linköping (Östergötland) and online, and an
    approved one in Växjö; each organisation's members are who a message would reach."""
    vaxjo = Municipality.objects.get(code="0780")
    return {
        "vaxjo": make_activity(
            edition, organisation, status=Status.SUBMITTED, title="I Växjö", municipality=vaxjo
        ),
        "vaxjo_approved": make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title="Godkänd i Växjö",
            municipality=vaxjo,
        ),
        "linkoping": make_activity(
            edition, other_organisation, status=Status.SUBMITTED, title="I Linköping"
        ),
        "online": make_activity(
            edition,
            other_organisation,
            status=Status.SUBMITTED,
            title="På nätet",
            format="digital",
            municipality=None,
            venue="",
            address="",
            stream_url="https://example.se/sandning",
        ),
    }


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def listed(response) -> list[str]:
    return re.findall(
        r'<a class="ds-link" href="/samordning/granskning/\d+/">([^<]*)</a>',
        response.content.decode(),
    )


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- what the powers reach ---------------------------------------------------------------------------


def test_within_scope_of_a_county_is_the_activities_taking_place_there(places, regional):
    assert titles(Activity.objects.within_scope_of(regional)) == {"I Växjö", "Godkänd i Växjö"}


def test_within_scope_of_a_collection_follows_its_rules_and_picks_whatever_the_status(
    edition, places, coordinator, organisation, other_organisation
):
    collection = Collection.objects.create(edition=edition, name="Annanstads vecka", slug="annan")
    collection.organisations.add(other_organisation)
    collection.picked.add(places["vaxjo_approved"])
    make_activity(make_edition(2026, current=False), other_organisation, title="Förra året")
    user = make_user("samling@example.se")
    RegionalCoordinator.objects.create(user=user, collection=collection, granted_by=coordinator)

    assert titles(Activity.objects.within_scope_of(user)) == {
        "I Linköping",
        "På nätet",
        "Godkänd i Växjö",
    }
    # The public collection still shows only its published part.
    assert list(collection.activities()) == []


def test_within_scope_of_reaches_all_for_national_and_none_for_organisers(
    places, coordinator, owner
):
    assert titles(Activity.objects.within_scope_of(coordinator)) == {
        a.title for a in places.values()
    }
    assert titles(Activity.objects.within_scope_of(owner)) == set()


def test_a_grant_is_for_a_county_or_a_collection_never_both_or_neither(
    edition, regional, kronoberg
):
    collection = Collection.objects.create(edition=edition, name="Vecka", slug="vecka")

    for county, chosen in ((None, None), (kronoberg, collection)):
        with pytest.raises(IntegrityError), transaction.atomic():
            RegionalCoordinator.objects.create(user=regional, county=county, collection=chosen)
    assert RegionalCoordinator.objects.filter(user=regional).count() == 1


# --- review ------------------------------------------------------------------------------------------


def test_regional_queue_shows_exactly_the_activities_in_the_county(client, places, regional):
    client.force_login(regional)
    response = client.get(QUEUE, {"status": "alla"})
    assert sorted(listed(response)) == ["Godkänd i Växjö", "I Växjö"]


def test_national_queue_shows_every_activity(client, places, coordinator):
    client.force_login(coordinator)
    response = client.get(QUEUE, {"status": "alla"})
    assert sorted(listed(response)) == sorted(a.title for a in places.values())


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("", None),
        ("godkann/", {"comment": ""}),
        ("begar-andringar/", {"comment": "Ändra titeln."}),
        ("avsla/", {"reason": "Passar inte."}),
        ("markeringar/", {"is_featured": "on"}),
    ],
)
def test_review_outside_the_county_answers_404_and_changes_nothing(
    client, places, regional, path, data
):
    client.force_login(regional)
    outside = places["linkoping"]
    url = f"{QUEUE}{outside.pk}/{path}"
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 404
    outside.refresh_from_db()
    assert (outside.status, outside.is_featured) == (Status.SUBMITTED, False)
    assert not LogEntry.objects.filter(activity=outside).exclude(action="submitted").exists()


def test_bulk_approve_approves_only_within_the_county(client, places, regional):
    client.force_login(regional)
    client.post(
        f"{QUEUE}godkann-markerade/",
        {"aktivitet": [places["vaxjo"].pk, places["linkoping"].pk]},
    )
    assert dict(Activity.objects.values_list("title", "status")) == {
        "I Växjö": Status.APPROVED,
        "Godkänd i Växjö": Status.APPROVED,
        "I Linköping": Status.SUBMITTED,
        "På nätet": Status.SUBMITTED,
    }


def test_regional_coordinator_approves_within_the_county(client, places, regional):
    client.force_login(regional)
    activity = places["vaxjo"]
    response = client.post(f"{QUEUE}{activity.pk}/godkann/", {"comment": "Fint!"}, follow=True)
    assert shown_messages(response) == ["”I Växjö” är godkänd."]
    activity.refresh_from_db()
    assert activity.status == Status.APPROVED
    assert LogEntry.objects.get(activity=activity, action="approved").actor == regional


def test_regional_review_page_offers_no_national_powers(client, places, regional, coordinator):
    unverified = make_organisation(name="Ny kommun", verified=False)
    activity = make_activity(
        places["vaxjo"].edition,
        unverified,
        status=Status.SUBMITTED,
        municipality=Municipality.objects.get(code="0780"),
    )
    client.force_login(regional)
    html = client.get(f"{QUEUE}{activity.pk}/").content.decode()
    assert "Verifiera organisationen" not in html
    assert 'name="is_national"' not in html
    assert "Förhandsvisa aktiviteten" not in html
    client.force_login(coordinator)
    html = client.get(f"{QUEUE}{activity.pk}/").content.decode()
    assert "Verifiera organisationen" in html
    assert 'name="is_national"' in html


# --- featuring ---------------------------------------------------------------------------------------


def test_regional_coordinator_features_within_the_county_but_never_marks_national(
    client, places, regional
):
    client.force_login(regional)
    inside = places["vaxjo_approved"]
    Activity.objects.filter(pk=inside.pk).update(is_national=True)
    response = client.post(f"{QUEUE}{inside.pk}/markeringar/", {"is_featured": "on"}, follow=True)
    assert shown_messages(response) == ["Markeringarna för ”Godkänd i Växjö” är sparade."]
    inside.refresh_from_db()
    assert (inside.is_featured, inside.is_national) == (True, True)

    client.post(f"{QUEUE}{inside.pk}/markeringar/", {"is_national": ""})
    inside.refresh_from_db()
    assert (inside.is_featured, inside.is_national) == (False, True)


# --- messages ----------------------------------------------------------------------------------------


def test_regional_message_reaches_only_organisers_of_activities_in_the_county(
    client, places, regional, owner, colleague, stranger
):
    client.force_login(regional)
    data = {"utgava": "2027", "subject": "Till Kronoberg", "body": "Hej!", "step": "preview"}
    form = client.get("/samordning/meddelanden/nytt/").content.decode()
    assert "når du bara arrangörer av aktiviteter i ditt län eller din samling" in form
    preview = client.post("/samordning/meddelanden/nytt/", data)
    assert [r.email for r in preview.context["recipients"]] == [owner.email, colleague.email]

    client.post("/samordning/meddelanden/nytt/", data | {"step": "send"})
    sent = OutboxMessage.objects.filter(subject="Till Kronoberg")
    assert sorted(address for m in sent for address in m.to) == sorted(
        [owner.email, colleague.email]
    )
    assert stranger.email not in [address for m in OutboxMessage.objects.all() for address in m.to]
    assert OrganiserMessage.objects.get().sent_by == regional


def test_regional_coordinator_sees_only_their_own_sent_messages(
    client, places, regional, coordinator
):
    client.force_login(coordinator)
    client.post(
        "/samordning/meddelanden/nytt/",
        {"utgava": "2027", "subject": "Nationellt", "body": "Hej alla!", "step": "send"},
    )
    client.force_login(regional)
    client.post(
        "/samordning/meddelanden/nytt/",
        {"utgava": "2027", "subject": "Regionalt", "body": "Hej Kronoberg!", "step": "send"},
    )
    assert [m.subject for m in client.get("/samordning/meddelanden/").context["sent_messages"]] == [
        "Regionalt"
    ]
    client.force_login(coordinator)
    assert [m.subject for m in client.get("/samordning/meddelanden/").context["sent_messages"]] == [
        "Regionalt",
        "Nationellt",
    ]


# --- two-factor login and what stays national ------------------------------------------------------


def test_regional_coordinator_without_two_factor_is_sent_to_set_it_up(
    client, places, coordinator, kronoberg
):
    user = make_user("utan@lansstyrelsen.example.se")
    RegionalCoordinator.objects.create(user=user, county=kronoberg, granted_by=coordinator)
    client.force_login(user)
    for url in (QUEUE, f"{QUEUE}{places['vaxjo'].pk}/", "/samordning/meddelanden/", "/samordning/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/konto/2fa/totp/activate/"
    response = client.post(f"{QUEUE}{places['vaxjo'].pk}/godkann/", {"comment": ""}, follow=True)
    # One warning for each page tried: nothing consumed them on the way.
    assert set(shown_messages(response)) == {
        "Som samordnare behöver du tvåstegsinloggning. Ställ in en autentiseringsapp "
        "för att fortsätta."
    }
    places["vaxjo"].refresh_from_db()
    assert places["vaxjo"].status == Status.SUBMITTED


@pytest.mark.parametrize(
    "url",
    [
        "/samordning/utgavor/ny/",
        "/samordning/statistik/",
        "/samordning/webhooks/",
        GRANTS,
        "/samordning/organisationer/",
    ],
)
def test_regional_coordinator_has_no_national_powers(client, regional, url):
    client.force_login(regional)
    assert client.get(url).status_code == 403


def test_regional_start_page_names_the_areas_and_the_two_tools(client, regional, edition):
    collection = Collection.objects.create(edition=edition, name="Smålands vecka", slug="smaland")
    RegionalCoordinator.objects.create(user=regional, collection=collection)
    client.force_login(regional)
    html = client.get("/samordning/").content.decode()
    assert re.findall(r"<li>(Län: [^<]*|Samling: [^<]*)</li>", html) == [
        "Län: Kronobergs län",
        "Samling: Smålands vecka (2027)",
    ]
    assert 'href="/samordning/granskning/"' in html
    assert 'href="/samordning/meddelanden/"' in html
    assert 'href="/samordning/webhooks/"' not in html
    assert "/samordning/" in client.get("/konto/mitt-konto/").content.decode()


# --- granting and revoking ---------------------------------------------------------------------------


def test_national_coordinator_grants_a_county_by_email_and_the_person_is_told_in_their_language(
    client, coordinator, kronoberg
):
    person = make_user("ny@lansstyrelsen.example.se", name="Nils Ny")
    person.language = "en"
    person.save()
    client.force_login(coordinator)
    response = client.post(
        GRANTS, {"email": "NY@lansstyrelsen.example.se", "county": "07"}, follow=True
    )
    assert shown_messages(response) == [
        "Nils Ny är nu regional samordnare för Kronobergs län och har fått ett mejl om det."
    ]
    grant = RegionalCoordinator.objects.get()
    assert (grant.user, grant.county, grant.collection, grant.granted_by) == (
        person,
        kronoberg,
        None,
        coordinator,
    )
    mail = OutboxMessage.objects.get(to=[person.email])
    assert mail.subject == "You are a regional coordinator for Kronobergs län"
    assert "/en/samordning/" in mail.body
    assert "two-factor" in mail.body


def test_national_coordinator_grants_a_collection(client, coordinator, edition):
    collection = Collection.objects.create(edition=edition, name="Smålands vecka", slug="smaland")
    person = make_user("samling@example.se")
    client.force_login(coordinator)
    client.post(GRANTS, {"email": person.email, "collection": collection.pk})
    assert list(RegionalCoordinator.objects.values_list("user", "county", "collection")) == [
        (person.pk, None, collection.pk)
    ]
    mail = OutboxMessage.objects.get(to=[person.email])
    assert mail.subject == "Du är regional samordnare för Smålands vecka"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "ingen@example.se", "county": "07"}, "Ingen har ett konto med den"),
        ({"email": "agare@kommun.example.se"}, "Välj antingen ett län eller en samling."),
        ({"email": "samordnare@skr.example.se", "county": "07"}, "redan nationell samordnare"),
        ({"email": "regional@lansstyrelsen.example.se", "county": "07"}, "redan regional"),
    ],
)
def test_grant_is_refused_with_the_reason(client, coordinator, regional, owner, data, error):
    client.force_login(coordinator)
    response = client.post(GRANTS, data)
    assert response.status_code == 200
    assert any(error in e.text for e in response.context["errors"])
    assert RegionalCoordinator.objects.count() == 1
    assert not OutboxMessage.objects.exists()


def test_national_coordinator_revokes_and_the_powers_end(client, coordinator, regional, places):
    grant = RegionalCoordinator.objects.get(user=regional)
    client.force_login(coordinator)
    page = client.get(GRANTS)
    assert [g.user for g in page.context["grants"]] == [regional]
    response = client.post(f"{GRANTS}{grant.pk}/ta-bort/", follow=True)
    assert shown_messages(response) == [
        "Rut Regional är inte längre regional samordnare för Kronobergs län."
    ]
    assert not RegionalCoordinator.objects.exists()
    client.force_login(regional)
    assert client.get(QUEUE).status_code == 403


def test_only_national_coordinators_grant_and_revoke(client, regional, coordinator, kronoberg):
    person = make_user("ny@example.se")
    grant = RegionalCoordinator.objects.get(user=regional)
    client.force_login(regional)
    assert client.post(GRANTS, {"email": person.email, "county": "07"}).status_code == 403
    assert client.post(f"{GRANTS}{grant.pk}/ta-bort/").status_code == 403
    without_two_factor = make_user("utan@skr.example.se", coordinator=True)
    for by in (regional, without_two_factor):
        with pytest.raises(services.GrantError, match="Bara nationella samordnare"):
            services.grant_regional_coordinator(user=person, county=kronoberg, granted_by=by)
        with pytest.raises(services.GrantError, match="Bara nationella samordnare"):
            services.revoke_regional_coordinator(grant=grant, revoked_by=by)
    assert list(RegionalCoordinator.objects.values_list("user", flat=True)) == [regional.pk]
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_grants_page_query_count_is_fixed(
    client, coordinator, edition, django_assert_num_queries, count
):
    collection = Collection.objects.create(edition=edition, name="Vecka", slug="vecka")
    for n in range(count):
        user = make_user(f"regional{n}@example.se")
        if n % 2:
            RegionalCoordinator.objects.create(
                user=user, collection=collection, granted_by=coordinator
            )
        else:
            RegionalCoordinator.objects.create(
                user=user, county=County.objects.all()[n], granted_by=coordinator
            )
    client.force_login(coordinator)
    with django_assert_num_queries(7):
        response = client.get(GRANTS)
    assert len(response.context["grants"]) == count


def test_regional_coordinator_session_ends_after_idle_time(client, settings, regional):
    settings.COORDINATOR_IDLE_SECONDS = 30 * 60
    client.force_login(regional)
    assert client.get(QUEUE).status_code == 200

    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_grants_page_and_regional_start_page_in_english(client, coordinator, regional):
    client.force_login(coordinator)
    html = client.get(f"/en{GRANTS}").content.decode()
    assert "<h1" in html
    assert "Regional coordinators</h1>" in html
    assert "County: Kronobergs län" in html
    client.force_login(regional)
    html = client.get("/en/samordning/").content.decode()
    assert "You are a regional coordinator for:" in html
