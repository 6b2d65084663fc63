import pytest
from django.core.exceptions import ValidationError

from veckan.lib.orgnr import legal_form, validate_organisation_number


@pytest.mark.parametrize(
    ("value", "formatted"),
    [
        ("212000-0142", "212000-0142"),  # Stockholms kommun
        ("2120000142", "212000-0142"),
        ("16212000-0142", "212000-0142"),  # with the century prefix 16
        (" 202100-5216 ", "202100-5216"),  # Vinnova
        ("556036-0793", "556036-0793"),  # an aktiebolag
    ],
)
def test_organisation_number_valid_is_formatted(value, formatted):
    assert validate_organisation_number(value) == formatted


def test_organisation_number_bad_checksum_is_refused_in_swedish():
    with pytest.raises(ValidationError) as error:
        validate_organisation_number("212000-0143")
    assert error.value.code == "checksum"
    assert error.value.messages == [
        "Organisationsnumret stämmer inte: kontrollsiffran är fel. Kontrollera att det är rätt skrivet."
    ]


@pytest.mark.parametrize("value", ["800101-1234", "19800101-1237", "811218-9876", "700612-0019"])
def test_organisation_number_personal_identity_number_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_organisation_number(value)
    assert error.value.code in {"personal_identity_number", "length"}


def test_organisation_number_personal_identity_number_with_valid_checksum_is_refused():
    # 811218-9876 has a correct Luhn digit: only the third and fourth digits (12 < 20) give it away.
    with pytest.raises(ValidationError) as error:
        validate_organisation_number("811218-9876")
    assert error.value.code == "personal_identity_number"
    assert "personnummer" in error.value.messages[0]


@pytest.mark.parametrize("value", ["21200001", "212000-01420", "abc"])
def test_organisation_number_wrong_length_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_organisation_number(value)
    assert error.value.code == "length"


def test_organisation_number_unknown_legal_form_is_refused():
    # 4 is no legal form in Bolagsverket's scheme; the checksum is right.
    with pytest.raises(ValidationError) as error:
        validate_organisation_number("442000-0004")
    assert error.value.code == "legal_form"


@pytest.mark.parametrize(
    ("number", "form"),
    [
        ("212000-0142", "stat, region, kommun eller församling"),
        ("556036-0793", "aktiebolag"),
        ("802002-4918", "ideell förening eller stiftelse"),
    ],
)
def test_organisation_number_first_digit_gives_legal_form(number, form):
    assert legal_form(number) == form
