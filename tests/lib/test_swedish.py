"""Swedish the way Swedes write it: date spans, lower-case month abbreviations, å-ä-ö last."""

import re
from datetime import date

import pytest
from django.utils import translation

from tests.factories import add_totp, make_activity, make_edition, make_user
from veckan.activities.models import Status
from veckan.geography.models import Municipality
from veckan.lib.text import date_range, swedish_sort_key

pytestmark = pytest.mark.django_db


def test_date_range_names_a_shared_month_and_year_once():
    assert date_range(date(2027, 10, 4), date(2027, 10, 8)) == "4–8 oktober 2027"
    assert date_range(date(2027, 9, 28), date(2027, 10, 2)) == "28 september–2 oktober 2027"
    assert date_range(date(2027, 12, 30), date(2028, 1, 3)) == "30 december 2027–3 januari 2028"
    assert date_range(date(2027, 10, 4), date(2027, 10, 4)) == "4 oktober 2027"


def test_date_range_in_english_on_english_pages():
    with translation.override("en"):
        assert date_range(date(2027, 10, 4), date(2027, 10, 8)) == "4–8 October 2027"


def test_edition_dates_on_the_program_and_home_page(client):
    edition = make_edition(2027)  # 4–8 October 2027
    assert edition.dates == "4–8 oktober 2027"
    home = client.get("/").content.decode()
    assert "4–8 oktober 2027" in home
    assert "4 oktober–8 oktober" not in home


def test_swedish_sort_key_puts_å_ä_ö_after_z_and_é_with_e():
    names = ["Örebro", "Åre", "Älvdalen", "Ale", "Zinkgruvan", "Ödeshög", "Enköping", "Émile"]
    assert sorted(names, key=swedish_sort_key) == [
        "Ale",
        "Émile",
        "Enköping",
        "Zinkgruvan",
        "Åre",
        "Älvdalen",
        "Ödeshög",
        "Örebro",
    ]


def test_organisation_form_lists_home_municipalities_å_ä_ö_last(client):
    client.force_login(make_user())
    page = client.get("/mina-organisationer/ny/").content.decode()
    select = page[page.index('name="home_municipality"') :]
    select = select[: select.index("</select>")]
    stockholm = select[select.index('label="Stockholms län"') :]
    stockholm = stockholm[: stockholm.index("</optgroup>")]
    names = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', stockholm)
    assert len(names) == Municipality.objects.filter(county__name="Stockholms län").count()
    assert names == sorted(names, key=swedish_sort_key)
    assert names.index("Österåker") > names.index("Vaxholm")
    assert names[-1] == "Österåker"


def test_program_municipality_facet_sorts_å_ä_ö_last(client, organisation):
    from tests.factories import make_published_edition

    edition = make_published_edition()
    for code in ("2321", "1880", "0180", "0125"):  # Åre, Örebro, Stockholm, Ekerö
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            municipality=Municipality.objects.get(code=code),
        )
    page = client.get("/program/").content.decode()
    order = [page.index(f'value="{code}"') for code in ("0125", "0180", "2321", "1880")]
    assert order == sorted(order)


def test_coordinator_tables_write_month_abbreviations_in_lower_case(client):
    coordinator = make_user(coordinator=True)
    add_totp(coordinator)
    client.force_login(coordinator)
    make_edition(2027)
    page = client.get("/samordning/").content.decode()
    assert "4–8 oktober 2027" in page
    assert "13 sep 2027 23:00" in page  # registration closes three weeks before, at 23
    assert "Sep" not in page
