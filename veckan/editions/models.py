from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veckan.lib.localized import localized
from veckan.lib.text import date_range
from veckan.organisations.models import Kind

DEFAULT_PUBLIC_PARTY_KINDS = [Kind.KOMMUN, Kind.REGION, Kind.STATLIG_MYNDIGHET, Kind.CIVILSAMHALLE]


def default_public_party_kinds() -> list[str]:
    return [str(kind) for kind in DEFAULT_PUBLIC_PARTY_KINDS]


class EditionQuerySet(models.QuerySet["Edition"]):
    def current(self) -> "Edition | None":
        return self.filter(is_current=True).first()

    def archived(self) -> "EditionQuerySet":
        """Earlier editions, newest first: the archive."""
        current = self.filter(is_current=True).values("year")[:1]
        return self.filter(year__lt=models.Subquery(current)).order_by("-year")


class Edition(models.Model):
    """One year's Innovationsveckan: its week, theme and the dates that govern registration."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    name = models.CharField(_("namn"), max_length=100)
    theme = models.CharField(_("tema"), max_length=200)
    theme_description = models.TextField(_("om temat"), blank=True)
    theme_en = models.CharField(_("tema på engelska"), max_length=200, blank=True)
    theme_description_en = models.TextField(_("om temat på engelska"), blank=True)
    starts_on = models.DateField(_("veckan börjar"))
    ends_on = models.DateField(_("veckan slutar"))
    registration_opens = models.DateTimeField(_("anmälan av aktiviteter öppnar"))
    registration_closes = models.DateTimeField(_("sista dag att anmäla aktiviteter"))
    program_published_at = models.DateTimeField(_("programmet publiceras"))
    public_party_kinds = models.JSONField(
        _("organisationstyper som räknas som offentlig part"),
        default=default_public_party_kinds,
        help_text=_("Varje aktivitet måste ha minst en arrangör av någon av dessa typer."),
    )
    is_current = models.BooleanField(_("aktuell utgåva"), default=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("utgåva")
        verbose_name_plural = _("utgåvor")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_edition",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="week_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_theme(self):
        return localized(self.theme, self.theme_en)

    @property
    def display_theme_description(self):
        return localized(self.theme_description, self.theme_description_en)

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                errors["ends_on"] = _("Veckan kan inte sluta innan den börjar.")
            elif (self.ends_on - self.starts_on).days > 13:
                errors["ends_on"] = _("En utgåva kan vara högst två veckor lång.")
            elif self.year and self.starts_on.year != self.year:
                errors["starts_on"] = _("Veckan ska börja under utgåvans år.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _(
                "Sista anmälningsdag måste komma efter att anmälan öppnar."
            )
        if (
            self.registration_closes
            and self.starts_on
            and self.registration_closes.date() > self.starts_on
        ):
            errors["registration_closes"] = _(
                "Anmälan av aktiviteter måste stänga senast när veckan börjar."
            )
        if (
            self.program_published_at
            and self.starts_on
            and timezone.localtime(self.program_published_at).date() > self.starts_on
        ):
            errors["program_published_at"] = _(
                "Programmet måste publiceras senast när veckan börjar."
            )
        invalid = set(self.public_party_kinds or []) - set(Kind.values)
        if invalid:
            errors["public_party_kinds"] = _("Okänd organisationstyp: %(kinds)s") % {
                "kinds": ", ".join(sorted(invalid))
            }
        elif not self.public_party_kinds:
            errors["public_party_kinds"] = _(
                "Välj minst en organisationstyp som räknas som offentlig part."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def days(self) -> list[date]:
        return [
            self.starts_on + timedelta(days=n)
            for n in range((self.ends_on - self.starts_on).days + 1)
        ]

    @property
    def dates(self) -> str:
        """The week as Swedes write it: "4–8 oktober 2027" (in the active language)."""
        return date_range(self.starts_on, self.ends_on)

    @property
    def week_number(self) -> int:
        return self.starts_on.isocalendar().week

    def is_registration_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.registration_opens <= now < self.registration_closes

    def is_program_published(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.program_published_at

    def week_state(self, now: datetime | None = None) -> str:
        """ "before", "during" or "after" the week, by the day it is in Sweden: what texts that
        know the date go by."""
        today = timezone.localdate(now)
        if today < self.starts_on:
            return "before"
        return "during" if today <= self.ends_on else "after"

    def public_party_kind_labels(self) -> list[str]:
        return [str(Kind(kind).label) for kind in self.public_party_kinds]

    def counts_as_public_party(self, kinds: set[str]) -> bool:
        """The public-party rule: whether any of these organisation kinds is a public party of
        this edition. Activities ask it of their organisers, the award of a nominated organisation."""
        return bool(set(kinds) & set(self.public_party_kinds))

    def public_party_problem(self, kinds: set[str]) -> str | None:
        """What is wrong, in the organiser's words, when none of these organiser kinds counts."""
        if self.counts_as_public_party(kinds):
            return None
        return _(
            "Minst en arrangör eller medarrangör måste vara en offentlig part (%(kinds)s). "
            "Lägg till en medarrangör av någon av de typerna."
        ) % {"kinds": ", ".join(self.public_party_kind_labels()).lower()}


class FocusArea(models.Model):
    """A theme strand of an edition that activities tag themselves with."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="focus_areas")
    name = models.CharField(_("namn"), max_length=100)
    name_en = models.CharField(_("namn på engelska"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")
        ordering = ["edition", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="focus_area_unique_in_edition")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self):
        return localized(self.name, self.name_en)
