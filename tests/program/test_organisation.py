"""The public organisation page: the organisation's own innovation week, this year and earlier,
with nothing that is not public (no drafts, no members, no organisation number)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import at, make_activity, make_edition, make_published_edition
from veckan.activities.models import CoOrganiser, Status

pytestmark = pytest.mark.django_db

NOT_PUBLIC = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.CHANGES_REQUESTED,
    Status.REJECTED,
    Status.WITHDRAWN,
]


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


def this_year(html: str) -> list[str]:
    """The activity cards of the current edition, as text, in page order."""
    section = re.search(r'<section aria-labelledby="this-year-heading".*?</section>', html, re.S)
    assert section, "no section for this year"
    return [_text(title) for title in re.findall(r"<h3 [^>]*>(.*?)</h3>", section.group(0))]


def earlier(html: str) -> list[tuple[str, list[str]]]:
    """Each earlier edition's heading with its activities, as text, in page order."""
    return [
        (_text(heading), [_text(item) for item in re.findall(r"<li>(.*?)</li>", items, re.S)])
        for heading, items in re.findall(
            r'<h3 [^>]*id="edition-\d+">(.*?)</h3>\s*<ul class="ds-list">(.*?)</ul>', html, re.S
        )
    ]


def page(client, organisation) -> str:
    response = client.get(f"/organisation/{organisation.slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def current():
    return make_published_edition()


@pytest.fixture
def organisation(organisation):
    organisation.website = "https://www.exempelby.se"
    organisation.description = "Vi är en kommun i förändring.\n\nVälkommen till oss!"
    organisation.save()
    return organisation


def test_organisation_page_shows_who_the_organisation_is(client, current, organisation):
    html = page(client, organisation)

    assert (
        '<h1 class="ds-heading" data-size="xl" id="organisation-name">Exempelby kommun</h1>' in html
    )
    assert _text(re.search(r'<dl class="facts">.*?</dl>', html, re.S).group(0)) == (
        "Typ av organisation Kommun Hemkommun Stockholm (Stockholms län) "
        "Webbplats https://www.exempelby.se"
    )
    assert '<a class="ds-link" href="https://www.exempelby.se">' in html
    assert "<p>Vi är en kommun i förändring.</p>\n\n<p>Välkommen till oss!</p>" in html
    # Public, but not what a visitor needs; members are personal data.
    assert organisation.org_number not in html
    assert organisation.org_number.replace("-", "") not in html
    for private in ("Åsa Ägare", "agare@kommun.example.se", "Kim Kollega", "kollega@"):
        assert private not in html


def test_organisation_page_lists_exactly_its_published_activities_in_time_order(
    client, current, organisation, other_organisation
):
    tuesday = current.starts_on + timedelta(days=1)
    for status in NOT_PUBLIC:
        make_activity(current, organisation, status=status, title=f"Ej publik {status}")
    make_activity(current, other_organisation, status=Status.APPROVED, title="Annanstads egen")
    named_only = make_activity(
        current, other_organisation, status=Status.APPROVED, title="Medarrangör bara till namnet"
    )
    CoOrganiser.objects.create(activity=named_only, name="Exempelby kommun", kind="kommun")
    not_public_co = make_activity(
        current, other_organisation, status=Status.SUBMITTED, title="Inskickad med oss"
    )
    CoOrganiser.objects.create(activity=not_public_co, organisation=organisation)

    make_activity(
        current,
        organisation,
        status=Status.APPROVED,
        title="Öppet hus i stadshuset",
        starts_at=at(tuesday, 13),
        ends_at=at(tuesday, 15),
    )
    workshop = make_activity(
        current,
        other_organisation,
        status=Status.APPROVED,
        title="Workshop om AI i välfärden",
        starts_at=at(tuesday, 9),
        ends_at=at(tuesday, 11),
    )
    CoOrganiser.objects.create(activity=workshop, organisation=organisation)
    twice = make_activity(
        current,
        organisation,
        status=Status.CANCELLED,
        cancellation_reason="Lokalen är upptagen.",
        title="Frukostmöte om tillitsbaserad styrning",
        starts_at=at(tuesday + timedelta(days=1), 8),
        ends_at=at(tuesday + timedelta(days=1), 9),
    )
    CoOrganiser.objects.create(activity=twice, organisation=organisation)

    html = page(client, organisation)

    assert this_year(html) == [
        "Workshop om AI i välfärden",
        "Öppet hus i stadshuset",
        "Inställd Frukostmöte om tillitsbaserad styrning",
    ]
    assert "Medarrangör, tillsammans med Annanstad kommun" in html
    assert html.count("Medarrangör, tillsammans med") == 1
    assert "Ej publik" not in html
    assert "Inskickad med oss" not in html
    assert "Annanstads egen" not in html
    assert "Medarrangör bara till namnet" not in html
    assert earlier(html) == []


def test_organisation_page_groups_earlier_years_with_their_recordings(
    client, current, organisation, other_organisation
):
    edition_2025 = make_edition(2025, current=False)
    edition_2024 = make_edition(2024, current=False)
    make_activity(
        edition_2025,
        organisation,
        status=Status.APPROVED,
        title="Så digitaliserade vi bygglovet",
        recording_url="https://play.example.se/bygglov",
    )
    co_organised = make_activity(
        edition_2025,
        other_organisation,
        status=Status.APPROVED,
        title="Innovationsresa för chefer",
        starts_at=at(edition_2025.starts_on, 13),
        ends_at=at(edition_2025.starts_on, 16),
    )
    CoOrganiser.objects.create(activity=co_organised, organisation=organisation)
    make_activity(edition_2025, organisation, status=Status.REJECTED, title="Avslagen 2025")
    make_activity(edition_2024, organisation, status=Status.APPROVED, title="Välfärdslabbet")
    make_activity(
        edition_2024,
        organisation,
        status=Status.CANCELLED,
        cancellation_reason="Sjukdom.",
        title="Inställt seminarium",
        starts_at=at(edition_2024.starts_on + timedelta(days=2), 9),
        ends_at=at(edition_2024.starts_on + timedelta(days=2), 10),
    )

    html = page(client, organisation)

    assert earlier(html) == [
        (
            "Innovationsveckan 2025",
            [
                "Innovationsresa för chefer, 29 september",
                "Så digitaliserade vi bygglovet, 30 september · "
                "Se inspelningen: Så digitaliserade vi bygglovet",
            ],
        ),
        (
            "Innovationsveckan 2024",
            ["Välfärdslabbet, 1 oktober", "Inställt seminarium (inställd), 2 oktober"],
        ),
    ]
    assert '<a class="ds-link" href="https://play.example.se/bygglov">Se inspelningen' in html
    assert "Avslagen 2025" not in html
    assert this_year(html) == []
    assert "Exempelby kommun har inga aktiviteter i programmet för Innovationsveckan 2027." in html


def test_organisation_page_waits_for_the_program_to_be_published(client, organisation):
    edition = make_edition(
        2027,
        registration_opens=timezone.now() - timedelta(days=30),
        registration_closes=timezone.now() - timedelta(days=1),
        program_published_at=timezone.now() + timedelta(days=3),
    )
    make_activity(edition, organisation, status=Status.APPROVED, title="Godkänd men inte ute än")

    html = page(client, organisation)

    assert "Godkänd men inte ute än" not in html
    assert "Programmet för Innovationsveckan 2027 publiceras den" in html


def test_organisation_page_of_an_unknown_slug_answers_404(client, current, organisation):
    assert client.get("/organisation/finns-inte/").status_code == 404


def test_organisation_page_is_linked_from_the_activity_page(client, current, organisation):
    activity = make_activity(current, organisation, status=Status.APPROVED)

    html = client.get(f"/aktivitet/{activity.slug}/").content.decode()

    assert f'href="/organisation/{organisation.slug}/">Exempelby kommun</a>' in html


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_page_query_count_is_fixed(
    client, django_assert_num_queries, current, organisation, other_organisation, count
):
    past = make_edition(2025, current=False)
    for number in range(count):
        make_activity(current, organisation, status=Status.APPROVED, title=f"I år {number}")
        co_organised = make_activity(
            current, other_organisation, status=Status.APPROVED, title=f"Tillsammans {number}"
        )
        CoOrganiser.objects.create(activity=co_organised, organisation=organisation)
        make_activity(
            past,
            organisation,
            status=Status.APPROVED,
            title=f"Förr {number}",
            recording_url="https://play.example.se/forr",
        )

    # The organisation, the current edition (here and in the layout) and one for the activities.
    with django_assert_num_queries(4):
        html = page(client, organisation)

    assert len(this_year(html)) == 2 * count
    assert [len(activities) for _, activities in earlier(html)] == [count]
