"""CSV files that open in columns in Swedish Excel, and that no spreadsheet runs as formulas.

Swedish Excel (and LibreOffice in Swedish) reads a CSV with the list separator of the locale, which
is the semicolon: a comma-separated file opens as one column of text. So every CSV here is
semicolon-separated, quoted as RFC 4180 quotes (double quotes, CRLF lines), in UTF-8 with a byte
order mark (without it Excel on Windows guesses Windows-1252 and å, ä, ö come out garbled). Python's
csv module reads it with `delimiter=";"` and encoding "utf-8-sig".

A cell starting with =, +, -, @, a tab or a carriage return is a formula to a spreadsheet (CSV
injection, OWASP): a name like "=HYPERLINK(…)" typed into a public form must not run on an
organiser's computer. Such a cell gets a leading apostrophe, which Excel and LibreOffice show as
plain text. The same goes for every place inside a cell where a separator (semicolon, comma, tab,
line break) could end one cell and start the next: a spreadsheet opened with other import settings,
or that ignores the quotes, splits "Anna;=1+1;" into "Anna" and a formula, so "=1+1" becomes
"'=1+1" there too.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator

from django.http import HttpResponse

BOM = "\ufeff"
SEPARATOR = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet could see a new cell begin: the cell's start, or after any separator a
# locale or import dialog might use; spaces a spreadsheet trims may come between.
_FORMULA_AFTER_SEPARATOR = re.compile(r"(^|[;,\t\r\n|])( *)(?=[=+\-@\t\r])")


def cell(value: object) -> str:
    """The value as a cell's text, with every formula it could hold made harmless."""
    text = "" if value is None else str(value)
    return _FORMULA_AFTER_SEPARATOR.sub(r"\1\2'", text)


def _writer(out) -> "csv._writer":
    return csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")


def lines(header: Iterable[object], chunks: Iterable[Iterable[Iterable[object]]]) -> Iterator[str]:
    """The file in pieces, for a streaming response: the BOM and header, then one piece per chunk
    of rows. Every cell goes through cell()."""
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow([cell(value) for value in header])
    yield BOM + out.getvalue()
    for rows in chunks:
        out.seek(0)
        out.truncate()
        writer.writerows([cell(value) for value in row] for row in rows)
        yield out.getvalue()


def response(
    filename: str, header: Iterable[object], rows: Iterable[Iterable[object]]
) -> HttpResponse:
    """A whole CSV file to download (Content-Disposition: attachment)."""
    answer = HttpResponse(content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    for piece in lines(header, [rows]):
        answer.write(piece)
    return answer
