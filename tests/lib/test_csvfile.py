"""One CSV writer for every CSV file: Swedish Excel's semicolons, a BOM, no formulas."""

import csv
import io

from veckan.lib import csvfile


def test_csvfile_opens_in_columns_in_swedish_excel_and_reads_back():
    response = csvfile.response(
        "fil.csv", ["namn", "ort"], [["Åsa; Öberg", 'Malmö "C"'], ["Per", None]]
    )
    raw = response.content
    assert response["Content-Disposition"] == 'attachment; filename="fil.csv"'
    assert raw.startswith("\ufeffnamn;ort\r\n".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [["namn", "ort"], ["Åsa; Öberg", 'Malmö "C"'], ["Per", ""]]


def test_csvfile_cells_never_run_as_formulas():
    assert [csvfile.cell(v) for v in ["=1+1", "+46", "-2", "@SUM(A1)", "\tx", "ok", 7, None]] == [
        "'=1+1",
        "'+46",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "ok",
        "7",
        "",
    ]


def test_csvfile_neutralises_a_formula_wherever_a_separator_could_start_one():
    assert csvfile.cell("Anna;=1+1;") == "Anna;'=1+1;"
    assert csvfile.cell("Anna, +46 70") == "Anna, '+46 70"
    assert csvfile.cell("rad ett\n@SUM(A1)") == "rad ett\n'@SUM(A1)"
    assert csvfile.cell("a\t=b") == "a\t'=b"
    assert csvfile.cell("=A1;=A2") == "'=A1;'=A2"
    # Dates, hyphenated names and sums inside text stay as they are.
    assert csvfile.cell("2026-11-05") == "2026-11-05"
    assert csvfile.cell("Anna-Karin Öberg") == "Anna-Karin Öberg"
    assert csvfile.cell("1+1=2") == "1+1=2"
