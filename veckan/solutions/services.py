"""Writes to the catalogue: saving a solution, one function per step of its review, and spread.

draft → submitted → approved | changes requested | rejected, in the table of lifecycle.py. Every step
is logged (who, when, from, to, comment); the coordinators' decisions are emailed to the members of
the owning organisation, and a new adoption to them too.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veckan.lib.email import absolute, send_email
from veckan.lib.slugs import unique_slug
from veckan.organisations.models import Organisation
from veckan.solutions import lifecycle, search
from veckan.solutions.models import Adoption, LogEntry, Solution, Status


class SolutionError(Exception):
    """A step the rules do not allow; the message is for the person who tried it."""


SUBJECTS = {
    LogEntry.Action.APPROVED: gettext_lazy("Lösningen är godkänd"),
    LogEntry.Action.CHANGES_REQUESTED: gettext_lazy("Lösningen behöver ändras"),
    LogEntry.Action.REJECTED: gettext_lazy("Lösningen har inte godkänts"),
}


def _log(solution: Solution, actor, action: str, from_status: str, comment: str = "") -> None:
    LogEntry.objects.create(
        solution=solution,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=solution.status,
        comment=comment,
    )


def _tell_owners(solution: Solution, *, template: str, subject, context: dict) -> None:
    """Email every member of the owning organisation, each separately, in their own language."""
    members = solution.organisation.memberships.values_list("user__email", "user__language")
    for email, language in members:
        send_email(
            to=email,
            template=template,
            language=language,
            subject=lambda: f"{subject}: {solution.title}",
            context=lambda: {
                "solution": solution,
                "mine": absolute(reverse("solutions:mine")),
                "page": absolute(solution.get_absolute_url()),
                **context,
            },
        )


def _locked(solution: Solution) -> Solution:
    solution.refresh_from_db(from_queryset=Solution.objects.select_for_update(of=("self",)))
    return solution


def _check(step: str, solution: Solution) -> None:
    if why := lifecycle.problem(step, solution):
        raise SolutionError(why)


def create_solution(*, solution: Solution, focus_areas=(), activities=(), created_by) -> Solution:
    """Save a new solution as a draft of its organisation."""
    with transaction.atomic():
        solution.slug = unique_slug(solution.title, Solution.objects.all(), fallback="losning")
        solution.status = Status.DRAFT
        solution.created_by = created_by
        solution.save()
        solution.focus_areas.set(focus_areas)
        solution.activities.set(activities)
        search.index(solution)
        _log(solution, created_by, LogEntry.Action.CREATED, Status.DRAFT)
    return solution


def update_solution(*, solution: Solution, focus_areas, activities, editor) -> None:
    """Save an edit. An approved solution goes back to review: the catalogue shows only what a
    coordinator has read."""
    with transaction.atomic():
        status = (
            Solution.objects.select_for_update()
            .values_list("status", flat=True)
            .get(pk=solution.pk)
        )
        if why := lifecycle.problem("edit", Solution(status=status)):
            raise SolutionError(why)
        solution.status = Status.SUBMITTED if status == Status.APPROVED else status
        if status == Status.APPROVED:
            solution.submitted_at = timezone.now()
        solution.save()
        solution.focus_areas.set(focus_areas)
        solution.activities.set(activities)
        search.index(solution)
        _log(solution, editor, LogEntry.Action.EDITED, status)


def submit_solution(*, solution: Solution, by, comment: str = "") -> None:
    """Send a draft (or a corrected solution) to the coordinators for review."""
    with transaction.atomic():
        _locked(solution)
        _check("submit", solution)
        if not (solution.problem.strip() and solution.how_to_start.strip()):
            raise SolutionError(
                _("Beskriv problemet och hur andra kommer i gång innan ni skickar in lösningen.")
            )
        before = solution.status
        solution.status = Status.SUBMITTED
        solution.submitted_at = timezone.now()
        solution.save(update_fields=["status", "submitted_at", "updated_at"])
        _log(solution, by, LogEntry.Action.SUBMITTED, before, (comment or "").strip())


def _decide(solution: Solution, *, step: str, to: str, action: str, reviewer, comment: str):
    with transaction.atomic():
        _locked(solution)
        _check(step, solution)
        before = solution.status
        solution.status = to
        if to == Status.APPROVED:
            solution.approved_at = timezone.now()
            search.index(solution)  # a solution made by a migration has no words yet
        solution.save(update_fields=["status", "approved_at", "updated_at"])
        _log(solution, reviewer, action, before, comment)
        _tell_owners(
            solution,
            template="solutions/email/decision.txt",
            subject=SUBJECTS[action],
            context={"action": action, "comment": comment},
        )


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise SolutionError(message)
    return text


def approve_solution(*, solution: Solution, reviewer, comment: str = "") -> None:
    """Approve a submitted solution: it is in the public catalogue from now on."""
    _decide(
        solution,
        step="approve",
        to=Status.APPROVED,
        action=LogEntry.Action.APPROVED,
        reviewer=reviewer,
        comment=(comment or "").strip(),
    )


def request_changes(*, solution: Solution, reviewer, comment: str) -> None:
    """Send a submitted solution back to its organisation, saying what to change."""
    _decide(
        solution,
        step="request_changes",
        to=Status.CHANGES_REQUESTED,
        action=LogEntry.Action.CHANGES_REQUESTED,
        reviewer=reviewer,
        comment=_required(comment, _("Skriv vad som behöver ändras.")),
    )


def reject_solution(*, solution: Solution, reviewer, reason: str) -> None:
    """Refuse a submitted solution for the catalogue, saying why."""
    _decide(
        solution,
        step="reject",
        to=Status.REJECTED,
        action=LogEntry.Action.REJECTED,
        reviewer=reviewer,
        comment=_required(reason, _("Skriv varför lösningen inte godkänns.")),
    )


def solution_from_nomination(
    *,
    organisation: Organisation,
    title: str,
    description: str,
    contact_name: str,
    contact_email: str,
    film_url: str,
) -> Solution:
    """A draft solution for a nomination to the award: the nominated solution is one of the
    catalogue, which its organisation completes and sends to review."""
    solution = Solution(
        organisation=organisation,
        title=title[:150],
        summary=description[:350],
        problem="",
        solution=description,
        how_to_start="",
        contact_name=contact_name,
        contact_email=contact_email,
        materials=film_url,
    )
    return create_solution(solution=solution, created_by=None)


# --- spread ---------------------------------------------------------------------------------------


def may_mark(*, solution: Solution, organisation: Organisation, user) -> bool:
    """A member of another organisation than the owner may mark a public solution."""
    return (
        solution.is_public
        and organisation.pk != solution.organisation_id
        and organisation.memberships.filter(user=user).exists()
    )


def mark_adoption(
    *, solution: Solution, organisation: Organisation, status: str, note: str = "", by
) -> Adoption:
    """Record (or change) that the organisation tests or has adopted the solution, and tell the
    owners when it is new or its status changed.

    Raises SolutionError for the owner's own organisation, a non-member or a solution not public.
    """
    if not may_mark(solution=solution, organisation=organisation, user=by):
        raise SolutionError(
            _("Bara medlemmar i en annan organisation än ägarens kan markera lösningen.")
        )
    with transaction.atomic():
        adoption = (
            Adoption.objects.select_for_update()
            .filter(solution=solution, organisation=organisation)
            .first()
        )
        changed = adoption is None or adoption.status != status
        if adoption is None:
            adoption = Adoption(solution=solution, organisation=organisation)
        adoption.status = status
        adoption.note = (note or "").strip()
        adoption.marked_by = by
        if status == Adoption.Status.ADOPTED and adoption.adopted_at is None:
            adoption.adopted_at = timezone.now()
        adoption.save()
        if changed:
            _tell_owners(
                solution,
                template="solutions/email/adopted.txt",
                subject=(
                    gettext_lazy("Någon har infört er lösning")
                    if status == Adoption.Status.ADOPTED
                    else gettext_lazy("Någon testar er lösning")
                ),
                context={"adoption": adoption},
            )
    return adoption


def remove_adoption(*, solution: Solution, organisation: Organisation, by) -> None:
    """Take the organisation's mark away again (a member of it only)."""
    if not organisation.memberships.filter(user=by).exists():
        raise SolutionError(_("Bara medlemmar i organisationen kan ta bort markeringen."))
    Adoption.objects.filter(solution=solution, organisation=organisation).delete()
