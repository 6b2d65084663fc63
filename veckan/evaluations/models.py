"""Evaluation after an activity: a short survey the next morning, and an opt-in follow-up at 3, 6
and 12 months.

Anonymity is in the tables, not in a promise. What links a survey to a person is the invitation
(SurveyInvitation, one per sign-up: its token is the link in the email, `answered` its mark). The
answer (SurveyResponse) holds only the activity and the answers: no sign-up, no address, no
invitation, no time, and a random primary key, so neither its id nor its order in the table says
which invitation it came from. The organiser sees the activity's answers added up, and only once
MIN_ANSWERS have answered, so a single person's answer cannot be picked out by waiting for it.

The follow-up is a separate consent (FollowUpConsent: the address, when and to what it was given,
for which activity) that nothing about the sign-up refers to, so the participants' purge after the
edition leaves it alone; its own retention (services.purge_follow_ups) deletes it FOLLOW_UP_KEEP_MONTHS
after the activity, and withdrawing deletes it at once. Its answers (FollowUpAnswer) are anonymous
the same way as the survey's and stay as figures.
"""

import secrets
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Fewer answers than this are not shown (counted, not shown): one person's answer must not be
# recognisable by the organiser who knows who came.
MIN_ANSWERS = 3
# When, after the activity, the follow-up asks; and when the consent and its address are deleted.
FOLLOW_UP_MONTHS = (3, 6, 12)
FOLLOW_UP_KEEP_MONTHS = 13


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SurveySettings(models.Model):
    """Which questions an edition's survey asks, chosen by the coordinators. An edition without a
    row asks all three (SurveySettings.of); with none chosen, no survey is sent."""

    edition = models.OneToOneField(
        "editions.Edition", on_delete=models.CASCADE, related_name="survey_settings"
    )
    ask_rating = models.BooleanField(_("Betyg 1–5"), default=True)
    ask_will_use = models.BooleanField(
        _("”Kommer du att använda något du lärde dig?” (ja, kanske, nej)"), default=True
    )
    ask_comment = models.BooleanField(_("Fritext"), default=True)

    class Meta:
        verbose_name = _("enkätinställning")
        verbose_name_plural = _("enkätinställningar")

    def __str__(self) -> str:
        return str(self.edition)

    @classmethod
    def of(cls, edition) -> "SurveySettings":
        """The edition's choice, or the defaults (unsaved) when coordinators have not chosen."""
        return cls.objects.filter(edition=edition).first() or cls(edition=edition)

    @property
    def asks_anything(self) -> bool:
        return self.ask_rating or self.ask_will_use or self.ask_comment


class SurveyInvitation(models.Model):
    """That one sign-up was sent the survey (the row is the claim that sends it once) and whether
    it has answered. Deliberately nothing about the answer."""

    signup = models.OneToOneField(
        "signups.SignUp", on_delete=models.CASCADE, related_name="survey_invitation"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField(default=timezone.now)
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("inbjudan till enkät")
        verbose_name_plural = _("inbjudningar till enkät")

    def __str__(self) -> str:
        return f"{self.signup_id}: {self.sent_at:%Y-%m-%d}"


class WillUse(models.TextChoices):
    YES = "yes", _("Ja")
    MAYBE = "maybe", _("Kanske")
    NO = "no", _("Nej")


class ResponseQuerySet(models.QuerySet["SurveyResponse"]):
    def summary(self) -> dict:
        """Counts and the average rating of these answers, in one query."""
        return self.aggregate(
            answers=Count("pk"),
            rated=Count("rating"),
            average=Avg("rating"),
            **{f"rating_{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)},
            **{f"will_use_{c}": Count("pk", filter=Q(will_use=c)) for c in WillUse.values},
        )

    def comments(self) -> list[str]:
        # Ordered by the text, not by when: the order must not tell who wrote which.
        return list(self.exclude(comment="").order_by("comment").values_list("comment", flat=True))


class SurveyResponse(models.Model):
    """One anonymous answer to the survey about one activity. See the module docstring: no link to
    the sign-up, the person or the time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="survey_responses"
    )
    rating = models.PositiveSmallIntegerField(
        _("betyg"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    will_use = models.CharField(
        _("kommer att använda något"), max_length=5, choices=WillUse, blank=True
    )
    comment = models.TextField(_("fritext"), blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="rating_one_to_five",
            )
        ]

    def __str__(self) -> str:
        return str(self.activity_id)


class FollowUpConsent(models.Model):
    """A participant's opt-in to be asked at 3, 6 and 12 months whether they tried or adopted
    something. Only what mailing them needs: the address, the language, which activity, and the
    consent itself (when, and the text they agreed to)."""

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="follow_up_consents"
    )
    email = models.EmailField(_("e-postadress"))
    language = models.CharField(max_length=8, default="sv")
    consented_at = models.DateTimeField(_("samtycke givet"), default=timezone.now)
    consent_text = models.TextField(_("samtyckestext"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("samtycke till uppföljning")
        verbose_name_plural = _("samtycken till uppföljning")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "email"], name="one_follow_up_per_email_and_activity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.consented_at:%Y-%m-%d}"


class FollowUpRound(models.Model):
    """That one follow-up question (at `months`) was mailed to one consent, and whether it was
    answered: the claim that sends it once and lets it be answered once. Deleted with the consent."""

    consent = models.ForeignKey(FollowUpConsent, on_delete=models.CASCADE, related_name="rounds")
    months = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    answered = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consent", "months"], name="one_round_per_months")
        ]

    def __str__(self) -> str:
        return f"{self.consent_id}: {self.months}"


class Outcome(models.TextChoices):
    TRIED = "tried", _("Ja, vi har provat")
    ADOPTED = "adopted", _("Ja, vi har infört det")
    NOT_YET = "not_yet", _("Inte än")


class FollowUpAnswerQuerySet(models.QuerySet["FollowUpAnswer"]):
    def summary(self) -> list[dict]:
        """Per round (3, 6, 12 months): how many answered, and how many of each outcome."""
        counts = {
            row["months"]: row
            for row in self.values("months").annotate(
                answers=Count("pk"),
                **{c: Count("pk", filter=Q(outcome=c)) for c in Outcome.values},
            )
        }
        empty = {"answers": 0, **dict.fromkeys(Outcome.values, 0)}
        return [(counts.get(m) or empty) | {"months": m} for m in FOLLOW_UP_MONTHS]

    def comments(self) -> list[str]:
        return list(self.exclude(comment="").order_by("comment").values_list("comment", flat=True))


class FollowUpAnswer(models.Model):
    """One anonymous answer to one follow-up question: the activity, the round and the answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="follow_up_answers"
    )
    months = models.PositiveSmallIntegerField()
    outcome = models.CharField(_("svar"), max_length=8, choices=Outcome)
    comment = models.TextField(_("fritext"), blank=True)

    objects = FollowUpAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("svar på uppföljning")
        verbose_name_plural = _("svar på uppföljning")

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.months}"
