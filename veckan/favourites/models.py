"""Mitt program: the activities a visitor has starred, with or without an account.

A visitor without an account finds their program through the session (the only cookie it needs);
one with an account through the account. Calendar apps find it through its secret token, which is
all the feed URL carries: the program holds no personal data, only which activities are starred.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(24)


class PersonalProgramQuerySet(models.QuerySet["PersonalProgram"]):
    def anonymous(self) -> "PersonalProgramQuerySet":
        return self.filter(user__isnull=True)

    def unused_since(self, moment) -> "PersonalProgramQuerySet":
        return self.filter(last_seen_at__lt=moment)


class PersonalProgram(models.Model):
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_program",
        verbose_name=_("konto"),
    )
    activities = models.ManyToManyField(
        "activities.Activity", through="Star", related_name="+", verbose_name=_("aktiviteter")
    )
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    # When the program was last starred in, looked at or fetched by a calendar: what the purge of
    # forgotten anonymous programs goes by (see the purge_personal_programs command).
    last_seen_at = models.DateTimeField(_("senast använt"), default=timezone.now, db_index=True)

    objects = PersonalProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("personligt program")
        verbose_name_plural = _("personliga program")

    def __str__(self) -> str:
        return f"Mitt program #{self.pk}"


class Star(models.Model):
    program = models.ForeignKey(PersonalProgram, on_delete=models.CASCADE, related_name="stars")
    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="+")
    # A default rather than auto_now_add, so that merging programs keeps when each star was given.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sparad aktivitet")
        verbose_name_plural = _("sparade aktiviteter")
        constraints = [
            models.UniqueConstraint(fields=["program", "activity"], name="one_star_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.activity_id}"
