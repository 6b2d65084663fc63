"""Lätt att sprida: the catalogue of solutions an organisation has shown, and where they spread.

A solution belongs to an organisation, not to an edition: it outlives the week, and refers to the
activities and award nominations it was shown in. It is reviewed as an activity is (lifecycle.py)
and public once approved. Other organisations record that they test it or have adopted it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from veckan.activities.models import Status as ActivityStatus


class Status(models.TextChoices):
    # The activities' words for the same steps: one review vocabulary for coordinators.
    DRAFT = ActivityStatus.DRAFT.value, ActivityStatus.DRAFT.label
    SUBMITTED = ActivityStatus.SUBMITTED.value, ActivityStatus.SUBMITTED.label
    APPROVED = ActivityStatus.APPROVED.value, ActivityStatus.APPROVED.label
    CHANGES_REQUESTED = (
        ActivityStatus.CHANGES_REQUESTED.value,
        ActivityStatus.CHANGES_REQUESTED.label,
    )
    REJECTED = ActivityStatus.REJECTED.value, ActivityStatus.REJECTED.label


class Maturity(models.TextChoices):
    IDEA = "idea", _("Idé")
    PILOT = "pilot", _("Testas")
    IN_USE = "in_use", _("I drift")
    SPREAD = "spread", _("Spridd till fler")


_URL = URLValidator(schemes=["https", "http"])


def material_links(text: str) -> list[tuple[str, str]]:
    """The material as (title, url) pairs: one a line, "Title https://…" or only the address."""
    links = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        title, _space, url = line.rpartition(" ")
        links.append(((title.strip(" –-:") or url), url))
    return links


def validate_materials(text: str) -> None:
    for number, (_title, url) in enumerate(material_links(text), start=1):
        try:
            _URL(url)
        except ValidationError:
            raise ValidationError(
                _("Rad %(number)d slutar inte med en webbadress (https://…)."),
                params={"number": number},
                code="material_url",
            ) from None


class SolutionQuerySet(models.QuerySet["Solution"]):
    def public(self) -> "SolutionQuerySet":
        """Approved solutions: the catalogue, its search, the open data."""
        return self.filter(status=Status.APPROVED)

    def of_user(self, user) -> "SolutionQuerySet":
        """Solutions of the organisations the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def awaiting_review(self) -> "SolutionQuerySet":
        return self.filter(status=Status.SUBMITTED)

    def shown_in(self, edition) -> "SolutionQuerySet":
        """Solutions shown in the edition: in one of its activities, or nominated to its award."""
        return self.filter(
            models.Q(activities__edition=edition) | models.Q(nominations__award__edition=edition)
        ).distinct()

    def for_cards(self) -> "SolutionQuerySet":
        return self.select_related("organisation__home_municipality__county").prefetch_related(
            "focus_areas"
        )


class Solution(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="solutions",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("namn på lösningen"), max_length=150)
    slug = models.SlugField(max_length=90, unique=True)
    summary = models.CharField(_("sammanfattning"), max_length=350)
    problem = models.TextField(_("problemet"), max_length=4000)
    solution = models.TextField(_("lösningen"), max_length=6000)
    how_to_start = models.TextField(_("så kommer andra i gång"), max_length=4000)
    effort = models.CharField(_("insats"), max_length=500, blank=True)
    cost = models.CharField(_("kostnad"), max_length=500, blank=True)
    maturity = models.CharField(
        _("mognad"), max_length=10, choices=Maturity, default=Maturity.PILOT
    )
    licence = models.CharField(_("licens"), max_length=100, blank=True)
    repository_url = models.URLField(_("källkod eller repository"), max_length=500, blank=True)
    materials = models.TextField(
        _("material"), blank=True, max_length=4000, validators=[validate_materials]
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=150)
    contact_email = models.EmailField(_("kontaktpersonens e-postadress"))
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=40, blank=True)
    # Contact details are personal data: public only when the owner chooses so.
    show_contact = models.BooleanField(_("visa kontaktpersonen offentligt"), default=False)
    focus_areas = models.ManyToManyField(
        "editions.FocusArea", blank=True, related_name="solutions", verbose_name=_("fokusområden")
    )
    activities = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="solutions",
        verbose_name=_("visad i aktiviteterna"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Stemmed words (search.py), written by the services whenever the text changes.
    search_words = models.TextField(default="", editable=False)
    search_folded = models.TextField(default="", editable=False)

    objects = SolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("lösning")
        verbose_name_plural = _("lösningar")
        ordering = ["-approved_at", "-pk"]
        indexes = [models.Index(fields=["status", "approved_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("solutions:detail", args=[self.slug])

    @property
    def material_links(self) -> list[tuple[str, str]]:
        return material_links(self.materials)

    @property
    def is_public(self) -> bool:
        return self.status == Status.APPROVED


class LogEntry(models.Model):
    """One step of a solution's review: who, when, from and to which status, and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("Skapad")
        EDITED = "edited", _("Ändrad")
        SUBMITTED = "submitted", _("Inskickad för granskning")
        APPROVED = "approved", _("Godkänd")
        CHANGES_REQUESTED = "changes_requested", _("Ändringar begärda")
        REJECTED = "rejected", _("Avslagen")

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action)
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.solution}: {self.get_action_display()}"


class Adoption(models.Model):
    """Another organisation's word that it tests, or has adopted, a solution: how spread is counted.
    One per organisation and solution; changing it keeps the row and its first date."""

    class Status(models.TextChoices):
        TESTING = "testing", _("Vi testar")
        ADOPTED = "adopted", _("Vi har infört")

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="adoptions"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status)
    note = models.CharField(_("kommentar"), max_length=500, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("spridning")
        verbose_name_plural = _("spridning")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "organisation"], name="one_adoption_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.solution}: {self.get_status_display()}"
