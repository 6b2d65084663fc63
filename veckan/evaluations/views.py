"""The participant's survey and follow-up pages (opened by the link in their mail, no login), the
organiser's results for their activity, and the coordinators' page for an edition: which questions
it asks, and its results.

A survey link is the invitation's own token; a follow-up link is the consent's. Both pages are
never_cache and kept out of search engines. Results are fetched through activity_for_editor, so
another organisation's activity answers 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from veckan.accounts.permissions import coordinator_required
from veckan.activities.access import activity_for_editor, list_url
from veckan.editions.models import Edition
from veckan.evaluations import results, services
from veckan.evaluations.forms import (
    FOLLOW_UP_CONSENT,
    FollowUpConsentForm,
    FollowUpForm,
    SurveyForm,
    SurveySettingsForm,
)
from veckan.evaluations.models import (
    FOLLOW_UP_KEEP_MONTHS,
    FOLLOW_UP_MONTHS,
    MIN_ANSWERS,
    FollowUpConsent,
    FollowUpRound,
    SurveyInvitation,
    SurveySettings,
)
from veckan.lib.forms import form_errors


def _invitation(token: str) -> SurveyInvitation:
    return get_object_or_404(
        SurveyInvitation.objects.select_related("signup__activity__edition"),
        token=token,
        signup__anonymised_at__isnull=True,
    )


def _survey_page(request, invitation, form, consent_form, status=200) -> HttpResponse:
    activity = invitation.signup.activity
    context = {
        "invitation": invitation,
        "activity": activity,
        "form": form,
        "errors": form_errors(form) if form is not None else [],
        "consent_form": consent_form,
        "consent_errors": form_errors(consent_form) if consent_form is not None else [],
        "problem": services.survey_problem(invitation),
        "closes": services.survey_closes(activity),
        "has_follow_up": services.has_follow_up(invitation),
        "can_opt_in": timezone.now() < services.survey_closes(activity),
        "min_answers": MIN_ANSWERS,
        "data_controller": settings.DATA_CONTROLLER,
        "follow_up_months": FOLLOW_UP_MONTHS,
        "keep_months": FOLLOW_UP_KEEP_MONTHS,
    }
    return render(request, "evaluations/survey.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    survey_settings = SurveySettings.of(invitation.signup.activity.edition)
    form = SurveyForm(
        request.POST if request.method == "POST" else None, survey_settings=survey_settings
    )
    if request.method == "POST":
        if (problem := services.survey_problem(invitation)) is not None:
            messages.error(request, problem)
            return redirect("evaluations:survey", token)
        if form.is_valid():
            try:
                services.answer_survey(invitation=invitation, **form.answers())
            except services.EvaluationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Tack för ditt svar!"))
            return redirect("evaluations:survey", token)
        return _survey_page(request, invitation, form, FollowUpConsentForm(), status=400)
    return _survey_page(request, invitation, form, FollowUpConsentForm())


@never_cache
@require_POST
def opt_in(request: HttpRequest, token: str) -> HttpResponse:
    """The follow-up's own form, apart from the survey's: its own tick box, its own consent."""
    invitation = _invitation(token)
    consent_form = FollowUpConsentForm(request.POST)
    if not consent_form.is_valid():
        survey_settings = SurveySettings.of(invitation.signup.activity.edition)
        form = SurveyForm(survey_settings=survey_settings)
        return _survey_page(request, invitation, form, consent_form, status=400)
    try:
        services.opt_in_to_follow_up(
            invitation=invitation, consent_text=str(FOLLOW_UP_CONSENT), language=get_language()
        )
    except services.EvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tack! Vi mejlar dig 3, 6 och 12 månader efter aktiviteten."))
    return redirect("evaluations:survey", token)


def _consent(token: str) -> FollowUpConsent:
    return get_object_or_404(FollowUpConsent.objects.select_related("activity"), token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, token: str, months: int) -> HttpResponse:
    consent = _consent(token)
    round_ = get_object_or_404(FollowUpRound, consent=consent, months=months)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and not round_.answered:
        if form.is_valid():
            try:
                services.answer_follow_up(round_=round_, **form.cleaned_data)
            except services.EvaluationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Tack för ditt svar!"))
            return redirect("evaluations:follow_up", token, months)
        status = 400
    context = {
        "consent": consent,
        "activity": consent.activity,
        "round": round_,
        "form": form,
        "errors": form_errors(form),
    }
    return render(request, "evaluations/follow_up.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        consent = FollowUpConsent.objects.filter(token=token).first()
        if consent is not None:
            services.withdraw_follow_up(consent=consent)
        return render(request, "evaluations/withdrawn.html")
    return render(request, "evaluations/withdraw.html", {"consent": _consent(token)})


@login_required
@never_cache
def activity_results(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)
    context = {
        "activity": activity,
        "summary": results.activity_summary(activity),
        "min_answers": MIN_ANSWERS,
        "back_url": list_url(activity),
    }
    return render(request, "evaluations/activity.html", context)


@coordinator_required
@never_cache
def edition_results(request: HttpRequest, year: int) -> HttpResponse:
    edition = get_object_or_404(Edition, year=year)
    form = SurveySettingsForm(request.POST or None, instance=SurveySettings.of(edition))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Enkätens frågor är sparade."))
        return redirect("evaluations:edition", year)
    totals, rows = results.edition_summary(edition)
    context = {
        "edition": edition,
        "form": form,
        "errors": form_errors(form),
        "totals": totals,
        "rows": rows,
        "min_answers": MIN_ANSWERS,
    }
    return render(request, "evaluations/edition.html", context)
