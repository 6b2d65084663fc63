"""Open data: iCalendar, CSV, Atom and DCAT-AP-SE, published activities only, with validators."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.http import http_date

from tests.factories import (
    at,
    make_activity,
    make_edition,
    make_organisation,
    make_user,
)
from veckan.activities import search
from veckan.activities.models import (
    Activity,
    ActivityTag,
    ContactPerson,
    CoOrganiser,
    Status,
)
from veckan.activities.public import public_dict
from veckan.activities.services import ActivityParts, approve_activity, update_activity
from veckan.editions.models import Edition, FocusArea
from veckan.geography.models import Municipality
from veckan.lib import ical
from veckan.organisations.models import Kind
from veckan.organisations.services import save_organisation
from veckan.revisions.models import Revision

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FEEDS = ["/program.ics", "/program.csv", "/program/feed.atom", "/dcat.rdf"]
ATOM = "{http://www.w3.org/2005/Atom}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DCAT = "{http://www.w3.org/ns/dcat#}"
DCTERMS = "{http://purl.org/dc/terms/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def program(hidden, edition, organisation):
    """Four published activities: a workshop, a seminar with a tricky title, a cancelled one and a
    digital one."""
    uppsala = Municipality.objects.get(code="0380")
    agency = make_organisation(kind=Kind.STATLIG_MYNDIGHET, name="Vinnova")
    monday, tuesday = edition.days[0], edition.days[1]
    workshop = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        title="Digitala möten i vården",
        type="workshop",
        starts_at=at(monday, 9),
        ends_at=at(monday, 11),
    )
    seminar = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        title='Data, "AI" och välfärd',
        type="seminarium",
        municipality=uppsala,
        venue="Missionskyrkan",
        address="Dragarbrunnsgatan 14",
        starts_at=at(monday, 13),
        ends_at=at(monday, 15),
    )
    cancelled = make_activity(
        edition,
        agency,
        status=Status.CANCELLED,
        title="Öppna data för alla",
        type="forelasning",
        cancellation_reason="Föreläsaren är sjuk.",
        starts_at=at(tuesday, 18),
        ends_at=at(tuesday, 20),
    )
    digital = make_activity(
        edition,
        agency,
        status=Status.APPROVED,
        title="Webbsändning om AI",
        type="webbsandning",
        format="digital",
        municipality=None,
        address="",
        venue="",
        stream_url="https://play.example.se/ai",
        starts_at=at(tuesday, 10),
        ends_at=at(tuesday, 11),
    )
    ActivityTag.objects.create(activity=seminar, kind="language", value="sv")
    ActivityTag.objects.create(activity=seminar, kind="language", value="en")
    ActivityTag.objects.create(activity=seminar, kind="accessibility", value="hearing_loop")
    CoOrganiser.objects.create(activity=seminar, organisation=agency)
    CoOrganiser.objects.create(activity=seminar, name="Uppsala universitet", kind=Kind.AKADEMI)
    area = FocusArea.objects.create(edition=edition, name="Digitalisering")
    seminar.focus_areas.add(area)
    for activity in (workshop, seminar):
        ContactPerson.objects.create(
            activity=activity, name="Dold Person", email="dold@example.se", phone="013-123"
        )
    ContactPerson.objects.create(
        activity=seminar, name="Synlig Person", email="synlig@example.se", show_email=True
    )
    search.index_activities(Activity.objects.with_related())
    return {"workshop": workshop, "seminar": seminar, "cancelled": cancelled, "digital": digital}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body(response))
    return {str(event["uid"]): event for event in calendar.events}


def uid(activity: Activity) -> str:
    return f"activity-{activity.pk}@innovationsveckan.se"


def xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 -- our own response, not outside input


def csv_rows(response) -> list[dict[str, str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))


# --- iCalendar ------------------------------------------------------------------------------------


def test_program_ics_has_one_event_per_published_activity(client, program):
    response = client.get("/program.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="innovationsveckan-2027.ics"'
    assert set(events(response)) == {uid(activity) for activity in program.values()}


def test_program_ics_is_in_stockholm_time_with_its_timezone(client, program):
    calendar = icalendar.Calendar.from_ical(body(client.get("/program.ics")))
    assert str(calendar["prodid"]) == "-//Innovationsveckan//Veckan//SV"
    assert str(calendar["method"]) == "PUBLISH"
    assert str(calendar["x-wr-calname"]) == "Innovationsveckan 2027"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Stockholm"]
    workshop = next(e for e in calendar.events if e["uid"] == uid(program["workshop"]))
    assert workshop["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert workshop["dtend"].params["TZID"] == "Europe/Stockholm"
    assert workshop.start == program["workshop"].starts_at
    assert workshop.start.utcoffset() == timedelta(hours=2)  # CEST in the week of ISO week 40


def test_program_ics_describes_each_activity(client, program):
    found = events(client.get("/program.ics"))
    seminar = found[uid(program["seminar"])]
    url = f"{settings.SITE_URL}/aktivitet/{program['seminar'].slug}/"
    assert str(seminar["summary"]) == 'Data, "AI" och välfärd'
    assert str(seminar["location"]) == "Missionskyrkan, Dragarbrunnsgatan 14, Uppsala"
    assert str(seminar["url"]) == url
    assert str(seminar["description"]) == f"{program['seminar'].summary}\n\n{url}"
    assert str(seminar["status"]) == "CONFIRMED"
    assert str(found[uid(program["digital"])]["location"]) == "Digitalt"


def test_program_ics_marks_cancelled_activities(client, program):
    found = events(client.get("/program.ics"))
    cancelled = found[uid(program["cancelled"])]
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["summary"]) == "Inställd: Öppna data för alla"
    assert str(cancelled["description"]).startswith("Inställd. Föreläsaren är sjuk.\n\n")
    assert {str(e["status"]) for u, e in found.items() if u != uid(program["cancelled"])} == {
        "CONFIRMED"
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("typ=workshop", ["workshop"]),
        ("typ=seminarium&typ=webbsandning", ["seminar", "digital"]),
        ("lan=03", ["seminar"]),
        ("form=digital", ["digital"]),
        ("q=välfärd", ["seminar"]),
        ("q=rymden", []),
    ],
)
def test_program_ics_honours_the_program_filters(client, program, query, expected):
    response = client.get(f"/program.ics?{query}")
    assert set(events(response)) == {uid(program[name]) for name in expected}


def test_program_ics_gives_an_earlier_edition_by_utgava(client, program, organisation):
    earlier = make_edition(2025, current=False)
    old = make_activity(earlier, organisation, status=Status.APPROVED, title="Förra året")
    make_activity(earlier, organisation, status=Status.REJECTED, title="Hemlig förra året")
    assert set(events(client.get("/program.ics?utgava=2025"))) == {uid(old)}
    assert set(events(client.get("/program.ics?utgava=2027"))) == {
        uid(activity) for activity in program.values()
    }
    # A later edition is not the archive, even with its program out of sight; nor is nonsense.
    for year in ("2028", "1999", "tjugo", "²", "20255"):
        assert client.get(f"/program.ics?utgava={year}").status_code == 404


def test_program_ics_is_empty_before_the_program_is_published(client, organisation):
    now = timezone.now()
    edition = make_edition(
        2027,
        registration_opens=now - timedelta(days=60),
        registration_closes=now - timedelta(days=10),
        program_published_at=now + timedelta(days=3),
    )
    make_activity(edition, organisation, status=Status.APPROVED, title="Hemlig ännu")
    response = client.get("/program.ics")
    assert response.status_code == 200
    assert events(response) == {}
    assert "Last-Modified" not in response


def test_activity_ics_gives_the_one_activity(client, program):
    seminar = program["seminar"]
    response = client.get(f"/aktivitet/{seminar.slug}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{seminar.slug}.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["uid"]) for e in calendar.events] == [uid(seminar)]
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Stockholm"]


def test_activity_ics_is_404_unless_published(client, program, hidden):
    for activity in hidden:
        assert client.get(f"/aktivitet/{activity.slug}.ics").status_code == 404
    assert client.get("/aktivitet/finns-inte.ics").status_code == 404


def test_activity_page_links_to_its_calendar_file(client, program):
    seminar = program["seminar"]
    html = client.get(f"/aktivitet/{seminar.slug}/").content.decode()
    assert f'href="/aktivitet/{seminar.slug}.ics"' in html


# --- CSV ------------------------------------------------------------------------------------------


def test_program_csv_has_exactly_the_published_rows(client, program):
    response = client.get("/program.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="innovationsveckan-2027.csv"'
    rows = csv_rows(response)
    assert [row["title"] for row in rows] == [
        "Digitala möten i vården",
        'Data, "AI" och välfärd',
        "Webbsändning om AI",
        "Öppna data för alla",
    ]
    assert [int(row["id"]) for row in rows] == [
        program[name].pk for name in ("workshop", "seminar", "digital", "cancelled")
    ]


def test_program_csv_columns_are_stable(client, program):
    text = body(client.get("/program.csv")).decode()
    header = text.removeprefix("\ufeff").split("\r\n", 1)[0]
    assert header == (
        "id;slug;url;edition;status;title;summary;type;format;starts_at;ends_at;"
        "municipality_code;municipality;county_code;county;venue;address;organiser;"
        "organiser_kind;co_organisers;languages;target_groups;accessibility;focus_areas;"
        "signup_mode;signup_url;recording_url;event_status"
    )


def test_program_csv_row_holds_the_open_data(client, program):
    rows = {row["slug"]: row for row in csv_rows(client.get("/program.csv"))}
    seminar = rows[program["seminar"].slug]
    assert seminar == {
        "id": str(program["seminar"].pk),
        "slug": program["seminar"].slug,
        "url": f"{settings.SITE_URL}/aktivitet/{program['seminar'].slug}/",
        "edition": "2027",
        "status": "scheduled",
        "title": 'Data, "AI" och välfärd',
        "summary": program["seminar"].summary,
        "type": "seminarium",
        "format": "physical",
        "starts_at": program["seminar"].starts_at.astimezone(STOCKHOLM).isoformat(),
        "ends_at": program["seminar"].ends_at.astimezone(STOCKHOLM).isoformat(),
        "municipality_code": "0380",
        "municipality": "Uppsala",
        "county_code": "03",
        "county": "Uppsala län",
        "venue": "Missionskyrkan",
        "address": "Dragarbrunnsgatan 14",
        "organiser": "Exempelby kommun",
        "organiser_kind": "kommun",
        "co_organisers": "Vinnova|Uppsala universitet",
        "languages": "en|sv",
        "target_groups": "",
        "accessibility": "hearing_loop",
        "focus_areas": "Digitalisering",
        "signup_mode": "none",
        "signup_url": "",
        "recording_url": "",
        "event_status": "scheduled",
    }
    digital = rows[program["digital"].slug]
    assert (digital["municipality_code"], digital["county_code"]) == ("", "")
    assert rows[program["workshop"].slug]["municipality_code"] == "0580"
    assert rows[program["workshop"].slug]["county_code"] == "05"
    assert rows[program["cancelled"].slug]["status"] == "cancelled"


# How public_dict(), the one definition of an activity as open data, reads as a CSV row.
PUBLIC_DICT_AS_CSV = {
    "id": lambda d: d["id"],
    "slug": lambda d: d["slug"],
    "url": lambda d: d["url"],
    "edition": lambda d: d["edition"],
    "status": lambda d: d["status"],
    "title": lambda d: d["title"],
    "summary": lambda d: d["summary"],
    "type": lambda d: d["type"],
    "format": lambda d: d["format"],
    "starts_at": lambda d: d["starts_at"],
    "ends_at": lambda d: d["ends_at"],
    "municipality_code": lambda d: (d["municipality"] or {}).get("code", ""),
    "municipality": lambda d: (d["municipality"] or {}).get("name", ""),
    "county_code": lambda d: (d["county"] or {}).get("code", ""),
    "county": lambda d: (d["county"] or {}).get("name", ""),
    "venue": lambda d: d["venue"],
    "address": lambda d: d["address"],
    "organiser": lambda d: d["organiser"]["name"],
    "organiser_kind": lambda d: d["organiser"]["kind"],
    "co_organisers": lambda d: "|".join(co["name"] for co in d["co_organisers"]),
    "languages": lambda d: "|".join(d["languages"]),
    "target_groups": lambda d: "|".join(d["target_groups"]),
    "accessibility": lambda d: "|".join(d["accessibility"]),
    "focus_areas": lambda d: "|".join(d["focus_areas"]),
    "signup_mode": lambda d: d["signup"]["mode"],
    "signup_url": lambda d: d["signup"]["url"],
    "recording_url": lambda d: d["recording_url"],
    "event_status": lambda d: d["event_status"],
}


def test_program_csv_says_what_public_dict_says(client, program, edition):
    seminar = program["seminar"]
    seminar.signup_mode, seminar.external_signup_url = "external", "https://anmalan.example.se/"
    seminar.recording_url = "https://play.example.se/inspelning"
    seminar.save()
    program["workshop"].signup_mode = "platform"
    program["workshop"].capacity = 20
    program["workshop"].external_signup_url = "https://ska-inte-synas.example.se/"
    program["workshop"].save()
    ActivityTag.objects.create(activity=seminar, kind="target_group", value="chefer")
    ActivityTag.objects.create(activity=seminar, kind="target_group", value="allmanhet")
    seminar.focus_areas.add(FocusArea.objects.create(edition=edition, name="Arbete", position=5))
    rows = csv_rows(client.get("/program.csv"))
    expected = [
        {column: str(read(public_dict(activity))) for column, read in PUBLIC_DICT_AS_CSV.items()}
        for activity in Activity.objects.published().with_related().order_by("starts_at", "title")
    ]
    assert list(rows[0]) == list(PUBLIC_DICT_AS_CSV)
    assert rows == expected
    assert rows[1]["focus_areas"] == "Digitalisering|Arbete"  # the edition's order, not A–Ö
    assert rows[1]["signup_url"] == "https://anmalan.example.se/"
    assert rows[0]["signup_url"] == ""


def test_program_csv_opens_in_columns_in_swedish_excel(client, program):
    # Swedish Excel splits on its list separator, the semicolon, and reads UTF-8 after a BOM;
    # quoting as RFC 4180 quotes.
    raw = body(client.get("/program.csv"))
    assert raw.startswith(b"\xef\xbb\xbfid;slug;")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert (
        ';Data, "AI" och välfärd;'.encode() in raw or ';"Data, ""AI"" och välfärd";'.encode() in raw
    )


def test_program_csv_honours_the_program_filters(client, program):
    rows = csv_rows(client.get("/program.csv?typ=seminarium&lan=03"))
    assert [row["slug"] for row in rows] == [program["seminar"].slug]


def test_program_csv_keeps_formulas_from_running_in_a_spreadsheet(client, edition, organisation):
    make_activity(edition, organisation, status=Status.APPROVED, title="=Hyperlink(1)")
    rows = csv_rows(client.get("/program.csv"))
    assert [row["title"] for row in rows] == ["'=Hyperlink(1)"]


# --- Atom -----------------------------------------------------------------------------------------


def test_program_atom_lists_published_activities_newest_first(client, program):
    response = client.get("/program/feed.atom")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = xml(response.content)
    entries = feed.findall(f"{ATOM}entry")
    # Approved after the program came out, each is new from its own approval; none has one
    # recorded here, so their last change counts, and the latest comes first.
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Webbsändning om AI",
        "Inställd: Öppna data för alla",
        'Data, "AI" och välfärd',
        "Digitala möten i vården",
    ]
    seminar = entries[2]
    url = f"{settings.SITE_URL}/aktivitet/{program['seminar'].slug}/"
    assert seminar.find(f"{ATOM}link").get("href") == url
    assert seminar.findtext(f"{ATOM}summary") == program["seminar"].summary
    assert seminar.findtext(f"{ATOM}author/{ATOM}name") == "Exempelby kommun"


def test_program_atom_puts_the_latest_approval_first(client, program, edition, organisation):
    coordinator = make_user(coordinator=True)
    late = make_activity(edition, organisation, status=Status.SUBMITTED, title="Sent godkänd")
    approve_activity(activity=late, reviewer=coordinator)
    entries = xml(client.get("/program/feed.atom").content).findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}title") == "Sent godkänd"
    assert len(entries) == 5


def test_program_atom_honours_filters_and_keeps_to_fifty(client, edition, organisation):
    for n in range(52):
        make_activity(edition, organisation, status=Status.APPROVED, title=f"Workshop {n}")
    make_activity(edition, organisation, status=Status.APPROVED, type="workshop", title="Den enda")
    feed = xml(client.get("/program/feed.atom").content)
    assert len(feed.findall(f"{ATOM}entry")) == 50
    feed = xml(client.get("/program/feed.atom?typ=workshop").content)
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["Den enda"]


# --- DCAT-AP-SE -----------------------------------------------------------------------------------


def test_dcat_describes_each_distribution(client, program):
    response = client.get("/dcat.rdf")
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    rdf = xml(response.content)
    distributions = {
        d.find(f"{DCAT}accessURL").get(f"{RDF}resource"): d
        for d in rdf.findall(f"{DCAT}Distribution")
    }
    site = settings.SITE_URL
    assert {url: d.findtext(f"{DCTERMS}format") for url, d in distributions.items()} == {
        f"{site}/program.ics": "text/calendar",
        f"{site}/program.csv": "text/csv",
        f"{site}/program/feed.atom": "application/atom+xml",
        f"{site}/api/v1/activities": "application/json",
    }
    for url, distribution in distributions.items():
        media_type = distribution.findtext(f"{DCTERMS}format")
        assert distribution.find(f"{DCAT}mediaType").get(f"{RDF}resource") == (
            f"http://www.iana.org/assignments/media-types/{media_type}"
        ), url
        assert distribution.find(f"{DCTERMS}license").get(f"{RDF}resource") == (
            "http://creativecommons.org/publicdomain/zero/1.0/"
        )
        assert {t.get(XML_LANG) for t in distribution.findall(f"{DCTERMS}title")} == {"sv", "en"}


def test_dcat_describes_the_dataset(client, program):
    rdf = xml(client.get("/dcat.rdf").content)
    catalog = rdf.find(f"{DCAT}Catalog")
    dataset = rdf.find(f"{DCAT}Dataset")
    assert catalog.find(f"{DCAT}dataset").get(f"{RDF}resource") == dataset.get(f"{RDF}about")
    titles = {t.get(XML_LANG): t.text for t in dataset.findall(f"{DCTERMS}title")}
    assert titles["sv"] == "Innovationsveckans program"
    assert {d.get(XML_LANG) for d in dataset.findall(f"{DCTERMS}description")} == {"sv", "en"}
    publisher = rdf.find("{http://xmlns.com/foaf/0.1/}Agent")
    assert publisher.findtext("{http://xmlns.com/foaf/0.1/}name") == settings.DATA_CONTROLLER
    assert dataset.find(f"{DCAT}contactPoint") is not None
    assert dataset.find(f"{DCAT}theme") is not None
    assert dataset.find(f"{DCAT}landingPage").get(f"{RDF}resource") == (
        f"{settings.SITE_URL}/program/"
    )
    period = dataset.find(f"{DCTERMS}temporal/{DCTERMS}PeriodOfTime")
    assert period.findtext(f"{DCAT}startDate") == "2027-10-04"
    assert period.findtext(f"{DCAT}endDate") == "2027-10-08"
    assert len(dataset.findall(f"{DCAT}distribution")) == 4


# --- validators and caching -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [*FEEDS, "activity"])
def test_feeds_answer_304_to_a_matching_etag_or_date(client, program, url):
    # The program last changed at a whole-second moment after the publication.
    now = timezone.now().replace(microsecond=0)
    latest = now - timedelta(hours=1)
    Revision.objects.update(changed_at=latest)
    if url == "activity":
        url = f"/aktivitet/{program['seminar'].slug}.ics"
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["Last-Modified"] == http_date(int(latest.timestamp()))

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (by_etag.status_code, by_etag.content) == (304, b"")
    assert by_etag["ETag"] == first["ETag"]
    assert by_etag["Cache-Control"] == "public, max-age=300"

    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert (by_date.status_code, by_date.content) == (304, b"")

    stale = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200
    earlier = http_date(int(latest.timestamp()) - 60)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_change_etag_when_an_activity_is_approved(client, program, edition, url):
    before = client.get(url)
    activity = make_activity(edition, program["workshop"].organisation, status=Status.SUBMITTED)
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304  # not public yet
    approve_activity(activity=activity, reviewer=make_user(coordinator=True))
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_change_etag_when_an_activity_is_edited(client, program, url, owner):
    before = client.get(url)
    program["seminar"].title = "Data och välfärd"
    update_activity(activity=program["seminar"], parts=ActivityParts(), editor=owner)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize("url", ["/program.csv", "/program/feed.atom"])
def test_feeds_change_etag_when_an_organisation_is_renamed(client, program, url):
    before = client.get(url)
    organisation = program["seminar"].organisation
    organisation.name = "Region Nytt Namn"
    save_organisation(organisation=organisation)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "Region Nytt Namn" in after.getvalue().decode()


def test_feeds_change_etag_when_the_program_is_published(client, organisation):
    now = timezone.now()
    edition = make_edition(
        2027,
        registration_opens=now - timedelta(days=60),
        registration_closes=now - timedelta(days=10),
        program_published_at=now + timedelta(days=3),
    )
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    Revision.objects.update(changed_at=now - timedelta(days=20))
    before = client.get("/program.ics")
    # The clock passing the publication date, as seen from the database: nothing is saved.
    published_at = now - timedelta(minutes=1)
    Edition.objects.filter(pk=edition.pk).update(program_published_at=published_at)
    after = client.get("/program.ics", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert set(events(after)) == {uid(activity)}
    assert after["Last-Modified"] == http_date(int(published_at.timestamp()))


# --- privacy --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [*FEEDS, "activity"])
def test_feeds_show_no_hidden_contact_details(client, program, url):
    if url == "activity":
        url = f"/aktivitet/{program['seminar'].slug}.ics"
    text = body(client.get(url)).decode()
    assert "dold@example.se" not in text
    assert "013-123" not in text
    assert "Dold Person" not in text
    assert "Hemlig" not in text


# --- cost -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("url", "queries"), [("/program.ics", 4), ("/program.csv", 8)])
def test_feeds_query_count_is_fixed(
    client, edition, organisation, django_assert_num_queries, count, url, queries
):
    agency = make_organisation(kind=Kind.STATLIG_MYNDIGHET)
    for n in range(count):
        activity = make_activity(edition, organisation, status=Status.APPROVED, title=f"Akt {n}")
        ActivityTag.objects.create(activity=activity, kind="language", value="sv")
        CoOrganiser.objects.create(activity=activity, organisation=agency)
    search.index_activities(Activity.objects.with_related())
    # The first search after a change reads the program index (a fixed cost); then one query for
    # the program's version (which is also the ETag's), and the feed's queries (the rows and, once
    # per chunk, their occasions; the CSV's also co-organisers, tags, focus areas and contacts).
    client.get(f"{url}?q=akt&lan=05")
    with django_assert_num_queries(queries):
        response = client.get(f"{url}?q=akt&lan=05")
        content = body(response)
    assert content.count(b"Akt ") == count


# --- the calendar builder -------------------------------------------------------------------------


def _reference_vevent(event: ical.Event) -> icalendar.Event:
    """The same event built the slow, generic way, through icalendar's own component."""
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.last_modified.replace(microsecond=0))
    vevent.add("last-modified", event.last_modified.replace(microsecond=0))
    vevent.add("dtstart", event.start.astimezone(STOCKHOLM))
    vevent.add("dtend", event.end.astimezone(STOCKHOLM))
    vevent.add("summary", event.summary)
    vevent.add("description", event.description)
    vevent.add("location", event.location)
    vevent.add("url", event.url)
    vevent.add("status", event.status)
    vevent.add("sequence", event.sequence)
    return vevent


def _calendar_of(vevent: icalendar.Event) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add_component(vevent)
    return calendar


def test_ical_calendar_writes_what_icalendar_reads_back():
    tricky = ical.Event(
        uid="activity-1@innovationsveckan.se",
        summary='Komma, semikolon; citat "x" och \\ snedstreck',
        description=("Rad ett med å, ä och ö, en emoji 🎉 och \\n bokstavligt.\n\n" * 6).strip(),
        start=datetime(2027, 10, 5, 9, tzinfo=STOCKHOLM),
        end=datetime(2027, 10, 5, 11, 30, tzinfo=STOCKHOLM),
        location="Stadshuset, Drottninggatan 45, Linköping",
        url="https://innovationsveckan.se/aktivitet/a/?x=1&y=2",
        status="CANCELLED",
        sequence=3,
        last_modified=datetime(2027, 9, 1, 8, 15, 30, 123456, tzinfo=ZoneInfo("UTC")),
    )
    written = ical.calendar("Innovationsveckan 2027", [tricky])
    assert all(len(line) <= 75 for line in written.split(b"\r\n"))
    parsed = icalendar.Calendar.from_ical(written).events[0]
    reference = icalendar.Calendar.from_ical(
        _calendar_of(_reference_vevent(tricky)).to_ical()
    ).events[0]
    assert dict(parsed.items()).keys() == dict(reference.items()).keys()
    for name, value in reference.items():
        assert parsed[name].to_ical() == value.to_ical(), name
    assert parsed["dtstart"].params["TZID"] == "Europe/Stockholm"


def test_ical_event_refuses_naive_times_and_broken_urls():
    fields = {
        "uid": "x",
        "summary": "x",
        "start": datetime(2027, 10, 5, 9, tzinfo=STOCKHOLM),
        "end": datetime(2027, 10, 5, 10, tzinfo=STOCKHOLM),
        "last_modified": datetime(2027, 10, 1, tzinfo=STOCKHOLM),
    }
    with pytest.raises(ValueError, match="aware"):
        ical.Event(**fields | {"start": datetime(2027, 10, 5, 9)})
    with pytest.raises(ValueError, match="control characters"):
        ical.Event(**fields | {"url": "https://x\r\nSTATUS:CANCELLED"})


# --- the program page -----------------------------------------------------------------------------


def test_program_page_offers_the_feeds_with_its_filters(client, program):
    html = client.get("/program/?typ=workshop&lan=05").content.decode()
    for path in ("/program.ics", "/program.csv", "/program/feed.atom"):
        assert f'href="{path}?lan=05&amp;typ=workshop"' in html
    assert 'href="webcal://testserver/program.ics?lan=05&amp;typ=workshop"' in html


def test_archive_page_offers_that_editions_feeds(client, program, organisation):
    make_edition(2025, current=False)
    html = client.get("/arkiv/2025/?typ=workshop").content.decode()
    assert 'href="/program.csv?utgava=2025&amp;typ=workshop"' in html
