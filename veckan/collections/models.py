"""Collections: a named program across organisations within an edition ("Kronobergs
innovationsvecka"), by rules or picked by hand, with its own page, feeds, API filter and statistics
(all of them the program's own, narrowed by ProgramSearch's `samling` parameter)."""

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from veckan.activities.models import Activity, ActivityQuerySet, CoOrganiser


class Collection(models.Model):
    """A named selection of an edition's published program.

    An activity of the edition is in the collection when it is picked by hand, or when at least one
    rule is set and it matches every rule that is set:

    - counties: it takes place in one of them (a digital activity, with no place, never matches);
    - organisations: one of them is its organiser or a registered co-organiser;
    - focus areas: it has one of them.

    Within a rule any value matches (OR); between rules all must (AND). A collection with no rules
    holds only its hand-picked activities. Only what the program shows counts: approved or cancelled
    activities of the edition, once its program is published (drafts and submissions never do).
    """

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="collections",
        verbose_name=_("utgåva"),
    )
    name = models.CharField(_("namn"), max_length=150)
    slug = models.SlugField(
        _("adress"), max_length=100, help_text=_("Samlingens adress: /program/samlingar/<adress>/.")
    )
    description = models.TextField(_("beskrivning"), blank=True)
    counties = models.ManyToManyField(
        "geography.County", blank=True, related_name="+", verbose_name=_("län")
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("organisationer"),
        help_text=_("Som arrangör eller medarrangör."),
    )
    focus_areas = models.ManyToManyField(
        "editions.FocusArea", blank=True, related_name="+", verbose_name=_("fokusområden")
    )
    picked = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="+",
        verbose_name=_("handplockade aktiviteter"),
        help_text=_("Ingår alltid, vad reglerna än säger."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("samling")
        verbose_name_plural = _("samlingar")
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="collection_slug_per_edition")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.edition.is_current:
            return reverse("program:collection", args=[self.slug])
        return reverse("program:archive_collection", args=[self.edition.year, self.slug])

    def _rules(self) -> Q | None:
        """Every rule that is set, ANDed; None when no rule is."""
        rules = []
        counties = self.counties.values("pk")
        if counties.exists():
            rules.append(Q(municipality__county__in=counties))
        organisations = self.organisations.values("pk")
        if organisations.exists():
            co_organised = CoOrganiser.objects.filter(organisation__in=organisations)
            rules.append(
                Q(organisation__in=organisations) | Q(pk__in=co_organised.values("activity"))
            )
        areas = self.focus_areas.values("pk")
        if areas.exists():
            through = Activity.focus_areas.through.objects.filter(focusarea__in=areas)
            rules.append(Q(pk__in=through.values("activity")))
        if not rules:
            return None
        combined = rules[0]
        for rule in rules[1:]:
            combined &= rule
        return combined

    def selects(self) -> Q:
        """Which of all activities, whatever their status, the collection is about: the
        edition's hand-picked ones and those matching the rules. What a regional coordinator of
        the collection reviews; the public see only the published part (`activities`)."""
        selected = Q(pk__in=self.picked.values("pk"))
        if (rules := self._rules()) is not None:
            selected |= rules
        return Q(edition_id=self.edition_id) & selected

    def activities(self, now: datetime | None = None) -> ActivityQuerySet:
        """The collection's activities among the edition's published program (see the class)."""
        return Activity.objects.published(now).filter(self.selects())
