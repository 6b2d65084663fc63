"""Co-organiser and contact rows are added in the activity form without submitting it (htmx): the
new row appears in place, takes the focus, and is saved with the activity. On the way, the
characters left under title and summary follow what is typed."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import make_edition, make_organisation, make_user
from veckan.activities.models import Activity


@pytest.fixture
def organiser(transactional_db):
    now = timezone.now()
    make_edition(2027, registration_opens=now - timedelta(days=1))
    user = make_user("ada.arrangor@linkoping.example.se", name="Ada Arrangör")
    make_organisation(name="Linköpings kommun", admin=user)
    return user


def test_rows_are_added_without_a_page_load_and_saved(page, log_in, organiser, check_accessibility):
    page.set_default_timeout(15000)
    log_in(organiser)
    page.goto("/mina-aktiviteter/ny/")
    # Something only this page load has: gone if the page were loaded again.
    page.evaluate("() => { window.sameLoad = true; }")
    expect(page.locator("#co_organisers-rows > fieldset")).to_have_count(1)

    add = page.get_by_role("button", name="Lägg till en medarrangör")
    expect(add).to_be_visible()
    add.click()
    expect(page.locator("#co_organisers-rows > fieldset")).to_have_count(2)
    expect(page.locator("#co_organisers-rows > fieldset legend").nth(1)).to_have_text(
        "Medarrangör 2"
    )
    expect(page.locator("#id_co_organisers-1-organisation")).to_be_focused()
    expect(page.locator("#id_co_organisers-TOTAL_FORMS")).to_have_value("2")
    assert page.evaluate("() => window.sameLoad === true")  # no page load

    add_contact = page.get_by_role("button", name="Lägg till en kontaktperson")
    add_contact.click()
    expect(page.locator("#contacts-rows > fieldset")).to_have_count(2)
    expect(add_contact).to_be_hidden()  # two contacts at most
    assert page.evaluate("() => window.sameLoad === true")
    check_accessibility(page)

    page.get_by_label("Titel", exact=True).fill("Öppna data i praktiken")
    page.get_by_label("Sammanfattning", exact=True).fill(
        "Vi visar hur kommunen öppnar sina data och vad invånarna får ut av det."
    )
    # Characters left, kept current as the person types (veckan.js).
    title, summary = "Öppna data i praktiken", page.get_by_label("Sammanfattning", exact=True)
    expect(page.locator("#id_title_count")).to_have_text(f"{150 - len(title)} tecken kvar")
    expect(page.locator("#id_summary_count")).to_have_text(
        f"{350 - len(summary.input_value())} tecken kvar"
    )
    page.get_by_label("Typ av aktivitet").select_option(label="Seminarium")
    page.get_by_role("group", name="Form").get_by_label("På plats", exact=True).check()
    page.get_by_role("group", name="Tid och plats").get_by_label("Dag", exact=True).select_option(
        index=1
    )
    page.get_by_role("group", name="Tid och plats").get_by_label("Börjar klockan").fill("09:00")
    page.get_by_role("group", name="Tid och plats").get_by_label("Slutar klockan").fill("11:00")
    page.get_by_role("group", name="Tid och plats").get_by_label(
        re.compile(r"^Kommun\b")
    ).select_option(label="Linköping")
    page.get_by_role("group", name="Tid och plats").get_by_label(re.compile(r"^Adress\b")).fill(
        "Drottninggatan 45, Linköping"
    )
    page.locator("#id_co_organisers-0-name").fill("Föreningen Lokalt")
    page.locator("#id_co_organisers-0-kind").select_option("civilsamhalle")
    page.locator("#id_co_organisers-1-name").fill("Linköpings universitet")
    page.locator("#id_co_organisers-1-kind").select_option(index=1)
    for n, (name, email) in enumerate(
        [("Ada Arrangör", "ada@linkoping.example.se"), ("Kim Kontakt", "kim@linkoping.example.se")]
    ):
        page.locator(f"#id_contacts-{n}-name").fill(name)
        page.locator(f"#id_contacts-{n}-email").fill(email)
    with page.expect_navigation():
        page.get_by_role("button", name="Spara som utkast").click()

    activity = Activity.objects.get()
    assert list(activity.co_organisers.values_list("name", flat=True)) == [
        "Föreningen Lokalt",
        "Linköpings universitet",
    ]
    assert list(activity.contacts.values_list("name", flat=True)) == ["Ada Arrangör", "Kim Kontakt"]
