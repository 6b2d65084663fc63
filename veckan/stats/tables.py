"""The figures as tables (for the page and its CSV files) and as bar charts drawn on the server.

Each chart is plain SVG geometry computed here, so the template only places numbers: no inline
style (the CSP forbids it) and no script.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veckan.activities.models import ActivityType, Format
from veckan.editions.models import Edition
from veckan.geography.models import County
from veckan.lib.text import swedish_sort_key
from veckan.organisations.models import Kind
from veckan.stats import figures
from veckan.stats.figures import Within

CHART_WIDTH = 400
BAR_MAX = 330  # leaves room after the longest bar for its value
ROW_HEIGHT = 44
LABEL_BASELINE = 16
BAR_OFFSET, BAR_HEIGHT = 22, 16


@dataclass
class Bar:
    label: str
    value: int
    label_y: int
    bar_y: int
    width: int
    value_x: int
    value_y: int


@dataclass
class Chart:
    id: str
    title: str
    bars: list[Bar]
    height: int
    width: int = CHART_WIDTH

    @property
    def description(self) -> str:
        return "; ".join(f"{bar.label}: {bar.value}" for bar in self.bars)


@dataclass
class Table:
    slug: str
    caption: str
    headers: list[str]
    rows: list[tuple[str, list[int]]]
    charted: bool = True
    note: str = ""
    charts: list[Chart] = field(init=False)

    def __post_init__(self) -> None:
        self.charts = (
            [self._chart(column) for column in range(len(self.headers) - 1)] if self.charted else []
        )

    def _chart(self, column: int) -> Chart:
        largest = max((values[column] for _label, values in self.rows), default=0) or 1
        bars = []
        for index, (label, values) in enumerate(self.rows):
            value = values[column]
            top = index * ROW_HEIGHT
            width = round(BAR_MAX * value / largest)
            bars.append(
                Bar(
                    label=label,
                    value=value,
                    label_y=top + LABEL_BASELINE,
                    bar_y=top + BAR_OFFSET,
                    width=width,
                    value_x=width + 6,
                    value_y=top + BAR_OFFSET + BAR_HEIGHT - 3,
                )
            )
        title = self.caption
        if len(self.headers) > 2:
            title = f"{self.caption}: {self.headers[column + 1]}"
        return Chart(
            id=f"chart-{self.slug}-{column}",
            title=title,
            bars=bars,
            height=len(bars) * ROW_HEIGHT + 4,
        )

    def as_rows(self) -> list[list]:
        """Header and rows, for the CSV file."""
        return [self.headers, *([label, *values] for label, values in self.rows)]


def _choices_table(slug: str, caption: str, heading: str, choices, counts: dict) -> Table:
    rows = [(str(label), [counts.get(value, 0)]) for value, label in choices.choices]
    return Table(slug, caption, [heading, _("Antal aktiviteter")], rows)


def key_figures(edition: Edition, within: Within = None) -> Table:
    formats = figures.by_format(edition, within)
    rows = [
        (_("Aktiviteter"), [sum(formats.values())]),
        (_("Arrangerande organisationer"), [figures.organisations(edition, within)]),
        (_("Andel digitala aktiviteter (%)"), [figures.share_digital(formats)]),
    ]
    return Table("nyckeltal", _("Nyckeltal"), [_("Mått"), _("Värde")], rows, charted=False)


def type_table(edition: Edition, within: Within = None) -> Table:
    counts = figures.by_type(edition, within)
    return _choices_table("typ", _("Aktiviteter per typ"), _("Typ"), ActivityType, counts)


def format_table(edition: Edition, within: Within = None) -> Table:
    counts = figures.by_format(edition, within)
    table = _choices_table("form", _("Aktiviteter per form"), _("Form"), Format, counts)
    table.note = _("Andel digitalt (digitalt eller på plats och digitalt): %(share)d %%") % {
        "share": figures.share_digital(counts)
    }
    return table


def county_table(edition: Edition, within: Within = None) -> Table:
    counts = figures.by_county(edition, within)
    counties = sorted(County.objects.only("code", "name"), key=lambda c: swedish_sort_key(c.name))
    rows = [(county.name, [counts.get(county.code, 0)]) for county in counties]
    rows.append((_("Digitalt, utan ort"), [counts.get(None, 0)]))
    return Table("lan", _("Aktiviteter per län"), [_("Län"), _("Antal aktiviteter")], rows)


def day_table(edition: Edition, within: Within = None) -> Table:
    counts = figures.by_day(edition, within)
    rows = [(date_format(day, "l j F"), [counts.get(day, 0)]) for day in edition.days]
    return Table("dag", _("Aktiviteter per dag"), [_("Dag"), _("Antal aktiviteter")], rows)


def organiser_kind_table(edition: Edition, within: Within = None) -> Table:
    counts = figures.by_organiser_kind(edition, within)
    return _choices_table(
        "arrangorer",
        _("Aktiviteter per typ av arrangör"),
        _("Typ av arrangör"),
        Kind,
        counts,
    )


def focus_area_table(edition: Edition, within: Within = None) -> Table:
    counts = figures.by_focus_area(edition, within)
    names = list(edition.focus_areas.values_list("name", flat=True))
    names += sorted(set(counts) - set(names), key=swedish_sort_key)
    rows = [(name, [counts.get(name, 0)]) for name in names]
    return Table(
        "fokusomraden",
        _("Aktiviteter per fokusområde"),
        [_("Fokusområde"), _("Antal aktiviteter")],
        rows,
        note=_("En aktivitet med flera fokusområden räknas under vart och ett."),
    )


def signup_table(edition: Edition, within: Within = None) -> Table:
    counts = figures.signups(edition, within)
    rows = [(_("Bekräftade"), [counts["confirmed"]]), (_("På väntelistan"), [counts["waiting"]])]
    return Table("anmalningar", _("Anmälningar"), [_("Anmälningar"), _("Antal")], rows)


def attendance_table(edition: Edition, within: Within = None) -> Table:
    counts = figures.attendance(edition, within)
    rows = [
        (_("På plats"), [counts["in_person"]]),
        (_("Digitalt"), [counts["online"]]),
        (_("Totalt"), [counts["total"]]),
    ]
    return Table(
        "deltagare",
        _("Rapporterade deltagare"),
        [_("Deltagare"), _("Antal")],
        rows,
        note=_("Så många deltagare som arrangörerna har rapporterat efter sina aktiviteter."),
    )


def year_table(edition: Edition) -> Table:
    years = figures.year_over_year(edition)
    rows = [
        (
            str(year),
            [
                row["activities"],
                row["share_digital"],
                row["organisations"],
                row["participants"],
            ],
        )
        for year, row in years.items()
    ]
    headers = [
        _("År"),
        _("Aktiviteter"),
        _("Andel digitalt (%)"),
        _("Organisationer"),
        _("Rapporterade deltagare"),
    ]
    return Table("ar-for-ar", _("År för år"), headers, rows)


def spread_table(edition: Edition, within: Within = None) -> Table:
    counts = figures.spread(edition)
    rows = [
        (_("Lösningar som visades"), [counts["solutions"]]),
        (_("Organisationer som testar dem"), [counts["testing"]]),
        (_("Organisationer som har infört dem"), [counts["adopted"]]),
    ]
    return Table(
        "spridning",
        _("Spridning av veckans lösningar"),
        [_("Lösningar"), _("Antal")],
        rows,
        note=_(
            "Lösningar i katalogen som visades i veckans aktiviteter eller nominerades till "
            "priset, och andra organisationer som har sagt att de testar eller har infört dem."
        ),
    )


def spread_year_table(edition: Edition) -> Table:
    years = figures.spread_by_year(edition)
    rows = [(str(year), [row["testing"], row["adopted"]]) for year, row in years.items()]
    headers = [_("År"), _("Började testa"), _("Införde")]
    return Table("spridning-ar-for-ar", _("Spridning år för år"), headers, rows)


TABLES: dict[str, Callable[..., Table]] = {
    "nyckeltal": key_figures,
    "typ": type_table,
    "form": format_table,
    "lan": county_table,
    "dag": day_table,
    "arrangorer": organiser_kind_table,
    "fokusomraden": focus_area_table,
    "anmalningar": signup_table,
    "deltagare": attendance_table,
    "ar-for-ar": year_table,
    "spridning": spread_table,
    "spridning-ar-for-ar": spread_year_table,
}


# A collection's figures: the same tables, for its activities alone (no year over year: a
# collection belongs to one edition).
# The spread is of the whole edition's solutions, which no collection owns.
COLLECTION_TABLES = [
    slug for slug in TABLES if slug not in ("ar-for-ar", "spridning", "spridning-ar-for-ar")
]


def for_edition(edition: Edition) -> list[Table]:
    return [build(edition) for build in TABLES.values()]


def for_collection(edition: Edition, activities: Within) -> list[Table]:
    return [TABLES[slug](edition, activities) for slug in COLLECTION_TABLES]
