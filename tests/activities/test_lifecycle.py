"""The lifecycle of an activity, one service per transition; each logged and emailed."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from tests.factories import (
    activity_fields,
    make_activity,
    make_edition,
    make_organisation,
)
from veckan.activities import services
from veckan.activities.models import Activity, CoOrganiser, LogEntry, Material, Status
from veckan.activities.review import changes_since_approval
from veckan.activities.services import ActivityError, ActivityParts
from veckan.organisations.models import Kind
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    """Next year's edition: registration open now, program not yet published."""
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


def mails_about(subject_start: str) -> list[list[str]]:
    return [
        m.to for m in OutboxMessage.objects.filter(subject__startswith=subject_start).order_by("pk")
    ]


def test_create_activity_saves_a_draft_while_registration_is_open(edition, organisation, owner):
    activity = Activity(**activity_fields(edition, organisation, title="Öppna data i praktiken"))
    created = services.create_activity(activity=activity, parts=ActivityParts(), created_by=owner)
    assert created.status == Status.DRAFT
    assert created.slug == "oppna-data-i-praktiken-2027"
    assert created.created_by == owner
    assert list(created.log.values_list("action", "actor__email")) == [("created", owner.email)]


def test_create_activity_after_the_deadline_is_for_coordinators_only(
    organisation, owner, coordinator
):
    closed = make_edition(
        2027,
        registration_closes=timezone.now() - timedelta(hours=1),
        registration_opens=timezone.now() - timedelta(days=30),
    )
    fields = activity_fields(closed, organisation)
    with pytest.raises(ActivityError, match=re.escape("Anmälan av aktiviteter är stängd")):
        services.create_activity(
            activity=Activity(**fields), parts=ActivityParts(), created_by=owner
        )
    assert not Activity.objects.exists()
    services.create_activity(
        activity=Activity(**fields), parts=ActivityParts(), created_by=coordinator
    )
    assert Activity.objects.get().created_by == coordinator


def test_submit_moves_draft_to_review_logs_and_emails_every_member(edition, organisation, owner):
    activity = make_activity(edition, organisation)
    services.submit_activity(activity=activity, by=owner)
    activity.refresh_from_db()
    assert activity.status == Status.SUBMITTED
    assert activity.submitted_at is not None
    entry = activity.log.get()
    assert (entry.actor, entry.from_status, entry.to_status, entry.action) == (
        owner,
        Status.DRAFT,
        Status.SUBMITTED,
        "submitted",
    )
    assert sorted(mails_about("Aktiviteten är inskickad för granskning")) == [
        ["agare@kommun.example.se"],
        ["kollega@kommun.example.se"],
    ]
    message = OutboxMessage.objects.first()
    assert (
        message.subject
        == "Aktiviteten är inskickad för granskning: Så bygger vi framtidens e-tjänster"
    )
    assert "/mina-aktiviteter/" in message.body


def test_submit_needs_a_public_party(edition, owner):
    business = make_organisation(kind=Kind.FORETAG, admin=owner)
    activity = make_activity(edition, business)
    with pytest.raises(
        ActivityError,
        match=re.escape("Minst en arrangör eller medarrangör måste vara en offentlig part"),
    ):
        services.submit_activity(activity=activity, by=owner)
    activity.refresh_from_db()
    assert activity.status == Status.DRAFT
    assert not LogEntry.objects.filter(action="submitted").exists()


@pytest.mark.parametrize("registered", [True, False])
def test_submit_public_party_may_be_a_co_organiser(edition, owner, registered):
    business = make_organisation(kind=Kind.FORETAG, admin=owner)
    activity = make_activity(edition, business)
    if registered:
        CoOrganiser.objects.create(
            activity=activity, organisation=make_organisation(kind=Kind.REGION)
        )
    else:
        CoOrganiser.objects.create(
            activity=activity, name="Föreningen Lokalt", kind=Kind.CIVILSAMHALLE
        )
    services.submit_activity(activity=activity, by=owner)
    assert Activity.objects.get().status == Status.SUBMITTED


def test_public_party_kinds_come_from_the_edition(owner):
    edition = make_edition(2027, public_party_kinds=["kommun", "region", "statlig_myndighet"])
    civil = make_organisation(kind=Kind.CIVILSAMHALLE, admin=owner)
    with pytest.raises(ActivityError):
        services.submit_activity(activity=make_activity(edition, civil), by=owner)


def test_submit_after_the_deadline_refused_for_new_but_allowed_for_corrections(organisation, owner):
    closed = make_edition(
        2027,
        registration_opens=timezone.now() - timedelta(days=30),
        registration_closes=timezone.now() - timedelta(hours=1),
    )
    new = make_activity(closed, organisation)
    with pytest.raises(
        ActivityError, match=re.escape("Sista dag för att anmäla aktiviteter har passerat.")
    ):
        services.submit_activity(activity=new, by=owner)
    corrected = make_activity(closed, organisation, status=Status.CHANGES_REQUESTED)
    services.submit_activity(activity=corrected, by=owner)
    assert Activity.objects.get(pk=corrected.pk).status == Status.SUBMITTED
    assert Activity.objects.get(pk=new.pk).status == Status.DRAFT


def test_approve_makes_it_public_from_the_publication_date(
    edition, organisation, owner, coordinator
):
    activity = make_activity(edition, organisation, status=Status.SUBMITTED)
    services.approve_activity(activity=activity, reviewer=coordinator)
    activity.refresh_from_db()
    assert activity.status == Status.APPROVED
    assert activity.approved_snapshot["title"] == "Så bygger vi framtidens e-tjänster"
    assert list(Activity.objects.published()) == []
    assert list(Activity.objects.published(now=edition.program_published_at)) == [activity]
    assert activity.log.get().to_status == Status.APPROVED
    assert len(mails_about("Aktiviteten är godkänd")) == 2


def test_request_changes_needs_a_comment_which_is_logged_and_emailed(
    edition, organisation, coordinator
):
    activity = make_activity(edition, organisation, status=Status.SUBMITTED)
    with pytest.raises(ActivityError, match=re.escape("Skriv vad som behöver ändras.")):
        services.request_changes(activity=activity, reviewer=coordinator, comment="  ")
    services.request_changes(activity=activity, reviewer=coordinator, comment="Lägg till adressen.")
    activity.refresh_from_db()
    assert activity.status == Status.CHANGES_REQUESTED
    assert activity.log.get().comment == "Lägg till adressen."
    message = OutboxMessage.objects.filter(subject__startswith="Aktiviteten behöver ändras").first()
    assert "Kommentar:\nLägg till adressen." in message.body


def test_reject_needs_a_reason(edition, organisation, coordinator):
    activity = make_activity(edition, organisation, status=Status.SUBMITTED)
    with pytest.raises(ActivityError, match=re.escape("Skriv varför aktiviteten inte godkänns.")):
        services.reject_activity(activity=activity, reviewer=coordinator, reason="")
    services.reject_activity(
        activity=activity, reviewer=coordinator, reason="Passar inte veckans tema."
    )
    activity.refresh_from_db()
    assert activity.status == Status.REJECTED
    assert (activity.log.get().action, activity.log.get().comment) == (
        "rejected",
        "Passar inte veckans tema.",
    )


def test_transition_from_the_wrong_status_is_refused(edition, organisation, coordinator):
    activity = make_activity(edition, organisation)
    with pytest.raises(
        ActivityError, match=re.escape("Det går inte att göra när aktiviteten har status ”Utkast”.")
    ):
        services.approve_activity(activity=activity, reviewer=coordinator)
    assert Activity.objects.get().status == Status.DRAFT
    assert not LogEntry.objects.exists()


def test_withdraw_before_publication_and_cancel_after(organisation, owner):
    published = make_edition(
        2027,
        registration_opens=timezone.now() - timedelta(days=40),
        registration_closes=timezone.now() - timedelta(days=20),
        program_published_at=timezone.now() - timedelta(days=1),
    )
    activity = make_activity(published, organisation, status=Status.APPROVED)
    with pytest.raises(ActivityError, match=re.escape("Ställ in den i stället.")):
        services.withdraw_activity(activity=activity, by=owner)
    with pytest.raises(ActivityError, match=re.escape("Skriv varför aktiviteten ställs in")):
        services.cancel_activity(activity=activity, by=owner, reason="")
    services.cancel_activity(activity=activity, by=owner, reason="Föreläsaren är sjuk.")
    activity.refresh_from_db()
    assert activity.status == Status.CANCELLED
    assert activity.cancellation_reason == "Föreläsaren är sjuk."
    assert list(Activity.objects.published()) == [activity]  # cancelled stays in the program


def test_withdraw_of_a_submitted_activity(edition, organisation, owner):
    activity = make_activity(edition, organisation, status=Status.SUBMITTED)
    services.withdraw_activity(activity=activity, by=owner)
    assert Activity.objects.get().status == Status.WITHDRAWN
    assert LogEntry.objects.get().action == "withdrawn"


def test_delete_only_what_was_never_approved(edition, organisation, owner):
    draft = make_activity(edition, organisation)
    services.delete_draft(activity=draft, by=owner)
    approved = make_activity(edition, organisation, status=Status.APPROVED)
    with pytest.raises(
        ActivityError, match=re.escape("Bara aktiviteter som aldrig har godkänts kan tas bort.")
    ):
        services.delete_draft(activity=approved, by=owner)
    assert list(Activity.objects.all()) == [approved]


def _approved(edition, organisation, coordinator) -> Activity:
    activity = make_activity(edition, organisation, status=Status.SUBMITTED)
    services.approve_activity(activity=activity, reviewer=coordinator)
    OutboxMessage.objects.all().delete()
    return Activity.objects.get(pk=activity.pk)


def test_change_of_time_after_approval_waits_for_review_while_approved_version_stays(
    edition, organisation, owner, coordinator
):
    activity = _approved(edition, organisation, coordinator)
    approved_start = activity.starts_at
    activity.starts_at = approved_start + timedelta(hours=2)
    activity.ends_at = activity.ends_at + timedelta(hours=2)
    activity.title = "Så bygger vi e-tjänster"
    went_to_review = services.update_activity(
        activity=activity, parts=ActivityParts(), editor=owner
    )

    assert went_to_review
    stored = Activity.objects.get()
    assert stored.title == "Så bygger vi e-tjänster"  # other edits go live at once
    assert stored.starts_at == approved_start  # the approved time stays public
    assert stored.status == Status.APPROVED
    assert stored.has_pending_changes
    assert set(stored.pending_changes) == {"starts_at", "ends_at"}
    assert list(Activity.objects.awaiting_review()) == [stored]
    assert LogEntry.objects.filter(action="change_submitted").count() == 1
    assert len(mails_about("Ändringen av aktiviteten granskas")) == 2

    services.approve_activity(activity=stored, reviewer=coordinator)
    stored.refresh_from_db()
    assert stored.starts_at == approved_start + timedelta(hours=2)
    assert not stored.has_pending_changes
    assert stored.pending_changes == {}
    assert list(Activity.objects.awaiting_review()) == []


def test_change_of_place_rejected_keeps_the_approved_version(
    edition, organisation, owner, coordinator
):
    activity = _approved(edition, organisation, coordinator)
    activity.address = "Ny gata 1, Linköping"
    services.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    stored = Activity.objects.get()
    services.reject_change(
        activity=stored, reviewer=coordinator, reason="Lokalen är inte tillgänglig."
    )
    stored.refresh_from_db()
    assert stored.address == "Drottninggatan 45, Linköping"
    assert (stored.status, stored.has_pending_changes) == (Status.APPROVED, False)
    assert len(mails_about("Ändringen av aktiviteten godkändes inte")) == 2


def test_edit_without_time_place_or_format_goes_live_without_review(
    edition, organisation, owner, coordinator
):
    activity = _approved(edition, organisation, coordinator)
    activity.summary = "En ny sammanfattning."
    assert services.update_activity(activity=activity, parts=ActivityParts(), editor=owner) is False
    stored = Activity.objects.get()
    assert stored.summary == "En ny sammanfattning."
    assert not stored.has_pending_changes
    assert not OutboxMessage.objects.exists()


def test_edit_of_approved_activity_cannot_drop_the_public_party(edition, owner, coordinator):
    business = make_organisation(kind=Kind.FORETAG, admin=owner)
    activity = make_activity(edition, business, status=Status.APPROVED)
    CoOrganiser.objects.create(activity=activity, name="Kommunen", kind=Kind.KOMMUN)
    with pytest.raises(ActivityError):
        services.update_activity(
            activity=activity, parts=ActivityParts(co_organisers=[]), editor=owner
        )
    assert CoOrganiser.objects.filter(activity=activity).count() == 1  # nothing saved


def test_follow_up_links_after_the_activity_without_review(organisation, owner):
    past = make_edition(2025, current=False)
    activity = make_activity(past, organisation, status=Status.APPROVED)
    services.save_follow_up(
        activity=activity,
        recording_url="https://play.example.se/inspelning",
        materials=[Material(title="Bilder", url="https://example.se/bilder.pdf")],
    )
    activity.refresh_from_db()
    assert activity.recording_url == "https://play.example.se/inspelning"
    assert list(activity.materials.values_list("title", flat=True)) == ["Bilder"]
    assert activity.status == Status.APPROVED
    assert not activity.has_pending_changes


def test_follow_up_before_the_activity_is_refused(edition, organisation, owner):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    with pytest.raises(ActivityError, match=re.escape("först när aktiviteten har ägt rum")):
        services.save_follow_up(activity=activity, recording_url="https://x.se", materials=[])


def test_approval_snapshot_does_not_depend_on_the_reviewers_language(
    edition, organisation, coordinator
):
    activity = make_activity(edition, organisation, status=Status.SUBMITTED)
    with translation.override("en"):
        services.approve_activity(activity=activity, reviewer=coordinator)
        activity.refresh_from_db()
        assert changes_since_approval(activity) == []
    assert activity.approved_snapshot["format"] == "På plats"
    assert changes_since_approval(activity) == []


def test_decision_on_a_stale_copy_keeps_the_organisers_latest_edit(
    edition, organisation, coordinator
):
    stale = make_activity(edition, organisation, status=Status.SUBMITTED)
    Activity.objects.filter(pk=stale.pk).update(summary="Rättad sammanfattning.")
    services.approve_activity(activity=stale, reviewer=coordinator)
    stored = Activity.objects.get()
    assert stored.summary == "Rättad sammanfattning."
    assert stored.approved_snapshot["summary"] == "Rättad sammanfattning."


def test_setting_time_back_takes_the_pending_change_back(edition, organisation, owner, coordinator):
    activity = _approved(edition, organisation, coordinator)
    approved_start, approved_end = activity.starts_at, activity.ends_at
    activity.starts_at += timedelta(hours=1)
    activity.ends_at += timedelta(hours=1)
    services.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    again = Activity.objects.get()
    again.starts_at, again.ends_at = approved_start, approved_end
    services.update_activity(activity=again, parts=ActivityParts(), editor=owner)
    stored = Activity.objects.get()
    assert (stored.has_pending_changes, stored.pending_changes) == (False, {})
    assert list(stored.log.values_list("action", flat=True)) == [
        "approved",
        "change_submitted",
        "change_withdrawn",
    ]


def test_slug_keeps_the_year_even_for_a_long_title(edition, organisation, owner):
    title = "Hur vi tillsammans med invånare och företag utvecklar morgondagens digitala välfärdstjänster i hela länet"
    first = services.create_activity(
        activity=Activity(**activity_fields(edition, organisation, title=title)),
        parts=ActivityParts(),
        created_by=owner,
    )
    second = services.create_activity(
        activity=Activity(**activity_fields(edition, organisation, title=title)),
        parts=ActivityParts(),
        created_by=owner,
    )
    assert (
        first.slug
        == "hur-vi-tillsammans-med-invanare-och-foretag-utvecklar-morgondagens-digitala-2027"
    )
    assert second.slug == f"{first.slug}-2"
    assert len(first.slug) <= 80


def test_edit_from_a_form_opened_before_approval_keeps_the_approval(
    edition, organisation, owner, coordinator
):
    opened = make_activity(edition, organisation, status=Status.SUBMITTED)
    services.approve_activity(activity=Activity.objects.get(pk=opened.pk), reviewer=coordinator)
    opened.summary = "Skrivet medan granskningen pågick."
    services.update_activity(activity=opened, parts=ActivityParts(), editor=owner)
    stored = Activity.objects.get()
    assert stored.status == Status.APPROVED
    assert stored.approved_at is not None
    assert stored.summary == "Skrivet medan granskningen pågick."


def test_replaced_image_is_deleted_from_storage(
    edition, organisation, owner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    activity = make_activity(edition, organisation)
    activity.image.save("gammal.webp", ContentFile(b"gammal bild"), save=True)
    old_path = tmp_path / activity.image.name
    assert old_path.exists()
    activity.image = ""
    with django_capture_on_commit_callbacks(execute=True):
        services.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    assert not old_path.exists()


def test_follow_up_is_only_for_activities_that_were_in_the_program(organisation, owner):
    past = make_edition(2025, current=False)
    draft = make_activity(past, organisation, status=Status.DRAFT)
    with pytest.raises(ActivityError, match=re.escape("fanns i programmet")):
        services.save_follow_up(activity=draft, recording_url="https://x.se", materials=[])


@pytest.mark.parametrize(
    ("start", "step", "kwargs", "to", "subject"),
    [
        (
            Status.DRAFT,
            services.submit_activity,
            {},
            Status.SUBMITTED,
            "Aktiviteten är inskickad för granskning",
        ),
        (
            Status.SUBMITTED,
            services.approve_activity,
            {"comment": "Bra!"},
            Status.APPROVED,
            "Aktiviteten är godkänd",
        ),
        (
            Status.SUBMITTED,
            services.request_changes,
            {"comment": "Ange lokal."},
            Status.CHANGES_REQUESTED,
            "Aktiviteten behöver ändras",
        ),
        (
            Status.SUBMITTED,
            services.reject_activity,
            {"reason": "Fel vecka."},
            Status.REJECTED,
            "Aktiviteten har inte godkänts",
        ),
        (
            Status.SUBMITTED,
            services.withdraw_activity,
            {},
            Status.WITHDRAWN,
            "Aktiviteten är återkallad",
        ),
        (
            Status.APPROVED,
            services.cancel_activity,
            {"reason": "Sjukdom."},
            Status.CANCELLED,
            "Aktiviteten är inställd",
        ),
    ],
)
def test_every_transition_is_logged_and_emailed_to_each_member(
    edition, organisation, owner, coordinator, start, step, kwargs, to, subject
):
    activity = make_activity(edition, organisation, status=start)
    actor_kwarg = (
        "reviewer"
        if step in (services.approve_activity, services.request_changes, services.reject_activity)
        else "by"
    )
    actor = coordinator if actor_kwarg == "reviewer" else owner
    step(activity=activity, **{actor_kwarg: actor}, **kwargs)

    entry = LogEntry.objects.get(activity=activity)
    comment = kwargs.get("comment", kwargs.get("reason", ""))
    assert (entry.actor, entry.from_status, entry.to_status, entry.comment) == (
        actor,
        start,
        to,
        comment,
    )
    assert entry.created_at is not None
    messages = OutboxMessage.objects.filter(subject=f"{subject}: {activity.title}")
    assert sorted(m.to[0] for m in messages) == [
        "agare@kommun.example.se",
        "kollega@kommun.example.se",
    ]
    if comment:
        assert all(comment in m.body for m in messages)
