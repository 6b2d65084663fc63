"""The coordinators' review: the queue with its filters, bulk approval, one activity, the decisions."""

import re
from datetime import timedelta

import pytest
from django.utils import formats, timezone
from django.utils.timezone import localtime

from tests.factories import make_activity, make_edition, make_organisation, make_user
from veckan.activities import review_views, services
from veckan.activities.models import Activity, CoOrganiser, LogEntry, Status
from veckan.activities.services import ActivityParts
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind
from veckan.outbox.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.coordinator_signed_in]

QUEUE = "/samordning/granskning/"


@pytest.fixture
def edition():
    """The current edition: registration open now, program not yet published."""
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


@pytest.fixture
def last_year():
    return make_edition(2026, current=False)


def submitted(edition, organisation, title, *, minutes_ago=60, **fields) -> Activity:
    return make_activity(
        edition,
        organisation,
        status=Status.SUBMITTED,
        title=title,
        submitted_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


def with_pending_change(edition, organisation, title, **fields) -> Activity:
    """An approved activity whose organiser moved it to another venue afterwards."""
    return make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        title=title,
        has_pending_changes=True,
        pending_changes={"venue": "Konserthuset"},
        submitted_at=timezone.now() - timedelta(days=3),
        **fields,
    )


def listed(response) -> list[str]:
    """The titles the queue shows, in order."""
    return re.findall(
        r'<a class="ds-link" href="/samordning/granskning/\d+/">([^<]*)</a>',
        response.content.decode(),
    )


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def approval_mails() -> list[tuple[str, list[str]]]:
    return [
        (m.subject, m.to)
        for m in OutboxMessage.objects.filter(
            subject__startswith="Aktiviteten är godkänd"
        ).order_by("subject", "pk")
    ]


# --- the queue ---------------------------------------------------------------------------------------


def test_queue_lists_exactly_the_activities_awaiting_review(
    client, coordinator, edition, last_year, organisation
):
    make_activity(edition, organisation, title="Utkastet")
    make_activity(edition, organisation, status=Status.APPROVED, title="Redan godkänd")
    make_activity(edition, organisation, status=Status.REJECTED, title="Avslagen")
    make_activity(edition, organisation, status=Status.CHANGES_REQUESTED, title="Ska ändras")
    make_activity(edition, organisation, status=Status.WITHDRAWN, title="Återkallad")
    submitted(last_year, organisation, "Förra årets")
    newest = submitted(edition, organisation, "Nyast inskickad", minutes_ago=5)
    changed = with_pending_change(edition, organisation, "Flyttad till konserthuset")
    oldest = submitted(edition, organisation, "Först inskickad", minutes_ago=120)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert listed(response) == [
        "Flyttad till konserthuset",
        "Först inskickad",
        "Nyast inskickad",
    ]
    page = response.content.decode()
    assert "3 aktiviteter" in page
    assert "Ändring väntar" in page
    # Only submitted activities can be ticked for bulk approval.
    assert re.findall(r'name="aktivitet" value="(\d+)"', page) == [str(oldest.pk), str(newest.pk)]
    assert f'value="{changed.pk}"' not in page


def test_queue_orders_by_how_long_each_has_waited(
    client, coordinator, edition, organisation, owner
):
    moved = submitted(edition, organisation, "Flyttad nyss", minutes_ago=3 * 24 * 60)
    services.approve_activity(activity=moved, reviewer=coordinator)
    moved = Activity.objects.get(pk=moved.pk)
    moved.venue = "Konserthuset"
    services.update_activity(activity=moved, parts=ActivityParts(), editor=owner)
    submitted(edition, organisation, "Inskickad för fem minuter sedan", minutes_ago=5)
    submitted(edition, organisation, "Inskickad för två timmar sedan", minutes_ago=120)

    response = client.get(QUEUE)

    assert listed(response) == [
        "Inskickad för två timmar sedan",
        "Inskickad för fem minuter sedan",
        "Flyttad nyss",
    ]
    change_made = LogEntry.objects.get(action="change_submitted").created_at
    assert f'<time datetime="{localtime(change_made).isoformat()}">' in response.content.decode()


def test_queue_status_filter_narrows_to_that_status(client, coordinator, edition, organisation):
    submitted(edition, organisation, "Inskickad")
    make_activity(edition, organisation, title="Utkastet")
    make_activity(edition, organisation, status=Status.REJECTED, title="Avslagen")
    with_pending_change(edition, organisation, "Godkänd med ändring")
    make_activity(edition, organisation, status=Status.APPROVED, title="Godkänd utan ändring")

    approved = client.get(QUEUE, {"status": "approved"})
    everything = client.get(QUEUE, {"status": "alla"})
    drafts = client.get(QUEUE, {"status": "draft"})

    assert sorted(listed(approved)) == ["Godkänd med ändring", "Godkänd utan ändring"]
    assert "2 aktiviteter" in approved.content.decode()
    assert sorted(listed(everything)) == [
        "Avslagen",
        "Godkänd med ändring",
        "Godkänd utan ändring",
        "Inskickad",
        "Utkastet",
    ]
    assert listed(drafts) == ["Utkastet"]
    assert "1 aktivitet" in drafts.content.decode()


def test_queue_county_filter_narrows_to_that_county(client, coordinator, edition, organisation):
    stockholm = Municipality.objects.get(code="0180")
    submitted(edition, organisation, "I Stockholm", municipality=stockholm)
    submitted(
        edition,
        organisation,
        "Digitalt",
        format="digital",
        municipality=None,
        address="",
        stream_url="https://play.example.se/live",
    )
    submitted(edition, organisation, "I Linköping")  # Östergötlands län, 05

    response = client.get(QUEUE, {"lan": "05"})

    assert listed(response) == ["I Linköping"]
    assert "1 aktivitet" in response.content.decode()


def test_queue_type_filter_narrows_to_that_type(client, coordinator, edition, organisation):
    submitted(edition, organisation, "Seminariet", type="seminarium")
    submitted(edition, organisation, "Studiebesöket", type="studiebesok")
    submitted(edition, organisation, "Workshopen", type="workshop")

    response = client.get(QUEUE, {"typ": "workshop"})

    assert listed(response) == ["Workshopen"]


def test_queue_organisation_filter_narrows_to_that_organiser(
    client, coordinator, edition, organisation, other_organisation
):
    submitted(edition, organisation, "Exempelbys aktivitet")
    submitted(edition, other_organisation, "Annanstads aktivitet")

    response = client.get(QUEUE, {"organisation": other_organisation.pk})

    assert listed(response) == ["Annanstads aktivitet"]


def test_queue_edition_filter_shows_an_earlier_edition(
    client, coordinator, edition, last_year, organisation
):
    submitted(edition, organisation, "I år")
    submitted(last_year, organisation, "Förra året")

    response = client.get(QUEUE, {"utgava": "2026"})

    assert listed(response) == ["Förra året"]
    assert response.context["edition"] == last_year


def test_queue_filters_combine_and_stay_in_the_form(
    client, coordinator, edition, organisation, other_organisation
):
    submitted(edition, other_organisation, "Fel arrangör", type="workshop")
    submitted(edition, organisation, "Fel typ", type="seminarium")
    submitted(
        edition,
        organisation,
        "Fel län",
        type="workshop",
        municipality=Municipality.objects.get(code="0180"),
    )
    submitted(edition, organisation, "Rätt", type="workshop")

    response = client.get(QUEUE, {"lan": "05", "typ": "workshop", "organisation": organisation.pk})

    assert listed(response) == ["Rätt"]
    page = response.content.decode()
    assert '<option value="05" selected>' in page
    assert '<option value="workshop" selected>' in page
    assert '<option value="att_granska" selected>' in page
    assert '<option value="2027" selected>' in page


def test_queue_unknown_filter_value_is_reported_and_ignored(
    client, coordinator, edition, organisation
):
    submitted(edition, organisation, "Inskickad")

    response = client.get(QUEUE, {"lan": "99"})

    assert listed(response) == ["Inskickad"]
    assert response.context["form"].errors["lan"] == [
        "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."
    ]


def test_queue_pages_keep_the_filters(client, coordinator, edition, organisation, monkeypatch):
    monkeypatch.setattr(review_views, "QUEUE_PAGE_SIZE", 2)
    for minutes_ago in (30, 20, 10):
        submitted(
            edition,
            organisation,
            f"Inskickad för {minutes_ago} minuter sedan",
            minutes_ago=minutes_ago,
        )

    first = client.get(QUEUE, {"typ": "seminarium"})
    second = client.get(QUEUE, {"typ": "seminarium", "sida": "2"})

    assert listed(first) == [
        "Inskickad för 30 minuter sedan",
        "Inskickad för 20 minuter sedan",
    ]
    assert "3 aktiviteter" in first.content.decode()
    assert 'href="?typ=seminarium&amp;sida=2">Nästa sida</a>' in first.content.decode()
    assert listed(second) == ["Inskickad för 10 minuter sedan"]


@pytest.mark.parametrize("count", [1, 3])
def test_queue_query_count_is_fixed(client, coordinator, edition, django_assert_num_queries, count):
    for n in range(count):
        # Each row its own organiser and municipality, so a lookup per row would show.
        submitted(
            edition,
            make_organisation(name=f"Kommun {n}"),
            f"Aktivitet {n}",
            municipality=Municipality.objects.get(code=["0580", "0180", "1480"][n]),
        )
    with_pending_change(edition, make_organisation(name="Region"), "Ändrad")
    with django_assert_num_queries(12):
        response = client.get(QUEUE, {"status": "alla"})
    assert len(listed(response)) == count + 1


# --- bulk approval -----------------------------------------------------------------------------------


def test_bulk_approve_approves_the_ticked_and_reports_each_refusal(
    client, coordinator, edition, last_year, organisation, owner
):
    business = make_organisation(kind=Kind.FORETAG, name="Konsultbolaget AB", admin=owner)
    first = submitted(edition, organisation, "Öppna data i praktiken")
    lonely = submitted(edition, business, "Frukostseminarium utan offentlig part")
    second = submitted(edition, organisation, "Tjänstedesign för alla")
    draft = make_activity(edition, organisation, title="Utkastet")
    changed = with_pending_change(edition, organisation, "Flyttad")
    elsewhere = submitted(last_year, organisation, "Förra årets")

    response = client.post(
        f"{QUEUE}godkann-markerade/?typ=seminarium&status=att_granska",
        {
            "aktivitet": [
                first.pk,
                lonely.pk,
                second.pk,
                draft.pk,
                changed.pk,
                elsewhere.pk,
                "inte-ett-id",
            ]
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?typ=seminarium&status=att_granska"
    page = client.get(response["Location"])
    assert shown_messages(page) == [
        "”Frukostseminarium utan offentlig part” godkändes inte: Minst en arrangör eller "
        "medarrangör måste vara en offentlig part (kommun, region, statlig myndighet, "
        "civilsamhälle). Lägg till en medarrangör av någon av de typerna.",
        "2 aktiviteter godkändes.",
        "3 markerade aktiviteter väntar inte på granskning och godkändes inte.",
    ]
    statuses = dict(Activity.objects.values_list("title", "status"))
    assert statuses == {
        "Öppna data i praktiken": Status.APPROVED,
        "Tjänstedesign för alla": Status.APPROVED,
        "Frukostseminarium utan offentlig part": Status.SUBMITTED,
        "Utkastet": Status.DRAFT,
        "Flyttad": Status.APPROVED,
        "Förra årets": Status.SUBMITTED,
    }
    changed.refresh_from_db()
    assert changed.has_pending_changes  # a pending change is decided on its own page
    assert list(
        LogEntry.objects.filter(action="approved")
        .order_by("activity__title")
        .values_list("activity__title", "actor")
    ) == [("Tjänstedesign för alla", coordinator.pk), ("Öppna data i praktiken", coordinator.pk)]
    members = [["agare@kommun.example.se"], ["kollega@kommun.example.se"]]
    assert sorted(approval_mails()) == sorted(
        [("Aktiviteten är godkänd: Tjänstedesign för alla", to) for to in members]
        + [("Aktiviteten är godkänd: Öppna data i praktiken", to) for to in members]
    )


def test_bulk_approve_ignores_ids_that_are_no_numbers(client, coordinator, edition, organisation):
    """Found by fuzzing (issue 14, line 5): "²".isdigit() is True, and int("²") was a 500."""
    activity = submitted(edition, organisation, "Inskickad")

    response = client.post(f"{QUEUE}godkann-markerade/", {"aktivitet": ["²", "٣²"]}, follow=True)

    assert response.status_code == 200
    assert shown_messages(response) == ["Markera de aktiviteter du vill godkänna."]
    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED


def test_bulk_approve_without_a_selection_changes_nothing(
    client, coordinator, edition, organisation
):
    activity = submitted(edition, organisation, "Inskickad")

    response = client.post(f"{QUEUE}godkann-markerade/", {}, follow=True)

    assert shown_messages(response) == ["Markera de aktiviteter du vill godkänna."]
    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED
    assert not LogEntry.objects.exists()


# --- one activity ------------------------------------------------------------------------------------


def test_detail_shows_content_and_history_with_comments(
    client, coordinator, edition, organisation, owner
):
    activity = make_activity(edition, organisation, title="Öppna data i praktiken")
    services.submit_activity(activity=activity, by=owner)
    services.request_changes(
        activity=activity, reviewer=coordinator, comment="Skriv vem seminariet riktar sig till."
    )
    services.submit_activity(activity=activity, by=owner)

    response = client.get(f"{QUEUE}{activity.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Granska: Öppna data i praktiken – Innovationsveckan</title>" in page
    assert page.count('id="decision-heading"') == 1
    assert "<dt>Titel</dt><dd>Öppna data i praktiken</dd>" in page
    assert "<dt>Kommun</dt><dd>Linköping</dd>" in page
    assert "<dt>Arrangör</dt><dd>Exempelby kommun</dd>" in page
    assert [
        (entry.actor.get_full_name(), entry.get_action_display(), entry.comment)
        for entry in response.context["history"]
    ] == [
        ("Åsa Ägare", "Inskickad för granskning", ""),
        ("Sara Samordnare", "Ändringar begärda", "Skriv vem seminariet riktar sig till."),
        ("Åsa Ägare", "Inskickad för granskning", ""),
    ]
    assert "<td>Skriv vem seminariet riktar sig till.</td>" in page
    assert 'Väntar på granskning <span aria-hidden="true">→</span>' in page
    assert f'action="{QUEUE}{activity.pk}/godkann/"' in page
    assert f'action="{QUEUE}{activity.pk}/avsla/"' in page
    assert "avsla-andringen" not in page


def test_detail_shows_the_text_diff_after_an_approved_activity_was_edited(
    client, coordinator, edition, organisation, owner
):
    activity = submitted(edition, organisation, "Öppna data i praktiken")
    services.approve_activity(activity=activity, reviewer=coordinator)
    activity = Activity.objects.get(pk=activity.pk)
    old_summary = activity.summary
    activity.summary = "Vi visar hur öppna data gör nytta i kommunen."
    services.update_activity(activity=activity, parts=ActivityParts(), editor=owner)

    response = client.get(f"{QUEUE}{activity.pk}/")

    page = response.content.decode()
    assert "Ändringar sedan senaste godkännandet" in page
    assert (
        '<del><span aria-hidden="true">− </span><span class="ds-sr-only">Borttaget: </span>'
        f"{old_summary}</del>"
    ) in page
    assert (
        '<ins><span aria-hidden="true">+ </span><span class="ds-sr-only">Tillagt: </span>'
        "Vi visar hur öppna data gör nytta i kommunen.</ins>"
    ) in page
    [section] = response.context["diffs"]
    assert section.short == []
    assert "Ändring som väntar på granskning" not in page  # a text edit goes live without review


def test_detail_shows_the_pending_change_before_and_after(
    client, coordinator, edition, organisation, owner
):
    activity = submitted(edition, organisation, "Öppna data i praktiken")
    services.approve_activity(activity=activity, reviewer=coordinator)
    activity = Activity.objects.get(pk=activity.pk)
    activity.starts_at += timedelta(hours=2)
    activity.ends_at += timedelta(hours=2)
    activity.venue = "Konserthuset"
    services.update_activity(activity=activity, parts=ActivityParts(), editor=owner)

    response = client.get(f"{QUEUE}{activity.pk}/")

    assert [(c.label, c.before, c.after) for c in response.context["pending"]] == [
        ("Börjar", "5 oktober 2027 09:00", "5 oktober 2027 11:00"),
        ("Slutar", "5 oktober 2027 11:00", "5 oktober 2027 13:00"),
        ("Lokal", "Stadshuset", "Konserthuset"),
    ]
    page = response.content.decode()
    assert (
        '<tr><th scope="row">Lokal</th><td><del>Stadshuset</del></td>'
        "<td><ins>Konserthuset</ins></td></tr>"
    ) in page
    assert "Godkänn ändringen" in page
    assert f'action="{QUEUE}{activity.pk}/avsla-andringen/"' in page
    assert "Begär ändringar" not in page


# --- decisions ---------------------------------------------------------------------------------------


def test_approve_through_the_view_with_a_comment(client, coordinator, edition, organisation):
    activity = submitted(edition, organisation, "Öppna data i praktiken")

    response = client.post(f"{QUEUE}{activity.pk}/godkann/", {"comment": "Välkommen!"})

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?utgava=2027"
    assert shown_messages(client.get(response["Location"])) == [
        "”Öppna data i praktiken” är godkänd."
    ]
    activity.refresh_from_db()
    assert activity.status == Status.APPROVED
    entry = activity.log.get()
    assert (entry.action, entry.actor, entry.comment) == ("approved", coordinator, "Välkommen!")
    assert len(approval_mails()) == 2


def test_approve_refused_by_the_public_party_rule_changes_nothing(
    client, coordinator, edition, owner
):
    business = make_organisation(kind=Kind.FORETAG, admin=owner)
    activity = submitted(edition, business, "Frukostseminarium")

    response = client.post(f"{QUEUE}{activity.pk}/godkann/", {"comment": "Bra upplägg."})

    assert response.status_code == 200
    assert shown_messages(response) == [
        "Minst en arrangör eller medarrangör måste vara en offentlig part (kommun, region, "
        "statlig myndighet, civilsamhälle). Lägg till en medarrangör av någon av de typerna."
    ]
    assert "Bra upplägg.</textarea>" in response.content.decode()  # the comment is kept
    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED
    assert not LogEntry.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_request_changes_needs_a_comment(client, coordinator, edition, organisation):
    activity = submitted(edition, organisation, "Öppna data i praktiken")

    refused = client.post(f"{QUEUE}{activity.pk}/begar-andringar/", {"comment": "  "})

    assert refused.status_code == 200
    assert refused.context["request_changes_form"].errors["comment"] == [
        "Skriv vad som behöver ändras."
    ]
    assert "Skriv vad som behöver ändras." in refused.content.decode()
    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED
    assert not LogEntry.objects.exists()

    response = client.post(
        f"{QUEUE}{activity.pk}/begar-andringar/", {"comment": "Lägg till adressen."}, follow=True
    )

    assert shown_messages(response) == [
        "”Öppna data i praktiken” är skickad tillbaka till arrangören med din kommentar."
    ]
    activity.refresh_from_db()
    assert activity.status == Status.CHANGES_REQUESTED
    assert activity.log.get().comment == "Lägg till adressen."
    assert (
        OutboxMessage.objects.filter(subject__startswith="Aktiviteten behöver ändras").count() == 2
    )


def test_reject_needs_a_reason(client, coordinator, edition, organisation):
    activity = submitted(edition, organisation, "Öppna data i praktiken")

    refused = client.post(f"{QUEUE}{activity.pk}/avsla/", {"reason": ""})

    assert refused.status_code == 200
    assert "Skriv varför aktiviteten inte godkänns." in refused.content.decode()
    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED
    assert not LogEntry.objects.exists()

    response = client.post(
        f"{QUEUE}{activity.pk}/avsla/", {"reason": "Passar inte veckans tema."}, follow=True
    )

    assert shown_messages(response) == ["”Öppna data i praktiken” är avslagen."]
    activity.refresh_from_db()
    assert activity.status == Status.REJECTED
    assert (activity.log.get().action, activity.log.get().comment) == (
        "rejected",
        "Passar inte veckans tema.",
    )


def test_decision_from_the_wrong_status_is_refused(client, coordinator, edition, organisation):
    approved = make_activity(edition, organisation, status=Status.APPROVED, title="Godkänd")
    draft = make_activity(edition, organisation, title="Utkastet")

    rejected = client.post(f"{QUEUE}{approved.pk}/avsla/", {"reason": "Ångrar mig."})
    approved_draft = client.post(f"{QUEUE}{draft.pk}/godkann/", {"comment": ""})

    assert rejected.status_code == approved_draft.status_code == 200
    assert shown_messages(rejected) == [
        "Det går inte att göra när aktiviteten har status ”Godkänd”."
    ]
    assert shown_messages(approved_draft) == [
        "Det går inte att göra när aktiviteten har status ”Utkast”."
    ]
    assert "Senast godkänd" not in approved_draft.content.decode()
    assert Activity.objects.get(pk=approved.pk).status == Status.APPROVED
    stored_draft = Activity.objects.get(pk=draft.pk)
    assert (stored_draft.status, stored_draft.approved_at) == (Status.DRAFT, None)
    assert not LogEntry.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_decision_not_offered_in_this_state_says_so(client, coordinator, edition, organisation):
    activity = submitted(edition, organisation, "Inskickad")

    # Rejecting a change, and forgetting the reason, on an activity that has no change waiting:
    # the form is not on the page, so the page says why instead of showing its error.
    response = client.post(f"{QUEUE}{activity.pk}/avsla-andringen/", {"reason": ""})

    assert response.status_code == 200
    assert shown_messages(response) == [
        "Aktiviteten väntar inte längre på det beslutet. Se status och historik."
    ]
    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED
    assert not LogEntry.objects.exists()


def test_approve_change_through_the_view_applies_it(
    client, coordinator, edition, organisation, owner
):
    activity = submitted(edition, organisation, "Öppna data i praktiken")
    services.approve_activity(activity=activity, reviewer=coordinator)
    activity = Activity.objects.get(pk=activity.pk)
    activity.venue = "Konserthuset"
    services.update_activity(activity=activity, parts=ActivityParts(), editor=owner)

    response = client.post(f"{QUEUE}{activity.pk}/godkann/", {"comment": ""}, follow=True)

    assert shown_messages(response) == ["Ändringen av ”Öppna data i praktiken” är godkänd."]
    activity.refresh_from_db()
    assert (activity.status, activity.venue, activity.has_pending_changes) == (
        Status.APPROVED,
        "Konserthuset",
        False,
    )
    assert activity.log.last().action == "change_approved"


def test_reject_change_needs_a_reason_and_keeps_the_approved_version(
    client, coordinator, edition, organisation, owner
):
    activity = submitted(edition, organisation, "Öppna data i praktiken")
    services.approve_activity(activity=activity, reviewer=coordinator)
    activity = Activity.objects.get(pk=activity.pk)
    activity.venue = "Konserthuset"
    services.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    entries = LogEntry.objects.count()

    refused = client.post(f"{QUEUE}{activity.pk}/avsla-andringen/", {"reason": ""})

    assert refused.status_code == 200
    assert "Skriv varför ändringen inte godkänns." in refused.content.decode()
    assert Activity.objects.get(pk=activity.pk).has_pending_changes
    assert LogEntry.objects.count() == entries

    response = client.post(
        f"{QUEUE}{activity.pk}/avsla-andringen/",
        {"reason": "Konserthuset saknar hörslinga."},
        follow=True,
    )

    assert shown_messages(response) == [
        "Ändringen av ”Öppna data i praktiken” är avslagen. Den godkända versionen gäller."
    ]
    activity.refresh_from_db()
    assert (activity.status, activity.venue, activity.has_pending_changes) == (
        Status.APPROVED,
        "Stadshuset",
        False,
    )
    entry = activity.log.last()
    assert (entry.action, entry.comment) == ("change_rejected", "Konserthuset saknar hörslinga.")


# --- who may review ----------------------------------------------------------------------------------


def _review_urls(activity: Activity) -> list[tuple[str, str, dict]]:
    pk = activity.pk
    return [
        ("get", QUEUE, {}),
        ("get", f"{QUEUE}{pk}/", {}),
        ("post", f"{QUEUE}godkann-markerade/", {"aktivitet": [pk]}),
        ("post", f"{QUEUE}{pk}/godkann/", {"comment": ""}),
        ("post", f"{QUEUE}{pk}/begar-andringar/", {"comment": "Ändra."}),
        ("post", f"{QUEUE}{pk}/avsla/", {"reason": "Nej."}),
        ("post", f"{QUEUE}{pk}/avsla-andringen/", {"reason": "Nej."}),
    ]


def test_review_is_closed_to_organisers(client, edition, organisation, owner):
    activity = submitted(edition, organisation, "Inskickad")
    CoOrganiser.objects.create(activity=activity, name="Region Exempel", kind=Kind.REGION)
    client.force_login(owner)

    for method, url, data in _review_urls(activity):
        response = getattr(client, method)(url, data)
        assert (url, response.status_code) == (url, 403)
        assert "Sidan är bara för samordnare." in response.content.decode()

    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED
    assert not LogEntry.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_review_sends_anonymous_visitors_to_login(client, edition, organisation):
    activity = submitted(edition, organisation, "Inskickad")

    for method, url, data in _review_urls(activity):
        response = getattr(client, method)(url, data)
        assert (response.status_code, response["Location"]) == (
            302,
            f"/konto/login/?next={url}",
        )

    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED
    assert not LogEntry.objects.exists()


def test_review_sends_a_coordinator_without_two_factor_to_set_it_up(client, edition, organisation):
    activity = submitted(edition, organisation, "Inskickad")
    client.force_login(make_user(coordinator=True))

    response = client.post(f"{QUEUE}{activity.pk}/godkann/", {"comment": ""})

    assert (response.status_code, response["Location"]) == (302, "/konto/2fa/totp/activate/")
    assert Activity.objects.get(pk=activity.pk).status == Status.SUBMITTED


def test_dashboard_links_to_the_review_queue(client, coordinator, edition):
    page = client.get("/samordning/").content.decode()
    assert f'href="{QUEUE}">Granska aktiviteter</a>' in page


def test_detail_shows_what_changed_since_changes_were_requested(
    client, coordinator, edition, organisation, owner
):
    activity = submitted(edition, organisation, "Öppna data i praktiken")
    services.request_changes(activity=activity, reviewer=coordinator, comment="Ändra lokalen.")
    activity = Activity.objects.get(pk=activity.pk)
    activity.venue = "Aulan"
    services.save_and_submit(
        activity=activity, parts=ActivityParts(), editor=owner, comment="Aulan är bokad."
    )

    response = client.get(f"{QUEUE}{activity.pk}/")

    [section] = response.context["diffs"]
    assert section.slug == "since-request"
    assert section.heading.startswith("Ändringar sedan ni begärde ändringar ")
    assert [(c.label, c.before, c.after) for c in section.short] == [
        ("Lokal", "Stadshuset", "Aulan")
    ]
    page = response.content.decode()
    assert "<td><del>Stadshuset</del></td><td><ins>Aulan</ins></td>" in page
    assert "<td>Aulan är bokad.</td>" in page  # the answer, in the history

    services.approve_activity(activity=activity, reviewer=coordinator)
    assert Activity.objects.get(pk=activity.pk).changes_requested_snapshot == {}


def _approval_body() -> str:
    return OutboxMessage.objects.filter(subject__startswith="Aktiviteten är godkänd").first().body


def test_approval_email_before_publication_says_from_when(
    client, coordinator, edition, organisation
):
    activity = submitted(edition, organisation, "Öppna data i praktiken")

    client.post(f"{QUEUE}{activity.pk}/godkann/")

    date = formats.date_format(timezone.localtime(edition.program_published_at), "j F Y")
    assert f"Den syns i programmet från och med {date}." in _approval_body()


def test_approval_email_after_publication_says_it_is_public_now(client, coordinator, organisation):
    now = timezone.now()
    published = make_edition(
        2027,
        registration_opens=now - timedelta(days=30),
        registration_closes=now + timedelta(days=10),
        program_published_at=now - timedelta(days=1),
    )
    activity = submitted(published, organisation, "Öppna data i praktiken")

    client.post(f"{QUEUE}{activity.pk}/godkann/")

    body = _approval_body()
    assert "är godkänd och syns nu i programmet." in body
    assert "från och med" not in body
