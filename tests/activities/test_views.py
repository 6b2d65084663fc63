"""Mina aktiviteter: the list, the lifecycle buttons, editing after approval and the follow-up."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.activities.test_form import form_data
from tests.factories import add_totp, at, make_activity, make_edition, make_user
from veckan.activities import services
from veckan.activities.models import Activity, LogEntry, Material, Status

pytestmark = pytest.mark.django_db

MINE = "/mina-aktiviteter/"


@pytest.fixture
def edition():
    """Next year's edition, current: registration open now, program not yet published."""
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


@pytest.fixture
def past_edition():
    """This year's edition, over and published: its activities have ended."""
    return make_edition(2026, current=False)


def titles(response) -> list[str]:
    return re.findall(
        r'<h3 class="ds-heading" data-size="sm">(.*?)</h3>', response.content.decode()
    )


def cards(response) -> dict[str, str]:
    """Each activity card's HTML by the activity's title."""
    html = response.content.decode()
    return {
        re.search(r"<h3[^>]*>(.*?)</h3>", card).group(1): card
        for card in re.findall(
            r'<li class="ds-card stack">.*?</li>\s*(?=<li class="ds-card|</ul>)', html, re.S
        )
    }


def actions(card: str) -> list[str]:
    """The visible names of the card's buttons and links, without the hidden activity title."""
    names = re.findall(r'class="ds-(?:button|link)"[^>]*>([^<]+)<span class="ds-sr-only">', card)
    return [name.strip() for name in names]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the list -----------------------------------------------------------------------------------


def test_activity_list_shows_exactly_my_organisations_activities(
    client, owner, colleague, edition, organisation, other_organisation
):
    make_activity(edition, other_organisation, title="Annanstads hemliga workshop")
    make_activity(edition, organisation, title="Tisdagens seminarium")
    make_activity(
        edition,
        organisation,
        title="Måndagens frukostmöte",
        starts_at=at(edition.starts_on, 8),
        ends_at=at(edition.starts_on, 9),
    )

    for person in (owner, colleague):
        client.force_login(person)
        response = client.get(MINE)
        assert titles(response) == ["Måndagens frukostmöte", "Tisdagens seminarium"]
    assert "Annanstads hemliga workshop" not in response.content.decode()


def test_activity_list_shows_one_edition_at_a_time_with_links_to_the_others(
    client, owner, edition, past_edition, organisation
):
    make_activity(
        past_edition, organisation, title="Förra årets dialogmöte", status=Status.APPROVED
    )
    make_activity(edition, organisation, title="Årets seminarium")
    client.force_login(owner)

    current = client.get(MINE)
    assert titles(current) == ["Årets seminarium"]
    html = current.content.decode()
    assert '<a class="ds-link" href="?utgava=2027" aria-current="page">2027</a> (1)' in html
    assert '<a class="ds-link" href="?utgava=2026">2026</a> (1)' in html

    assert titles(client.get(MINE, {"utgava": 2026})) == ["Förra årets dialogmöte"]
    assert titles(client.get(MINE, {"utgava": "alla"})) == [
        "Årets seminarium",
        "Förra årets dialogmöte",
    ]
    assert client.get(MINE, {"utgava": "1999"}).status_code == 404


def test_activity_list_offers_the_actions_each_status_allows(
    client, owner, edition, past_edition, organisation
):
    for status in Status.values:
        make_activity(edition, organisation, title=f"Aktivitet {status}", status=status)
    make_activity(
        edition,
        organisation,
        title="Aktivitet withdrawn after approval",
        status=Status.WITHDRAWN,
        approved_at=timezone.now(),
    )
    make_activity(past_edition, organisation, title="Avslutad aktivitet", status=Status.APPROVED)
    client.force_login(owner)

    found = {title: actions(card) for title, card in cards(client.get(MINE)).items()}
    assert found == {
        "Aktivitet draft": ["Ändra", "Skicka in", "Kopiera", "Förhandsvisa", "Ta bort"],
        "Aktivitet submitted": ["Ändra", "Återkalla", "Kopiera", "Förhandsvisa"],
        "Aktivitet approved": [
            "Ändra",
            "Återkalla",
            "Skjut upp",
            "Ställ in",
            "Kopiera",
            "Förhandsvisa",
            "Besök",
        ],
        "Aktivitet changes_requested": [
            "Ändra",
            "Skicka in",
            "Återkalla",
            "Kopiera",
            "Förhandsvisa",
        ],
        "Aktivitet rejected": ["Kopiera", "Förhandsvisa", "Ta bort"],
        "Aktivitet withdrawn": ["Ändra", "Skicka in", "Kopiera", "Förhandsvisa", "Ta bort"],
        "Aktivitet withdrawn after approval": ["Ändra", "Skicka in", "Kopiera", "Förhandsvisa"],
        "Aktivitet cancelled": ["Kopiera", "Förhandsvisa", "Besök"],
    }
    past = cards(client.get(MINE, {"utgava": 2026}))
    assert actions(past["Avslutad aktivitet"]) == [
        "Se aktiviteten i programmet",
        "Ändra",
        "Ställ in",
        "Rapportera närvaro",
        "Inspelning och material",
        "Kopiera",
        "Förhandsvisa",
        "Besök",
    ]


def test_activity_list_shows_every_coordinator_comment_and_the_organisers_answer(
    client, owner, coordinator, edition, organisation
):
    activity = make_activity(edition, organisation, title="Att rätta", status=Status.SUBMITTED)
    services.request_changes(activity=activity, reviewer=coordinator, comment="Lägg till adressen.")
    services.submit_activity(activity=activity, by=owner, comment="Adressen är tillagd.")
    services.request_changes(activity=activity, reviewer=coordinator, comment="Och en bild, tack.")
    approved = make_activity(
        edition, organisation, title="Godkänd med hälsning", status="submitted"
    )
    services.approve_activity(activity=approved, reviewer=coordinator, comment="Fint program!")
    client.force_login(owner)

    found = cards(client.get(MINE))

    assert comments(found["Att rätta"]) == [
        ("Samordnarna", "Ändringar begärda", "Lägg till adressen."),
        ("Ni", "Inskickad för granskning", "Adressen är tillagd."),
        ("Samordnarna", "Ändringar begärda", "Och en bild, tack."),
    ]
    assert "Behöver ändras" in found["Att rätta"]
    assert comments(found["Godkänd med hälsning"]) == [("Samordnarna", "Godkänd", "Fint program!")]


def comments(card: str) -> list[tuple[str, str, str]]:
    return [
        (who, what.strip(" ·"), text.strip())
        for who, what, text in re.findall(
            r"<strong>(.*?)</strong> · (.*?) · <time.*?</p>\s*<p class=\"ds-paragraph\">(.*?)</p>",
            card,
            re.S,
        )
    ]


def test_activity_card_says_what_happens_next_in_each_state(
    client, owner, edition, past_edition, organisation
):
    for status in ("draft", "submitted", "changes_requested", "approved", "rejected", "withdrawn"):
        make_activity(edition, organisation, title=f"Aktivitet {status}", status=status)
    live = make_activity(past_edition, organisation, title="Publicerad", status="approved")
    client.force_login(owner)

    found = {title: next_step(card) for title, card in cards(client.get(MINE)).items()}
    deadline = date_format(timezone.localtime(edition.registration_closes), "j F Y H:i")
    published = date_format(timezone.localtime(edition.program_published_at), "j F Y")
    assert found == {
        "Aktivitet draft": (
            "Utkast",
            "Utkast. Samordnarna ser aktiviteten först när du skickar in den. "
            f"Skicka in senast {deadline}.",
        ),
        "Aktivitet submitted": (
            "Väntar på granskning",
            "Samordnarna granskar aktiviteten. Du får ett mejl när de har bestämt sig.",
        ),
        "Aktivitet changes_requested": (
            "Behöver ändras",
            "Samordnarna ber dig ändra aktiviteten, se kommentaren. Ändra den och välj "
            "”Spara och skicka in igen”.",
        ),
        "Aktivitet approved": (
            "Godkänd, inte publicerad än",
            f"Godkänd. Syns i programmet från {published}.",
        ),
        "Aktivitet rejected": (
            "Avslagen",
            "Avslagen. Aktiviteten kommer inte med i programmet, se kommentaren.",
        ),
        "Aktivitet withdrawn": (
            "Återkallad",
            "Återkallad. Den syns inte i programmet; du kan ändra den och skicka in den igen.",
        ),
    }
    past = cards(client.get(MINE, {"utgava": 2026}))["Publicerad"]
    assert next_step(past) == (
        "Publicerad",
        "Godkänd och publicerad: aktiviteten syns i programmet.",
    )
    assert f'<a class="ds-link" href="/aktivitet/{live.slug}/">Se aktiviteten i programmet' in past


def next_step(card: str) -> tuple[str, str]:
    tag = re.search(r'<span class="ds-tag" data-color="\w+">(.*?)</span>', card).group(1)
    step = re.search(r'<p class="ds-paragraph next-step" data-size="sm">([^<]*)', card).group(1)
    return tag, step.strip()


def test_activity_card_shows_the_pending_change_beside_the_live_values(
    client, owner, edition, organisation
):
    approved = make_activity(edition, organisation, title="Flyttad", status=Status.APPROVED)
    moved = approved.starts_at + timedelta(hours=4)
    Activity.objects.filter(pk=approved.pk).update(
        has_pending_changes=True,
        pending_changes={"starts_at": moved.isoformat(), "venue": "Aulan"},
    )
    client.force_login(owner)

    card = cards(client.get(MINE))["Flyttad"]

    assert "Ändring väntar på granskning" in card
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", card)
    starts = date_format(timezone.localtime(approved.starts_at), "j F Y H:i")
    later = date_format(timezone.localtime(moved), "j F Y H:i")
    assert pairs == [
        ("Börjar", f"Nu: {starts}. Efter granskning: {later}"),
        ("Lokal", "Nu: Stadshuset. Efter granskning: Aulan"),
    ]


def test_activity_list_invites_to_register_an_organisation_first(client, stranger, edition):
    client.force_login(stranger)
    html = client.get(MINE).content.decode()
    assert 'href="/mina-organisationer/ny/">Registrera en organisation</a>' in html
    assert "Anmäl en aktivitet" not in html


def test_activity_list_offers_registration_while_it_is_open(client, owner, edition, organisation):
    client.force_login(owner)
    html = client.get(MINE).content.decode()
    assert 'href="/mina-aktiviteter/ny/">Anmäl en aktivitet</a>' in html


def test_activity_list_needs_login(client):
    assert client.get(MINE)["Location"] == "/konto/login/?next=/mina-aktiviteter/"


@pytest.mark.parametrize("count", [1, 3])
def test_activity_list_query_count_is_fixed(
    client, owner, coordinator, edition, organisation, django_assert_num_queries, count
):
    for n in range(count):
        activity = make_activity(edition, organisation, title=f"Aktivitet {n}", status="submitted")
        services.request_changes(activity=activity, reviewer=coordinator, comment=f"Rätta {n}.")
    client.force_login(owner)
    with django_assert_num_queries(8):
        response = client.get(MINE)
    assert len(titles(response)) == count
    assert f"Rätta {count - 1}." in response.content.decode()


# --- nobody else's activity ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    ["andra", "forhandsvisning", "skicka-in", "aterkalla", "stall-in", "ta-bort", "efterat"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_activity_of_another_organisation_answers_404_and_changes_nothing(
    client, owner, organisation, other_organisation, past_edition, action, method
):
    theirs = make_activity(past_edition, other_organisation, status=Status.APPROVED)
    client.force_login(owner)
    data = form_data(past_edition, organisation) | {
        "reason": "Sjuk",
        "recording_url": "https://x.se",
    }

    response = getattr(client, method)(f"/mina-aktiviteter/{theirs.pk}/{action}/", data)

    assert response.status_code == 404
    stored = Activity.objects.get()
    assert (stored.status, stored.title, stored.recording_url) == (
        Status.APPROVED,
        "Så bygger vi framtidens e-tjänster",
        "",
    )
    assert not LogEntry.objects.exists()


def test_activity_of_another_organisation_is_open_to_a_coordinator_with_two_factor(
    client, edition, other_organisation
):
    theirs = make_activity(edition, other_organisation)
    coordinator = make_user("samordnare@skr.example.se", coordinator=True)
    client.force_login(coordinator)
    assert client.get(f"/mina-aktiviteter/{theirs.pk}/andra/").status_code == 404

    add_totp(coordinator)
    assert client.get(f"/mina-aktiviteter/{theirs.pk}/andra/").status_code == 200


def test_activity_actions_are_post_only(client, owner, edition, organisation):
    activity = make_activity(edition, organisation)
    client.force_login(owner)
    for action in ("skicka-in", "aterkalla"):
        assert client.get(f"/mina-aktiviteter/{activity.pk}/{action}/").status_code == 405
    assert Activity.objects.get().status == Status.DRAFT


# --- the lifecycle through the views ------------------------------------------------------------


def test_activity_submit_through_the_view(client, owner, edition, organisation):
    activity = make_activity(edition, organisation, title="Öppna data")
    client.force_login(owner)

    response = client.post(f"/mina-aktiviteter/{activity.pk}/skicka-in/", follow=True)

    assert response.redirect_chain == [(MINE, 302)]
    assert messages_of(response) == [
        "”Öppna data” är inskickad för granskning. Du får ett mejl när den är granskad."
    ]
    activity.refresh_from_db()
    assert activity.status == Status.SUBMITTED
    assert list(activity.log.values_list("action", "actor")) == [("submitted", owner.pk)]


def test_activity_submit_refused_shows_the_services_message(client, owner, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.SUBMITTED)
    client.force_login(owner)

    response = client.post(f"/mina-aktiviteter/{activity.pk}/skicka-in/", follow=True)

    assert messages_of(response) == [
        "Det går inte att göra när aktiviteten har status ”Väntar på granskning”."
    ]
    assert Activity.objects.get().status == Status.SUBMITTED
    assert not LogEntry.objects.exists()


def test_activity_withdraw_through_the_view(client, colleague, edition, organisation):
    activity = make_activity(edition, organisation, title="Öppna data", status=Status.SUBMITTED)
    client.force_login(colleague)

    response = client.post(f"/mina-aktiviteter/{activity.pk}/aterkalla/", follow=True)

    assert messages_of(response) == [
        "”Öppna data” är återkallad. Du kan ändra den och skicka in den igen."
    ]
    assert Activity.objects.get().status == Status.WITHDRAWN
    assert LogEntry.objects.get().action == "withdrawn"


def test_activity_cancel_asks_for_a_reason_then_cancels(client, owner, past_edition, organisation):
    activity = make_activity(past_edition, organisation, title="Öppna data", status=Status.APPROVED)
    client.force_login(owner)
    url = f"/mina-aktiviteter/{activity.pk}/stall-in/"

    page = client.get(url).content.decode()
    assert 'name="reason"' in page

    refused = client.post(url, {"reason": "  "})
    assert (
        "Skriv varför aktiviteten ställs in, så att besökarna får veta." in refused.content.decode()
    )
    assert Activity.objects.get().status == Status.APPROVED

    response = client.post(url, {"reason": "Föreläsaren är sjuk."}, follow=True)
    assert response.redirect_chain == [(f"{MINE}?utgava=2026", 302)]
    assert messages_of(response) == [
        "”Öppna data” är inställd. Den står kvar i programmet, markerad som inställd."
    ]
    stored = Activity.objects.get()
    assert (stored.status, stored.cancellation_reason) == (Status.CANCELLED, "Föreläsaren är sjuk.")


def test_activity_delete_confirms_then_deletes_a_draft(client, owner, edition, organisation):
    activity = make_activity(edition, organisation, title="Öppna data")
    client.force_login(owner)
    url = f"/mina-aktiviteter/{activity.pk}/ta-bort/"

    assert "Ta bort Öppna data?" in client.get(url).content.decode()
    assert Activity.objects.exists()

    response = client.post(url, follow=True)
    assert messages_of(response) == ["”Öppna data” är borttagen."]
    assert not Activity.objects.exists()


def test_activity_delete_of_an_approved_activity_is_refused(client, owner, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    client.force_login(owner)

    response = client.post(f"/mina-aktiviteter/{activity.pk}/ta-bort/", follow=True)

    assert messages_of(response) == ["Bara aktiviteter som aldrig har godkänts kan tas bort."]
    assert list(Activity.objects.all()) == [activity]


# --- editing ------------------------------------------------------------------------------------


def test_activity_edit_of_a_draft_saves_at_once(client, owner, edition, organisation):
    activity = make_activity(edition, organisation)
    client.force_login(owner)
    data = form_data(edition, organisation, title="Nytt namn", start_time="10:00", end_time="12:00")

    response = client.post(f"/mina-aktiviteter/{activity.pk}/andra/", data, follow=True)

    assert messages_of(response) == ["Ändringarna är sparade."]
    stored = Activity.objects.get()
    assert (stored.title, stored.starts_at, stored.has_pending_changes) == (
        "Nytt namn",
        at(edition.starts_on + timedelta(days=1), 10),
        False,
    )


def _approved(edition, organisation, coordinator) -> Activity:
    activity = make_activity(edition, organisation, status=Status.SUBMITTED)
    services.approve_activity(activity=activity, reviewer=coordinator)
    return Activity.objects.get(pk=activity.pk)


def test_activity_edit_of_an_approved_activitys_time_goes_to_review(
    client, owner, coordinator, edition, organisation
):
    activity = _approved(edition, organisation, coordinator)
    approved_start = activity.starts_at
    client.force_login(owner)
    data = form_data(
        edition,
        organisation,
        summary="En bättre sammanfattning.",
        day=edition.starts_on.isoformat(),
        start_time="13:00",
        end_time="14:30",
    )

    response = client.post(f"/mina-aktiviteter/{activity.pk}/andra/", data, follow=True)

    assert messages_of(response) == [
        "Ändringarna är sparade.",
        "Ändringen av tid, plats eller form granskas. Till dess visas den godkända versionen.",
    ]
    stored = Activity.objects.get()
    assert stored.summary == "En bättre sammanfattning."  # goes live at once
    assert stored.starts_at == approved_start  # the approved time stays public
    assert stored.has_pending_changes
    assert stored.pending_changes == {
        "starts_at": at(edition.starts_on, 13).isoformat(),
        "ends_at": (at(edition.starts_on, 14) + timedelta(minutes=30)).isoformat(),
    }
    assert "Ändring väntar på granskning" in cards(response)["Så bygger vi framtidens e-tjänster"]


def test_activity_edit_form_of_a_pending_change_shows_the_pending_values(
    client, owner, coordinator, edition, organisation
):
    activity = _approved(edition, organisation, coordinator)
    activity.starts_at = at(edition.starts_on, 13)
    activity.ends_at = at(edition.starts_on, 15)
    activity.venue = "Aulan"
    services.update_activity(activity=activity, parts=services.ActivityParts(), editor=owner)
    client.force_login(owner)

    html = client.get(f"/mina-aktiviteter/{activity.pk}/andra/").content.decode()

    assert f'<option value="{edition.starts_on.isoformat()}" selected>' in html
    assert 'name="start_time" value="13:00"' in html
    assert 'name="end_time" value="15:00"' in html
    assert 'name="venue" value="Aulan"' in html
    stored = Activity.objects.get()
    assert (stored.venue, stored.starts_at) == (
        "Stadshuset",
        at(edition.starts_on + timedelta(days=1), 9),
    )

    # Saving the form unchanged keeps the change pending, not sent again.
    data = form_data(
        edition,
        organisation,
        day=edition.starts_on.isoformat(),
        start_time="13:00",
        end_time="15:00",
        venue="Aulan",
    )
    response = client.post(f"/mina-aktiviteter/{activity.pk}/andra/", data, follow=True)
    assert messages_of(response) == ["Ändringarna är sparade."]
    assert set(Activity.objects.get().pending_changes) == {"starts_at", "ends_at", "venue"}
    assert LogEntry.objects.filter(action="change_submitted").count() == 1


def test_activity_edit_keeps_co_organisers_and_drops_an_emptied_row(
    client, owner, edition, organisation, other_organisation
):
    client.force_login(owner)
    client.post(
        "/mina-aktiviteter/ny/",
        form_data(
            edition,
            organisation,
            **{
                "co_organisers-0-organisation": other_organisation.pk,
                "co_organisers-1-name": "Föreningen Lokalt",
                "co_organisers-1-kind": "civilsamhalle",
            },
        ),
    )
    activity = Activity.objects.get()
    html = client.get(f"/mina-aktiviteter/{activity.pk}/andra/").content.decode()
    assert 'name="co_organisers-1-name" value="Föreningen Lokalt"' in html
    assert 'name="co_organisers-2-name"' in html  # two filled rows, then an empty one
    assert 'name="co_organisers-3-name"' not in html

    client.post(
        f"/mina-aktiviteter/{activity.pk}/andra/",
        form_data(
            edition,
            organisation,
            **{
                "co_organisers-TOTAL_FORMS": "5",
                "co_organisers-0-organisation": "",
                "co_organisers-1-name": "Föreningen Lokalt",
                "co_organisers-1-kind": "civilsamhalle",
            },
        ),
    )
    assert list(activity.co_organisers.values_list("name", flat=True)) == ["Föreningen Lokalt"]


def test_activity_edit_of_a_cancelled_activity_is_refused(client, owner, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.CANCELLED)
    client.force_login(owner)

    response = client.post(
        f"/mina-aktiviteter/{activity.pk}/andra/",
        form_data(edition, organisation, title="Nytt"),
        follow=True,
    )

    assert messages_of(response) == ["En avslagen eller inställd aktivitet kan inte ändras."]
    assert Activity.objects.get().title == "Så bygger vi framtidens e-tjänster"


# --- preview and follow-up ----------------------------------------------------------------------


def test_activity_preview_shows_the_public_page_before_publication(
    client, owner, edition, organisation
):
    activity = make_activity(edition, organisation, title="Öppna data")
    client.force_login(owner)

    html = client.get(f"/mina-aktiviteter/{activity.pk}/forhandsvisning/").content.decode()

    assert "Förhandsvisning. Så här kommer aktiviteten att se ut i programmet" in html
    assert '<h1 class="ds-heading" data-size="xl" id="activity-title">Öppna data</h1>' in html
    assert client.get(f"/aktivitet/{activity.slug}/").status_code == 404  # not public yet


def test_activity_follow_up_before_the_end_is_refused(client, owner, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    client.force_login(owner)
    url = f"/mina-aktiviteter/{activity.pk}/efterat/"

    message = "Du kan lägga till inspelning och material först när aktiviteten har ägt rum."
    assert messages_of(client.get(url, follow=True)) == [message]
    response = client.post(
        url,
        {
            "recording_url": "https://play.example.se/inspelning",
            "materials-TOTAL_FORMS": "3",
            "materials-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert messages_of(response) == [message]
    assert Activity.objects.get().recording_url == ""


def test_activity_follow_up_after_the_end_is_saved_and_public_at_once(
    client, owner, past_edition, organisation
):
    activity = make_activity(past_edition, organisation, title="Öppna data", status=Status.APPROVED)
    client.force_login(owner)
    url = f"/mina-aktiviteter/{activity.pk}/efterat/"
    page = client.get(url).content.decode()
    assert 'name="materials-2-url"' in page
    assert "data-add-row" not in page  # three empty rows, and no button that adds one

    response = client.post(
        url,
        {
            "recording_url": "https://play.example.se/inspelning",
            "materials-TOTAL_FORMS": "3",
            "materials-INITIAL_FORMS": "0",
            "materials-0-title": "Presentationen",
            "materials-0-url": "https://example.se/bilder.pdf",
            "materials-2-title": "Rapporten",
            "materials-2-url": "https://example.se/rapport.pdf",
        },
        follow=True,
    )

    assert messages_of(response) == ["Inspelning och material för ”Öppna data” är sparade."]
    activity.refresh_from_db()
    assert activity.recording_url == "https://play.example.se/inspelning"
    assert list(Material.objects.values_list("title", "url", "position")) == [
        ("Presentationen", "https://example.se/bilder.pdf", 0),
        ("Rapporten", "https://example.se/rapport.pdf", 1),
    ]
    public = client.get(f"/aktivitet/{activity.slug}/").content.decode()
    assert (
        '<a class="ds-link" href="https://play.example.se/inspelning">Se inspelningen</a>' in public
    )
    assert '<a class="ds-link" href="https://example.se/rapport.pdf">Rapporten</a>' in public


def test_activity_follow_up_row_needs_title_and_link(client, owner, past_edition, organisation):
    activity = make_activity(past_edition, organisation, status=Status.APPROVED)
    client.force_login(owner)

    response = client.post(
        f"/mina-aktiviteter/{activity.pk}/efterat/",
        {
            "recording_url": "",
            "materials-TOTAL_FORMS": "3",
            "materials-INITIAL_FORMS": "0",
            "materials-0-title": "Presentationen",
        },
    )

    assert (
        '<a class="ds-link" href="#id_materials-0-url">Material 1, länk: Skriv länken till materialet.</a>'
        in (response.content.decode())
    )
    assert not Material.objects.exists()


# --- the request-changes loop ------------------------------------------------------------------------


def _asked_to_change(edition, organisation, coordinator) -> Activity:
    activity = make_activity(edition, organisation, status=Status.SUBMITTED)
    services.request_changes(
        activity=activity, reviewer=coordinator, comment="Skriv vem seminariet riktar sig till."
    )
    return Activity.objects.get(pk=activity.pk)


def test_edit_form_shows_the_coordinators_comment_at_the_top(
    client, owner, coordinator, edition, organisation
):
    activity = _asked_to_change(edition, organisation, coordinator)
    client.force_login(owner)

    html = client.get(f"{MINE}{activity.pk}/andra/").content.decode()

    form = html.index('<form method="post" enctype="multipart/form-data"')
    alert = html.index('id="review-comment"')
    assert alert < form
    assert "Skriv vem seminariet riktar sig till." in html[alert:form]
    assert ">Spara och skicka in igen</button>" in html
    assert 'name="answer"' in html


def test_edit_save_and_submit_again_resubmits_with_the_answer_in_one_step(
    client, owner, coordinator, edition, organisation
):
    activity = _asked_to_change(edition, organisation, coordinator)
    client.force_login(owner)

    response = client.post(
        f"{MINE}{activity.pk}/andra/",
        form_data(
            edition,
            organisation,
            summary="Ett seminarium för chefer om hur e-tjänster utvecklas med invånarna.",
            answer="Nu står det att seminariet är för chefer.",
            skicka_in="1",
        ),
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == Status.SUBMITTED
    assert activity.summary.startswith("Ett seminarium för chefer")
    last = activity.log.order_by("-pk").first()
    assert (last.action, last.actor, last.comment) == (
        "submitted",
        owner,
        "Nu står det att seminariet är för chefer.",
    )
    assert messages_of(client.get(MINE)) == [
        f"”{activity.title}” är sparad och inskickad för granskning. "
        "Du får ett mejl när den är granskad."
    ]


def test_edit_save_and_submit_refused_saves_nothing(
    client, owner, coordinator, edition, organisation
):
    activity = make_activity(edition, organisation, status=Status.DRAFT)
    edition.registration_closes = timezone.now() - timedelta(minutes=1)
    edition.save()
    client.force_login(owner)

    response = client.post(
        f"{MINE}{activity.pk}/andra/",
        form_data(edition, organisation, title="En ny titel", skicka_in="1"),
    )

    assert response.status_code == 200
    assert "Sista dag för att anmäla aktiviteter har passerat." in response.content.decode()
    activity.refresh_from_db()
    assert (activity.status, activity.title) == (Status.DRAFT, "Så bygger vi framtidens e-tjänster")


def test_edit_plain_save_of_a_corrected_activity_does_not_submit(
    client, owner, coordinator, edition, organisation
):
    activity = _asked_to_change(edition, organisation, coordinator)
    client.force_login(owner)
    response = client.post(
        f"{MINE}{activity.pk}/andra/", form_data(edition, organisation, title="Ny titel")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.title) == (Status.CHANGES_REQUESTED, "Ny titel")
