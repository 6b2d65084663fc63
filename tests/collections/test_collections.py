"""Collections: a named program across organisations, by rules or picked by hand, with its own
page, calendar, API filter and statistics (issue 19, line 6)."""

import csv
import io
import json

import icalendar
import pytest

from tests.factories import make_activity, make_edition, make_organisation
from veckan.activities import search
from veckan.activities.models import Activity, CoOrganiser, Status
from veckan.collections.admin import CollectionForm
from veckan.collections.models import Collection
from veckan.editions.models import FocusArea
from veckan.geography.models import County, Municipality
from veckan.signups.models import Attendance
from veckan.stats import figures, tables

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def week(hidden, edition, organisation, other_organisation):
    """Kronoberg's week: activities that match every rule, one for each rule they miss, one picked
    by hand elsewhere, and ones never public."""
    vaxjo = Municipality.objects.get(code="0780")
    linkoping = Municipality.objects.get(code="0580")
    outsider = make_organisation(name="Utomstående AB")
    care = FocusArea.objects.create(edition=edition, name="Vård")
    school = FocusArea.objects.create(edition=edition, name="Skola")

    def activity(title, organiser, municipality, area, status=Status.APPROVED, **fields):
        made = make_activity(
            fields.pop("in_edition", edition),
            organiser,
            status=status,
            title=title,
            municipality=municipality,
            **fields,
        )
        if area is not None:
            made.focus_areas.add(area)
        return made

    made = {
        "own": activity("Kronobergsseminariet", organisation, vaxjo, care),
        "co": activity("Medarrangerat i Växjö", outsider, vaxjo, care),
        "cancelled": activity(
            "Inställt i Växjö",
            organisation,
            vaxjo,
            care,
            status=Status.CANCELLED,
            cancellation_reason="Sjukdom.",
        ),
        "wrong_area": activity("Skolan i Växjö", organisation, vaxjo, school),
        "wrong_county": activity("Vården i Linköping", organisation, linkoping, care),
        "wrong_organiser": activity("Någon annans i Växjö", outsider, vaxjo, care),
        "digital": activity(
            "Digitalt webbinarium",
            organisation,
            None,
            care,
            format="digital",
            venue="",
            address="",
            stream_url="https://play.example.se/x",
        ),
        "picked": activity("Handplockat i Linköping", other_organisation, linkoping, None),
        "picked_draft": activity("Handplockat utkast", organisation, vaxjo, care, status="draft"),
    }
    CoOrganiser.objects.create(activity=made["co"], organisation=organisation)
    # A co-organiser named without a registered organisation matches no organisation rule.
    CoOrganiser.objects.create(activity=made["wrong_organiser"], name=organisation.name)
    collection = Collection.objects.create(
        edition=edition,
        name="Kronobergs innovationsvecka",
        slug="kronoberg",
        description="Allt i Kronoberg under veckan.",
    )
    collection.counties.add(County.objects.get(code="07"))
    collection.organisations.add(organisation)
    collection.focus_areas.add(care)
    collection.picked.add(made["picked"], made["picked_draft"])
    search.index_activities(Activity.objects.with_related())
    made["collection"] = collection
    return made


IN_IT = ["own", "co", "cancelled", "picked"]
NOT_IN_IT = ["wrong_area", "wrong_county", "wrong_organiser", "digital", "picked_draft"]


def _titles(week, names):
    return {week[name].title for name in names}


def test_rules_and_picks_select_exactly_the_collections_activities(week):
    chosen = set(week["collection"].activities())
    assert chosen == {week[name] for name in IN_IT}


def test_a_collection_without_rules_holds_only_its_picked_activities(week, edition):
    picked_only = Collection.objects.create(edition=edition, name="Handplockat", slug="hand")
    assert list(picked_only.activities()) == []
    picked_only.picked.add(week["wrong_county"])
    assert list(picked_only.activities()) == [week["wrong_county"]]


def test_each_rule_alone_selects_what_matches_it(week, edition, organisation):
    by_county = Collection.objects.create(edition=edition, name="Län", slug="lan")
    by_county.counties.add(County.objects.get(code="07"))
    assert set(by_county.activities()) == {
        week[name] for name in ["own", "co", "cancelled", "wrong_area", "wrong_organiser"]
    }
    by_organisation = Collection.objects.create(edition=edition, name="Org", slug="org")
    by_organisation.organisations.add(organisation)
    assert set(by_organisation.activities()) == {
        week[name] for name in ["own", "co", "cancelled", "wrong_area", "wrong_county", "digital"]
    }


def test_picked_activities_of_another_edition_never_count(week, organisation):
    earlier = make_edition(2025, current=False)
    elsewhere = make_activity(earlier, organisation, status=Status.APPROVED, title="Förra året")
    week["collection"].picked.add(elsewhere)
    assert elsewhere not in set(week["collection"].activities())


def test_the_collection_page_shows_exactly_its_activities(client, week):
    response = client.get("/program/samlingar/kronoberg/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kronobergs innovationsvecka" in html
    assert "Allt i Kronoberg under veckan." in html
    for title in _titles(week, IN_IT):
        assert title in html
    for title in _titles(week, NOT_IN_IT):
        assert title not in html
    assert response.context["page"].paginator.count == len(IN_IT)
    # Its feeds and statistics, narrowed to it.
    assert "/program.ics?samling=kronoberg" in html
    assert "/statistik/2027/samlingar/kronoberg/" in html


def test_the_collection_page_takes_the_programs_filters(client, week):
    response = client.get("/program/samlingar/kronoberg/", {"q": "Kronobergsseminariet"})

    assert [a.pk for a in response.context["page"]] == [week["own"].pk]
    # The collection is the page's, not a filter to remove.
    assert [label for label, _query in response.context["removals"]] == [
        "Sökord: Kronobergsseminariet"
    ]


def test_the_program_takes_samling_as_a_filter(client, week):
    response = client.get("/program/", {"samling": "kronoberg"})

    assert {a.pk for a in response.context["page"]} == {week[name].pk for name in IN_IT}
    removals = dict(response.context["removals"])
    assert removals == {"Samling: Kronobergs innovationsvecka": ""}


def test_an_unknown_samling_on_the_program_selects_nothing(client, week):
    response = client.get("/program/", {"samling": "finns-inte"})
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize(
    "path",
    [
        "/program/samlingar/finns-inte/",
        "/arkiv/2027/samlingar/kronoberg/",  # the current edition is not in the archive
        "/arkiv/2025/samlingar/kronoberg/",
        "/statistik/2027/samlingar/finns-inte/",
        "/statistik/2027/samlingar/kronoberg/ar-for-ar.csv",
        "/statistik/2025/samlingar/kronoberg/",
    ],
)
def test_an_unknown_collection_is_404(client, week, path):
    assert client.get(path).status_code == 404


def test_another_editions_collection_is_not_this_years(client, week, organisation):
    earlier = make_edition(2025, current=False)
    old = make_activity(earlier, organisation, status=Status.APPROVED, title="Förra årets")
    collection = Collection.objects.create(edition=earlier, name="Förr", slug="forr")
    collection.picked.add(old)

    assert client.get("/program/samlingar/forr/").status_code == 404
    response = client.get("/arkiv/2025/samlingar/forr/")
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"]] == [old.pk]
    assert collection.get_absolute_url() == "/arkiv/2025/samlingar/forr/"


def test_the_calendar_feed_has_exactly_the_collections_activities(client, week):
    response = client.get("/program.ics", {"samling": "kronoberg"})

    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(_body(response))
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert {s.removeprefix("Inställd: ") for s in summaries} == _titles(week, IN_IT)
    assert str(calendar["X-WR-CALNAME"]) == "Kronobergs innovationsvecka"


def test_the_csv_has_exactly_the_collections_activities(client, week):
    response = client.get("/program.csv", {"samling": "kronoberg"})
    text = _body(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert {row["title"] for row in rows} == _titles(week, IN_IT)


def test_a_change_to_the_rules_changes_the_feeds_etag(client, week):
    before = client.get("/program.ics", {"samling": "kronoberg"})
    week["collection"].picked.remove(week["picked"])
    after = client.get("/program.ics", {"samling": "kronoberg"}, HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_the_api_filter_returns_exactly_the_collections_activities(client, week):
    answer = client.get(f"{API}/activities", {"samling": "kronoberg"}).json()
    assert answer["count"] == len(IN_IT)
    assert {item["title"] for item in answer["results"]} == _titles(week, IN_IT)

    everything = client.get(f"{API}/activities", {"samling": "kronoberg", "per_sida": "alla"})
    assert {item["slug"] for item in json.loads(_body(everything))["results"]} == {
        week[name].slug for name in IN_IT
    }


def test_the_api_answers_404_for_an_unknown_collection(client, week):
    response = client.get(f"{API}/activities", {"samling": "finns-inte"})
    assert response.status_code == 404


def test_the_api_schema_documents_the_collection_filter(client):
    schema = client.get(f"{API}/openapi.json").json()
    parameters = {p["name"]: p for p in schema["paths"][f"{API}/activities"]["get"]["parameters"]}
    assert "samling" in parameters
    assert "samling" in parameters["samling"]["description"]


def test_the_statistics_count_the_collections_held_activities(client, week):
    collection = week["collection"]
    Attendance.objects.create(activity=week["own"], in_person=12, online=3)
    Attendance.objects.create(activity=week["wrong_county"], in_person=99, online=99)
    activities = collection.activities()

    # Held: the cancelled one is in the program, not in the figures.
    held = {"own", "co", "picked"}
    assert set(figures.held(collection.edition, activities)) == {week[name] for name in held}
    assert figures.by_county(collection.edition, activities) == {"07": 2, "05": 1}
    assert figures.attendance(collection.edition, activities)["total"] == 15

    response = client.get("/statistik/2027/samlingar/kronoberg/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Statistik för Kronobergs innovationsvecka" in html
    key = next(t for t in response.context["tables"] if t.slug == "nyckeltal")
    assert key.rows[0][1] == [len(held)]
    assert "ar-for-ar" not in {t.slug for t in response.context["tables"]}
    assert "/statistik/2027/samlingar/kronoberg/typ.csv" in html


def test_the_collections_statistics_csv_is_its_table(client, week):
    response = client.get("/statistik/2027/samlingar/kronoberg/nyckeltal.csv")
    parsed = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";")
    )
    collection = week["collection"]
    expected = tables.key_figures(collection.edition, collection.activities()).as_rows()
    assert parsed == [[str(cell) for cell in row] for row in expected]


def test_the_admin_form_keeps_picks_and_focus_areas_within_the_edition(week, edition):
    earlier = make_edition(2025, current=False)
    old_area = FocusArea.objects.create(edition=earlier, name="Gammalt")
    form = CollectionForm(
        data={
            "edition": edition.pk,
            "name": "Test",
            "slug": "test",
            "focus_areas": [old_area.pk],
            "picked": [week["own"].pk],
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"focus_areas"}


def test_the_embed_shows_a_collection_through_the_same_filter(client, week, organisation):
    response = client.get(
        f"/inbaddning/{organisation.slug}/", {"visa": "alla", "samling": "kronoberg"}
    )

    assert response.status_code == 200
    assert {a.pk for a in response.context["page"]} == {week[name].pk for name in IN_IT}
