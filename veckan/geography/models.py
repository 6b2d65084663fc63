"""Sweden's counties (län) and municipalities (kommuner): fixed reference data.

The rows come from ``data/*.json`` (see ``scripts/build_geodata.py``) and are loaded by
migration 0002, so every database has all 21 counties and 290 municipalities. Paths
are SVG path data in the shared coordinate system of ``reference.map_viewbox()``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from veckan.lib.text import swedish_sort_key


class County(models.Model):
    code = models.CharField(_("länskod"), max_length=2, primary_key=True)
    name = models.CharField(_("namn"), max_length=60)
    path = models.TextField(_("kartkontur"), help_text=_("SVG-sökväg i kartans koordinater."))

    class Meta:
        verbose_name = _("län")
        verbose_name_plural = pgettext_lazy("plural", "län")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("kommunkod"), max_length=4, primary_key=True)
    name = models.CharField(_("namn"), max_length=60)
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("län"),
    )
    path = models.TextField(_("kartkontur"), help_text=_("SVG-sökväg i kartans koordinater."))
    centroid_x = models.FloatField(_("mittpunkt x"))
    centroid_y = models.FloatField(_("mittpunkt y"))

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def municipality_choices() -> list:
    """Every municipality under its county, both in Swedish alphabetical order, for <optgroup>.
    The one home of that order: a database sorts by code point (Ä before Å, Ö after Ø)."""
    counties: dict[str, list[tuple[str, str]]] = {}
    rows = Municipality.objects.values_list("code", "name", "county__name")
    for code, name, county in rows:
        counties.setdefault(county, []).append((code, name))
    return [
        (county, sorted(municipalities, key=lambda choice: swedish_sort_key(choice[1])))
        for county, municipalities in sorted(counties.items(), key=lambda c: swedish_sort_key(c[0]))
    ]
