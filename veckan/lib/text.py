"""Small helpers for Swedish text: alphabetical order and dates the way Swedes write them."""

from datetime import date

from django.utils.formats import date_format

# Python sorts by code point, which puts Å before Ä and Ö in the wrong places and É after Z. The
# Swedish alphabet ends ... X Y Z Å Ä Ö: the three characters after "z" in ASCII stand in for them.
# A key of our own, not the locale module: the server's locales are not ours to rely on.
_SWEDISH_ORDER = str.maketrans(
    {
        "å": "{",
        "ä": "|",
        "æ": "|",
        "ö": "}",
        "ø": "}",
        "é": "e",
        "è": "e",
        "á": "a",
        "à": "a",
        "ü": "y",
    }
)


def swedish_sort_key(text: str) -> str:
    """A key that sorts Swedish words alphabetically: "Ale", "Åre", "Älvdalen", "Örebro"."""
    return str(text).lower().translate(_SWEDISH_ORDER)


def date_range(first: date, last: date) -> str:
    """Two days as one span, naming the month and year once when they are shared:
    "4–8 oktober 2027", "28 september–2 oktober 2027", "30 december 2027–3 januari 2028".
    In the active language (month names come from the translations)."""
    if first == last:
        return date_format(first, "j F Y")
    if (first.year, first.month) == (last.year, last.month):
        start = date_format(first, "j")
    elif first.year == last.year:
        start = date_format(first, "j F")
    else:
        start = date_format(first, "j F Y")
    return f"{start}–{date_format(last, 'j F Y')}"
