"""Lätt att sprida-priset: nominations, the jury's scores and the public vote of one edition."""

import secrets
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_AWARD_NAME = "Lätt att sprida-priset"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Award(models.Model):
    edition = models.OneToOneField(
        "editions.Edition", on_delete=models.CASCADE, related_name="award"
    )
    name = models.CharField(_("namn"), max_length=150, default=DEFAULT_AWARD_NAME)
    nominations_open = models.DateTimeField(_("nomineringen öppnar"))
    nominations_close = models.DateTimeField(_("nomineringen stänger"))
    vote_open = models.DateTimeField(_("omröstningen öppnar"))
    vote_close = models.DateTimeField(_("omröstningen stänger"))

    class Meta:
        verbose_name = _("pris")
        verbose_name_plural = _("priser")

    def __str__(self) -> str:
        return f"{self.name} {self.edition.year}"

    def is_nominating(self, now: datetime | None = None) -> bool:
        return self.nominations_open <= (now or timezone.now()) < self.nominations_close

    def is_voting(self, now: datetime | None = None) -> bool:
        return self.vote_open <= (now or timezone.now()) < self.vote_close


class Criterion(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("namn"), max_length=150)
    weight = models.PositiveSmallIntegerField(_("vikt"), default=1)

    class Meta:
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class NominationQuerySet(models.QuerySet["Nomination"]):
    def for_jury(self) -> "NominationQuerySet":
        return self.filter(status__in=(Nomination.Status.ACCEPTED, Nomination.Status.SHORTLISTED))

    def in_final(self) -> "NominationQuerySet":
        """What the public sees and votes on: the shortlist, and the winner among it."""
        return self.filter(status__in=(Nomination.Status.SHORTLISTED, Nomination.Status.WINNER))


class Nomination(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Inskickad")
        ACCEPTED = "accepted", _("Godkänd")
        REJECTED = "rejected", _("Avvisad")
        SHORTLISTED = "shortlisted", _("Finalist")
        WINNER = "winner", _("Vinnare")

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="nominations")
    solution_name = models.CharField(_("lösningens namn"), max_length=200)
    description = models.TextField(_("beskrivning"))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="nominations"
    )
    film_url = models.URLField(_("länk till film"))
    # A nomination is a solution of the catalogue: the award is one place it was shown.
    solution = models.ForeignKey(
        "solutions.Solution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("lösning"),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=150)
    contact_email = models.EmailField(_("kontaktpersonens e-postadress"))
    rights_confirmed = models.BooleanField(_("rättigheterna är bekräftade"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.SUBMITTED)
    created_at = models.DateTimeField(_("nominerad"), default=timezone.now)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nominering")
        verbose_name_plural = _("nomineringar")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.solution_name


class Juror(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="jurors")

    class Meta:
        verbose_name = _("jurymedlem")
        verbose_name_plural = _("jurymedlemmar")
        constraints = [
            models.UniqueConstraint(fields=["award", "user"], name="one_juror_per_user_and_award")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Score(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("poäng"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("poäng")
        verbose_name_plural = _("poäng")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "nomination", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="score_from_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.nomination}: {self.value}"


class ConflictOfInterest(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="conflicts")

    class Meta:
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "nomination"], name="one_conflict_per_juror_and_nomination"
            )
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.nomination}"


class Vote(models.Model):
    """One person's vote, counted once its email address is confirmed. One per address and award."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="votes")
    email = models.EmailField(_("e-postadress"))
    # The inbox, however the address was written (lib.email.mailbox): one vote per inbox.
    mailbox = models.CharField(_("e-postlåda"), max_length=254)
    # Which client network the vote came from, as a keyed hash (no address is kept): enough for
    # coordinators to see a burst of votes from one place, nothing more.
    network = models.CharField(_("nätverk"), max_length=16, blank=True)
    # The language of the page the vote was cast on: the confirmation email is in it.
    language = models.CharField(_("språk"), max_length=8, default="sv")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    created_at = models.DateTimeField(_("röstade"), default=timezone.now)
    # A coordinator's decision that the vote does not count, and why; the vote stays on record.
    voided_at = models.DateTimeField(_("ogiltigförklarad"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(_("skäl"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "mailbox"], name="one_vote_per_mailbox_and_award"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.nomination}"

    @property
    def domain(self) -> str:
        """The email domain the vote came from (a voided duplicate's mailbox ends in #pk)."""
        return self.mailbox.partition("@")[2].partition("#")[0]
