"""Issue 19, line 5: the embeddable program. Server-rendered and JavaScript-free, filtered by the
embedding organisation or the program's own filters, in its colour, framable only from the sites
it has registered (frame-ancestors lists exactly those) and refused everywhere else as today."""

import re

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_activity, make_organisation
from veckan.activities.models import CoOrganiser, Status
from veckan.organisations.models import contrast_with_white, embed_hosts, validate_colour

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return re.findall(
        r'<h2 class="ds-heading" data-size="xs"><a[^>]*>(?:<[^>]+>[^<]*</[^>]+>)?([^<]+)</a>',
        response.content.decode(),
    )


@pytest.fixture
def boras(owner, edition):
    organisation = make_organisation(name="Borås stad", admin=owner)
    organisation.embed_domains = "www.boras.se\nhttps://innovation.boras.se/\n"
    organisation.embed_colour = "#005fa3"
    organisation.save()
    return organisation


def test_the_embed_lists_the_organisations_own_activities_and_those_it_co_organises(
    client, boras, edition, program
):
    own = make_activity(edition, boras, status=Status.APPROVED, title="Borås bjuder in")
    shared = program[0]
    CoOrganiser.objects.create(activity=shared, organisation=boras)

    response = client.get(f"/inbaddning/{boras.slug}/")

    assert response.status_code == 200
    assert sorted(_titles(response)) == sorted([own.title, shared.title])


def test_visa_alla_shows_the_whole_program_narrowed_by_the_programs_filters(client, boras, program):
    everything = client.get(f"/inbaddning/{boras.slug}/?visa=alla")
    uppsala = client.get(f"/inbaddning/{boras.slug}/?visa=alla&lan=03")

    assert len(_titles(everything)) == len(program)
    assert _titles(uppsala) == ["Innovationer i skolan"]


def test_frame_ancestors_lists_exactly_the_registered_sites(client, boras):
    response = client.get(f"/inbaddning/{boras.slug}/")

    policy = response["Content-Security-Policy"]
    [ancestors] = [d for d in policy.split(";") if d.strip().startswith("frame-ancestors")]
    assert ancestors.split()[1:] == ["https://www.boras.se", "https://innovation.boras.se"]
    assert "X-Frame-Options" not in response
    assert "script-src 'self'" in policy  # the rest of the policy stays


def test_an_organisation_without_sites_cannot_be_framed_anywhere(client, organisation, program):
    response = client.get(f"/inbaddning/{organisation.slug}/")

    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_every_other_page_still_refuses_framing(client, boras, program):
    response = client.get("/program/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_embed_needs_no_javascript_unless_asked_to_size_itself(client, boras):
    plain = client.get(f"/inbaddning/{boras.slug}/").content.decode()
    sized = client.get(f"/inbaddning/{boras.slug}/?storlek=auto").content.decode()

    assert "<script" not in plain
    assert sized.count("<script") == 1
    assert "embed/resize.js" in sized
    assert '<base target="_blank">' in plain  # links leave the frame


def test_the_embed_is_in_the_organisations_colour(client, boras):
    page = client.get(f"/inbaddning/{boras.slug}/").content.decode()
    css = client.get(f"/inbaddning/{boras.slug}/farg.css")

    assert f'href="/inbaddning/{boras.slug}/farg.css"' in page
    assert css["Content-Type"] == "text/css"
    assert css.content.decode() == ":root { --embed-accent: #005fa3; }\n"


def test_an_unknown_organisation_is_404(client, edition):
    assert client.get("/inbaddning/finns-inte/").status_code == 404


@pytest.mark.parametrize(
    ("value", "hosts"),
    [
        ("www.boras.se", ["www.boras.se"]),
        (" https://WWW.Boras.se/ \n\nwww.boras.se", ["www.boras.se"]),
        ("växjö.se", ["xn--vxj-qla6g.se"]),
    ],
)
def test_registered_sites_are_host_names(value, hosts):
    assert embed_hosts(value) == hosts


@pytest.mark.parametrize(
    "value", ["boras", "https://www.boras.se/program", "*.boras.se", "http ://x"]
)
def test_anything_but_a_host_name_is_refused_with_the_line_named(value):
    with pytest.raises(ValidationError, match="är inte ett webbplatsnamn"):
        embed_hosts(value)


def test_a_colour_too_light_for_text_on_white_is_refused():
    assert contrast_with_white("#005fa3") >= 4.5
    validate_colour("#005fa3")
    with pytest.raises(ValidationError, match="för ljus"):
        validate_colour("#ffcc00")
    with pytest.raises(ValidationError, match="#rrggbb"):
        validate_colour("blue")


def test_admins_register_sites_and_colour_and_get_the_code(client, owner, organisation):
    client.force_login(owner)

    bad = client.post(
        f"/mina-organisationer/{organisation.slug}/inbaddning/",
        {"embed_domains": "inte en adress", "embed_colour": "#ffff00"},
    )
    assert bad.status_code == 400
    assert "är inte ett webbplatsnamn" in bad.content.decode()
    organisation.refresh_from_db()
    assert organisation.embed_domains == ""

    client.post(
        f"/mina-organisationer/{organisation.slug}/inbaddning/",
        {"embed_domains": "www.exempelby.se", "embed_colour": "#1a5e20"},
    )
    organisation.refresh_from_db()
    assert (organisation.embed_domains, organisation.embed_colour) == (
        "www.exempelby.se",
        "#1a5e20",
    )
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert f"/inbaddning/{organisation.slug}/?storlek=auto" in page
    assert "embed/embed.js" in page


def test_only_admins_change_the_embed(client, colleague, organisation):
    client.force_login(colleague)
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/inbaddning/", {"embed_domains": "evil.example"}
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.embed_domains == ""
