"""A solution's lifecycle as one table, in the shape of the activities' (activities/lifecycle.py):
which step may be taken from which status. Services enforce it; buttons offer only what `allows` says.
"""

from django.utils.translation import gettext as _

from veckan.solutions.models import Solution, Status

FROM: dict[str, tuple[str, ...]] = {
    # An approved solution may be improved; the edit sends it back to review (services).
    "edit": (Status.DRAFT, Status.CHANGES_REQUESTED, Status.APPROVED),
    "submit": (Status.DRAFT, Status.CHANGES_REQUESTED),
    "approve": (Status.SUBMITTED,),
    "request_changes": (Status.SUBMITTED,),
    "reject": (Status.SUBMITTED,),
}


def problem(step: str, solution: Solution) -> str | None:
    """Why the step cannot be taken now, in the user's words; None when it can."""
    if solution.status in FROM[step]:
        return None
    if step == "edit" and solution.status == Status.SUBMITTED:
        return _("Lösningen granskas just nu och kan ändras när samordnarna har svarat.")
    return _("Det går inte att göra när lösningen har status ”%(status)s”.") % {
        "status": solution.get_status_display()
    }


def allows(step: str, solution: Solution) -> bool:
    return problem(step, solution) is None
