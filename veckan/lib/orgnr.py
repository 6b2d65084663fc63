"""Swedish organisation numbers (organisationsnummer): python-stdnum's checksum plus our own rules.

We never store a personal identity number. A sole trader's "organisation number" is the owner's
personnummer, recognisable by its third and fourth digits (a month, 01–12, or a coordination-number
month); real organisation numbers have 20 or more there. The first digit gives the legal form.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.se import orgnr

LEGAL_FORMS = {
    "1": _("dödsbo"),
    "2": _("stat, region, kommun eller församling"),
    "3": _("utländskt företag"),
    "5": _("aktiebolag"),
    "6": _("enkelt bolag"),
    "7": _("ekonomisk förening eller bostadsrättsförening"),
    "8": _("ideell förening eller stiftelse"),
    "9": _("handelsbolag eller kommanditbolag"),
}
PUBLIC_LEGAL_FORM = "2"


def normalise(value: str) -> str:
    """Digits only; a twelve-digit form with the century prefix 16 is shortened to ten digits."""
    # ASCII digits only: "²".isdigit() is True, but int("²") is an error, not a digit.
    digits = "".join(ch for ch in value if ch in "0123456789")
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    return digits


def looks_like_personal_identity_number(digits: str) -> bool:
    return len(digits) == 10 and int(digits[2:4]) < 20


def validate_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError with a plain Swedish message."""
    digits = normalise(value)
    if len(digits) != 10:
        raise ValidationError(
            _("Ett organisationsnummer har tio siffror, till exempel 212000-0142."), code="length"
        )
    if looks_like_personal_identity_number(digits):
        raise ValidationError(
            _(
                "Det här ser ut som ett personnummer. Ange organisationens organisationsnummer – "
                "vi tar inte emot personnummer."
            ),
            code="personal_identity_number",
        )
    try:
        orgnr.validate(digits)
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _(
                "Organisationsnumret stämmer inte: kontrollsiffran är fel. Kontrollera att det är rätt skrivet."
            ),
            code="checksum",
        ) from None
    if digits[0] not in LEGAL_FORMS:
        raise ValidationError(
            _("Det finns inga organisationsnummer som börjar med %(digit)s. Kontrollera numret."),
            code="legal_form",
            params={"digit": digits[0]},
        )
    return orgnr.format(digits)


def legal_form(number: str) -> str:
    """The legal form the first digit stands for, e.g. "aktiebolag"."""
    return str(LEGAL_FORMS.get(normalise(number)[:1], ""))
