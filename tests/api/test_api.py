"""The open-data API (v1): CC0 JSON with the program's own search, nothing unpublished, no personal
data beyond the contact details organisers chose to show, and a valid OpenAPI schema."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from openapi_spec_validator import validate

from tests.factories import (
    activity_fields,
    make_activity,
    make_edition,
    make_organisation,
    make_user,
)
from veckan.activities import search
from veckan.activities.models import Activity, ActivityTag, ContactPerson, CoOrganiser, Status
from veckan.activities.public import public_dict
from veckan.activities.services import ActivityParts, update_activity
from veckan.api.schemas import ProgramFilters
from veckan.editions.models import Edition, FocusArea
from veckan.organisations.models import Kind
from veckan.program.filters import COLLECTION, FACET_NAMES

pytestmark = pytest.mark.django_db

API = "/api/v1"
SITE = settings.SITE_URL
# The edition, the program's version for the ETag, the page (the count is the index's), one query
# for each related list of public_dict (co-organisers, tags, focus areas, contacts, occasions), and
# the version again at the end.
ACTIVITY_LIST_QUERIES = 9


@pytest.fixture
def agency(program):
    return program[3].organisation


@pytest.fixture
def hidden(hidden, edition, organisation, other_organisation):
    """What conftest hides, another organisation's draft, and a rejected activity in the archive."""
    hidden.append(
        make_activity(edition, other_organisation, status=Status.DRAFT, title="Hemlig annan")
    )
    archived = make_edition(2025, current=False)
    hidden.append(
        make_activity(archived, organisation, status=Status.REJECTED, title="Hemlig 2025")
    )
    return hidden


@pytest.fixture
def program(program, edition, other_organisation):
    """The published program of conftest, plus a focus area and co-organisers: a registered
    organisation and one named only on the activity."""
    program[0].focus_areas.add(FocusArea.objects.create(edition=edition, name="Vård och omsorg"))
    CoOrganiser.objects.create(activity=program[1], organisation=other_organisation, position=0)
    CoOrganiser.objects.create(
        activity=program[1], name="Uppsala universitet", kind=Kind.AKADEMI, position=1
    )
    search.index_activities(Activity.objects.with_related())
    return program


def by_title(activities) -> dict[str, str]:
    return {activity.title: activity.slug for activity in activities}


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [activity["slug"] for activity in response.json()["results"]]


# --- /activities -------------------------------------------------------------------------------------


def test_activities_lists_only_published_activities_in_time_order(client, program):
    response = client.get(f"{API}/activities")
    slug = by_title(program)
    assert slugs(response) == [
        slug["Digitala möten i vården"],
        slug["Innovationer i skolan"],
        slug["Webbsändning om AI"],
        slug["Öppna data för alla"],
    ]
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (4, 1, 1)
    assert (body["next"], body["previous"]) == (None, None)
    assert "Hemlig" not in response.content.decode()


def test_activities_are_exactly_their_public_dict(client, program):
    response = client.get(f"{API}/activities")
    expected = Activity.objects.filter(pk__in=[a.pk for a in program]).with_related()
    assert response.json()["results"] == [
        public_dict(activity) for activity in expected.order_by("starts_at", "title", "pk")
    ]
    detail = client.get(f"{API}/activities/{program[1].slug}")
    assert detail.json() == public_dict(Activity.objects.with_related().get(pk=program[1].pk))
    assert detail.json()["co_organisers"] == [
        {"name": "Annanstad kommun", "kind": "kommun"},
        {"name": "Uppsala universitet", "kind": "akademi"},
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("typ=seminarium", ["Innovationer i skolan", "Öppna data för alla"]),
        (
            "typ=seminarium&typ=workshop",
            ["Digitala möten i vården", "Innovationer i skolan", "Öppna data för alla"],
        ),
        ("typ=seminarium&lan=03", ["Innovationer i skolan"]),
        ("form=digital", ["Webbsändning om AI"]),
        ("tid=kvall", ["Öppna data för alla"]),
        ("sprak=en", ["Digitala möten i vården"]),
        ("arrangor=statlig_myndighet", ["Webbsändning om AI", "Öppna data för alla"]),
        ("kommun=0380", ["Innovationer i skolan"]),
        ("q=innovation", ["Innovationer i skolan"]),
        ("q=digital&typ=workshop", ["Digitala möten i vården"]),
    ],
)
def test_activities_filter_as_the_program_does(client, program, query, expected):
    slug = by_title(program)
    assert slugs(client.get(f"{API}/activities?{query}")) == [slug[t] for t in expected]
    on_program_page = client.get(f"/program/?{query}").context["page"]
    assert [activity.title for activity in on_program_page] == expected


def test_activities_filter_by_day_focus_area_and_signup(client, program, edition):
    slug = by_title(program)
    monday = edition.days[0].isoformat()
    assert slugs(client.get(f"{API}/activities?dag={monday}")) == [
        slug["Digitala möten i vården"],
        slug["Innovationer i skolan"],
    ]
    focus = FocusArea.objects.get(name="Vård och omsorg")
    assert slugs(client.get(f"{API}/activities?fokus={focus.pk}")) == [
        slug["Digitala möten i vården"]
    ]
    assert slugs(client.get(f"{API}/activities?anmalan=oppen")) == []


def test_activities_ignore_empty_filter_values_as_the_program_does(client, program):
    everything = slugs(client.get(f"{API}/activities"))
    response = client.get(f"{API}/activities?q=&typ=&lan=&dag=&fokus=&anmalan=&per_sida=2")
    assert slugs(response) == everything[:2]
    assert response.json()["next"] == f"{SITE}/api/v1/activities?per_sida=2&sida=2"
    workshops = client.get(f"{API}/activities?typ=workshop&typ=")
    assert slugs(workshops) == [by_title(program)["Digitala möten i vården"]]


def test_activities_reject_unknown_filter_values(client, program):
    response = client.get(f"{API}/activities?typ=trolleri")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "filters", "typ", 0]
    assert client.get(f"{API}/activities?sida=0").status_code == 422
    assert client.get(f"{API}/activities?lan=Uppsala").status_code == 422


def test_activities_page_with_links_that_keep_the_filters(client, program):
    slug = by_title(program)
    first = client.get(f"{API}/activities?typ=seminarium&typ=workshop&per_sida=2").json()
    assert [a["slug"] for a in first["results"]] == [
        slug["Digitala möten i vården"],
        slug["Innovationer i skolan"],
    ]
    assert (first["count"], first["page"], first["pages"]) == (3, 1, 2)
    assert first["previous"] is None
    assert first["next"] == (
        f"{SITE}/api/v1/activities?per_sida=2&sida=2&typ=seminarium&typ=workshop"
    )

    second = client.get(first["next"].removeprefix(SITE)).json()
    assert [a["slug"] for a in second["results"]] == [slug["Öppna data för alla"]]
    assert (second["count"], second["page"], second["pages"]) == (3, 2, 2)
    assert second["next"] is None
    assert second["previous"] == (
        f"{SITE}/api/v1/activities?per_sida=2&sida=1&typ=seminarium&typ=workshop"
    )

    beyond = client.get(f"{API}/activities?typ=seminarium&typ=workshop&per_sida=2&sida=3")
    assert beyond.status_code == 404
    assert beyond.json() == {"detail": "Sidan finns inte: det finns 2."}


def test_activities_page_size_is_50_by_default_and_at_most_500(client, edition, organisation):
    Activity.objects.bulk_create(
        Activity(
            slug=f"massa-{n:03d}",
            status=Status.APPROVED,
            **activity_fields(edition, organisation, title=f"Aktivitet {n:03d}"),
        )
        for n in range(501)
    )
    default = client.get(f"{API}/activities").json()
    assert (len(default["results"]), default["pages"]) == (50, 11)
    capped = client.get(f"{API}/activities?per_sida=100000").json()
    assert (len(capped["results"]), capped["count"], capped["pages"]) == (500, 501, 2)
    assert capped["results"][-1]["slug"] == "massa-499"
    last = client.get(capped["next"].removeprefix(SITE)).json()
    assert [a["slug"] for a in last["results"]] == ["massa-500"]


def test_activities_of_an_archived_edition_by_utgava(client, program, organisation):
    archived = make_activity(
        Edition.objects.get(year=2025),
        organisation,
        status=Status.APPROVED,
        title="Förra årets workshop",
    )
    assert slugs(client.get(f"{API}/activities?utgava=2025")) == [archived.slug]
    assert slugs(client.get(f"{API}/activities?utgava=2027")) == slugs(
        client.get(f"{API}/activities")
    )
    # An edition whose program is not out yet has no public activities, only public dates.
    assert client.get(f"{API}/activities?utgava=2028").json() == {
        "count": 0,
        "page": 1,
        "pages": 1,
        "next": None,
        "previous": None,
        "results": [],
    }
    unknown = client.get(f"{API}/activities?utgava=1999")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Det finns ingen sådan utgåva."}


def test_activities_are_empty_before_the_program_is_published(client, organisation):
    edition = make_edition(
        2027,
        registration_opens=timezone.now() - timedelta(days=2),
        registration_closes=timezone.now() + timedelta(days=2),
        program_published_at=timezone.now() + timedelta(days=5),
    )
    make_activity(edition, organisation, status=Status.APPROVED, title="Hemlig godkänd")
    response = client.get(f"{API}/activities")
    assert (response.json()["count"], response.json()["results"]) == (0, [])
    assert "Hemlig" not in response.content.decode()


def test_activity_detail_answers_404_unless_published(client, program, hidden):
    for activity in hidden:
        response = client.get(f"{API}/activities/{activity.slug}")
        assert response.status_code == 404, activity.title
        assert response.json() == {
            "detail": "Det finns ingen publicerad aktivitet med den adressen."
        }
    assert client.get(f"{API}/activities/finns-inte").status_code == 404
    assert client.get(f"{API}/activities/{program[0].slug}").json()["title"] == (
        "Digitala möten i vården"
    )


def test_activities_show_cancelled_ones_as_cancelled(client, program):
    results = {a["title"]: a for a in client.get(f"{API}/activities").json()["results"]}
    assert results["Öppna data för alla"]["status"] == "cancelled"
    assert results["Öppna data för alla"]["cancellation_reason"] == "Föreläsaren är sjuk."
    assert results["Webbsändning om AI"]["status"] == "scheduled"
    assert results["Webbsändning om AI"]["cancellation_reason"] == ""


def test_activities_show_contact_details_only_where_the_organiser_chose_to(client, program):
    activity = program[0]
    ContactPerson.objects.create(
        activity=activity, name="Dold Person", email="dold@kommun.example.se", phone="070-1111111"
    )
    ContactPerson.objects.create(
        activity=activity,
        name="Eva E-post",
        email="eva@kommun.example.se",
        phone="070-2222222",
        show_email=True,
        position=1,
    )
    ContactPerson.objects.create(
        activity=activity,
        name="Tor Telefon",
        email="tor@kommun.example.se",
        phone="070-3333333",
        show_phone=True,
        position=2,
    )
    response = client.get(f"{API}/activities")
    assert response.json()["results"][0]["contacts"] == [
        {"name": "Eva E-post", "email": "eva@kommun.example.se", "phone": ""},
        {"name": "Tor Telefon", "email": "", "phone": "070-3333333"},
    ]
    body = response.content.decode()
    for private in ["Dold Person", "dold@", "070-1111111", "070-2222222", "tor@", "agare@"]:
        assert private not in body


@pytest.mark.parametrize(("count", "per_page"), [(1, 50), (3, 50), (520, 500)])
def test_activities_query_count_is_fixed(
    client,
    edition,
    organisation,
    other_organisation,
    django_assert_num_queries,
    count,
    per_page,
):
    focus = FocusArea.objects.create(edition=edition, name="Digitalisering")
    activities = Activity.objects.bulk_create(
        Activity(
            slug=f"massa-{n:03d}",
            status=Status.APPROVED,
            **activity_fields(edition, organisation, title=f"Aktivitet {n:03d}"),
        )
        for n in range(count)
    )
    ActivityTag.objects.bulk_create(
        ActivityTag(activity=a, kind=kind, value=value)
        for a in activities
        for kind, value in [("language", "sv"), ("accessibility", "wheelchair")]
    )
    ContactPerson.objects.bulk_create(
        ContactPerson(activity=a, name="Eva", email="eva@kommun.example.se", show_email=True)
        for a in activities
    )
    CoOrganiser.objects.bulk_create(
        CoOrganiser(activity=a, organisation=other_organisation) for a in activities
    )
    Activity.focus_areas.through.objects.bulk_create(
        Activity.focus_areas.through(activity=a, focusarea=focus) for a in activities
    )
    client.get(f"{API}/activities")  # the first after a change reads the program index (fixed)
    with django_assert_num_queries(ACTIVITY_LIST_QUERIES):
        response = client.get(f"{API}/activities?typ=seminarium&lan=05&per_sida={per_page}")
    results = response.json()["results"]
    assert len(results) == min(count, per_page)
    assert results[0]["co_organisers"] == [{"name": "Annanstad kommun", "kind": "kommun"}]


# --- /organisations, /editions, /municipalities, /counties ---------------------------------------------


def test_organisations_are_those_with_published_activities_with_counts(client, program, agency):
    organisation = program[0].organisation
    make_activity(
        Edition.objects.get(year=2025),
        organisation,
        status=Status.APPROVED,
        title="Förra årets workshop",
    )
    response = client.get(f"{API}/organisations")
    assert response.json() == {
        "count": 2,
        "page": 1,
        "pages": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "name": "Exempelby kommun",
                "slug": organisation.slug,
                "kind": "kommun",
                "municipality": {"code": "0180", "name": "Stockholm"},
                "county": {"code": "01", "name": "Stockholms län"},
                "activity_count": 3,  # two now, one in the archive
                "url": f"{SITE}/organisation/{organisation.slug}/",
            },
            {
                "name": "Vinnova",
                "slug": agency.slug,
                "kind": "statlig_myndighet",
                "municipality": {"code": "0180", "name": "Stockholm"},
                "county": {"code": "01", "name": "Stockholms län"},
                "activity_count": 2,
                "url": f"{SITE}/organisation/{agency.slug}/",
            },
        ],
    }
    # Annanstad kommun has only a draft and a co-organised activity; no organisation numbers.
    assert "Annanstad" not in response.content.decode()
    assert organisation.org_number not in response.content.decode()


def test_organisations_are_paged(client, program, agency):
    first = client.get(f"{API}/organisations?per_sida=1").json()
    assert [o["name"] for o in first["results"]] == ["Exempelby kommun"]
    assert (first["count"], first["pages"]) == (2, 2)
    assert first["next"] == f"{SITE}/api/v1/organisations?per_sida=1&sida=2"
    second = client.get(f"{API}/organisations?per_sida=1&sida=2").json()
    assert [o["name"] for o in second["results"]] == ["Vinnova"]
    assert second["previous"] == f"{SITE}/api/v1/organisations?per_sida=1&sida=1"


@pytest.mark.parametrize("count", [1, 3])
def test_organisations_query_count_is_fixed(client, edition, django_assert_num_queries, count):
    for n in range(count):
        make_activity(edition, make_organisation(), status=Status.APPROVED, title=f"Aktivitet {n}")
    with django_assert_num_queries(3):
        response = client.get(f"{API}/organisations")
    assert response.json()["count"] == count


def test_editions_list_every_edition_newest_first(client, hidden, edition):
    sustainability = FocusArea.objects.create(edition=edition, name="Hållbarhet", position=2)
    digital = FocusArea.objects.create(edition=edition, name="Digitalisering", position=1)
    response = client.get(f"{API}/editions")
    public_party = ["kommun", "region", "statlig_myndighet", "civilsamhalle"]
    assert [e["year"] for e in response.json()] == [2028, 2027, 2025]
    future, current, archived = response.json()
    assert current == {
        "year": 2027,
        "name": "Innovationsveckan 2027",
        "theme": "Tillsammans för framtidens välfärd",
        "starts_on": "2027-10-04",
        "ends_on": "2027-10-08",
        "program_published": True,
        "is_current": True,
        "focus_areas": [
            {"id": digital.pk, "name": "Digitalisering"},
            {"id": sustainability.pk, "name": "Hållbarhet"},
        ],
        "public_party_kinds": public_party,
    }
    assert (future["program_published"], future["is_current"]) == (False, False)
    assert (archived["program_published"], archived["is_current"]) == (True, False)
    assert "Hemlig" not in response.content.decode()


def test_municipalities_are_all_290_with_their_county(client):
    municipalities = client.get(f"{API}/municipalities").json()
    assert len(municipalities) == 290
    assert len({m["code"] for m in municipalities}) == 290
    assert municipalities[0] == {
        "code": "0114",
        "name": "Upplands Väsby",
        "county": {"code": "01", "name": "Stockholms län"},
    }
    assert {"code": "0380", "name": "Uppsala", "county": {"code": "03", "name": "Uppsala län"}} in (
        municipalities
    )


def test_counties_are_all_21(client):
    counties = client.get(f"{API}/counties").json()
    assert len(counties) == 21
    assert counties[0] == {"code": "01", "name": "Stockholms län"}
    assert [c["code"] for c in counties] == sorted(c["code"] for c in counties)


# --- the whole API -----------------------------------------------------------------------------------


def test_api_answers_any_origin_without_cookies(client, program):
    for url in [
        f"{API}/activities",
        f"{API}/activities/finns-inte",
        f"{API}/activities?typ=trolleri",
        f"{API}/organisations",
        f"{API}/editions",
        f"{API}/municipalities",
        f"{API}/counties",
        f"{API}/openapi.json",
    ]:
        response = client.get(url)
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert response["Content-Type"].startswith("application/json"), url
        assert not response.cookies, url


def test_api_schema_is_valid_openapi_and_documents_every_endpoint(client):
    response = client.get(f"{API}/openapi.json")
    schema = response.json()
    validate(schema)
    assert schema["info"]["title"] == "Innovationsveckan öppna data"
    assert schema["info"]["version"] == "1"
    assert "CC0" in schema["info"]["description"]
    assert "/program/" in schema["info"]["description"]
    assert set(schema["paths"]) == {
        f"{API}/activities",
        f"{API}/activities/{{slug}}",
        f"{API}/organisations",
        f"{API}/editions",
        f"{API}/municipalities",
        f"{API}/counties",
        # The catalogue of solutions (tests/solutions/test_open_data.py).
        f"{API}/solutions",
        f"{API}/solutions/{{slug}}",
        # The write API, with an organisation's key (tests/api/test_write.py).
        f"{API}/organisation/activities",
        f"{API}/organisation/activities/{{activity_id}}",
        f"{API}/organisation/activities/external/{{external_id}}",
        f"{API}/organisation/activities/{{activity_id}}/submit",
    }
    parameters = [p["name"] for p in schema["paths"][f"{API}/activities"]["get"]["parameters"]]
    assert parameters == ["q", *FACET_NAMES, COLLECTION, "utgava", "sida", "per_sida"]
    activity = schema["components"]["schemas"]["Activity"]["properties"]
    assert activity["type"]["enum"][:2] == ["forelasning", "seminarium"]


def test_api_schema_describes_activities_as_public_dict_does(client, program):
    schema = client.get(f"{API}/openapi.json").json()
    properties = schema["components"]["schemas"]["Activity"]["properties"]
    activity = Activity.objects.with_related().get(pk=program[1].pk)
    assert list(properties) == list(public_dict(activity))


def test_api_filters_are_the_programs():
    assert list(ProgramFilters.model_fields) == ["q", *FACET_NAMES, COLLECTION]


def test_api_has_no_docs_page_that_would_load_scripts_from_a_cdn(client):
    # Swagger UI from a CDN breaks our CSP; the schema is what we publish.
    assert client.get(f"{API}/docs").status_code == 404


def test_api_answers_with_etag_last_modified_and_304(client, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    first = client.get(f"{API}/activities")
    assert first["ETag"]
    assert first["Last-Modified"]
    again = client.get(f"{API}/activities", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(f"{API}/activities", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    Activity.objects.filter(pk=activity.pk).update(
        title="Ny titel", updated_at=timezone.now() + timedelta(seconds=2)
    )
    changed = client.get(f"{API}/activities", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    editions = client.get(f"{API}/editions")
    assert editions["ETag"]
    assert client.get(f"{API}/editions", HTTP_IF_NONE_MATCH=editions["ETag"]).status_code == 304


@pytest.mark.parametrize(
    "endpoint", ["activities", "organisations", "editions", "municipalities", "counties"]
)
def test_every_endpoint_has_etag_and_last_modified(client, edition, organisation, endpoint):
    make_activity(edition, organisation, status=Status.APPROVED)
    first = client.get(f"{API}/{endpoint}")
    assert first["ETag"]
    assert first["Last-Modified"]
    assert client.get(f"{API}/{endpoint}", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(f"{API}/{endpoint}", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_editions_last_modified_follows_an_edited_edition(client, edition):
    first = client.get(f"{API}/editions")
    Edition.objects.filter(pk=edition.pk).update(
        theme="Nytt tema", updated_at=timezone.now() + timedelta(seconds=5)
    )
    again = client.get(f"{API}/editions", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert "Nytt tema" in again.content.decode()


# --- /activities?per_sida=alla -------------------------------------------------------------------


def all_of(response) -> dict:
    assert response.status_code == 200
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


def test_all_activities_are_the_paged_answers_items_streamed(client, program):
    ContactPerson.objects.create(
        activity=program[0], name="Eva E-post", email="eva@kommun.example.se", show_email=True
    )
    ContactPerson.objects.create(
        activity=program[0], name="Dold Person", email="dold@kommun.example.se", phone="070-1"
    )
    paged = client.get(f"{API}/activities?per_sida=2")
    response = client.get(f"{API}/activities?per_sida=alla")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json; charset=utf-8"
    everything = all_of(response)
    second = client.get(paged.json()["next"].removeprefix(SITE)).json()
    assert everything == {
        "count": 4,
        "page": 1,
        "pages": 1,
        "next": None,
        "previous": None,
        "results": paged.json()["results"] + second["results"],
    }
    expected = Activity.objects.filter(pk__in=[a.pk for a in program]).with_related()
    assert everything["results"] == [
        public_dict(activity) for activity in expected.order_by("starts_at", "title", "pk")
    ]
    assert "Hemlig" not in json.dumps(everything)
    assert "dold@" not in json.dumps(everything)


def test_all_activities_take_the_filters(client, program):
    slug = by_title(program)
    response = client.get(f"{API}/activities?per_sida=alla&typ=seminarium&typ=workshop")
    everything = all_of(response)
    assert [a["slug"] for a in everything["results"]] == [
        slug["Digitala möten i vården"],
        slug["Innovationer i skolan"],
        slug["Öppna data för alla"],
    ]
    assert everything["count"] == 3
    nothing = all_of(client.get(f"{API}/activities?per_sida=alla&q=finnsinte"))
    assert nothing == {
        "count": 0,
        "page": 1,
        "pages": 1,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_all_activities_answer_304_until_the_program_changes(client, program):
    first = client.get(f"{API}/activities?per_sida=alla")
    assert first["ETag"]
    assert first["Last-Modified"]
    again = client.get(f"{API}/activities?per_sida=alla", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    program[0].title = "Ny titel"
    update_activity(activity=program[0], parts=ActivityParts(), editor=make_user())
    changed = client.get(f"{API}/activities?per_sida=alla", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed["ETag"] != first["ETag"]
    assert "Ny titel" in [a["title"] for a in all_of(changed)["results"]]


@pytest.mark.parametrize("value", ["allt", "0", "-1", "ALLA", ""])
def test_all_activities_reject_other_words_clearly(client, program, value):
    response = client.get(f"{API}/activities?per_sida={value}")
    assert response.status_code == 422
    assert {tuple(error["loc"]) for error in response.json()["detail"]} == {("query", "per_sida")}
    assert response["Access-Control-Allow-Origin"] == "*"


def test_all_activities_have_one_page(client, program):
    assert client.get(f"{API}/activities?per_sida=alla&sida=2").status_code == 404


def test_api_schema_documents_all_activities(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert "per_sida=alla" in schema["info"]["description"]
    parameters = schema["paths"][f"{API}/activities"]["get"]["parameters"]
    per_page = next(p for p in parameters if p["name"] == "per_sida")
    assert "`alla`" in per_page["description"]
