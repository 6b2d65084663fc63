"""The open data lists a series' occasions, and its schema documents them."""

import pytest

from tests.factories import make_series
from veckan.activities.models import Occasion
from veckan.geography.models import Municipality

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_api_activity_lists_its_occasions(client, organisation):
    activity, (monday, tuesday, wednesday) = make_series(organisation)
    Occasion.objects.filter(pk=tuesday.pk).update(
        venue="Kulturhuset", municipality=Municipality.objects.get(code="0581")
    )

    data = client.get(f"{API}/activities/{activity.slug}").json()

    assert data["occasions"] == [
        {
            "id": o.pk,
            "starts_at": o.starts_at.isoformat(),
            "ends_at": o.ends_at.isoformat(),
            "venue": "Kulturhuset" if o == tuesday else "",
            "address": "",
            "municipality": {"code": "0581", "name": "Norrköping"} if o == tuesday else None,
        }
        for o in (monday, tuesday, wednesday)
    ]
    listed = client.get(f"{API}/activities").json()["results"]
    assert [len(a["occasions"]) for a in listed] == [3]


def test_api_activity_without_occasions_has_an_empty_list(client, organisation):
    activity, _none = make_series(organisation, days=())

    assert client.get(f"{API}/activities/{activity.slug}").json()["occasions"] == []


def test_api_schema_documents_occasions(client):
    schema = client.get(f"{API}/openapi.json").json()

    occasions = schema["components"]["schemas"]["Activity"]["properties"]["occasions"]
    assert occasions["items"] == {"$ref": "#/components/schemas/Occasion"}
    assert "serie" in occasions["description"]
    assert set(schema["components"]["schemas"]["Occasion"]["properties"]) == {
        "id",
        "starts_at",
        "ends_at",
        "venue",
        "address",
        "municipality",
    }
