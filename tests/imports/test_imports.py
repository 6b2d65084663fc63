"""Importing activities: the template, the preview with every row's errors, drafts saved, and a
second import that updates instead of duplicating."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import at, make_activity, make_edition
from veckan.activities.models import Activity, ActivityTag
from veckan.imports import rows as importing
from veckan.imports.models import ActivityImport

pytestmark = pytest.mark.django_db

START = "/mina-aktiviteter/importera/"


@pytest.fixture
def edition():
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


def csv_file(rows: list[list[str]], name: str = "aktiviteter.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(importing.HEADERS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, ("\ufeff" + out.getvalue()).encode(), "text/csv")


def row(external_id: str, title: str, **changes) -> list[str]:
    values = {
        "Externt id": external_id,
        "Titel": title,
        "Sammanfattning": "Vi berättar hur kommunen använder AI i ärendehanteringen.",
        "Beskrivning": "",
        "Typ": "Seminarium",
        "Form": "På plats",
        "Datum": "2027-10-05",
        "Börjar": "12:00",
        "Slutar": "13:00",
        "Kommun": "Linköping",
        "Lokal": "Stadshuset",
        "Adress": "Drottninggatan 45, Linköping",
        "Länk till sändning": "",
        "Språk": "Svenska",
        "Titel på engelska": "",
        "Sammanfattning på engelska": "",
    } | changes
    return [values[header] for header in importing.HEADERS]


def upload(client, organisation, file):
    return client.post(START, {"organisation": organisation.pk, "file": file})


def preview_rows(response) -> list[tuple[int, str, str, list[str]]]:
    """What the preview table says of each row: number, title, what it becomes, its errors."""
    return [
        (item["number"], item["values"]["title"], _becomes(item), item["errors"])
        for item in response.context["rows"]
    ]


def _becomes(item) -> str:
    if item["errors"]:
        return "Hoppas över"
    return "Uppdaterar utkastet" if item["existing_id"] else "Nytt utkast"


def test_import_templates_have_every_column(client):
    text = client.get(START + "mall.csv").content.decode("utf-8")
    assert text == "\ufeff" + ";".join(importing.HEADERS) + "\r\n"

    response = client.get(START + "mall.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book["Aktiviteter"][1]] == importing.HEADERS
    guide = [[cell.value for cell in line] for line in book["Instruktioner"].iter_rows()]
    assert guide[0] == ["Kolumn", "Vad den ska innehålla", "Exempel", "Krävs"]
    assert guide[1][:2] == ["Externt id", str(importing.COLUMNS[0].help)]
    assert response["Content-Disposition"] == 'attachment; filename="aktiviteter-mall.xlsx"'


def test_import_preview_lists_every_row_with_its_errors_and_saves_nothing(
    client, owner, edition, organisation
):
    client.force_login(owner)
    file = csv_file(
        [
            row("a1", "Lunchprat om AI"),
            row("a2", "", Typ="Föredrag", Datum="2027-11-05"),
            row("a3", "Öppet hus", Form="Digitalt", Kommun="Atlantis"),
            row("a1", "Samma id igen"),
        ]
    )

    response = upload(client, organisation, file)
    assert response.status_code == 302
    preview = client.get(response["Location"])

    assert preview_rows(preview) == [
        (2, "Lunchprat om AI", "Nytt utkast", []),
        (
            3,
            "",
            "Hoppas över",
            [
                "Titel: fyll i aktivitetens titel.",
                "Typ: skriv en av ”Föreläsning”, ”Seminarium”, ”Workshop”, ”Studiebesök”, "
                "”Utställning”, ”Dialogmöte”, ”Webbsändning”, ”Annat”.",
                "Datum: Aktiviteten ska äga rum under veckan, 4/10–8/10 2027.",
            ],
        ),
        (
            4,
            "Öppet hus",
            "Hoppas över",
            [
                "Kommun: det finns ingen kommun som heter ”Atlantis”.",
                "Länk till sändning: Ange länken till sändningen eller mötet.",
            ],
        ),
        (
            5,
            "Samma id igen",
            "Hoppas över",
            ["Externt id: samma id som rad 2. Varje aktivitet behöver ett eget."],
        ),
    ]
    html = preview.content.decode()
    assert "1 rad kan sparas som utkast." in html
    assert "3 rader har fel och hoppas över." in html
    assert Activity.objects.count() == 0


def test_import_saves_valid_rows_as_drafts_and_a_second_import_updates_them(
    client, owner, edition, organisation
):
    client.force_login(owner)
    first = upload(
        client,
        organisation,
        csv_file([row("a1", "Lunchprat om AI"), row("a2", "Öppet hus", Datum="fel")]),
    )
    saved = client.post(first["Location"])

    assert saved["Location"] == "/mina-aktiviteter/"
    draft = Activity.objects.get()
    assert (draft.external_id, draft.title, draft.status, draft.organisation) == (
        "a1",
        "Lunchprat om AI",
        "draft",
        organisation,
    )
    assert draft.starts_at == at(edition.starts_on + timedelta(days=1), 12)
    assert draft.tag_values(ActivityTag.Kind.LANGUAGE) == ["sv"]
    assert draft.log.get().comment == "Importerad från aktiviteter.csv."
    messages = [str(m) for m in client.get("/mina-aktiviteter/").context["messages"]]
    assert messages == [
        "Importen är sparad: 1 nya utkast, 0 uppdaterade, 1 rader med fel hoppades över."
    ]

    # The file fixed and imported again: the fixed row is added, the first one updated in place.
    second = upload(
        client,
        organisation,
        csv_file([row("a1", "Lunchprat om AI, del 1"), row("a2", "Öppet hus")]),
    )
    preview = client.get(second["Location"])
    assert [(n, becomes) for n, _, becomes, _ in preview_rows(preview)] == [
        (2, "Uppdaterar utkastet"),
        (3, "Nytt utkast"),
    ]
    client.post(second["Location"])

    assert sorted(Activity.objects.values_list("external_id", "title", "status")) == [
        ("a1", "Lunchprat om AI, del 1", "draft"),
        ("a2", "Öppet hus", "draft"),
    ]
    assert Activity.objects.get(external_id="a1").pk == draft.pk
    # Saving the same preview twice adds nothing.
    again = client.post(second["Location"])
    assert again.status_code == 302
    assert Activity.objects.count() == 2


def test_import_reads_an_xlsx_file(client, owner, edition, organisation):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(importing.HEADERS)
    values = row("x1", "Workshop i Excel")
    sheet.append(values)
    # A spreadsheet keeps dates and times as such, not as text.
    sheet["G2"].value = edition.starts_on + timedelta(days=2)
    out = io.BytesIO()
    book.save(out)
    client.force_login(owner)

    response = upload(
        client, organisation, SimpleUploadedFile("program.xlsx", out.getvalue(), "application/vnd")
    )
    client.post(response["Location"])

    activity = Activity.objects.get()
    assert (activity.external_id, activity.title) == ("x1", "Workshop i Excel")
    assert activity.starts_at == at(edition.starts_on + timedelta(days=2), 12)


def test_import_does_not_change_an_activity_already_submitted(client, owner, edition, organisation):
    make_activity(edition, organisation, title="Inskickad", status="submitted", external_id="a1")
    client.force_login(owner)

    response = upload(client, organisation, csv_file([row("a1", "Ny titel")]))
    preview = client.get(response["Location"])

    assert preview_rows(preview)[0][3] == [
        "Aktiviteten med id a1 har status ”Väntar på granskning” och ändras inte av en "
        "import. Ändra den under Mina aktiviteter."
    ]
    client.post(response["Location"])
    assert list(Activity.objects.values_list("title", flat=True)) == ["Inskickad"]


def test_import_same_external_id_in_another_organisation_is_another_activity(
    client, owner, stranger, edition, organisation, other_organisation
):
    theirs = make_activity(edition, other_organisation, title="Deras", external_id="a1")
    client.force_login(owner)

    response = upload(client, organisation, csv_file([row("a1", "Vår")]))
    client.post(response["Location"])

    theirs.refresh_from_db()
    assert theirs.title == "Deras"
    assert sorted(Activity.objects.values_list("organisation__name", "title")) == [
        ("Annanstad kommun", "Deras"),
        ("Exempelby kommun", "Vår"),
    ]


def test_import_preview_of_another_organisation_answers_404(
    client, owner, stranger, edition, organisation
):
    client.force_login(owner)
    response = upload(client, organisation, csv_file([row("a1", "Vår")]))
    client.force_login(stranger)

    assert client.get(response["Location"]).status_code == 404
    assert client.post(response["Location"]).status_code == 404
    assert Activity.objects.count() == 0


def test_import_refuses_a_file_that_is_not_the_template(client, owner, edition, organisation):
    client.force_login(owner)
    file = SimpleUploadedFile("lista.csv", "namn;datum\nKalle;igår\n".encode(), "text/csv")

    response = upload(client, organisation, file)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Filen saknar kolumnerna ”Externt id”, ”Titel”, ”Sammanfattning”, ”Typ”, ”Form”, "
        "”Börjar”, ”Slutar”. Utgå från mallen: första raden ska vara kolumnernas namn."
    ]
    assert ActivityImport.objects.count() == 0


def test_import_only_for_my_own_organisations(client, owner, edition, other_organisation):
    client.force_login(owner)

    response = upload(client, other_organisation, csv_file([row("a1", "Vår")]))

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert ActivityImport.objects.count() == 0


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Kommunen//Kalender//SV\r
BEGIN:VEVENT\r
UID:evt-1@kommun.example.se\r
DTSTAMP:20270901T080000Z\r
DTSTART;TZID=Europe/Stockholm:20271005T120000\r
DTEND;TZID=Europe/Stockholm:20271005T130000\r
SUMMARY:Lunchprat om AI\r
DESCRIPTION:Vi berättar om AI.\\n\\nMer text här.\r
LOCATION:Stadshuset\\, Drottninggatan 45\\, Linköping\r
CATEGORIES:Seminarium\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:evt-2@kommun.example.se\r
DTSTAMP:20270901T080000Z\r
DTSTART:20271006T080000Z\r
DTEND:20271006T090000Z\r
SUMMARY:Webbinarium om öppna data\r
DESCRIPTION:Digitalt.\r
URL:https://meet.example.se/oppna-data\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:evt-3@kommun.example.se\r
DTSTAMP:20270901T080000Z\r
DTSTART;TZID=Europe/Stockholm:20271004T120000\r
DTEND;TZID=Europe/Stockholm:20271004T130000\r
RRULE:FREQ=DAILY;COUNT=5\r
SUMMARY:Daglig lunch\r
DESCRIPTION:Varje dag.\r
URL:https://meet.example.se/lunch\r
END:VEVENT\r
END:VCALENDAR\r
""".encode()


def test_import_calendar_events_become_rows_by_uid(edition, organisation):
    rows = importing.rows_from_ical(ICS)
    checks = importing.check_rows(rows, organisation=organisation, edition=edition)

    assert [(row["external_id"], row["format"], row["municipality"]) for row in rows] == [
        ("evt-1@kommun.example.se", "physical", "Linköping"),
        ("evt-2@kommun.example.se", "digital", ""),
        ("evt-3@kommun.example.se", "digital", ""),
    ]
    assert rows[0]["summary"] == "Vi berättar om AI."
    assert rows[0]["type"] == "seminarium"
    assert (rows[1]["day"], rows[1]["start_time"]) == ("2027-10-06", "10:00")
    assert [check.errors for check in checks] == [
        [],
        [],
        ["Händelsen upprepas (RRULE). Lägg in varje tillfälle som en egen händelse."],
    ]


def test_import_calendar_at_a_private_address_is_refused(client, owner, edition, organisation):
    client.force_login(owner)

    response = client.post(
        START, {"organisation": organisation.pk, "url": "http://127.0.0.1:8000/kalender.ics"}
    )

    assert response.context["form"].non_field_errors() == [
        "Adressen 127.0.0.1 går inte att hämta från: den pekar inte ut på internet."
    ]
    assert ActivityImport.objects.count() == 0
