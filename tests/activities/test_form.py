"""The activity form, rule by rule, through POSTs to the create view: what the organiser sees and
what the database holds."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import (
    STOCKHOLM,
    add_totp,
    at,
    make_edition,
    make_organisation,
    make_user,
    valid_org_number,
)
from veckan.activities.models import Activity, ActivityTag, Status
from veckan.editions.models import FocusArea
from veckan.geography.models import municipality_choices
from veckan.lib.text import swedish_sort_key
from veckan.organisations.models import Kind

pytestmark = pytest.mark.django_db

CREATE = "/mina-aktiviteter/ny/"
NEW_ROW = "/mina-aktiviteter/ny-rad/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def edition():
    """Next year's edition, current, with registration open now."""
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


def form_data(edition, organisation, **overrides) -> dict:
    """A complete POST for a physical seminar on the edition's Tuesday, 09:00–11:00."""
    tuesday = edition.starts_on + timedelta(days=1)
    data = {
        "organisation": organisation.pk,
        "title": "Så bygger vi framtidens e-tjänster",
        "summary": "Ett seminarium om hur kommunen utvecklar e-tjänster tillsammans med invånarna.",
        "description": "",
        "type": "seminarium",
        "format": "physical",
        "day": tuesday.isoformat(),
        "start_time": "09:00",
        "end_time": "11:00",
        "municipality": "0580",
        "venue": "Stadshuset",
        "address": "Drottninggatan 45, Linköping",
        "stream_url": "",
        "image_alt": "",
        "signup_mode": "none",
        "capacity": "",
        "signup_deadline": "",
        "external_signup_url": "",
        "title_en": "",
        "summary_en": "",
        "description_en": "",
        "co_organisers-TOTAL_FORMS": "3",
        "co_organisers-INITIAL_FORMS": "0",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
    }
    return data | overrides


def summary_of(response) -> list[str]:
    """The lines of the error summary at the top of the form, as the person reads them."""
    html = response.content.decode()
    summary = re.search(r'<div class="ds-error-summary".*?</ul>', html, re.S)
    if summary is None:
        return []
    return [
        re.sub(r"<[^>]+>", "", line).strip()
        for line in re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)
    ]


def image_upload(fmt: str, name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


# --- one rule at a time -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"title": "Å" * 151}, ["Titel: Skriv högst 150 tecken (nu är det 151)."]),
        (
            {"title": "SÅ BYGGER VI FRAMTIDENS E-TJÄNSTER"},
            ["Titel: Skriv titeln med stora och små bokstäver, inte bara stora."],
        ),
        ({"summary": "x" * 351}, ["Sammanfattning: Skriv högst 350 tecken (nu är det 351)."]),
        (
            {"start_time": "11:00", "end_time": "10:30"},
            ["Slutar klockan: Aktiviteten måste sluta efter att den har börjat."],
        ),
        (
            {"start_time": "nio"},
            ["Börjar klockan: Skriv tiden som timmar och minuter, till exempel 09:30."],
        ),
        (
            {"format": "physical", "municipality": "", "address": ""},
            [
                "Kommun: Ange i vilken kommun aktiviteten äger rum.",
                "Adress: Ange adressen där aktiviteten äger rum.",
            ],
        ),
        (
            {"format": "digital", "municipality": "", "address": "", "venue": ""},
            ["Länk till sändningen eller mötet: Ange länken till sändningen eller mötet."],
        ),
        (
            {"format": "hybrid", "municipality": "", "address": "", "stream_url": ""},
            [
                "Kommun: Ange i vilken kommun aktiviteten äger rum.",
                "Adress: Ange adressen där aktiviteten äger rum.",
                "Länk till sändningen eller mötet: Ange länken till sändningen eller mötet.",
            ],
        ),
        (
            {"signup_mode": "external", "external_signup_url": ""},
            ["Länk till anmälan: Ange länken till anmälan."],
        ),
        (
            {"signup_mode": "platform", "capacity": ""},
            ["Antal platser: Ange hur många platser det finns."],
        ),
    ],
    ids=[
        "title-too-long",
        "title-all-caps",
        "summary-too-long",
        "end-before-start",
        "time-unreadable",
        "physical-without-place",
        "digital-without-link",
        "hybrid-needs-both",
        "external-signup-without-link",
        "platform-signup-without-capacity",
    ],
)
def test_activity_form_rule_is_shown_in_the_summary_and_nothing_is_saved(
    logged_in, edition, organisation, overrides, expected
):
    response = logged_in.post(CREATE, form_data(edition, organisation, **overrides))

    assert response.status_code == 200
    assert summary_of(response) == expected
    assert not Activity.objects.exists()


def test_activity_form_summary_lists_formset_errors_in_page_order_linking_to_field_ids(
    logged_in, edition, organisation
):
    response = logged_in.post(
        CREATE,
        form_data(
            edition,
            organisation,
            title="",
            **{"contacts-0-name": "Kim Kontakt", "contacts-0-email": "inte-en-adress"},
        ),
    )

    html = response.content.decode()
    assert summary_of(response) == [
        "Titel: Skriv en titel.",
        "Kontaktperson 1, e-postadress: Fyll i en giltig e-postadress.",
    ]
    assert '<a class="ds-link" href="#id_title">' in html
    assert '<a class="ds-link" href="#id_contacts-0-email">' in html
    assert 'id="id_contacts-0-email"' in html  # the link leads somewhere
    assert html.index("ds-error-summary") < html.index('id="id_title"')  # at the top
    assert not Activity.objects.exists()


def test_activity_form_day_outside_the_edition_is_refused_even_when_tampered(
    logged_in, edition, organisation
):
    saturday_after = edition.ends_on + timedelta(days=1)
    response = logged_in.post(
        CREATE, form_data(edition, organisation, day=saturday_after.isoformat())
    )

    assert summary_of(response) == ["Dag: Välj en av Innovationsveckans dagar."]
    assert not Activity.objects.exists()


def test_activity_form_day_choices_are_the_editions_days_in_swedish(
    logged_in, edition, organisation
):
    html = logged_in.get(CREATE).content.decode()
    # The activity's own day (an occasion row of a series has a day list of its own).
    select = re.search(r'<select name="day".*?</select>', html, re.S).group(0)
    days = re.findall(r'<option value="(\d{4}-\d\d-\d\d)"[^>]*>([^<]+)</option>', select)
    assert days == [
        ("2027-10-04", "måndag 4 oktober"),
        ("2027-10-05", "tisdag 5 oktober"),
        ("2027-10-06", "onsdag 6 oktober"),
        ("2027-10-07", "torsdag 7 oktober"),
        ("2027-10-08", "fredag 8 oktober"),
    ]


def test_activity_form_municipalities_grouped_by_county_in_swedish_order(
    logged_in, edition, organisation
):
    html = logged_in.get(CREATE).content.decode()
    counties = re.findall(r'<optgroup label="([^"]+)">', html)
    assert len(counties) == 21
    assert counties[-3:] == ["Västra Götalands län", "Örebro län", "Östergötlands län"]
    select = re.search(r'<select name="municipality".*?</select>', html, re.S).group(0)
    assert len(re.findall(r'<option value="\d{4}"', select)) == 290
    skane = dict(municipality_choices())["Skåne län"]
    names = [name for _, name in skane]
    assert names[-4:] == ["Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge"]
    assert sorted(["Örebro", "Åre", "Älvdalen", "Ale", "Ödeshög"], key=swedish_sort_key) == [
        "Ale",
        "Åre",
        "Älvdalen",
        "Ödeshög",
        "Örebro",
    ]


# --- the image ----------------------------------------------------------------------------------


def test_activity_form_image_of_another_format_is_refused(logged_in, edition, organisation):
    data = form_data(edition, organisation, image_alt="En bild")
    data["image"] = image_upload("GIF", "bild.gif")
    response = logged_in.post(CREATE, data)

    assert summary_of(response) == ["Bild: Välj en bild i formatet JPEG, PNG eller WebP."]
    assert not Activity.objects.exists()


def test_activity_form_image_needs_a_description(logged_in, edition, organisation):
    data = form_data(edition, organisation, image_alt="  ")
    data["image"] = image_upload("JPEG", "foto.jpg")
    response = logged_in.post(CREATE, data)

    assert summary_of(response) == ["Bildbeskrivning: Beskriv bilden för den som inte kan se den."]
    assert not Activity.objects.exists()


def test_activity_form_jpeg_is_stored_reencoded_as_webp(logged_in, edition, organisation):
    data = form_data(edition, organisation, image_alt="Publik i stadshusets hörsal")
    data["image"] = image_upload("JPEG", "IMG_1234.jpg")
    response = logged_in.post(CREATE, data)

    assert response.status_code == 302
    activity = Activity.objects.get()
    year = timezone.now().year
    assert re.fullmatch(rf"activities/{year}/[0-9a-f]{{32}}\.webp", activity.image.name)
    with Image.open(activity.image.path) as stored:
        assert (stored.format, stored.size) == ("WEBP", (64, 48))
    assert activity.image_alt == "Publik i stadshusets hörsal"
    # Its size is kept, so the page gives the <img> its width and height and nothing jumps.
    assert (activity.image_width, activity.image_height) == (64, 48)
    preview = logged_in.get(f"/mina-aktiviteter/{activity.pk}/forhandsvisning/")
    assert 'alt="Publik i stadshusets hörsal" width="64" height="48">' in preview.content.decode()


def test_activity_form_edit_keeps_the_image_unless_removed(logged_in, edition, organisation):
    data = form_data(edition, organisation, image_alt="Publik")
    data["image"] = image_upload("PNG", "bild.png")
    logged_in.post(CREATE, data)
    activity = Activity.objects.get()
    stored_name = activity.image.name
    edit = f"/mina-aktiviteter/{activity.pk}/andra/"

    logged_in.post(edit, form_data(edition, organisation, image_alt="Publiken"))
    activity.refresh_from_db()
    assert (activity.image.name, activity.image_alt) == (stored_name, "Publiken")

    logged_in.post(edit, form_data(edition, organisation, remove_image="on"))
    activity.refresh_from_db()
    assert activity.image.name == ""
    assert (activity.image_width, activity.image_height) == (None, None)


# --- organisers and contacts --------------------------------------------------------------------


def test_activity_form_public_party_rule_is_a_form_error(client, owner, edition):
    business = make_organisation(kind=Kind.FORETAG, name="Innovation AB", admin=owner)
    client.force_login(owner)
    response = client.post(CREATE, form_data(edition, business))

    assert summary_of(response) == [
        "Arrangör: Minst en arrangör eller medarrangör måste vara en offentlig part "
        "(kommun, region, statlig myndighet, civilsamhälle). Lägg till en medarrangör av någon av de typerna."
    ]
    assert not Activity.objects.exists()


def test_activity_form_public_party_may_be_a_named_co_organiser(client, owner, edition):
    business = make_organisation(kind=Kind.FORETAG, name="Innovation AB", admin=owner)
    client.force_login(owner)
    data = form_data(
        edition,
        business,
        **{"co_organisers-0-name": "Föreningen Lokalt", "co_organisers-0-kind": "civilsamhalle"},
    )
    response = client.post(CREATE, data)

    assert response.status_code == 302
    co = Activity.objects.get().co_organisers.get()
    assert (co.name, co.kind, co.organisation) == ("Föreningen Lokalt", "civilsamhalle", None)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"name": "Föreningen Lokalt", "kind": "civilsamhalle", "org_number": "802000-0001"},
            "Medarrangör 1, organisationsnummer: Organisationsnumret stämmer inte: kontrollsiffran "
            "är fel. Kontrollera att det är rätt skrivet.",
        ),
        (
            {"name": "Föreningen Lokalt", "kind": ""},
            "Medarrangör 1, typ av organisation: Välj vilken typ av organisation det är.",
        ),
        (
            {"kind": "region"},
            "Medarrangör 1: Välj en registrerad organisation, eller skriv namn och typ av "
            "organisation.",
        ),
    ],
    ids=["bad-org-number", "name-without-kind", "kind-without-name"],
)
def test_activity_form_co_organiser_rows_are_checked(
    logged_in, edition, organisation, row, expected
):
    data = form_data(edition, organisation, **{f"co_organisers-0-{k}": v for k, v in row.items()})
    response = logged_in.post(CREATE, data)

    assert summary_of(response) == [expected]
    assert not Activity.objects.exists()


def test_activity_form_co_organiser_personal_identity_number_is_not_echoed(
    logged_in, edition, organisation
):
    data = form_data(
        edition,
        organisation,
        **{
            "co_organisers-0-name": "Enskild firma",
            "co_organisers-0-kind": "foretag",
            "co_organisers-0-org_number": "811218-9876",
        },
    )
    response = logged_in.post(CREATE, data)

    assert "811218" not in response.content.decode()
    assert summary_of(response)[0].startswith("Medarrangör 1, organisationsnummer: Det här ser ut")
    assert not Activity.objects.exists()


def test_activity_form_more_than_two_contacts_is_impossible(logged_in, edition, organisation):
    assert logged_in.get(f"{NEW_ROW}contacts/?contacts-TOTAL_FORMS=2").status_code == 400

    contacts = {}
    for n in range(3):
        contacts |= {f"contacts-{n}-name": f"Person {n}", f"contacts-{n}-email": f"p{n}@ex.se"}
    response = logged_in.post(
        CREATE, form_data(edition, organisation, **contacts, **{"contacts-TOTAL_FORMS": "3"})
    )

    assert summary_of(response) == ["Ange högst två kontaktpersoner."]
    assert not Activity.objects.exists()


# --- the whole form -----------------------------------------------------------------------------


def test_activity_form_full_post_creates_the_activity_with_all_its_parts(
    logged_in, owner, edition, organisation, other_organisation
):
    digital = FocusArea.objects.create(edition=edition, name="Digitalisering", position=1)
    FocusArea.objects.create(edition=edition, name="Hållbarhet", position=2)
    region = make_organisation(kind=Kind.REGION, name="Region Östergötland")
    association_number = valid_org_number("8020")
    data = form_data(
        edition,
        organisation,
        title="Öppna data i praktiken",
        description="Vi visar **tre** exempel.",
        format="hybrid",
        stream_url="https://play.example.se/oppna-data",
        start_time="13.15",
        end_time="15:00",
        languages=["sv", "sgn-SE"],
        target_groups=["offentlig_sektor", "chefer"],
        accessibility=["wheelchair", "hearing_loop"],
        focus_areas=[digital.pk],
        signup_mode="platform",
        capacity="40",
        signup_deadline="2027-10-01T12:00",
        title_en="Open data in practice",
        **{
            "co_organisers-0-organisation": region.pk,
            "co_organisers-1-name": "Föreningen Öppen kod",
            "co_organisers-1-kind": "civilsamhalle",
            "co_organisers-1-org_number": association_number.replace("-", ""),
            "contacts-0-name": "Åsa Ägare",
            "contacts-0-email": "agare@kommun.example.se",
            "contacts-0-phone": "013-20 00 00",
            "contacts-0-show_email": "on",
            "contacts-1-name": "Kim Kollega",
            "contacts-1-email": "kollega@kommun.example.se",
            "contacts-1-show_phone": "on",
        },
    )
    response = logged_in.post(CREATE, data, follow=True)

    assert response.redirect_chain == [("/mina-aktiviteter/", 302)]
    assert (
        "”Öppna data i praktiken” är sparad som utkast. Samordnarna granskar den först när du "
        "har valt ”Skicka in”."
    ) in response.content.decode()
    activity = Activity.objects.get()
    assert (activity.status, activity.edition, activity.organisation, activity.created_by) == (
        Status.DRAFT,
        edition,
        organisation,
        owner,
    )
    tuesday = edition.starts_on + timedelta(days=1)
    assert activity.starts_at == at(tuesday, 13) + timedelta(minutes=15)
    assert activity.ends_at == at(tuesday, 15)
    assert activity.starts_at.astimezone(STOCKHOLM).utcoffset() == timedelta(hours=2)
    assert (activity.format, activity.municipality_id, activity.stream_url) == (
        "hybrid",
        "0580",
        "https://play.example.se/oppna-data",
    )
    assert (activity.signup_mode, activity.capacity) == ("platform", 40)
    assert activity.signup_deadline == at(edition.starts_on - timedelta(days=3), 12)
    assert activity.title_en == "Open data in practice"
    assert sorted(activity.tags.values_list("kind", "value")) == [
        (ActivityTag.Kind.ACCESSIBILITY, "hearing_loop"),
        (ActivityTag.Kind.ACCESSIBILITY, "wheelchair"),
        (ActivityTag.Kind.LANGUAGE, "sgn-SE"),
        (ActivityTag.Kind.LANGUAGE, "sv"),
        (ActivityTag.Kind.TARGET_GROUP, "chefer"),
        (ActivityTag.Kind.TARGET_GROUP, "offentlig_sektor"),
    ]
    assert list(activity.focus_areas.all()) == [digital]
    assert list(
        activity.co_organisers.values_list("organisation", "name", "kind", "org_number")
    ) == [
        (region.pk, "", "", ""),
        (None, "Föreningen Öppen kod", "civilsamhalle", association_number),
    ]
    assert list(
        activity.contacts.values_list("name", "email", "phone", "show_email", "show_phone")
    ) == [
        ("Åsa Ägare", "agare@kommun.example.se", "013-20 00 00", True, False),
        ("Kim Kollega", "kollega@kommun.example.se", "", False, True),
    ]
    assert list(activity.log.values_list("action", flat=True)) == ["created"]


def test_activity_form_organisation_is_one_of_mine(
    logged_in, edition, organisation, other_organisation
):
    html = logged_in.get(CREATE).content.decode()
    select = re.search(r'<select name="organisation".*?</select>', html, re.S).group(0)
    # The only choice, so it is chosen already.
    assert re.findall(r'<option value="(\d+)"( selected)?>', select) == [
        (str(organisation.pk), " selected")
    ]

    response = logged_in.post(CREATE, form_data(edition, other_organisation))
    assert summary_of(response) == [
        "Arrangör: Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."
    ]
    assert not Activity.objects.exists()


def test_activity_form_markdown_is_sanitised_on_the_preview(logged_in, edition, organisation):
    description = (
        'Hej **alla**!\n\n<script>alert("x")</script>\n\n<a href="javascript:alert(1)">klick</a>'
    )
    logged_in.post(CREATE, form_data(edition, organisation, description=description))
    activity = Activity.objects.get()
    assert activity.description == description  # stored as written, cleaned when shown

    html = logged_in.get(f"/mina-aktiviteter/{activity.pk}/forhandsvisning/").content.decode()
    prose = re.search(r'<div class="prose">(.*?)</div>', html, re.S).group(1)
    assert "<strong>alla</strong>" in prose
    assert "<script" not in prose
    assert "alert" not in prose
    assert "javascript:" not in html


# --- the registration window --------------------------------------------------------------------


@pytest.fixture
def closed_edition():
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=30),
        registration_closes=now - timedelta(hours=1),
        program_published_at=now + timedelta(days=5),
    )


def test_activity_create_when_registration_is_closed_shows_a_message_and_saves_nothing(
    logged_in, closed_edition, organisation
):
    page = logged_in.get(CREATE).content.decode()
    assert "Anmälan av aktiviteter är stängd. Kontakta samordnarna om du behöver hjälp." in page
    assert 'name="title"' not in page

    response = logged_in.post(CREATE, form_data(closed_edition, organisation))
    assert response.status_code == 403
    assert "Anmälan av aktiviteter är stängd." in response.content.decode()
    assert not Activity.objects.exists()

    mine = logged_in.get("/mina-aktiviteter/").content.decode()
    assert "Anmäl en aktivitet" not in mine


def test_activity_create_before_registration_opens_says_when(logged_in, organisation):
    opens = timezone.now() + timedelta(days=3)
    make_edition(2027, registration_opens=opens, registration_closes=opens + timedelta(days=30))
    page = logged_in.get(CREATE).content.decode()
    assert "Anmälan av aktiviteter till Innovationsveckan 2027 öppnar" in page
    assert 'name="title"' not in page
    assert not Activity.objects.exists()


def test_activity_create_after_the_deadline_is_open_for_a_coordinator(
    client, closed_edition, organisation
):
    coordinator = make_user("samordnare@skr.example.se", coordinator=True)
    add_totp(coordinator)
    client.force_login(coordinator)

    response = client.post(CREATE, form_data(closed_edition, organisation))

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.organisation, activity.created_by) == (organisation, coordinator)


def test_activity_create_without_an_organisation_links_to_registering_one(
    client, stranger, edition
):
    client.force_login(stranger)
    page = client.get(CREATE).content.decode()
    assert "behöver du tillhöra en organisation" in page
    assert 'href="/mina-organisationer/ny/"' in page
    assert 'name="title"' not in page


def test_activity_create_without_a_current_edition_says_so(logged_in, organisation):
    make_edition(2026, current=False)
    page = logged_in.get(CREATE).content.decode()
    assert (
        "Det finns ingen utgåva av Innovationsveckan att anmäla aktiviteter till just nu." in page
    )
    assert 'name="title"' not in page


def test_activity_form_in_english_lives_under_en(logged_in, edition, organisation):
    # The interface text is translated later from makemessages; the days already come from Django.
    html = logged_in.get("/en/mina-aktiviteter/ny/").content.decode()
    assert '<html lang="en"' in html
    assert '<option value="2027-10-05">Tuesday 5 October</option>' in html


def test_activity_form_says_a_chosen_image_must_be_chosen_again_after_an_error(
    logged_in, edition, organisation
):
    """A browser never sends a file back: after an unrelated error the page says so at the top."""
    data = form_data(edition, organisation, title="", image_alt="Publik")
    data["image"] = image_upload("JPEG", "publik.jpg")
    response = logged_in.post(CREATE, data)

    assert summary_of(response) == ["Titel: Skriv en titel."]
    html = response.content.decode()
    notice = re.search(
        r'<div class="ds-alert" data-color="warning" id="image-again">(.*?)</div>', html, re.S
    )
    assert notice is not None
    assert "Bilden du valde (”publik.jpg”) är inte sparad" in notice.group(1)
    assert "Välj den igen" in notice.group(1)
    assert html.index('id="image-again"') < html.index('name="title"')
    assert not Activity.objects.exists()


def test_activity_form_without_a_chosen_image_says_nothing_about_it(
    logged_in, edition, organisation
):
    response = logged_in.post(CREATE, form_data(edition, organisation, title=""))

    assert 'id="image-again"' not in response.content.decode()


# --- characters left ----------------------------------------------------------------------------


def chars_left_of(response, field: str) -> str:
    html = response.content.decode()
    counter = re.search(rf'<p [^>]*id="id_{field}_count"[^>]*>(.*?)</p>', html, re.S)
    return counter.group(1).strip() if counter else ""


def test_activity_form_shows_characters_left_for_title_and_summary(
    logged_in, edition, organisation
):
    response = logged_in.get(CREATE)

    assert chars_left_of(response, "title") == "150 tecken kvar"
    assert chars_left_of(response, "summary") == "350 tecken kvar"
    assert chars_left_of(response, "title_en") == "150 tecken kvar"
    assert chars_left_of(response, "summary_en") == "350 tecken kvar"


def test_activity_form_characters_left_count_what_was_typed(logged_in, edition, organisation):
    response = logged_in.post(
        CREATE, form_data(edition, organisation, title="x" * 149, summary="y" * 351, type="")
    )

    assert chars_left_of(response, "title") == "1 tecken kvar"
    assert chars_left_of(response, "summary") == "1 tecken för mycket"
    assert not Activity.objects.exists()


def test_activity_form_characters_left_in_english(logged_in, edition, organisation):
    response = logged_in.post(
        "/en" + CREATE, form_data(edition, organisation, title="x" * 149, type="")
    )

    assert chars_left_of(response, "title") == "1 character left"
    assert chars_left_of(response, "summary").endswith("characters left")


# --- optional blocks ----------------------------------------------------------------------------


def block_is_open(response, block: str) -> bool:
    tag = re.search(rf'<details [^>]*id="{block}-block"[^>]*>', response.content.decode())
    assert tag is not None, f"no {block} block"
    return " open" in tag.group(0)


def test_activity_form_empty_optional_blocks_stay_closed(logged_in, edition, organisation):
    new = logged_in.get(CREATE)
    assert not block_is_open(new, "image")
    assert not block_is_open(new, "english")

    with_other_error = logged_in.post(CREATE, form_data(edition, organisation, title=""))
    assert not block_is_open(with_other_error, "image")
    assert not block_is_open(with_other_error, "english")


def test_activity_form_optional_block_with_an_error_is_open(logged_in, edition, organisation):
    response = logged_in.post(CREATE, form_data(edition, organisation, title_en="x" * 151))
    assert summary_of(response) == ["Titel på engelska: Skriv högst 150 tecken (nu är det 151)."]
    assert block_is_open(response, "english")  # the summary's link leads to a field one can see
    assert not block_is_open(response, "image")


def test_activity_form_optional_blocks_holding_data_are_open(logged_in, edition, organisation):
    data = form_data(edition, organisation, image_alt="Publik", summary_en="In English.")
    data["image"] = image_upload("PNG", "bild.png")
    logged_in.post(CREATE, data)
    activity = Activity.objects.get()

    edit = logged_in.get(f"/mina-aktiviteter/{activity.pk}/andra/")
    assert block_is_open(edit, "image")
    assert block_is_open(edit, "english")


# --- rows added without submitting the form (htmx; without JavaScript saving adds one) ---------

HX = {"HTTP_HX_REQUEST": "true"}


def test_activity_form_has_one_empty_row_each_and_buttons_that_add_more(
    logged_in, edition, organisation
):
    html = logged_in.get(CREATE).content.decode()
    for prefix, label in (
        ("co_organisers", "Lägg till en medarrangör"),
        ("contacts", "Lägg till en kontaktperson"),
    ):
        assert f'name="{prefix}-TOTAL_FORMS" value="1"' in html
        assert f'name="{prefix}-0-name"' in html
        assert f'name="{prefix}-1-name"' not in html
        button = re.search(rf'<button[^>]*id="{prefix}-add"[^>]*>([^<]*)</button>', html, re.S)
        assert button.group(1) == label
        # Hidden until htmx is there (veckan.js shows it); it asks for the row after the last.
        assert " hidden" in button.group(0)
        assert f'hx-get="{NEW_ROW}{prefix}/"' in button.group(0)
        assert f'hx-include="#id_{prefix}-TOTAL_FORMS"' in button.group(0)
        assert f'hx-target="#{prefix}-rows"' in button.group(0)
        assert f'id="{prefix}-rows"' in html
    # Without JavaScript the page says how to get another row.
    assert "<noscript>" in html
    assert "Spara, så får du en tom rad till." in html


def test_new_row_is_the_next_row_of_the_formset_and_counts_it(logged_in, edition, organisation):
    response = logged_in.get(f"{NEW_ROW}co_organisers/?co_organisers-TOTAL_FORMS=3", **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 1
    assert '<fieldset class="ds-fieldset form-row stack" id="co_organisers-3">' in html
    assert '<legend class="ds-label">Medarrangör 4</legend>' in html
    assert 'name="co_organisers-3-name"' in html
    assert 'name="co_organisers-3-organisation"' in html
    assert f'<option value="{organisation.pk}">Exempelby kommun</option>' in html
    # The management form's count, swapped in beside the form out of band.
    total = re.search(r'<input[^>]*name="co_organisers-TOTAL_FORMS"[^>]*>', html).group(0)
    assert 'value="4"' in total
    assert 'id="id_co_organisers-TOTAL_FORMS"' in total
    assert 'hx-swap-oob="true"' in total
    assert "<button" not in html  # room for more: the button stays as it is


def test_new_row_at_the_maximum_takes_the_button_away(logged_in, edition, organisation):
    response = logged_in.get(f"{NEW_ROW}contacts/?contacts-TOTAL_FORMS=1", **HX)
    html = response.content.decode()
    assert 'name="contacts-1-email"' in html
    assert '<legend class="ds-label">Kontaktperson 2</legend>' in html
    assert re.search(r'name="contacts-TOTAL_FORMS" value="2"', html)
    button = re.search(r'<button[^>]*id="contacts-add"[^>]*>', html).group(0)
    assert " hidden" in button
    assert " disabled" in button
    assert 'hx-swap-oob="true"' in button
    # A third contact is never offered.
    assert logged_in.get(f"{NEW_ROW}contacts/?contacts-TOTAL_FORMS=2", **HX).status_code == 400


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("materials/?materials-TOTAL_FORMS=1", 404),
        ("co_organisers/", 400),
        ("co_organisers/?co_organisers-TOTAL_FORMS=x", 400),
        ("co_organisers/?co_organisers-TOTAL_FORMS=-1", 400),
        ("co_organisers/?co_organisers-TOTAL_FORMS=20", 400),
    ],
)
def test_new_row_refuses_what_is_not_a_row_to_add(logged_in, edition, organisation, path, status):
    assert logged_in.get(f"{NEW_ROW}{path}", **HX).status_code == status


def test_new_row_is_for_organisers(client, edition):
    path = f"{NEW_ROW}co_organisers/?co_organisers-TOTAL_FORMS=1"
    assert client.get(path).status_code == 302  # to the login
    client.force_login(make_user("utan-organisation@example.se"))
    assert client.get(path).status_code == 403


def test_rows_added_on_the_page_are_saved_with_the_activity(logged_in, edition, organisation):
    data = form_data(
        edition,
        organisation,
        **{
            "co_organisers-TOTAL_FORMS": "2",
            "co_organisers-0-name": "Föreningen Lokalt",
            "co_organisers-0-kind": "civilsamhalle",
            "co_organisers-1-name": "Företaget AB",
            "co_organisers-1-kind": "foretag",
        },
    )
    assert logged_in.post(CREATE, data).status_code == 302
    activity = Activity.objects.get()
    assert list(activity.co_organisers.values_list("name", flat=True)) == [
        "Föreningen Lokalt",
        "Företaget AB",
    ]
