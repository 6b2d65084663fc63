import re

import pytest
from django.db.models import ProtectedError

from veckan.geography.models import County, Municipality
from veckan.geography.reference import load_reference_data, map_viewbox

pytestmark = pytest.mark.django_db


def test_reference_data_counts_after_migrations():
    assert County.objects.count() == 21
    assert Municipality.objects.count() == 290


def test_counties_codes_are_scb_codes():
    assert list(County.objects.values_list("code", flat=True)) == [
        "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
        "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
    ]  # fmt: skip
    assert all(name.endswith(" län") for name in County.objects.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("code", "name", "county_code", "county_name"),
    [
        ("0180", "Stockholm", "01", "Stockholms län"),
        ("1480", "Göteborg", "14", "Västra Götalands län"),
        ("1280", "Malmö", "12", "Skåne län"),
        ("2584", "Kiruna", "25", "Norrbottens län"),
        ("2321", "Åre", "23", "Jämtlands län"),
        ("1880", "Örebro", "18", "Örebro län"),
        ("0305", "Håbo", "03", "Uppsala län"),
        ("0643", "Habo", "06", "Jönköpings län"),
        ("2418", "Malå", "24", "Västerbottens län"),
        ("2023", "Malung-Sälen", "20", "Dalarnas län"),
        ("0114", "Upplands Väsby", "01", "Stockholms län"),
    ],
)
def test_municipality_code_maps_to_name_and_county(code, name, county_code, county_name):
    municipality = Municipality.objects.select_related("county").get(code=code)
    assert municipality.name == name
    assert str(municipality) == name
    assert municipality.county.code == county_code
    assert str(municipality.county) == county_name


def test_municipality_codes_start_with_their_county_code():
    for code, county_id in Municipality.objects.values_list("code", "county_id"):
        assert re.fullmatch(r"\d{4}", code)
        assert code[:2] == county_id


def test_municipality_counts_per_county_match_scb():
    counts = {county.code: county.municipalities.count() for county in County.objects.all()}
    assert counts["01"] == 26
    assert counts["09"] == 1
    assert counts["12"] == 33
    assert counts["14"] == 49
    assert sum(counts.values()) == 290


def test_every_shape_path_is_svg_path_data():
    paths = [
        *Municipality.objects.values_list("path", flat=True),
        *County.objects.values_list("path", flat=True),
    ]
    assert len(paths) == 311
    for path in paths:
        assert path.startswith("M")
        assert path.endswith("Z")
        assert re.fullmatch(r"[MLZ0-9. -]+", path)


def test_every_centroid_lies_inside_the_viewbox():
    _, _, width, height = (float(n) for n in map_viewbox().split())
    for x, y in Municipality.objects.values_list("centroid_x", "centroid_y"):
        assert 0 <= x <= width
        assert 0 <= y <= height


def test_map_viewbox_is_four_numbers():
    numbers = map_viewbox().split()
    assert len(numbers) == 4
    min_x, min_y, width, height = (float(n) for n in numbers)
    assert (min_x, min_y) == (0, 0)
    assert 0 < width < height  # Sweden is taller than wide


def test_load_reference_data_is_idempotent():
    Municipality.objects.filter(code="0180").update(name="fel")
    load_reference_data(County, Municipality)
    assert Municipality.objects.get(code="0180").name == "Stockholm"
    assert Municipality.objects.count() == 290
    assert County.objects.count() == 21


def test_county_with_municipalities_cannot_be_deleted():
    with pytest.raises(ProtectedError):
        County.objects.get(code="01").delete()
