"""Importing activities: read and check everything first (the preview), then save the valid rows
as drafts, updating the drafts of earlier imports by their external id."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veckan.activities import services as activities
from veckan.activities.models import Activity, ActivityTag
from veckan.editions.models import Edition
from veckan.imports import rows as importing
from veckan.imports.models import ActivityImport
from veckan.lib import fetch
from veckan.organisations.models import Organisation

MAX_FILE_BYTES = 5 * 1024 * 1024


class ImportProblem(Exception):
    """Nothing can be imported; the message says why, for the person who tried. (Not
    "ImportError", which is Python's own.)"""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int


def _checked(
    raw_rows: list[dict],
    *,
    organisation: Organisation,
    edition: Edition,
    by,
    source: str,
    name: str,
) -> ActivityImport:
    checks = importing.check_rows(raw_rows, organisation=organisation, edition=edition)
    return ActivityImport.objects.create(
        organisation=organisation,
        edition=edition,
        created_by=by,
        source=source,
        name=name[:500],
        rows=[check.as_json() | {"raw": raw} for check, raw in zip(checks, raw_rows, strict=True)],
    )


def preview_file(
    *, organisation: Organisation, edition: Edition, by, name: str, content: bytes
) -> ActivityImport:
    """Read and check a CSV or XLSX file made from the template; nothing is saved but the preview.
    Raises ImportProblem when the file as a whole cannot be read."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportProblem(_("Filen är för stor: högst 5 MB."))
    try:
        raw_rows = importing.rows_from_upload(name, content)
    except importing.ImportFileError as error:
        raise ImportProblem(str(error)) from None
    return _checked(
        raw_rows,
        organisation=organisation,
        edition=edition,
        by=by,
        source=ActivityImport.Source.FILE,
        name=name,
    )


def preview_calendar(
    *, organisation: Organisation, edition: Edition, by, url: str
) -> ActivityImport:
    """Fetch an iCalendar feed (public addresses only, time-bounded) and check its events.
    Raises ImportProblem when it cannot be fetched or read."""
    try:
        content = fetch.fetch(url, accept="text/calendar, */*;q=0.5")
        raw_rows = importing.rows_from_ical(content)
    except (fetch.FetchError, importing.ImportFileError) as error:
        raise ImportProblem(str(error)) from None
    return _checked(
        raw_rows,
        organisation=organisation,
        edition=edition,
        by=by,
        source=ActivityImport.Source.CALENDAR,
        name=url,
    )


def save_import(*, batch: ActivityImport, by) -> ImportResult:
    """Save the rows that pass as drafts: new ones for new external ids, the same drafts updated
    for ids imported before. Checked again first, as things may have changed since the preview.

    Side effects: those of create_activity and update_activity, for each row. Raises ImportProblem
    when the import was saved already, or registration has closed.
    """
    with transaction.atomic():
        batch = ActivityImport.objects.select_for_update().get(pk=batch.pk)
        if batch.imported_at is not None:
            raise ImportProblem(_("Den här importen är redan sparad."))
        edition, organisation = batch.edition, batch.organisation
        if not activities.can_add_activities(edition=edition, user=by):
            raise ImportProblem(
                _("Anmälan av aktiviteter är stängd. Kontakta samordnarna om du behöver hjälp.")
            )
        raw_rows = [row["raw"] for row in batch.rows]
        checks = importing.check_rows(raw_rows, organisation=organisation, edition=edition)
        created = updated = 0
        for check in checks:
            if check.errors:
                continue
            existing = (
                Activity.objects.select_for_update(of=("self",))
                .prefetch_related("tags", "focus_areas", "co_organisers", "contacts")
                .filter(pk=check.existing_id)
                .first()
                if check.existing_id
                else None
            )
            if existing is None:
                parts = activities.ActivityParts()
            else:
                parts = activities.copied_parts(source=existing, edition=edition)
            if "languages" in check.values:
                parts.tags[ActivityTag.Kind.LANGUAGE] = check.values["languages"]
            activity = importing.build_activity(
                check.values, organisation=organisation, edition=edition, activity=existing
            )
            if existing is None:
                activities.create_activity(
                    activity=activity,
                    parts=parts,
                    created_by=by,
                    note=_("Importerad från %(name)s.") % {"name": batch.name},
                )
                created += 1
            else:
                activities.update_activity(activity=activity, parts=parts, editor=by)
                updated += 1
        batch.rows = [
            check.as_json() | {"raw": raw} for check, raw in zip(checks, raw_rows, strict=True)
        ]
        batch.imported_at = timezone.now()
        batch.save(update_fields=["rows", "imported_at"])
    return ImportResult(created=created, updated=updated, skipped=len(checks) - created - updated)
