"""Writes to activities: saving with their parts, and one function per step of the lifecycle.

draft → submitted → approved | changes requested | rejected; approved → cancelled. Every step is logged
(who, when, from, to, comment) and emailed to the members of the main organisation through the outbox.
"""

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veckan.accounts.permissions import acts_as_coordinator
from veckan.activities import changes, lifecycle, review_emails, search, signals
from veckan.activities.models import (
    PUBLIC_STATUSES,
    REVIEWED_ON_CHANGE,
    Activity,
    ActivityTag,
    CaptionStatus,
    ContactPerson,
    CoOrganiser,
    EventStatus,
    Format,
    LogEntry,
    Occasion,
    SignupMode,
    Status,
    occasion_time_problem,
)
from veckan.activities.review import reviewable_content
from veckan.editions.models import Edition
from veckan.geography.models import Municipality
from veckan.lib.email import absolute, send_email
from veckan.lib.slugs import unique_slug
from veckan.revisions.services import record_change


class ActivityError(Exception):
    """A step the rules do not allow; the message is for the person who tried it."""


@dataclass
class ActivityParts:
    """What the activity form gives besides the activity's own fields."""

    tags: dict[str, list[str]] = field(default_factory=dict)
    focus_areas: list = field(default_factory=list)
    co_organisers: list[CoOrganiser] = field(default_factory=list)
    contacts: list[ContactPerson] = field(default_factory=list)
    # The occasions of a series (unsaved, or with the pk of the one they edit); None leaves the
    # activity's occasions as they are, [] makes it a single activity again.
    occasions: list[Occasion] | None = None


def can_add_activities(*, edition: Edition, user, now: datetime | None = None) -> bool:
    """Organisers add activities while registration is open; coordinators (with two-factor login)
    at any time."""
    return edition.is_registration_open(now) or acts_as_coordinator(user)


def check_public_party(activity: Activity) -> None:
    """Raise unless an organiser or co-organiser is of a kind the edition counts as a public party."""
    problem = activity.edition.public_party_problem(activity.organiser_kinds())
    if problem:
        raise ActivityError(problem)


# --- saving -----------------------------------------------------------------------------------------


def _save_parts(activity: Activity, parts: ActivityParts) -> None:
    activity.tags.all().delete()
    ActivityTag.objects.bulk_create(
        ActivityTag(activity=activity, kind=kind, value=value)
        for kind, values in parts.tags.items()
        for value in values
    )
    activity.focus_areas.set(parts.focus_areas)
    activity.co_organisers.all().delete()
    for position, co in enumerate(parts.co_organisers):
        co.pk, co.activity, co.position = None, activity, position
        co.save()
    activity.contacts.all().delete()
    for position, contact in enumerate(parts.contacts):
        contact.pk, contact.activity, contact.position = None, activity, position
        contact.save()
    # Drop what the prefetch cache held before the parts changed.
    getattr(activity, "_prefetched_objects_cache", {}).clear()
    search.index_activities([activity])


# --- occasions (an activity run as a series) ------------------------------------------------------

# What of an occasion is reviewed when it changes after approval, as the activity's own time and
# place are (REVIEWED_ON_CHANGE); its number of seats changes at once, as the activity's does.
OCCASION_REVIEWED = ("starts_at", "ends_at", "venue", "address", "municipality")


def occasion_row(occasion: Occasion) -> dict:
    """One occasion as plain values, as a pending change keeps it until review."""
    return {
        "pk": occasion.pk,
        "starts_at": occasion.starts_at.isoformat(),
        "ends_at": occasion.ends_at.isoformat(),
        "venue": occasion.venue,
        "address": occasion.address,
        "municipality": occasion.municipality.code if occasion.municipality_id else "",
        "capacity": occasion.capacity,
    }


def occasion_from_row(row: dict) -> Occasion:
    municipality = row["municipality"]
    return Occasion(
        pk=row["pk"],
        starts_at=parse_datetime(row["starts_at"]),
        ends_at=parse_datetime(row["ends_at"]),
        venue=row["venue"],
        address=row["address"],
        municipality=Municipality.objects.filter(code=municipality).first()
        if municipality
        else None,
        capacity=row["capacity"],
    )


def occasion_problems(*, activity: Activity, occasions: list[Occasion]) -> list[str]:
    """Why these occasions cannot be saved for the activity (each inside the week, ending after
    it starts; not two at the same time), in the organiser's words. Empty when they can."""
    problems = []
    for number, occasion in enumerate(occasions, start=1):
        # The rule Occasion.clean asks, here for an activity that may not be saved yet.
        if problem := occasion_time_problem(activity, occasion.starts_at, occasion.ends_at):
            problems.append(
                _("Tillfälle %(number)d: %(problem)s") % {"number": number, "problem": problem}
            )
    times = [(o.starts_at, o.ends_at) for o in occasions]
    if len(set(times)) != len(times):
        problems.append(_("Två tillfällen har samma tid. Ta bort det ena."))
    return problems


def _span(occasions: list[Occasion]) -> tuple[datetime, datetime]:
    return min(o.starts_at for o in occasions), max(o.ends_at for o in occasions)


def _sync_occasions(activity: Activity, occasions: list[Occasion]) -> list[Occasion]:
    """Make the activity's occasions these: an occasion given with its pk is updated (its calendar
    UID stays), a new one created, and one left out deleted. Returns those left out that had
    sign-ups, which go with it (CASCADE) once their participants are told (the caller tells them)."""
    existing = {o.pk: o for o in activity.occasions.all()}
    kept = set()
    for occasion in occasions:
        if occasion.pk in existing:
            kept.add(occasion.pk)
        else:
            occasion.pk = None
        occasion.activity = activity
        occasion.save()
    removed = [o for pk, o in existing.items() if pk not in kept]
    getattr(activity, "_prefetched_objects_cache", {}).pop("occasions", None)
    return removed


def save_occasions(*, activity: Activity, occasions: list[Occasion], editor) -> bool:
    """Give the activity these occasions (a series), keeping starts_at/ends_at as their span, as
    the edit page does. Returns True when the change now waits for review. Raises ActivityError
    with the problems of the occasions. Side effects: those of update_activity."""
    if problems := occasion_problems(activity=activity, occasions=occasions):
        raise ActivityError(" ".join(problems))
    parts = ActivityParts(
        tags={
            kind: activity.tag_values(kind)
            for kind in (
                ActivityTag.Kind.LANGUAGE,
                ActivityTag.Kind.TARGET_GROUP,
                ActivityTag.Kind.ACCESSIBILITY,
            )
        },
        focus_areas=list(activity.focus_areas.all()),
        co_organisers=list(activity.co_organisers.all()),
        contacts=list(activity.contacts.all()),
        occasions=occasions,
    )
    return update_activity(activity=activity, parts=parts, editor=editor)


def _require_open_registration(edition: Edition, user) -> None:
    if not can_add_activities(edition=edition, user=user):
        raise ActivityError(
            _("Anmälan av aktiviteter är stängd. Kontakta samordnarna om du behöver hjälp.")
        )


def create_activity(
    *, activity: Activity, parts: ActivityParts, created_by, note: str = ""
) -> Activity:
    """Save a new activity as a draft; `note` is kept on the log entry that says it was created.

    Raises ActivityError when registration is closed and the person is not a coordinator.
    """
    _require_open_registration(activity.edition, created_by)
    with transaction.atomic():
        activity.slug = unique_slug(
            activity.title,
            Activity.objects.all(),
            fallback="aktivitet",
            suffix=str(activity.edition.year),
        )
        activity.status = Status.DRAFT
        activity.created_by = created_by
        if parts.occasions:
            if problems := occasion_problems(activity=activity, occasions=parts.occasions):
                raise ActivityError(" ".join(problems))
            activity.starts_at, activity.ends_at = _span(parts.occasions)
        activity.save()
        _save_parts(activity, parts)
        if parts.occasions:
            _sync_occasions(activity, parts.occasions)
        _log(activity, created_by, "created", Status.DRAFT, Status.DRAFT, note)
    return activity


# --- copying -----------------------------------------------------------------------------------------

# What a copy takes over: what the activity is and how it is run. Not its dates (the new draft gets
# its own day and times), nor its sign-ups, review history, coordinators' flags, recording or
# material, which belong to the occasion that took place.
COPIED_FIELDS = (
    "organisation_id",
    "title",
    "summary",
    "description",
    "title_en",
    "summary_en",
    "description_en",
    "type",
    "format",
    "municipality_id",
    "venue",
    "address",
    "stream_url",
    "image_width",
    "image_height",
    "image_alt",
    "signup_mode",
    "capacity",
    "external_signup_url",
)


def unsaved_copy(*, source: Activity, edition: Edition) -> Activity:
    """A new, unsaved activity of `edition` with `source`'s content, for the form to show."""
    copy = Activity(edition=edition, **{name: getattr(source, name) for name in COPIED_FIELDS})
    copy.image = source.image.name  # the same file until copy_activity stores a copy of its own
    return copy


def copied_parts(*, source: Activity, edition: Edition) -> ActivityParts:
    """The source's tags, co-organisers and contacts; focus areas by name, those the edition has."""
    names = [area.name for area in source.focus_areas.all()]
    return ActivityParts(
        tags={
            kind: source.tag_values(kind)
            for kind in (
                ActivityTag.Kind.LANGUAGE,
                ActivityTag.Kind.TARGET_GROUP,
                ActivityTag.Kind.ACCESSIBILITY,
            )
        },
        focus_areas=list(edition.focus_areas.filter(name__in=names)),
        co_organisers=list(source.co_organisers.all()),
        contacts=list(source.contacts.all()),
    )


def copy_activity(
    *, source: Activity, activity: Activity, parts: ActivityParts, created_by
) -> Activity:
    """Save `activity`, made from unsaved_copy(source) and edited in the form, as a new draft.

    The image, if it is still the source's, is stored again as a file of the copy's own: deleting
    or replacing either one's picture never takes the other's. The log says what it is a copy of.
    Raises ActivityError as create_activity does.
    """
    _require_open_registration(activity.edition, created_by)  # before a file is stored
    if source.image and activity.image.name == source.image.name:
        with source.image.storage.open(source.image.name, "rb") as original:
            extension = os.path.splitext(source.image.name)[1]
            activity.image.save(f"{uuid.uuid4().hex}{extension}", File(original), save=False)
    note = _("Kopia av ”%(title)s” (%(edition)s).") % {
        "title": source.title,
        "edition": source.edition,
    }
    return create_activity(activity=activity, parts=parts, created_by=created_by, note=note)


LIFECYCLE_FIELDS = (
    "edition_id",
    "slug",
    "status",
    "submitted_at",
    "approved_at",
    "approved_snapshot",
    "changes_requested_snapshot",
    "pending_changes",
    "has_pending_changes",
    "cancellation_reason",
    "postponement_reason",
    "recording_url",
    "caption_status",
    "captions_file",
    "captions_url",
    "created_by_id",
    "event_status",
    "sequence",
)


def _serialise(field_name: str, value) -> str:
    if field_name in ("starts_at", "ends_at"):
        return value.isoformat()
    if field_name == "municipality":
        return value.code if value else ""
    return value or ""


def update_activity(*, activity: Activity, parts: ActivityParts, editor) -> bool:
    """Save an edited activity with its parts. Returns True when a change now waits for review.

    For an approved activity, changes to time, place or format are kept aside for review while the
    approved version stays public; all other edits go live at once. Side effects: for such a change,
    a log entry and an email to the organisation's members. Raises ActivityError when the edit breaks
    the public-party rule of a submitted or approved activity.
    """
    with transaction.atomic():
        stored = (
            Activity.objects.select_for_update(of=("self",))
            .select_related("municipality")
            .get(pk=activity.pk)
        )
        _check("edit", stored)
        more_seats = activity.signup_mode == stored.signup_mode == SignupMode.PLATFORM and (
            activity.capacity or 0
        ) > (stored.capacity or 0)
        if activity.signup_mode == SignupMode.PLATFORM and (
            problem := _capacity_problem(stored, activity.capacity)
        ):
            raise ActivityError(problem)
        # The lifecycle is the services' to change, never an edit's: a decision taken while the
        # organiser had the form open stays as it was decided.
        for name in LIFECYCLE_FIELDS:
            setattr(activity, name, getattr(stored, name))
        occasions = parts.occasions
        stored_occasions = list(stored.occasions.select_related("municipality"))
        if occasions and (problems := occasion_problems(activity=activity, occasions=occasions)):
            raise ActivityError(" ".join(problems))
        if occasions:
            _check_occasion_capacities(activity, occasions)
            # A series spans its occasions: search, day facets and sorting read the span.
            start, end = _span(occasions)
            activity.starts_at = stored.starts_at if start == stored.starts_at else start
            activity.ends_at = stored.ends_at if end == stored.ends_at else end
        occasions_wait = False
        sent_to_review = False
        if stored.status == Status.APPROVED:
            pending = {}
            for name in REVIEWED_ON_CHANGE:
                new, old = getattr(activity, name), getattr(stored, name)
                if _serialise(name, new) != _serialise(name, old):
                    pending[name] = _serialise(name, new)
                    setattr(activity, name, old)  # the approved version stays until review
            if occasions is not None and _reviewed_part(occasions) != _reviewed_part(
                stored_occasions
            ):
                # A new time or place of an occasion is reviewed as the activity's own would be.
                pending["occasions"] = [occasion_row(o) for o in occasions]
                occasions_wait = True
            sent_to_review = bool(pending) and pending != stored.pending_changes
            activity.pending_changes = pending
            activity.has_pending_changes = bool(pending)
        before = changes.snapshot(stored)
        stream_changed = (
            stored.status == Status.APPROVED
            and stored.format in (Format.DIGITAL, Format.HYBRID)
            and changes.differences(before, changes.snapshot(activity)) == ["stream_url"]
        )
        if stream_changed:
            activity.sequence += 1
        activity.save()
        _save_parts(activity, parts)
        if occasions is not None and not occasions_wait:
            # Not reviewed: not public yet, or the times and places stay; none left out had a
            # sign-up (an approved series' occasion left out is a change of its times).
            for occasion in _sync_occasions(activity, occasions):
                occasion.delete()
            more_seats = more_seats or (
                stored.status == Status.APPROVED and activity.signup_mode == SignupMode.PLATFORM
            )
        if activity.status != Status.DRAFT:
            check_public_party(activity)
        _changed_publicly(activity, stored.status)
        if more_seats:
            signals.capacity_raised.send(sender=Activity, activity=activity)
        if stream_changed:
            signals.participants_to_tell.send(
                sender=Activity,
                activity=activity,
                kind="changed",
                before=before,
                after=changes.snapshot(activity),
            )
        if stored.image and stored.image.name != activity.image.name:
            # A replaced or removed picture may show people: do not keep it.
            old_image = stored.image
            transaction.on_commit(lambda: old_image.storage.delete(old_image.name))
        if sent_to_review:
            _log(activity, editor, "change_submitted", stored.status, stored.status)
            _notify(activity, "change_submitted", editor, "")
        elif stored.has_pending_changes and not activity.has_pending_changes:
            # Time, place and format set back to the approved values: the change is taken back.
            _log(activity, editor, "change_withdrawn", stored.status, stored.status)
        if stored.status == Status.APPROVED:
            _event(activity, "changed")
    return sent_to_review


def _reviewed_part(occasions: list[Occasion]) -> list[tuple]:
    return sorted(
        (o.starts_at, o.ends_at, o.venue, o.address, o.municipality_id or None) for o in occasions
    )


def _check_occasion_capacities(activity: Activity, occasions: list[Occasion]) -> None:
    """Refuse fewer seats on an occasion than its sign-ups already hold (activity locked)."""
    if activity.signup_mode != SignupMode.PLATFORM:
        return
    taken = dict(
        Occasion.objects.filter(activity=activity)
        .with_seat_counts()
        .values_list("pk", "seats_taken")
    )
    for occasion in occasions:
        capacity = occasion.capacity if occasion.capacity is not None else activity.capacity
        if taken.get(occasion.pk, 0) > (capacity or 0):
            raise ActivityError(
                _(
                    "%(taken)d platser är redan tagna på tillfället %(when)s, så antalet platser "
                    "kan inte bli färre. Be deltagare avanmäla sig först, eller behåll antalet."
                )
                % {
                    "taken": taken[occasion.pk],
                    "when": timezone.localtime(occasion.starts_at).strftime("%Y-%m-%d %H:%M"),
                }
            )


def apply_pending_changes(activity: Activity) -> list[Occasion]:
    """Let the pending change take effect on the (locked) activity. Returns the occasions it
    removes: they are deleted by the caller once their participants are told."""
    removed: list[Occasion] = []
    for name, value in activity.pending_changes.items():
        if name == "occasions":
            removed = _sync_occasions(activity, [occasion_from_row(row) for row in value])
            continue
        if name in ("starts_at", "ends_at"):
            value = parse_datetime(value)
        elif name == "municipality":
            value = Municipality.objects.filter(code=value).first() if value else None
        setattr(activity, name, value)
    activity.pending_changes = {}
    activity.has_pending_changes = False
    return removed


# --- the lifecycle -----------------------------------------------------------------------------------

TRANSITION_SUBJECTS = {
    "submitted": gettext_lazy("Aktiviteten är inskickad för granskning"),
    "approved": gettext_lazy("Aktiviteten är godkänd"),
    "change_approved": gettext_lazy("Ändringen av aktiviteten är godkänd"),
    "change_submitted": gettext_lazy("Ändringen av aktiviteten granskas"),
    "change_rejected": gettext_lazy("Ändringen av aktiviteten godkändes inte"),
    "changes_requested": gettext_lazy("Aktiviteten behöver ändras"),
    "rejected": gettext_lazy("Aktiviteten har inte godkänts"),
    "withdrawn": gettext_lazy("Aktiviteten är återkallad"),
    "cancelled": gettext_lazy("Aktiviteten är inställd"),
    "postponed": gettext_lazy("Aktiviteten är uppskjuten"),
}


def _log(
    activity: Activity, actor, action: str, from_status: str, to_status: str, comment: str = ""
):
    entry = LogEntry.objects.create(
        activity=activity,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )
    if action in review_emails.TO_REVIEW:
        review_emails.tell_at_once(entry)


def _notify(activity: Activity, action: str, actor, comment: str) -> None:
    """Email every member of the main organisation, each separately (addresses are not shared),
    each in the language they chose on their account page."""
    recipients = activity.organisation.memberships.values_list("user__email", "user__language")
    for email, language in recipients:
        send_email(
            to=email,
            template="activities/email/transition.txt",
            language=language,
            subject=lambda: f"{TRANSITION_SUBJECTS[action]}: {activity.title}",
            context=lambda: {
                "activity": activity,
                "action": action,
                "comment": comment,
                "actor": actor,
                "link": absolute(reverse("activities:mine")),
            },
        )


def _check(step: str, activity: Activity) -> None:
    """Refuse a step the lifecycle does not allow now, saying why (read under the row lock)."""
    if why := lifecycle.problem(step, activity):
        raise ActivityError(why)


def _transition(activity: Activity, *, to: str, actor, action: str, comment: str = "") -> None:
    """Move the activity to `to` (checked beforehand with _check), log it and tell its members."""
    from_status = activity.status
    activity.status = to
    activity.save()
    _changed_publicly(activity, from_status, to)
    _log(activity, actor, action, from_status, to, comment)
    _notify(activity, action, actor, comment)


def _changed_publicly(activity: Activity, *statuses: str) -> None:
    """Move the program's revision if the activity is, or was, where visitors see it."""
    if any(status in PUBLIC_STATUSES for status in statuses):
        record_change(activities=[activity.pk])


def _locked(activity: Activity) -> Activity:
    """Re-read the whole activity under a row lock, so two people deciding at once cannot overwrite
    each other: the later one sees what the earlier one saved."""
    activity.refresh_from_db(from_queryset=Activity.objects.select_for_update(of=("self",)))
    return activity


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActivityError(message)
    return text


def submit_activity(*, activity: Activity, by, comment: str = "") -> None:
    """Send a draft (or a corrected or withdrawn activity) to the coordinators for review.

    New activities can only be submitted while registration is open, unless by a coordinator.
    `comment` is the organiser's answer to the coordinators, kept in the activity's history.
    """
    with transaction.atomic():
        _locked(activity)
        _check("submit", activity)
        if activity.status in (Status.DRAFT, Status.WITHDRAWN) and not can_add_activities(
            edition=activity.edition, user=by
        ):
            raise ActivityError(_("Sista dag för att anmäla aktiviteter har passerat."))
        check_public_party(activity)
        activity.submitted_at = timezone.now()
        _transition(
            activity,
            to=Status.SUBMITTED,
            actor=by,
            action="submitted",
            comment=(comment or "").strip(),
        )


def save_and_submit(*, activity: Activity, parts: ActivityParts, editor, comment: str = "") -> None:
    """Save the edited activity and send it to review in one step ("Spara och skicka in igen").

    Both or neither: if the activity cannot be submitted, the edit is not saved either, and the
    ActivityError says why. Side effects: those of update_activity and submit_activity.
    """
    with transaction.atomic():
        update_activity(activity=activity, parts=parts, editor=editor)
        submit_activity(activity=activity, by=editor, comment=comment)


def approve_activity(*, activity: Activity, reviewer, comment: str = "") -> None:
    """Approve a submitted activity, or the pending change of an approved one.

    Approved activities are public from the edition's program publication date.
    """
    with transaction.atomic():
        _locked(activity)
        change = activity.status == Status.APPROVED and activity.has_pending_changes
        _check("approve_change" if change else "approve", activity)
        before = changes.snapshot(activity)
        occasions_before = _occasion_snapshots(activity)
        removed: list[Occasion] = []
        if change:
            removed = apply_pending_changes(activity)
            search.index_activities([activity])  # the place may have changed
        action = "change_approved" if change else "approved"
        after = changes.snapshot(activity)
        changed = action == "change_approved" and changes.differences(before, after)
        # A series' participants are told by occasion: theirs changed, or is no more.
        occasion_news = []
        if action == "change_approved" and (occasions_before or removed):
            occasions_after = _occasion_snapshots(activity)
            occasion_news = [
                (occasion, "changed", was, occasions_after[pk][1])
                for pk, (occasion, was) in occasions_before.items()
                if pk in occasions_after and changes.differences(was, occasions_after[pk][1])
            ] + [(o, "cancelled", occasions_before[o.pk][1], None) for o in removed]
            changed = bool(changed or occasion_news)
        if changed:
            activity.sequence += 1
            activity.event_status = _event_status_after_change(activity, before, after)
            if activity.event_status != EventStatus.POSTPONED:
                activity.postponement_reason = ""
        check_public_party(activity)
        activity.approved_at = timezone.now()
        activity.approved_snapshot = reviewable_content(activity)
        activity.changes_requested_snapshot = {}
        _transition(
            activity,
            to=Status.APPROVED,
            actor=reviewer,
            action=action,
            comment=comment,
        )
        if changed and not (occasions_before or removed):
            signals.participants_to_tell.send(
                sender=Activity, activity=activity, kind="changed", before=before, after=after
            )
        for occasion, kind, was, now in occasion_news:
            signals.participants_to_tell.send(
                sender=Activity,
                activity=activity,
                kind=kind,
                before=was,
                after=now or was,
                occasion=occasion,
            )
        for occasion in removed:
            occasion.delete()  # with its sign-ups, now that they are told
        _event(activity, "published" if action == "approved" else "changed")


def _occasion_snapshots(activity: Activity) -> dict[int, tuple[Occasion, dict]]:
    snapshots = {}
    for occasion in activity.occasions.select_related("municipality"):
        occasion.activity = activity
        snapshots[occasion.pk] = (occasion, changes.occasion_snapshot(occasion))
    return snapshots


def request_changes(*, activity: Activity, reviewer, comment: str) -> None:
    """Send a submitted activity back to its organisers with a comment saying what to change."""
    comment = _required(comment, _("Skriv vad som behöver ändras."))
    with transaction.atomic():
        _locked(activity)
        _check("request_changes", activity)
        # So that, once resubmitted, the reviewers see what changed since they asked.
        activity.changes_requested_snapshot = reviewable_content(activity)
        _transition(
            activity,
            to=Status.CHANGES_REQUESTED,
            actor=reviewer,
            action="changes_requested",
            comment=comment,
        )


def reject_activity(*, activity: Activity, reviewer, reason: str) -> None:
    """Refuse a submitted activity for this edition, giving the reason."""
    reason = _required(reason, _("Skriv varför aktiviteten inte godkänns."))
    with transaction.atomic():
        _locked(activity)
        _check("reject", activity)
        _transition(
            activity,
            to=Status.REJECTED,
            actor=reviewer,
            action="rejected",
            comment=reason,
        )


def reject_change(*, activity: Activity, reviewer, reason: str) -> None:
    """Refuse the pending change of an approved activity; the approved version stays as it is."""
    reason = _required(reason, _("Skriv varför ändringen inte godkänns."))
    with transaction.atomic():
        _locked(activity)
        _check("reject_change", activity)
        activity.pending_changes, activity.has_pending_changes = {}, False
        _transition(
            activity,
            to=Status.APPROVED,
            actor=reviewer,
            action="change_rejected",
            comment=reason,
        )


def withdraw_activity(*, activity: Activity, by) -> None:
    """Take an activity back before it is public. A public activity is cancelled instead."""
    with transaction.atomic():
        _locked(activity)
        _check("withdraw", activity)
        activity.pending_changes, activity.has_pending_changes = {}, False
        _transition(
            activity,
            to=Status.WITHDRAWN,
            actor=by,
            action="withdrawn",
        )


def cancel_activity(*, activity: Activity, by, reason: str) -> None:
    """Cancel an approved activity. It stays in the program, marked cancelled, with the reason."""
    reason = _required(reason, _("Skriv varför aktiviteten ställs in, så att besökarna får veta."))
    with transaction.atomic():
        _locked(activity)
        _check("cancel", activity)
        activity.cancellation_reason = reason
        activity.pending_changes, activity.has_pending_changes = {}, False
        activity.sequence += 1
        _transition(
            activity,
            to=Status.CANCELLED,
            actor=by,
            action="cancelled",
            comment=reason,
        )
        _announce(activity, kind="cancelled", event="cancelled")


def postpone_activity(*, activity: Activity, by, reason: str) -> None:
    """Postpone an approved activity: it stays in the program, marked postponed, until a new time
    is approved (then it is rescheduled). Side effects: logged, emailed to the organisation and to
    everyone signed up, who keep their places."""
    reason = _required(reason, _("Skriv varför aktiviteten skjuts upp, så att besökarna får veta."))
    with transaction.atomic():
        _locked(activity)
        _check("postpone", activity)
        activity.event_status = EventStatus.POSTPONED
        activity.postponement_reason = reason
        activity.sequence += 1
        _transition(
            activity,
            to=Status.APPROVED,
            actor=by,
            action="postponed",
            comment=reason,
        )
        _announce(activity, kind="postponed", event="changed")


def _event(activity: Activity, event: str) -> None:
    signals.activity_event.send(sender=Activity, activity=activity, event=event)


def _capacity_problem(activity: Activity, capacity: int | None) -> str | None:
    """Why the locked activity cannot have this many seats, as the apps that keep seats answer."""
    answers = signals.capacity_changing.send(sender=Activity, activity=activity, capacity=capacity)
    return next((problem for _receiver, problem in answers if problem), None)


def _announce(activity: Activity, *, kind: str, event: str) -> None:
    """A new state with the same details: everyone signed up gets the notice, receivers the event."""
    snapshot = changes.snapshot(activity)
    signals.participants_to_tell.send(
        sender=Activity, activity=activity, kind=kind, before=snapshot, after=snapshot
    )
    _event(activity, event)


def _event_status_after_change(activity: Activity, before: dict, after: dict) -> str:
    """Rescheduled when the time moved (or a postponed activity got its new one), moved online
    when it became digital; only once the program is out, before that it is simply the plan."""
    if not activity.edition.is_program_published():
        return activity.event_status
    if before["format"] != Format.DIGITAL and after["format"] == Format.DIGITAL:
        return EventStatus.MOVED_ONLINE
    if before["time"] != after["time"]:
        return EventStatus.RESCHEDULED
    return activity.event_status


def delete_draft(*, activity: Activity, by) -> None:
    """Delete an activity that was never approved. Approved ones are never deleted, only cancelled."""
    with transaction.atomic():
        _locked(activity)
        _check("delete", activity)
        image = activity.image
        activity.delete()
        if image:
            transaction.on_commit(lambda: image.storage.delete(image.name))


def save_follow_up(
    *,
    activity: Activity,
    recording_url: str,
    materials: list,
    caption_status: str = CaptionStatus.NONE,
    captions_file: File | Literal[False] | None = None,
    captions_url: str = "",
) -> None:
    """After the activity: the recording, its captions and material links go live at once,
    without review. `captions_file` is a checked WebVTT file to store, False to remove the stored
    one, or None to keep it; a replaced or removed file is deleted from storage after commit."""
    if not activity.has_ended:
        raise ActivityError(
            _("Du kan lägga till inspelning och material först när aktiviteten har ägt rum.")
        )
    if activity.status not in PUBLIC_STATUSES:
        raise ActivityError(
            _("Inspelning och material läggs till för aktiviteter som fanns i programmet.")
        )
    with transaction.atomic():
        old_file = activity.captions_file.name if activity.captions_file else ""
        activity.recording_url = recording_url
        activity.caption_status = caption_status if recording_url else CaptionStatus.NONE
        activity.captions_url = captions_url if recording_url else ""
        if captions_file is False or not recording_url:
            activity.captions_file = None
        elif captions_file is not None:
            activity.captions_file.save(captions_file.name, captions_file, save=False)
        activity.save(
            update_fields=[
                "recording_url",
                "caption_status",
                "captions_file",
                "captions_url",
                "updated_at",
            ]
        )
        if old_file and old_file != activity.captions_file.name:
            storage = activity.captions_file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
        activity.materials.all().delete()
        for position, material in enumerate(materials):
            material.pk, material.activity, material.position = None, activity, position
            material.save()
        _changed_publicly(activity, activity.status)
        _event(activity, "changed")


def set_flags(*, activity: Activity, featured: bool, national: bool, by) -> None:
    """Mark the activity as featured (shown on the home page) and as national (arranged by the
    coordinators). Not a step of the lifecycle, so nothing is logged or emailed. `by` is the
    coordinator, kept in the signature so every write says who made it."""
    activity.is_featured = featured
    activity.is_national = national
    with transaction.atomic():
        activity.save(update_fields=["is_featured", "is_national", "updated_at"])
        _changed_publicly(activity, activity.status)
