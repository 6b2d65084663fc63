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
