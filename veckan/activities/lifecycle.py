"""An activity's lifecycle as one table: which step may be taken from which status, and the few
rules beyond the status. The services enforce it (each step raises what `problem` says); the
organisers' buttons and the reviewers' decisions offer only what `allows` says, so a button is never
shown for a step the service would refuse.
"""

from django.utils.translation import gettext as _

from veckan.activities.models import Activity, EventStatus, Status

# The statuses each step may be taken from.
FROM: dict[str, tuple[str, ...]] = {
    "edit": (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.CHANGES_REQUESTED,
        Status.APPROVED,
        Status.WITHDRAWN,
    ),
    "submit": (Status.DRAFT, Status.CHANGES_REQUESTED, Status.WITHDRAWN),
    "withdraw": (Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.APPROVED),
    "delete": (Status.DRAFT, Status.WITHDRAWN, Status.REJECTED),
    "cancel": (Status.APPROVED,),
    "postpone": (Status.APPROVED,),
    # The coordinators' decisions: on a submitted activity, or on the pending change of an
    # approved one.
    "approve": (Status.SUBMITTED,),
    "request_changes": (Status.SUBMITTED,),
    "reject": (Status.SUBMITTED,),
    "approve_change": (Status.APPROVED,),
    "reject_change": (Status.APPROVED,),
}


def problem(step: str, activity: Activity) -> str | None:
    """Why the step cannot be taken on the activity as it is now, in the user's words; None when
    it can."""
    status = activity.status
    if status not in FROM[step]:
        if step == "edit":
            return _("En avslagen eller inställd aktivitet kan inte ändras.")
        if step == "delete":
            return _("Bara aktiviteter som aldrig har godkänts kan tas bort.")
        return _("Det går inte att göra när aktiviteten har status ”%(status)s”.") % {
            "status": activity.get_status_display()
        }
    if step == "withdraw" and status == Status.APPROVED and activity.edition.is_program_published():
        return _("Aktiviteten finns redan i det publicerade programmet. Ställ in den i stället.")
    if step == "delete" and activity.approved_at:
        return _("Bara aktiviteter som aldrig har godkänts kan tas bort.")
    if step == "postpone" and activity.event_status == EventStatus.POSTPONED:
        return _("Aktiviteten är redan uppskjuten.")
    if step == "postpone" and activity.has_ended:
        return _("Aktiviteten har redan ägt rum.")
    if step in ("approve_change", "reject_change") and not activity.has_pending_changes:
        return _("Det finns ingen ändring som väntar på granskning.")
    return None


def allows(step: str, activity: Activity) -> bool:
    return problem(step, activity) is None
