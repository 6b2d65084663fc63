import pytest
from django.utils import timezone

from tests.factories import make_edition

pytestmark = pytest.mark.django_db


def test_home_shows_current_edition_theme_dates_and_invitation(client):
    make_edition(2025, current=False, theme="Förra årets tema")
    edition = make_edition(
        2027,
        registration_opens=timezone.now() - timezone.timedelta(days=1),
        registration_closes=timezone.now() + timezone.timedelta(days=10),
    )
    html = client.get("/").content.decode()
    assert "Innovationsveckan 2027" in html
    assert "Årets tema: Tillsammans för framtidens välfärd" in html
    assert "Vecka 40 · 4–8 oktober 2027" in html
    assert "Förra årets tema" not in html
    assert 'href="/konto/signup/">Anmäl en aktivitet</a>' in html
    assert (
        f"Anmälan är öppen till och med {timezone.localtime(edition.registration_closes).day}"
        in html
    )


def test_home_without_edition_says_so(client):
    html = client.get("/").content.decode()
    assert "Nästa utgåva av Innovationsveckan är inte utannonserad än." in html


def test_home_after_registration_closed_says_so(client):
    make_edition(2026)  # its registration closed in 2026
    html = client.get("/").content.decode()
    assert "Anmälan av aktiviteter har stängt för i år." in html
    assert "Anmäl en aktivitet</a>" not in html


def test_layout_is_swedish_first_with_skip_link_and_english_switch(client):
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert '<a class="ds-skip-link" href="#main">Hoppa till innehållet</a>' in html
    assert '<main id="main"' in html
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in html


def test_layout_in_english_under_en(client):
    make_edition(2026)
    html = client.get("/en/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html
    # No English theme written: the Swedish one stands in, marked as Swedish.
    assert 'This year\'s theme: <span lang="sv">Tillsammans för framtidens välfärd</span>' in html
    assert '<a href="/" lang="sv" hreflang="sv">Svenska</a>' in html


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def test_pages_have_no_inline_script_or_style(client, owner):
    client.force_login(owner)
    for url in ["/", "/konto/login/", "/mina-organisationer/", "/mina-organisationer/ny/"]:
        html = client.get(url).content.decode()
        assert "<style" not in html, url
        assert " style=" not in html, url
        assert "<script>" not in html, url
        assert "<script " not in html.replace('<script src="', ""), url


def test_anonymous_visit_sets_no_cookies(client):
    make_edition(2026)
    response = client.get("/")
    assert response.cookies == {}


def test_unknown_page_answers_404_in_swedish(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
