"""The pages every public service needs (about, privacy, cookies, accessibility) and the feedback form."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import dateformat, timezone

from tests.factories import make_edition, make_user
from veckan.lib import ratelimit
from veckan.pages import services
from veckan.pages.models import AccessibilityFeedback, Page

pytestmark = [pytest.mark.django_db, pytest.mark.coordinator_signed_in]

FEEDBACK_URL = "/tillganglighet/rapportera/"
THANKS = "Tack för att du hörde av dig"
LIMITED = "Du har skickat många meddelanden på kort tid. Vänta en stund och försök igen."


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limit counts in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def text(response) -> str:
    """The page's visible words on one line, so assertions read like the page."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def links(html: str) -> dict[str, str]:
    return {
        " ".join(re.sub(r"<[^>]+>", "", label).split()): href
        for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    }


# --- The four pages ------------------------------------------------------------------------------


def test_about_page_says_what_the_week_is_who_arranges_it_and_how_to_take_part(client):
    response = client.get("/om/")
    assert response.status_code == 200
    page = text(response)
    assert "Om Innovationsveckan" in page
    assert "runt vecka 40" in page
    for coordinator in ["SKR", "Vinnova", "Upphandlingsmyndigheten", "DIGG"]:
        assert coordinator in page
    assert "Arrangera en aktivitet" in page
    assert "Besök och delta" in page
    assert "Det kostar ingenting" in page
    assert links(response.content.decode())["Skapa ett konto"] == "http://testserver/konto/signup/"
    assert "Senast uppdaterad" in page


def test_privacy_page_names_the_controller_and_dpo_from_the_settings(client, settings):
    settings.DATA_CONTROLLER = "Myndigheten för exempel"
    settings.DATA_PROTECTION_OFFICER_EMAIL = "dso@exempel.example.se"

    response = client.get("/personuppgifter/")

    assert response.status_code == 200
    page = text(response)
    assert "Myndigheten för exempel är personuppgiftsansvarig" in page
    assert "{personuppgiftsansvarig}" not in page
    assert "{dataskyddsombud}" not in page
    html = response.content.decode()
    assert '<a href="mailto:dso@exempel.example.se" rel="nofollow noopener">' in html
    assert "Sveriges Kommuner och Regioner (SKR) är personuppgiftsansvarig" not in page


def test_privacy_page_covers_purposes_legal_bases_retention_rights_imy_and_public_documents(
    client,
):
    page = text(client.get("/personuppgifter/"))
    assert "Så hanterar vi personuppgifter" in page
    for purpose in [
        "Konton för arrangörer",
        "Anmälan av aktiviteter",
        "Anmälan till aktiviteter",
        "Omröstningen om Lätt att sprida-priset",
        "Synpunkter om tillgänglighet",
        "Statistik",
    ]:
        assert purpose in page
    for basis in ["uppgift av allmänt intresse", "avtal", "samtycke", "berättigat intresse"]:
        assert f"Rättslig grund: {basis} –" in page
    assert "den rättsliga grunden är rättslig förpliktelse" in page
    assert "myndighetsutövning" not in page
    assert "90 dagar efter att veckan är slut" in page
    assert "två år efter att vi tog emot dem" in page
    assert "utanför EU och EES" in page
    for right in ["rättade", "raderade", "begränsar", "invända", "dataportabilitet"]:
        assert right in page
    assert "Integritetsskyddsmyndigheten (IMY)" in page
    assert links(client.get("/personuppgifter/").content.decode())["www.imy.se"] == (
        "https://www.imy.se"
    )
    assert "allmän handling" in page
    assert "offentlighetsprincipen" in page


def test_cookie_page_lists_each_cookie_with_its_real_lifetime(client, settings):
    page = text(client.get("/kakor/"))
    assert "9 kap. 28 § lagen (2022:482) om elektronisk kommunikation" in page
    assert "sessionid" in page
    assert "csrftoken" in page
    assert "Ingen kaka för språk" in page
    assert "Inga kakor från tredje part" in page
    # What the page says must be what the settings do; change one, change the other.
    assert settings.SESSION_COOKIE_NAME == "sessionid"
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 60 * 60
    assert "efter två veckor" in page
    assert settings.CSRF_COOKIE_NAME == "csrftoken"
    assert settings.CSRF_COOKIE_AGE == 52 * 7 * 24 * 60 * 60
    assert "Den gäller i ett år" in page


def test_accessibility_statement_has_what_digg_requires(client, settings):
    settings.DATA_CONTROLLER = "Myndigheten för exempel"
    statement = Page.objects.get(slug="tillganglighet")
    statement.assessed_on = date(2026, 9, 15)
    statement.save()

    response = client.get("/tillganglighet/")

    assert response.status_code == 200
    page = text(response)
    html = response.content.decode()
    assert "Tillgänglighetsredogörelse" in page
    assert "Myndigheten för exempel ansvarar för webbplatsen Innovationsveckan" in page
    assert "delvis förenlig" in page
    assert "Kartan över Sverige" in page
    assert "Material från arrangörer" in page
    assert "axe-core" in page
    assert "Tillgängligheten bedömdes senast 15 september 2026" in page
    today = dateformat.format(timezone.localdate(), "j F Y")
    assert f"Redogörelsen uppdaterades senast {today}" in page
    found = links(html)
    assert found["kontakta DIGG och göra en anmälan om bristande tillgänglighet"] == (
        "https://www.digg.se/tdosanmalan"
    )
    assert found["meddela oss via formuläret"] == "http://testserver/tillganglighet/rapportera/"
    assert found["Rapportera ett tillgänglighetsproblem"] == FEEDBACK_URL


def test_every_page_is_linked_from_the_footer_of_the_home_page(client):
    make_edition(2025)  # a published edition, so the statistics have something to show
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert links(footer) == {
        "Startsida": "/",
        "Om Innovationsveckan": "/om/",
        "Statistik": "/statistik/",
        "Arkiv": "/arkiv/",
        "Lätt att sprida-priset": "/pris/",
        "Lösningar att sprida": "/losningar/",
        "Mina uppgifter": "/mina-uppgifter/",
        "Personuppgifter": "/personuppgifter/",
        "Kakor": "/kakor/",
        "Tillgänglighetsredogörelse": "/tillganglighet/",
    }
    for url in links(footer).values():
        assert client.get(url, follow=True).status_code == 200


def test_pages_set_no_cookies_and_have_no_inline_script_or_style(client):
    for url in ["/om/", "/personuppgifter/", "/kakor/", "/tillganglighet/", "/en/om/"]:
        response = client.get(url)
        html = response.content.decode()
        assert response.cookies == {}, url
        assert "<style" not in html, url
        assert " style=" not in html, url
        assert "<script>" not in html, url


# --- English ----------------------------------------------------------------------------------------


def test_english_page_shows_the_english_text(client):
    response = client.get("/en/om/")
    assert response.status_code == 200
    page = text(response)
    assert "About Innovationsveckan" in page
    assert "Think of it as Almedalen Week" in page
    assert "Det är som Almedalsveckan" not in page
    assert links(response.content.decode())["Create an account"] == (
        "http://testserver/en/konto/signup/"
    )


def test_english_page_without_english_text_shows_the_swedish_one_marked_as_swedish(client):
    Page.objects.filter(slug="kakor").update(body_en="")
    response = client.get("/en/kakor/")
    html = response.content.decode()
    assert "Cookies" in text(response)
    assert "This page is not available in English yet. Here is the Swedish text." in text(response)
    assert '<div class="prose" lang="sv">' in html
    assert "En kaka (cookie) är en liten textfil" in html


# --- Coordinators edit the pages ------------------------------------------------------------------


def _edit(client, slug: str, **changes):
    page = Page.objects.get(slug=slug)
    data = {
        "title": page.title,
        "body": page.body,
        "title_en": page.title_en,
        "body_en": page.body_en,
    }
    if page.assessed_on:
        data["assessed_on"] = page.assessed_on.isoformat()
    return client.post(f"/samordning/sidor/{slug}/", data | changes)


def test_coordinator_sees_the_four_pages_listed(client, coordinator):
    response = client.get("/samordning/sidor/")
    assert response.status_code == 200
    found = links(response.content.decode())
    assert {label: href for label, href in found.items() if "ändra" in label} == {
        "Om Innovationsveckan – ändra": "/samordning/sidor/om/",
        "Så hanterar vi personuppgifter – ändra": "/samordning/sidor/personuppgifter/",
        "Kakor – ändra": "/samordning/sidor/kakor/",
        "Tillgänglighetsredogörelse – ändra": "/samordning/sidor/tillganglighet/",
    }


def test_coordinator_edits_a_page_and_is_recorded_as_its_editor(client, coordinator):
    response = _edit(
        client,
        "om",
        title="Om veckan",
        body="# Nytt\n\nInnovationsveckan **2027** blir större än någonsin.",
        title_en="About the week",
        body_en="Bigger than ever.",
    )

    assert response.status_code == 302
    assert response["Location"] == "/samordning/sidor/"
    page = Page.objects.get(slug="om")
    assert (page.title, page.title_en, page.body_en) == (
        "Om veckan",
        "About the week",
        "Bigger than ever.",
    )
    assert page.updated_by == coordinator
    html = client.get("/om/").content.decode()
    assert '<h1 class="ds-heading" data-size="xl" id="page-title">Om veckan</h1>' in html
    assert "<h2>Nytt</h2>" in html
    assert "<p>Innovationsveckan <strong>2027</strong> blir större än någonsin.</p>" in html
    listing = text(client.get("/samordning/sidor/"))
    assert "av Sara Samordnare" in listing


def test_organiser_cannot_edit_a_page(client, owner):
    before = Page.objects.get(slug="om")
    client.force_login(owner)

    assert client.get("/samordning/sidor/").status_code == 403
    response = _edit(client, "om", title="Kapad", body="Kapad")

    assert response.status_code == 403
    after = Page.objects.get(slug="om")
    assert (after.title, after.body, after.updated_at, after.updated_by) == (
        before.title,
        before.body,
        before.updated_at,
        None,
    )


def test_markdown_in_a_coordinators_edit_is_sanitised(client, coordinator):
    _edit(
        client,
        "om",
        body='Hej<script>alert("x")</script> [klicka](javascript:alert(1)) <img src=x onerror=alert(1)>',
    )

    html = client.get("/om/").content.decode()
    prose = html[html.index('<div class="prose">') : html.index("</article>")]
    assert "<script" not in prose
    assert "alert" not in prose
    assert "<img" not in prose
    assert "Hej" in prose
    # The edit is stored as written; it is made safe when shown.
    assert "<script>" in Page.objects.get(slug="om").body


def test_privacy_page_edit_must_keep_the_controller_and_dpo_placeholders(client, coordinator):
    before = Page.objects.get(slug="personuppgifter").body

    response = _edit(client, "personuppgifter", body="Vi behandlar uppgifter. Klaga hos imy.se.")

    assert response.status_code == 200
    assert "Texten måste innehålla {personuppgiftsansvarig}, {dataskyddsombud}." in text(response)
    assert Page.objects.get(slug="personuppgifter").body == before


def test_accessibility_statement_edit_records_the_assessment_date(client, coordinator):
    response = _edit(client, "tillganglighet", assessed_on="2027-03-01")

    assert response.status_code == 302
    assert Page.objects.get(slug="tillganglighet").assessed_on == date(2027, 3, 1)
    assert "Tillgängligheten bedömdes senast 1 mars 2027" in text(client.get("/tillganglighet/"))


def test_update_page_service_records_the_editor():
    editor = make_user(coordinator=True)
    page = Page.objects.get(slug="kakor")

    services.update_page(
        page=page, editor=editor, title="Kakor", body="Nytt", title_en="Cookies", body_en=""
    )

    page.refresh_from_db()
    assert (page.body, page.body_en, page.updated_by) == ("Nytt", "", editor)


# --- The feedback form ----------------------------------------------------------------------------


def _send(client, ip: str = "192.0.2.10", **fields):
    data = {"description": "Knappen Skicka går inte att nå med tangentbordet."} | fields
    return client.post(FEEDBACK_URL, data, REMOTE_ADDR=ip)


def test_feedback_form_has_a_privacy_note_and_a_hidden_honeypot(client):
    response = client.get(FEEDBACK_URL)
    html = response.content.decode()
    assert response.status_code == 200
    page = text(response)
    assert "Vi sparar meddelandet i två år" in page
    assert links(html)["Så hanterar vi personuppgifter"] == "/personuppgifter/"
    assert '<div class="honeypot" aria-hidden="true">' in html
    assert '<label for="id_website">Lämna det här fältet tomt</label>' in html
    assert re.search(r'<input type="text" name="website"[^>]*tabindex="-1"', html)
    # The form needs the CSRF cookie, and nothing else.
    assert list(response.cookies) == ["csrftoken"]


def test_anonymous_feedback_is_stored_and_thanked(client):
    response = _send(client, page_url="/om/")

    assert response.status_code == 302
    assert response["Location"] == "/tillganglighet/rapportera/tack/"
    assert THANKS in text(client.get(response["Location"]))
    [feedback] = AccessibilityFeedback.objects.all()
    assert (
        feedback.description,
        feedback.page_url,
        feedback.contact_name,
        feedback.contact_email,
        feedback.handled,
    ) == ("Knappen Skicka går inte att nå med tangentbordet.", "/om/", "", "", False)


def test_feedback_with_contact_details_is_stored_with_them(client):
    _send(client, contact_name="Kim Kontakt", contact_email="kim@example.se")

    [feedback] = AccessibilityFeedback.objects.all()
    assert (feedback.contact_name, feedback.contact_email) == ("Kim Kontakt", "kim@example.se")


def test_feedback_without_description_is_not_stored_and_says_why(client):
    response = _send(client, description="  ")

    assert response.status_code == 200
    assert "Det finns fel i formuläret Beskriv problemet: Detta fält måste fyllas i." in text(
        response
    )
    assert AccessibilityFeedback.objects.count() == 0


def test_feedback_longer_than_3000_characters_is_refused(client):
    response = _send(client, description="x" * 3001)

    assert response.status_code == 200
    assert "Det finns fel i formuläret" in text(response)
    assert AccessibilityFeedback.objects.count() == 0


def test_feedback_with_the_honeypot_filled_is_thanked_but_not_stored(client):
    response = _send(client, website="https://spam.example.com")

    assert response.status_code == 302
    assert THANKS in text(client.get(response["Location"]))
    assert AccessibilityFeedback.objects.count() == 0


def test_sixth_feedback_within_ten_minutes_is_refused_and_not_stored(client):
    for n in range(5):
        assert _send(client, description=f"Problem {n}").status_code == 302

    response = _send(client, description="Problem 6")

    assert response.status_code == 429
    assert LIMITED in text(response)
    assert response["Retry-After"] == "600"
    assert sorted(AccessibilityFeedback.objects.values_list("description", flat=True)) == [
        f"Problem {n}" for n in range(5)
    ]
    # Someone else, at another address, is not held up.
    assert _send(client, ip="198.51.100.7", description="Annan").status_code == 302
    assert AccessibilityFeedback.objects.filter(description="Annan").exists()


# --- Coordinators read the feedback ----------------------------------------------------------------


def _feedback(description: str, *, days_ago: int = 0, handled: bool = False):
    feedback = AccessibilityFeedback.objects.create(description=description, handled=handled)
    AccessibilityFeedback.objects.filter(pk=feedback.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return feedback


def _listed(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<p class="ds-paragraph">([^<]*)</p>\s*<dl class="facts">', html)


def test_coordinator_sees_feedback_unhandled_first_then_newest(client, coordinator):
    _feedback("Gammal, hanterad", days_ago=1, handled=True)
    _feedback("Äldst, ohanterad", days_ago=3)
    _feedback("Nyast, ohanterad", days_ago=0)
    _feedback("Ännu äldre, hanterad", days_ago=5, handled=True)

    response = client.get("/samordning/tillganglighet/")

    assert response.status_code == 200
    assert _listed(response) == [
        "Nyast, ohanterad",
        "Äldst, ohanterad",
        "Gammal, hanterad",
        "Ännu äldre, hanterad",
    ]


def test_coordinator_marks_feedback_handled(client, coordinator):
    feedback = _feedback("Kontrasten är för låg")

    response = client.post(f"/samordning/tillganglighet/{feedback.pk}/hanterad/")

    assert response.status_code == 302
    assert response["Location"] == "/samordning/tillganglighet/"
    feedback.refresh_from_db()
    assert feedback.handled
    assert feedback.handled_by == coordinator
    assert feedback.handled_at is not None
    page = text(client.get("/samordning/tillganglighet/"))
    assert "Synpunkten är markerad som hanterad." in page
    assert "av Sara Samordnare" in page
    assert "Markera som hanterad" not in page


def test_marking_handled_needs_post(client, coordinator):
    feedback = _feedback("Kontrasten är för låg")
    assert client.get(f"/samordning/tillganglighet/{feedback.pk}/hanterad/").status_code == 405
    feedback.refresh_from_db()
    assert not feedback.handled


def test_organiser_cannot_see_or_handle_feedback(client, owner):
    feedback = _feedback("Kontrasten är för låg")
    client.force_login(owner)

    assert client.get("/samordning/tillganglighet/").status_code == 403
    assert client.post(f"/samordning/tillganglighet/{feedback.pk}/hanterad/").status_code == 403
    feedback.refresh_from_db()
    assert (feedback.handled, feedback.handled_by) == (False, None)


@pytest.mark.parametrize("count", [1, 3])
def test_feedback_list_query_count_is_fixed(client, coordinator, django_assert_num_queries, count):
    for n in range(count):
        feedback = _feedback(f"Synpunkt {n}")
        # Each handled by its own coordinator, so a lookup per row would show.
        services.mark_feedback_handled(feedback=feedback, coordinator=make_user(coordinator=True))
    # session, user, two-factor check, the layout's current edition, the feedback with its handlers
    with django_assert_num_queries(5):
        response = client.get("/samordning/tillganglighet/")
    assert len(_listed(response)) == count


def test_pages_list_query_count_is_fixed(client, coordinator, django_assert_num_queries):
    for page in Page.objects.all():
        services.update_page(
            page=page,
            editor=make_user(coordinator=True),
            title=page.title,
            body=page.body,
            title_en=page.title_en,
            body_en=page.body_en,
        )
    # session, user, two-factor check, the layout's current edition, the pages with their editors
    with django_assert_num_queries(5):
        response = client.get("/samordning/sidor/")
    assert response.status_code == 200


def test_old_feedback_is_deleted_after_two_years(capsys):
    _feedback("Gammal", days_ago=2 * 365 + 1)
    _feedback("Ny", days_ago=2 * 365 - 1)

    call_command("delete_old_feedback")

    assert list(AccessibilityFeedback.objects.values_list("description", flat=True)) == ["Ny"]
    assert "Deleted 1 feedback" in capsys.readouterr().out


# --- The rate limit and the client's address -------------------------------------------------------


def test_rate_limit_allows_up_to_the_limit_per_key():
    assert [ratelimit.hit("test:a", limit=2, window_seconds=60) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert ratelimit.hit("test:b", limit=2, window_seconds=60)


def test_client_ip_ignores_forwarded_for_unless_behind_a_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4"
    )
    settings.BEHIND_PROXY = False
    assert ratelimit.client_ip(request) == "10.0.0.2"
    settings.BEHIND_PROXY = True
    # The hop our proxy added, not the first one, which the client can write itself.
    assert ratelimit.client_ip(request) == "198.51.100.4"


def test_cookie_page_says_stars_last_until_the_week_is_over(client):
    html = client.get("/kakor/").content.decode()
    assert "finns kakan kvar tills veckan i programmet är slut" in html
    assert "tas kakan bort två veckor efter att du senast använde Mitt program" not in html
