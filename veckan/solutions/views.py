"""Mina lösningar and the coordinators' review of solutions. Each view fetches through
_solution_for_editor (404 for other organisations), validates one form, calls one service, redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veckan.accounts.permissions import acts_as_coordinator, coordinator_required
from veckan.organisations.models import Organisation
from veckan.solutions import lifecycle, services
from veckan.solutions.forms import DecisionForm, SolutionForm
from veckan.solutions.models import Solution, Status


def _organisations_for(user):
    if acts_as_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.of_user(user)


def _solution_for_editor(request: HttpRequest, pk: int) -> Solution:
    """The solution, for members of its organisation and coordinators; 404 for anyone else."""
    solutions = Solution.objects.select_related("organisation")
    if not acts_as_coordinator(request.user):
        solutions = solutions.of_user(request.user)
    return get_object_or_404(solutions.distinct(), pk=pk)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    solutions = list(
        Solution.objects.of_user(request.user)
        .select_related("organisation")
        .prefetch_related("log")
        .distinct()
        .order_by("-updated_at")
    )
    for solution in solutions:
        solution.actions = {step for step in ("edit", "submit") if lifecycle.allows(step, solution)}
        comments = [e for e in solution.log.all() if e.comment]
        solution.last_comment = comments[-1] if comments else None
    return render(
        request,
        "solutions/mine.html",
        {"solutions": solutions, "has_organisation": _organisations_for(request.user).exists()},
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    organisations = _organisations_for(request.user)
    form = SolutionForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if form.is_valid():
        services.create_solution(
            solution=form.save(commit=False),
            focus_areas=form.cleaned_data["focus_areas"],
            activities=form.cleaned_data["activities"],
            created_by=request.user,
        )
        messages.success(
            request, _("Lösningen är sparad som utkast. Skicka in den när den är klar.")
        )
        return redirect("solutions:mine")
    return render(request, "solutions/form.html", {"form": form, "solution": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    solution = _solution_for_editor(request, pk)
    if why := lifecycle.problem("edit", solution):
        messages.error(request, why)
        return redirect("solutions:mine")
    form = SolutionForm(
        request.POST if request.method == "POST" else None,
        instance=solution,
        organisations=_organisations_for(request.user),
    )
    if form.is_valid():
        was_public = solution.is_public
        try:
            services.update_solution(
                solution=form.save(commit=False),
                focus_areas=form.cleaned_data["focus_areas"],
                activities=form.cleaned_data["activities"],
                editor=request.user,
            )
        except services.SolutionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Ändringarna är sparade och lösningen granskas igen.")
                if was_public
                else _("Ändringarna är sparade."),
            )
        return redirect("solutions:mine")
    return render(request, "solutions/form.html", {"form": form, "solution": solution})


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    solution = _solution_for_editor(request, pk)
    try:
        services.submit_solution(solution=solution, by=request.user)
    except services.SolutionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Lösningen är inskickad. Samordnarna granskar den."))
    return redirect("solutions:mine")


# --- the coordinators' review ----------------------------------------------------------------------


@coordinator_required
def queue(request: HttpRequest) -> HttpResponse:
    solutions = (
        Solution.objects.awaiting_review()
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )
    return render(request, "solutions/review_queue.html", {"solutions": solutions})


@coordinator_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    solution = get_object_or_404(
        Solution.objects.select_related("organisation__home_municipality").prefetch_related(
            "focus_areas", "activities__edition", "log__actor"
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and solution.status != Status.SUBMITTED:
        messages.error(request, lifecycle.problem("approve", solution))
        return redirect("solutions:queue")
    if form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == "approve":
                services.approve_solution(solution=solution, reviewer=request.user, comment=comment)
            elif decision == "request_changes":
                services.request_changes(solution=solution, reviewer=request.user, comment=comment)
            else:
                services.reject_solution(solution=solution, reviewer=request.user, reason=comment)
        except services.SolutionError as error:
            form.add_error("comment", str(error))
        else:
            messages.success(request, _("Beslutet är sparat och organisationen har fått ett mejl."))
            return redirect("solutions:queue")
    return render(request, "solutions/review.html", {"solution": solution, "form": form})
