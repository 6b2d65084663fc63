"""Link previews: Open Graph and Twitter card tags on the home page, the program, an activity and
an organisation page, so a link pasted in Teams or LinkedIn shows a card."""

import re

import pytest

from tests.factories import make_activity, make_published_edition

pytestmark = pytest.mark.django_db


def _meta(html: str) -> dict[str, str]:
    tags = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    return dict(tags)


@pytest.fixture
def activity(organisation):
    edition = make_published_edition(theme="Tillsammans", theme_en="Together")
    return make_activity(
        edition,
        organisation,
        status="approved",
        title="Innovationsfika",
        summary="Kaffe och innovation.",
        title_en="Innovation coffee",
        summary_en="Coffee and innovation.",
    )


def test_activity_page_has_a_card_in_the_pages_language(client, activity, settings):
    meta = _meta(client.get(f"/aktivitet/{activity.slug}/").content.decode())
    assert meta["og:title"] == meta["twitter:title"] == "Innovationsfika"
    assert meta["og:description"] == "Kaffe och innovation."
    assert meta["og:url"] == f"{settings.SITE_URL}/aktivitet/{activity.slug}/"
    assert (meta["og:locale"], meta["og:locale:alternate"]) == ("sv_SE", "en_GB")
    assert meta["og:image"].startswith(settings.SITE_URL)
    assert meta["og:image"].endswith(".png")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == "Innovationsveckan"
    assert meta["twitter:card"] == "summary_large_image"
    english = _meta(client.get(f"/en/aktivitet/{activity.slug}/").content.decode())
    assert (english["og:title"], english["og:locale"]) == ("Innovation coffee", "en_GB")
    assert english["og:url"] == f"{settings.SITE_URL}/en/aktivitet/{activity.slug}/"


def test_activity_with_its_own_picture_shows_it_with_its_alt_text(client, activity, settings):
    activity.image = "activities/2027/fika.jpg"
    activity.image_alt = "Människor runt ett fikabord"
    activity.save()
    meta = _meta(client.get(f"/aktivitet/{activity.slug}/").content.decode())
    assert meta["og:image"] == f"{settings.SITE_URL}/media/activities/2027/fika.jpg"
    assert meta["og:image:alt"] == "Människor runt ett fikabord"


@pytest.mark.parametrize("page", ["home", "program", "organisation"])
def test_home_program_and_organisation_pages_have_cards(client, activity, organisation, page):
    url = {
        "home": "/",
        "program": "/program/",
        "organisation": f"/organisation/{organisation.slug}/",
    }[page]
    meta = _meta(client.get(url).content.decode())
    for name in ("og:title", "og:description", "og:image", "og:image:alt", "og:url", "og:locale"):
        assert meta.get(name), (page, name)
    assert meta["twitter:card"] == "summary_large_image"
    if page == "organisation":
        assert meta["og:title"] == "Exempelby kommun"
