import secrets
from datetime import datetime

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SEAT_STATUSES = ("held", "confirmed")
# Waiting for the email to be confirmed: a held seat, a place in the queue, or (one network's sign-ups
# beyond its few seat-holding ones) no seat until confirmed.
UNCONFIRMED_STATUSES = ("held", "waiting", "pending")


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SignUpQuerySet(models.QuerySet["SignUp"]):
    def with_seat(self) -> "SignUpQuerySet":
        return self.filter(status__in=SEAT_STATUSES)

    def waiting(self) -> "SignUpQuerySet":
        return self.filter(status=SignUp.Status.WAITING).order_by("created_at", "pk")

    def seat_counts(self) -> tuple[tuple[int | None, int, int], ...]:
        """(occasion, seats taken, on the waiting list) for each occasion among these rows (None
        for an activity without occasions), in one aggregate: what an activity's page shows of
        its sign-ups, as with_seat_counts() counts them for the activity and its occasions."""
        rows = (
            self.order_by("occasion_id")
            .values("occasion_id")
            .annotate(
                taken=Count("pk", filter=Q(status__in=SEAT_STATUSES)),
                waiting=Count("pk", filter=Q(status=SignUp.Status.WAITING)),
            )
        )
        return tuple((row["occasion_id"], row["taken"], row["waiting"]) for row in rows)

    def checked_in(self) -> "SignUpQuerySet":
        return self.filter(checked_in_at__isnull=False)

    def attendance_counts(self) -> dict[str, int]:
        """The check-ins among these rows as attendance: online for a digital activity, in
        person for a physical one, and for a hybrid one by how each was checked in."""
        online = Q(activity__format="digital") | Q(
            activity__format="hybrid", checked_in_online=True
        )
        return self.checked_in().aggregate(
            in_person=Count("pk", filter=~online), online=Count("pk", filter=online)
        )

    def expired_holds(self, now: datetime | None = None) -> "SignUpQuerySet":
        """Seats or places in the queue whose email was never confirmed in time."""
        return self.filter(
            status__in=UNCONFIRMED_STATUSES,
            confirmed_at__isnull=True,
            hold_expires_at__lte=now or timezone.now(),
        )


class SignUp(models.Model):
    """One person's sign-up to one activity. No health data and no personal identity numbers."""

    class Status(models.TextChoices):
        HELD = "held", _("Plats reserverad – väntar på bekräftelse")
        CONFIRMED = "confirmed", _("Bekräftad")
        WAITING = "waiting", _("På väntelistan")
        CANCELLED = "cancelled", _("Avanmäld")
        EXPIRED = "expired", _("Inte bekräftad i tid")
        # More unconfirmed sign-ups from one network than may hold seats: this one takes its seat
        # (or a place in the queue) only when its email is confirmed.
        PENDING = "pending", _("Väntar på bekräftelse – ingen plats än")
        REMOVED = "removed", _("Borttagen av arrangören")

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="signups"
    )
    # For an activity run as a series: the occasion signed up to. Seats, the waiting list and
    # "one sign-up per email" then go by occasion. Empty for an activity without occasions.
    occasion = models.ForeignKey(
        "activities.Occasion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("tillfälle"),
    )
    name = models.CharField(_("namn"), max_length=150)
    email = models.EmailField(_("e-postadress"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    no_photo = models.BooleanField(_("vill inte synas på foto eller film"), default=False)
    # The language of the page the person signed up on: every email about the sign-up is in it.
    language = models.CharField(_("språk"), max_length=8, default="sv")
    status = models.CharField(_("status"), max_length=10, choices=Status)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("anmäld"), default=timezone.now)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The reminder an hour before, with the join link, for digital and hybrid activities.
    reminded_soon_at = models.DateTimeField(null=True, blank=True)
    # Set when personal data is purged after the edition; the row stays so the counts stay.
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # The QR code's secret: opened by the activity's organiser it checks the participant in. Apart
    # from the personal token, so the code at the door gives no power over the sign-up.
    checkin_code = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    checked_in_at = models.DateTimeField(_("incheckad"), null=True, blank=True)
    # Checked in by opening the join link (online), not at the door: how a hybrid activity's
    # check-ins are split between in person and online in the attendance figures.
    checked_in_online = models.BooleanField(_("incheckad digitalt"), default=False)
    # The client network the sign-up came from, as a keyed hash (ratelimit.network_mark), never
    # the address: it caps one network's unconfirmed seats and shows organisers likely squatting.
    network = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "email"],
                condition=models.Q(occasion__isnull=True),
                name="one_signup_per_email_and_activity",
            ),
            models.UniqueConstraint(
                fields=["occasion", "email"],
                condition=models.Q(occasion__isnull=False),
                name="one_signup_per_email_and_occasion",
            ),
        ]
        indexes = [models.Index(fields=["activity", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.activity}"

    @property
    def has_seat(self) -> bool:
        return self.status in SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in (*SEAT_STATUSES, self.Status.WAITING, self.Status.PENDING)


class Notice(models.Model):
    """The email that told one participant of one change to their activity (its cancellation, a
    new time, place, format or stream link). One per sign-up and change: nobody is told twice."""

    class Kind(models.TextChoices):
        CHANGED = "changed", _("Ändrad")
        POSTPONED = "postponed", _("Uppskjuten")
        CANCELLED = "cancelled", _("Inställd")

    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="notices")
    # The activity's iCalendar SEQUENCE after the change: which change this notice is of.
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meddelande om ändring")
        verbose_name_plural = _("meddelanden om ändringar")
        constraints = [
            models.UniqueConstraint(fields=["signup", "sequence"], name="one_notice_per_change")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.sequence} – {self.signup}"


class Attendance(models.Model):
    """What the organisers report after the activity: how many came, in person and online."""

    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, related_name="attendance"
    )
    in_person = models.PositiveIntegerField(_("deltagare på plats"), default=0)
    online = models.PositiveIntegerField(_("deltagare digitalt"), default=0)
    reported_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deltagarrapport")
        verbose_name_plural = _("deltagarrapporter")

    def __str__(self) -> str:
        return f"{self.activity}: {self.in_person} + {self.online}"

    @property
    def total(self) -> int:
        return self.in_person + self.online


class AttendanceReminder(models.Model):
    """That the organisers of an ended activity were reminded to report its attendance: the row is
    the claim that makes the reminder go out once."""

    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, related_name="attendance_reminder"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("påminnelse om närvaro")
        verbose_name_plural = _("påminnelser om närvaro")

    def __str__(self) -> str:
        return f"{self.activity}: {self.sent_at:%Y-%m-%d}"


class ParticipantMessage(models.Model):
    """A message the organisers sent to everyone confirmed for an activity: one email each."""

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="participant_messages"
    )
    subject = models.CharField(_("ämne"), max_length=150)
    body = models.TextField(_("meddelande"))
    sent_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("skickat"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("antal mottagare"))
    included_waiting = models.BooleanField(_("även väntelistan"), default=False)
    # Sent only to those who were checked in: "those who came".
    only_checked_in = models.BooleanField(_("bara de som kom"), default=False)

    class Meta:
        verbose_name = _("meddelande till deltagare")
        verbose_name_plural = _("meddelanden till deltagare")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["activity", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.subject} – {self.activity}"
