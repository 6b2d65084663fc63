"""The catalogue as open data: the API (in the OpenAPI schema), a CSV file and its own DCAT dataset.
CC0, and nothing personal but the contact person the owner chose to show."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from tests.factories import make_activity, make_published_edition, make_solution
from veckan.solutions.models import Adoption, Status

pytestmark = pytest.mark.django_db

DCAT = "{http://www.w3.org/ns/dcat#}"
DCTERMS = "{http://purl.org/dc/terms/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


@pytest.fixture
def solutions(organisation, other_organisation):
    make_solution(organisation, status=Status.SUBMITTED, title="Inte granskad")
    edition = make_published_edition()
    activity = make_activity(
        edition, organisation, status="approved", recording_url="https://play.example.se/r"
    )
    shown = make_solution(
        organisation,
        title="Digital planering",
        show_contact=True,
        contact_phone="08-123 45",
        licence="EUPL-1.2",
        materials="Guide https://exempelby.se/guide.pdf",
    )
    shown.activities.set([activity])
    Adoption.objects.create(solution=shown, organisation=other_organisation, status="adopted")
    hidden_contact = make_solution(organisation, title="Tyst kontakt", contact_name="Hemlig Person")
    return shown, hidden_contact, activity


def test_api_lists_only_approved_solutions(client, solutions):
    body = client.get("/api/v1/solutions").json()
    assert body["count"] == 2
    assert [s["title"] for s in body["results"]] == ["Tyst kontakt", "Digital planering"]
    quiet, shown = body["results"]
    assert quiet["contact"] is None
    assert "Hemlig Person" not in str(body)
    assert shown["contact"] == {
        "name": "Kim Kontakt",
        "email": "kim@kommun.example.se",
        "phone": "08-123 45",
    }
    assert shown["materials"] == [{"title": "Guide", "url": "https://exempelby.se/guide.pdf"}]
    assert shown["editions"] == [solutions[2].edition.year]
    assert shown["activities"][0]["recording_url"] == "https://play.example.se/r"
    assert shown["adoptions"] == [
        {"organisation": "Annanstad kommun", "status": "adopted", "note": ""}
    ]
    assert shown["organisation"]["county"] == {"code": "01", "name": "Stockholms län"}


def test_api_searches_and_has_a_detail(client, solutions):
    assert [s["title"] for s in client.get("/api/v1/solutions?q=planering").json()["results"]] == [
        "Digital planering"
    ]
    detail = client.get(f"/api/v1/solutions/{solutions[0].slug}").json()
    assert detail["title"] == "Digital planering"
    hidden = make_solution(solutions[0].organisation, status=Status.DRAFT)
    assert client.get(f"/api/v1/solutions/{hidden.slug}").status_code == 404


def test_api_solutions_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/solutions", "/api/v1/solutions/{slug}"} <= set(schema["paths"])
    assert "Solution" in schema["components"]["schemas"]


def test_csv_has_the_approved_solutions_and_only_chosen_contacts(client, solutions):
    answer = client.get("/losningar/losningar.csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert [(r["namn"], r["kontaktperson"], r["har_infort"]) for r in rows] == [
        ("Digital planering", "Kim Kontakt", "1"),
        ("Tyst kontakt", "", "0"),
    ]
    assert rows[0]["licens"] == "EUPL-1.2"


def test_dcat_has_the_catalogue_as_its_own_dataset(client, solutions):
    rdf = ET.fromstring(client.get("/dcat.rdf").content)  # noqa: S314 -- our own response
    datasets = {d.get(f"{RDF}about").rsplit("#", 1)[1]: d for d in rdf.findall(f"{DCAT}Dataset")}
    assert set(datasets) == {"program", "losningar"}
    catalogue = datasets["losningar"]
    assert catalogue.find(f"{DCAT}landingPage").get(f"{RDF}resource") == (
        f"{settings.SITE_URL}/losningar/"
    )
    assert [
        d.get(f"{RDF}resource").rsplit("#", 1)[1] for d in catalogue.findall(f"{DCAT}distribution")
    ] == ["losningar-csv", "losningar-api"]
    listed = [d.get(f"{RDF}resource") for d in rdf.find(f"{DCAT}Catalog").findall(f"{DCAT}dataset")]
    assert len(listed) == 2


def test_dcat_changes_when_a_solution_is_approved(client, organisation):
    first = client.get("/dcat.rdf")
    make_solution(organisation)
    second = client.get("/dcat.rdf", headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
