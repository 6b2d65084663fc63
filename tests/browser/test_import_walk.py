"""Importing activities as an organiser does: download the template, fill it in with a mistake,
see every row and its error before anything is saved, fix the file and import it again, without
getting the first row twice."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility
from tests.factories import make_edition, make_organisation, make_user
from veckan.activities.models import Activity
from veckan.imports.rows import HEADERS


@pytest.fixture
def edition(transactional_db):
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=1),
        program_published_at=now + timedelta(days=10),
    )


def _filled(template: bytes, rows: list[dict[str, str]]) -> bytes:
    """The downloaded template with rows added, as a spreadsheet would save it."""
    text = template.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return ("\ufeff" + out.getvalue()).encode()


ROW = {
    "Sammanfattning": "Vi visar hur ansökan om bygglov blev digital.",
    "Typ": "Seminarium",
    "Form": "På plats",
    "Börjar": "12:00",
    "Slutar": "13:00",
    "Kommun": "Linköping",
    "Adress": "Drottninggatan 45, Linköping",
}


def _upload(page: Page, content: bytes) -> None:
    page.get_by_label("Fil från mallen").set_input_files(
        {"name": "program.csv", "mimeType": "text/csv", "buffer": content}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Visa vad som importeras").click()


def test_import_a_csv_with_errors_fix_it_and_import_again_without_duplicates(
    page: Page, log_in, edition
):
    owner = make_user("ada@linkoping.example.se", name="Ada Arrangör")
    make_organisation(name="Linköpings kommun", admin=owner)
    log_in(owner)
    tuesday = (edition.starts_on + timedelta(days=1)).isoformat()

    page.goto("/mina-aktiviteter/")
    with page.expect_navigation():
        page.get_by_role("link", name="Importera från fil eller kalender").click()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned mallen som CSV").click()
    template = download.value.path().read_bytes()
    assert template.decode("utf-8-sig").strip() == ";".join(HEADERS)

    first = [
        ROW | {"Externt id": "bygglov", "Titel": "Digitalt bygglov", "Datum": tuesday},
        ROW | {"Externt id": "skolval", "Titel": "Skolvalet på nätet", "Datum": "31/12 2027"},
    ]
    _upload(page, _filled(template, first))

    check_accessibility(page)
    table = page.locator(".import-table tbody tr")
    expect(table).to_have_count(2)
    expect(table.nth(0)).to_contain_text("Digitalt bygglov")
    expect(table.nth(0)).to_contain_text("Nytt utkast")
    expect(table.nth(1)).to_contain_text("Hoppas över")
    expect(table.nth(1)).to_contain_text(
        "Datum: Aktiviteten ska äga rum under veckan, 4/10–8/10 2027."
    )
    assert Activity.objects.count() == 0  # nothing saved by the preview
    with page.expect_navigation():
        page.get_by_role("button", name="Spara 1 aktivitet som utkast").click()
    expect(page.get_by_text("Importen är sparad: 1 nya utkast, 0 uppdaterade")).to_be_visible()
    expect(page.get_by_role("heading", name="Digitalt bygglov")).to_be_visible()

    # The date fixed; the same file imported again.
    first[1]["Datum"] = tuesday
    page.goto("/mina-aktiviteter/importera/")
    _upload(page, _filled(template, first))
    expect(table.nth(0)).to_contain_text("Uppdaterar utkastet")
    expect(table.nth(1)).to_contain_text("Nytt utkast")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara 2 aktiviteter som utkast").click()
    expect(page.get_by_text("Importen är sparad: 1 nya utkast, 1 uppdaterade")).to_be_visible()

    headings = page.locator(".activity-list h3")
    expect(headings).to_have_text(["Digitalt bygglov", "Skolvalet på nätet"])
    assert sorted(Activity.objects.values_list("external_id", "status")) == [
        ("bygglov", "draft"),
        ("skolval", "draft"),
    ]
