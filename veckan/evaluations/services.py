"""Sending the survey and the follow-up, taking their answers, and the follow-up's retention.

Every mail goes once: its row (SurveyInvitation, FollowUpRound) is claimed in the same transaction
that queues the mail in the outbox, so running the jobs again, or two at once, sends nothing twice.
Mails are in the participant's language, as every mail about a sign-up is (veckan.lib.email).
"""

import calendar
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veckan.activities.models import Activity, EventStatus, Status
from veckan.evaluations.models import (
    FOLLOW_UP_KEEP_MONTHS,
    FOLLOW_UP_MONTHS,
    FollowUpAnswer,
    FollowUpConsent,
    FollowUpRound,
    SurveyInvitation,
    SurveyResponse,
    SurveySettings,
)
from veckan.lib.email import absolute, email_language, send_email
from veckan.signups.models import SignUp

# The survey goes the morning after the activity, at this hour (Swedish time)...
SURVEY_HOUR = 8
# ... to activities that ended at most this long before: the first run of the job, or one after a
# pause, does not write to everyone of earlier weeks.
SURVEY_WINDOW = timedelta(days=7)
# Answers are taken this long after the activity; well before the participants' data is purged.
SURVEY_OPEN_DAYS = 30


ALREADY_ANSWERED = gettext_lazy("Du har redan svarat på enkäten. Tack!")


class EvaluationError(Exception):
    """An answer the rules do not take; the message is for the participant."""


def add_months(moment: datetime, months: int) -> datetime:
    """The same local time `months` later (earlier, when negative); the 31st becomes the month's
    last day."""
    local = timezone.localtime(moment)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


# --- the survey -------------------------------------------------------------------------------------


def survey_closes(activity: Activity) -> datetime:
    return activity.ends_at + timedelta(days=SURVEY_OPEN_DAYS)


def survey_recipients(activity: Activity):
    """Who gets the survey: those checked in, where anyone was; else everyone confirmed. Not the
    waiting list, the cancelled or anyone whose data is already purged."""
    signups = activity.signups.filter(status=SignUp.Status.CONFIRMED, anonymised_at__isnull=True)
    if activity.signups.checked_in().exists():
        signups = signups.checked_in()
    return signups


def _survey_cutoff(now: datetime) -> datetime:
    """Activities that ended before this get their survey now: before today once it is morning,
    before yesterday until then."""
    local = timezone.localtime(now)
    day = local.date() if local.hour >= SURVEY_HOUR else local.date() - timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=local.tzinfo)


def send_surveys(*, now: datetime | None = None) -> int:
    """Mail the survey to each participant of every activity that ended yesterday (or up to
    SURVEY_WINDOW before), once each, with their own link. Only activities that took place
    (approved, not postponed) in editions whose survey asks anything. Returns how many were sent."""
    now = now or timezone.now()
    cutoff = _survey_cutoff(now)
    activities = (
        Activity.objects.filter(
            status=Status.APPROVED, ends_at__lt=cutoff, ends_at__gte=cutoff - SURVEY_WINDOW
        )
        .exclude(event_status=EventStatus.POSTPONED)
        .filter(signups__status=SignUp.Status.CONFIRMED)
        .distinct()
        .select_related("edition")
    )
    sent = 0
    for activity in activities:
        if not SurveySettings.of(activity.edition).asks_anything:
            continue
        # One survey per person and activity: someone signed up to several occasions of a
        # series is asked once, after the last.
        asked = set(
            SurveyInvitation.objects.filter(signup__activity=activity).values_list(
                "signup__email", flat=True
            )
        )
        due = survey_recipients(activity).filter(survey_invitation__isnull=True)
        for signup in due.select_related("activity").order_by("pk"):
            if signup.email in asked:
                continue
            asked.add(signup.email)
            with transaction.atomic():
                invitation, created = SurveyInvitation.objects.get_or_create(
                    signup=signup, defaults={"sent_at": now}
                )
                if created:
                    _send_survey(invitation)
                    sent += 1
    return sent


def _send_survey(invitation: SurveyInvitation) -> None:
    signup = invitation.signup
    activity = signup.activity
    send_email(
        to=signup.email,
        template="evaluations/email/survey.txt",
        language=signup.language,
        subject=lambda: _("Vad tyckte du om %(title)s?") % {"title": activity.display_title},
        context=lambda: {
            "signup": signup,
            "activity": activity,
            "survey_url": absolute(reverse("evaluations:survey", args=[invitation.token])),
            "closes": survey_closes(activity),
        },
    )


def survey_problem(invitation: SurveyInvitation, now: datetime | None = None) -> str | None:
    """Why this link takes no answer now, or None when it does."""
    if invitation.answered:
        return str(ALREADY_ANSWERED)
    if (now or timezone.now()) >= survey_closes(invitation.signup.activity):
        return _("Enkäten är stängd.")
    return None


def answer_survey(
    *,
    invitation: SurveyInvitation,
    rating: int | None,
    will_use: str,
    comment: str,
    now: datetime | None = None,
) -> SurveyResponse:
    """Take one answer for the invitation's activity: stored without the sign-up, the address or the
    time (see models), and the invitation marked answered, in one transaction. Raises
    EvaluationError when the link has answered already or the survey is closed."""
    if problem := survey_problem(invitation, now):
        raise EvaluationError(problem)
    with transaction.atomic():
        # The conditional update is the claim: of two answers sent at once, one gets through.
        if not SurveyInvitation.objects.filter(pk=invitation.pk, answered=False).update(
            answered=True
        ):
            raise EvaluationError(str(ALREADY_ANSWERED))
        invitation.answered = True
        return SurveyResponse.objects.create(
            activity_id=invitation.signup.activity_id,
            rating=rating,
            will_use=will_use,
            comment=comment.strip(),
        )


# --- the follow-up -------------------------------------------------------------------------------


def opt_in_to_follow_up(
    *,
    invitation: SurveyInvitation,
    consent_text: str,
    language: str | None = None,
    now: datetime | None = None,
) -> FollowUpConsent:
    """Record the participant's consent to the follow-up: their address, the activity, the time and
    the text they agreed to. Nothing links it to their survey answer. Asking twice keeps the first
    consent. Raises EvaluationError once the survey is closed."""
    now = now or timezone.now()
    signup = invitation.signup
    if now >= survey_closes(signup.activity):
        raise EvaluationError(_("Det går inte längre att anmäla sig till uppföljningen."))
    try:
        with transaction.atomic():
            consent, _created = FollowUpConsent.objects.get_or_create(
                activity_id=signup.activity_id,
                email=signup.email,
                defaults={
                    "consented_at": now,
                    "consent_text": consent_text,
                    "language": email_language(language or signup.language),
                },
            )
    except IntegrityError:  # the same consent, given twice at once
        consent = FollowUpConsent.objects.get(activity_id=signup.activity_id, email=signup.email)
    return consent


def has_follow_up(invitation: SurveyInvitation) -> bool:
    signup = invitation.signup
    return FollowUpConsent.objects.filter(
        activity_id=signup.activity_id, email=signup.email
    ).exists()


def send_follow_ups(*, now: datetime | None = None) -> int:
    """Mail the follow-up question to every consent whose activity ended 3, 6 or 12 months ago,
    each round once. A round missed while the job did not run is skipped when a later one is due:
    nobody gets two at once. Nothing goes after the consent's retention. Returns how many were sent."""
    now = now or timezone.now()
    kept_from = add_months(now, -FOLLOW_UP_KEEP_MONTHS)
    sent = 0
    for months in sorted(FOLLOW_UP_MONTHS, reverse=True):
        due = (
            FollowUpConsent.objects.filter(
                activity__ends_at__lte=add_months(now, -months), activity__ends_at__gt=kept_from
            )
            .exclude(rounds__months__gte=months)
            .select_related("activity")
        )
        for consent in due:
            with transaction.atomic():
                round_, created = FollowUpRound.objects.get_or_create(
                    consent=consent, months=months, defaults={"sent_at": now}
                )
                if created:
                    _send_follow_up(round_)
                    sent += 1
    return sent


def _send_follow_up(round_: FollowUpRound) -> None:
    consent = round_.consent
    activity = consent.activity
    send_email(
        to=consent.email,
        template="evaluations/email/follow_up.txt",
        language=consent.language,
        subject=lambda: (
            _("%(months)d månader efter %(title)s: har du provat något?")
            % {"months": round_.months, "title": activity.display_title}
        ),
        context=lambda: {
            "activity": activity,
            "months": round_.months,
            "answer_url": absolute(
                reverse("evaluations:follow_up", args=[consent.token, round_.months])
            ),
            "withdraw_url": absolute(reverse("evaluations:withdraw", args=[consent.token])),
            "deleted_on": add_months(activity.ends_at, FOLLOW_UP_KEEP_MONTHS).date(),
        },
    )


def answer_follow_up(*, round_: FollowUpRound, outcome: str, comment: str) -> FollowUpAnswer:
    """Take the answer to one follow-up round, anonymously as the survey's, once. Raises
    EvaluationError when the round has been answered."""
    with transaction.atomic():
        if not FollowUpRound.objects.filter(pk=round_.pk, answered=False).update(answered=True):
            raise EvaluationError(_("Du har redan svarat på den här frågan. Tack!"))
        round_.answered = True
        return FollowUpAnswer.objects.create(
            activity_id=round_.consent.activity_id,
            months=round_.months,
            outcome=outcome,
            comment=comment.strip(),
        )


def withdraw_follow_up(*, consent: FollowUpConsent) -> None:
    """Delete the consent, its address and its rounds at once: no more follow-up mails. Answers
    already given stay, as they are anonymous figures."""
    consent.delete()


def purge_follow_ups(*, now: datetime | None = None) -> int:
    """The follow-up's own retention: delete every consent (address, rounds) whose activity ended
    FOLLOW_UP_KEEP_MONTHS ago. Independent of the participants' purge after the edition, which
    leaves consents alone. Returns how many consents were deleted."""
    now = now or timezone.now()
    _count, by_model = FollowUpConsent.objects.filter(
        activity__ends_at__lte=add_months(now, -FOLLOW_UP_KEEP_MONTHS)
    ).delete()
    return by_model.get(FollowUpConsent._meta.label, 0)
