"""Issue 14, line 5: bad input gets a clear answer, never a server error."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.awards.test_awards import award  # noqa: F401 (fixture)
from veckan.awards.models import Nomination
from veckan.lib.orgnr import normalise, validate_organisation_number

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.mark.parametrize("value", ["²" * 10, "212000-014²", "٢١٢٠٠٠٠١٤٢"])
def test_organisation_number_with_non_ascii_digits_is_a_clear_error(value):
    with pytest.raises(ValidationError):
        validate_organisation_number(value)
    assert normalise(value).isascii()


def test_organisation_form_with_superscript_digits_answers_with_the_form(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("organisations:create"), {"name": "Exempelby", "organisation_number": "²" * 10}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("bad", ["abc", "²", "1e3", ""])
def test_shortlist_with_a_non_numeric_id_is_no_server_error(client, award, coordinator, bad):  # noqa: F811
    client.force_login(coordinator)
    response = client.post(reverse("awards:shortlist"), {"nomination": [bad]})
    assert response.status_code in {200, 302}
    assert not Nomination.objects.filter(status=Nomination.Status.SHORTLISTED).exists()


@pytest.mark.parametrize("bad", ["abc", "²", "9" * 40])
def test_vote_with_a_non_numeric_id_is_no_server_error(client, award, bad):  # noqa: F811
    response = client.post(
        reverse("awards:vote"), {"nomination": bad, "email": "rostare@example.se"}
    )
    assert response.status_code in {302, 404}
