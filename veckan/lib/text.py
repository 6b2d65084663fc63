"""Small helpers for Swedish text."""

# Python sorts by code point, which puts Å before Ä and Ö in the wrong places and É after Z. The
# Swedish alphabet ends ... X Y Z Å Ä Ö: the three characters after "z" in ASCII stand in for them.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "è": "e", "ü": "y"})


def swedish_sort_key(text: str) -> str:
    """A key that sorts Swedish words alphabetically: "Ale", "Åre", "Älvdalen", "Örebro"."""
    return text.lower().translate(_SWEDISH_ORDER)
