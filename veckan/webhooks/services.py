"""Queueing and delivering webhook events.

The signature scheme, for receivers:

    Each POST carries the headers
        X-Veckan-Event:     published | changed | cancelled
        X-Veckan-Delivery:  the delivery's id (the same on every retry: use it to skip duplicates)
        X-Veckan-Timestamp: Unix time in seconds when this attempt was sent
        X-Veckan-Signature: "sha256=" + hex(HMAC-SHA256(secret, f"{timestamp}.{body}"))
    where body is the raw request body (UTF-8 JSON) exactly as received. A receiver recomputes the
    HMAC with its secret, compares it in constant time, and rejects timestamps more than a few
    minutes old, so a recorded request cannot be replayed later.

Deliveries leave in the order their events were queued, but a delivery that failed waits for its
retry while later ones go out, so a receiver should order by the activity's "updated_at", not by
arrival.
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from veckan.activities.models import PUBLIC_STATUSES, Activity
from veckan.activities.public import public_dict, public_dicts
from veckan.editions.models import Edition
from veckan.outbox.services import retry_delay
from veckan.webhooks.addresses import check_url, opener_for
from veckan.webhooks.models import AnnouncedEdition, Delivery, Event, Webhook

logger = logging.getLogger(__name__)

USER_AGENT = "Veckan-webhooks/1"
TIMEOUT_SECONDS = 10
# The announcement waits this long after the publication time, so an approval whose transaction
# began just before it (and so queued nothing) has committed and is seen. Approvals after the
# publication time queue their own "published"; the unique constraint keeps it to one per webhook.
ANNOUNCE_AFTER = timedelta(minutes=1)
ANNOUNCE_CHUNK = 500


# --- queueing ----------------------------------------------------------------------------------------


def _payload(event: str, snapshot: dict, now: datetime) -> dict:
    return {"event": event, "sent_at": timezone.localtime(now).isoformat(), "activity": snapshot}


def _without_updated_at(snapshot: dict) -> dict:
    return {key: value for key, value in snapshot.items() if key != "updated_at"}


def activity_event(*, activity: Activity, event: str) -> int:
    """Queue `event` about `activity` for every active webhook; returns how many were queued.

    Call it inside the transaction that changed the activity: the deliveries commit with the change
    or not at all. Does nothing unless the activity is public (approved or cancelled, in an edition
    whose program is published): before that the edition's announcement sends "published" (see
    announce_due_editions). A "changed" whose open data is the same as in the last event sent about
    the activity (e.g. an edit now waiting for review) is not queued.
    """
    if not activity.is_public:
        return 0
    webhook_ids = list(Webhook.objects.active().values_list("pk", flat=True))
    if not webhook_ids:
        return 0
    snapshot = public_dict(activity)
    if event == Event.CHANGED:
        last = (
            Delivery.objects.filter(activity_id=activity.pk)
            .order_by("-pk")
            .values_list("payload", flat=True)
            .first()
        )
        if last and _without_updated_at(last["activity"]) == _without_updated_at(snapshot):
            return 0
    payload = _payload(event, snapshot, timezone.now())
    Delivery.objects.bulk_create(
        [
            Delivery(webhook_id=pk, event=event, activity_id=activity.pk, payload=payload)
            for pk in webhook_ids
        ],
        ignore_conflicts=event == Event.PUBLISHED,
    )
    return len(webhook_ids)


def announce_due_editions(*, now: datetime | None = None) -> int:
    """Queue "published" for every public activity of each edition whose program publication time
    has passed and that has not been announced; returns how many deliveries it queued (counting any
    that an approval just after the publication time had queued already, which are not doubled).

    Side effects: an AnnouncedEdition row per edition, created under a row lock on the edition so two
    workers never both announce it. Only webhooks that were active and existed before the
    publication hear it: a webhook registered later starts with the events after it was created,
    not with a flood of the whole program (and the archive of earlier years).
    """
    now = now or timezone.now()
    due = Edition.objects.filter(
        program_published_at__lte=now - ANNOUNCE_AFTER, webhook_announcement__isnull=True
    )
    queued = 0
    for edition_pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            edition = (
                # NO KEY UPDATE: activities referring to the edition may still be saved meanwhile.
                Edition.objects.select_for_update(skip_locked=True, no_key=True)
                .filter(pk=edition_pk)
                .first()
            )
            if edition is None:
                continue  # another worker is announcing it right now
            _, created = AnnouncedEdition.objects.get_or_create(
                edition=edition, defaults={"announced_at": now}
            )
            if created:
                queued += _queue_published(edition, now)
    return queued


def _queue_published(edition: Edition, now: datetime) -> int:
    webhook_ids = list(
        Webhook.objects.active()
        .filter(created_at__lte=edition.program_published_at)
        .values_list("pk", flat=True)
    )
    if not webhook_ids:
        return 0
    activities = (
        Activity.objects.in_edition(edition).filter(status__in=PUBLIC_STATUSES).order_by("pk")
    )
    queued = 0
    batch: list[Delivery] = []
    for items in public_dicts(activities):
        for item in items:
            payload = _payload(Event.PUBLISHED, item, now)
            batch.extend(
                Delivery(
                    webhook_id=pk, event=Event.PUBLISHED, activity_id=item["id"], payload=payload
                )
                for pk in webhook_ids
            )
            if len(batch) >= ANNOUNCE_CHUNK:
                queued += len(batch)
                Delivery.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    return queued + len(batch)


# --- delivering --------------------------------------------------------------------------------------


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """ "sha256=" + hex HMAC-SHA256 of f"{timestamp}.{body}" keyed with the webhook's secret."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as a failure: following it would send the signed body somewhere the
    coordinator never registered (and that nobody checked, see addresses.py)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _post(delivery: Delivery) -> int:
    """POST the delivery; returns the 2xx status or raises (HTTPError for any other status).

    The URL is checked again first (addresses.check_url: DNS may have changed since it was saved),
    and the connection goes to the address that was checked, never to a second lookup. Raises
    AddressRefused, having connected nowhere, when the check fails.
    """
    address = check_url(delivery.webhook.url)
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310  (check_url lets only http and https through)
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Veckan-Event": delivery.event,
            "X-Veckan-Delivery": str(delivery.pk),
            "X-Veckan-Timestamp": str(timestamp),
            "X-Veckan-Signature": signature(delivery.webhook.secret, timestamp, body),
        },
    )
    opener = opener_for(address, _RefuseRedirects)
    with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
        return response.status


def _describe(error: Exception) -> str:
    """What is recorded, and shown to coordinators, about a failed attempt: the status code or the
    kind of error, never what the receiver answered (its body could be anything: a page of an
    internal server, someone else's data)."""
    if isinstance(error, urllib.error.HTTPError):
        error.close()
        return f"HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, Exception) else error
    return f"{type(error).__name__}: {error}"


def deliver_due_webhooks(*, now: datetime | None = None, limit: int = 100) -> int:
    """Try to deliver up to `limit` due deliveries; returns how many were sent.

    Side effects: POSTs signed JSON (see the module docstring) and records each attempt. Each
    delivery is locked in its own transaction (SKIP LOCKED on PostgreSQL), so several workers never
    send one twice. A 2xx answer is success; any other answer, a redirect, a timeout (TIMEOUT_SECONDS,
    so a slow receiver holds the worker no longer), an address refused (addresses.py) or a network
    error is kept with its error and retried after retry_delay(attempts); after
    WEBHOOK_MAX_ATTEMPTS it is marked failed. A webhook that failed is left alone for the rest of
    the run: its later deliveries would only wait on the same dead receiver, and arrive before the
    one that failed.
    """
    now = now or timezone.now()
    sent = 0
    failing: set[int] = set()
    for _ in range(limit):
        with transaction.atomic():
            row = (
                Delivery.objects.due(now)
                .exclude(webhook_id__in=failing)
                .select_related("webhook")
                .select_for_update(skip_locked=True, of=("self",))
                .first()
            )
            if row is None:
                break
            row.attempts += 1
            try:
                row.response_status = _post(row)
            except Exception as error:  # Whatever the receiver does, keep the delivery and retry.
                failing.add(row.webhook_id)
                row.response_status = (
                    error.code if isinstance(error, urllib.error.HTTPError) else None
                )
                row.last_error = _describe(error)
                logger.warning(
                    "Webhook delivery %s to %s failed (attempt %s): %s",
                    row.pk,
                    row.webhook.url,
                    row.attempts,
                    row.last_error,
                )
                if row.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
                    row.status = Delivery.Status.FAILED
                else:
                    row.next_attempt_at = now + retry_delay(row.attempts)
            else:
                row.status = Delivery.Status.SENT
                row.delivered_at = timezone.now()
                row.last_error = ""
                sent += 1
            row.save(
                update_fields=[
                    "attempts",
                    "status",
                    "next_attempt_at",
                    "last_error",
                    "response_status",
                    "delivered_at",
                ]
            )
    return sent
