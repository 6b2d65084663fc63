"""schema.org Event JSON-LD in the head of the public activity page, read back as a search engine
reads it: out of the rendered HTML, parsed as JSON."""

import json
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests.factories import (
    at,
    make_activity,
    make_edition,
    make_organisation,
)
from veckan.activities.models import Activity, ActivityTag, CoOrganiser, Status
from veckan.organisations.models import Kind

pytestmark = pytest.mark.django_db

SITE = "https://innovationsveckan.example.se"
SCHEMA = "https://schema.org/"
LINKOPING_PLACE = {
    "@type": "Place",
    "name": "Stadshuset",
    "address": {
        "@type": "PostalAddress",
        "streetAddress": "Drottninggatan 45, Linköping",
        "addressLocality": "Linköping",
        "addressRegion": "Östergötlands län",
        "addressCountry": "SE",
    },
}


class Scripts(HTMLParser):
    """Every <script> of a page: its attributes and the text inside it, as the browser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._current: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._current, self._text = dict(attrs), []

    def handle_data(self, data):
        if self._current is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append((self._current, "".join(self._text)))
            self._current = None


def scripts_of(html: str) -> list[tuple[dict[str, str | None], str]]:
    parser = Scripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


def jsonld_of(html: str) -> dict:
    blocks = [
        text for attrs, text in scripts_of(html) if attrs.get("type") == "application/ld+json"
    ]
    assert len(blocks) == 1, f"expected one JSON-LD block, found {len(blocks)}"
    return json.loads(blocks[0])


def page_of(client, activity: Activity) -> str:
    response = client.get(f"/aktivitet/{activity.slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _tag_languages(activity: Activity, *codes: str) -> None:
    for code in codes:
        ActivityTag.objects.create(activity=activity, kind=ActivityTag.Kind.LANGUAGE, value=code)


def test_jsonld_describes_a_physical_activity(client, edition, organisation):
    partner = make_organisation(kind=Kind.AKADEMI, name="Linköpings universitet")
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    CoOrganiser.objects.create(activity=activity, organisation=partner, position=0)
    CoOrganiser.objects.create(
        activity=activity, name="Föreningen Öppen data", kind=Kind.CIVILSAMHALLE, position=1
    )
    _tag_languages(activity, "sgn-SE", "en", "sv")
    Activity.objects.filter(pk=activity.pk).update(
        image="activities/2027/stadshuset.jpg", image_alt="Stadshusets entré i höstsol."
    )

    data = jsonld_of(page_of(client, activity))

    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Så bygger vi framtidens e-tjänster",
        "description": (
            "Ett seminarium om hur kommunen utvecklar e-tjänster tillsammans med invånarna."
        ),
        "startDate": "2027-10-05T09:00:00+02:00",
        "endDate": "2027-10-05T11:00:00+02:00",
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "eventStatus": SCHEMA + "EventScheduled",
        "location": LINKOPING_PLACE,
        "organizer": [
            {
                "@type": "Organization",
                "name": "Exempelby kommun",
                "url": f"{SITE}/organisation/{organisation.slug}/",
            },
            {
                "@type": "Organization",
                "name": "Linköpings universitet",
                "url": f"{SITE}/organisation/{partner.slug}/",
            },
            {"@type": "Organization", "name": "Föreningen Öppen data"},
        ],
        "inLanguage": ["sv", "en", "sgn-SE"],
        "isAccessibleForFree": True,
        "url": f"{SITE}/aktivitet/{activity.slug}/",
        "image": f"{SITE}/media/activities/2027/stadshuset.jpg",
    }


def test_jsonld_keeps_swedish_letters_readable(client, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    block = next(
        text
        for attrs, text in scripts_of(page_of(client, activity))
        if attrs.get("type") == "application/ld+json"
    )
    assert '"name": "Så bygger vi framtidens e-tjänster"' in block


def test_jsonld_of_a_digital_activity_gives_the_public_stream_link(client, edition, organisation):
    activity = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        format="digital",
        municipality=None,
        venue="",
        address="",
        stream_url="https://play.example.se/webbsandning",
    )

    data = jsonld_of(page_of(client, activity))

    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://play.example.se/webbsandning",
    }
    # No languages named by the organiser: the language of the text shown.
    assert data["inLanguage"] == ["sv"]
    assert "image" not in data


def test_jsonld_keeps_the_participants_link_private_when_sign_up_is_here(
    client, edition, organisation
):
    activity = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        format="digital",
        municipality=None,
        venue="",
        address="",
        stream_url="https://meet.example.se/hemligt",
        signup_mode="platform",
        capacity=30,
    )

    html = page_of(client, activity)

    assert jsonld_of(html)["location"] == {
        "@type": "VirtualLocation",
        "url": f"{SITE}/aktivitet/{activity.slug}/",
    }
    assert "meet.example.se" not in html


def test_jsonld_of_a_hybrid_activity_lists_both_places(client, edition, organisation):
    activity = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        format="hybrid",
        stream_url="https://play.example.se/hybrid",
    )

    data = jsonld_of(page_of(client, activity))

    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    assert data["location"] == [
        LINKOPING_PLACE,
        {"@type": "VirtualLocation", "url": "https://play.example.se/hybrid"},
    ]


def test_jsonld_marks_a_cancelled_activity(client, edition, organisation):
    activity = make_activity(
        edition,
        organisation,
        status=Status.CANCELLED,
        cancellation_reason="Föreläsaren är sjuk.",
    )

    data = jsonld_of(page_of(client, activity))

    assert data["eventStatus"] == SCHEMA + "EventCancelled"
    assert data["name"] == "Så bygger vi framtidens e-tjänster"


def test_jsonld_gives_stockholm_offset_on_both_sides_of_the_change_to_winter_time(
    client, organisation
):
    # Summer time ends on Sunday 31 October 2027 at 03:00: an edition from 25 October to
    # 5 November has activities at +02:00 and at +01:00, and one night that spans the change.
    now = timezone.now()
    edition = make_edition(
        2027,
        starts_on=date(2027, 10, 25),
        ends_on=date(2027, 11, 5),
        registration_opens=now - timedelta(days=60),
        registration_closes=now - timedelta(days=10),
        program_published_at=now - timedelta(days=1),
    )
    october = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        starts_at=at(date(2027, 10, 26), 9),
        ends_at=at(date(2027, 10, 26), 11),
    )
    november = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        starts_at=at(date(2027, 11, 2), 9),
        ends_at=at(date(2027, 11, 2), 11),
    )
    night = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        type="annat",
        starts_at=at(date(2027, 10, 30), 23),
        ends_at=at(date(2027, 10, 31), 4),
    )

    dates = {
        activity: (data["startDate"], data["endDate"])
        for activity, data in (
            ("october", jsonld_of(page_of(client, october))),
            ("november", jsonld_of(page_of(client, november))),
            ("night", jsonld_of(page_of(client, night))),
        )
    }

    assert dates == {
        "october": ("2027-10-26T09:00:00+02:00", "2027-10-26T11:00:00+02:00"),
        "november": ("2027-11-02T09:00:00+01:00", "2027-11-02T11:00:00+01:00"),
        "night": ("2027-10-30T23:00:00+02:00", "2027-10-31T04:00:00+01:00"),
    }


def test_jsonld_title_cannot_break_out_of_the_script(client, edition, organisation):
    title = "Säkerhet </script><script>alert(1)</script> & <!-- annat"
    activity = make_activity(edition, organisation, status=Status.APPROVED, title=title)

    html = page_of(client, activity)

    assert jsonld_of(html)["name"] == title
    assert (
        r'"name": "Säkerhet \u003C/script\u003E\u003Cscript\u003Ealert(1)\u003C/script\u003E'
        r' \u0026 \u003C!-- annat"' in html
    )
    assert "<script>alert" not in html
    # Only the site's own files run: the one script without a src is the data block.
    scripts = scripts_of(html)
    assert [attrs for attrs, _ in scripts if "src" not in attrs] == [
        {"type": "application/ld+json"}
    ]
    loaded = [(attrs["src"], text) for attrs, text in scripts if "src" in attrs]
    assert [(src.split("/")[1], text) for src, text in loaded] == [("static", "")] * len(loaded)


def test_jsonld_is_a_data_block_the_strict_csp_leaves_alone(client, edition, organisation):
    # script-src governs scripts the browser runs; a data block of another type is never run, so
    # the JSON-LD needs no nonce and no 'unsafe-inline'. The browser test checks the same in
    # Chromium, with the policy enforced.
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    response = client.get(f"/aktivitet/{activity.slug}/")

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert '<script type="application/ld+json">{' in response.content.decode()


def test_activity_page_links_registered_organisers_to_their_pages(client, edition, organisation):
    partner = make_organisation(kind=Kind.AKADEMI, name="Linköpings universitet")
    activity = make_activity(edition, organisation, status=Status.APPROVED)
    CoOrganiser.objects.create(activity=activity, organisation=partner, position=0)
    CoOrganiser.objects.create(
        activity=activity, name="Föreningen Öppen data", kind=Kind.CIVILSAMHALLE, position=1
    )

    html = page_of(client, activity)

    assert (
        f'<dd><a class="ds-link" href="/organisation/{organisation.slug}/">Exempelby kommun</a>, '
        f'<a class="ds-link" href="/organisation/{partner.slug}/">Linköpings universitet</a>, '
        "Föreningen Öppen data</dd>"
    ) in html


def test_activity_page_offers_its_address_to_copy_and_mail(client, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.APPROVED, title="Öppna data & AI")
    url = f"{SITE}/aktivitet/{activity.slug}/"

    html = page_of(client, activity)

    assert (
        f'<input class="ds-input" type="text" id="share-url" value="{url}" readonly'
        ' aria-describedby="share-url-description">'
    ) in html
    assert (
        '<a class="ds-link" href="mailto:?subject=%C3%96ppna%20data%20%26%20AI&amp;body='
        "Ett%20seminarium%20om%20hur%20kommunen%20utvecklar%20e-tj%C3%A4nster%20tillsammans"
        "%20med%20inv%C3%A5narna.%0A%0Ahttps%3A%2F%2Finnovationsveckan.example.se%2Faktivitet%2F"
        f'{activity.slug}%2F">Tipsa någon via e-post</a>'
    ) in html
    # No third-party share buttons: nothing on the page loads from or links to a social network.
    assert "facebook" not in html.lower()
    assert "linkedin" not in html.lower()


def test_activity_preview_has_no_jsonld_and_no_share_section(client, owner, edition, organisation):
    activity = make_activity(edition, organisation, status=Status.DRAFT)
    client.force_login(owner)

    html = client.get(f"/mina-aktiviteter/{activity.pk}/forhandsvisning/").content.decode()

    assert "Förhandsvisning." in html
    assert "application/ld+json" not in html
    assert 'id="share-url"' not in html
