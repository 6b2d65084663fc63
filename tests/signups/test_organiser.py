"""The organisers' participant pages: the list, the CSV file, messages, check-in and attendance."""

import csv
import html
import io
import re
from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from tests.factories import (
    make_activity,
    make_edition,
    make_published_edition,
    make_signup_activity,
    make_user,
)
from veckan.outbox.models import OutboxMessage
from veckan.signups import services
from veckan.signups.models import Attendance, ParticipantMessage, SignUp

pytestmark = pytest.mark.django_db
Status = SignUp.Status
NO_PHOTO = "Vill inte synas på bild"
_minutes = count(1)


def add_signup(activity, name: str, status: str = Status.CONFIRMED, **fields) -> SignUp:
    """A sign-up row as the sign-up services leave it, each a minute after the one before."""
    created_at = timezone.now() - timedelta(days=2) + timedelta(minutes=next(_minutes))
    email = fields.pop("email", None) or (
        re.sub(r"[^a-z0-9]", "", name.lower().translate(str.maketrans("åäöé", "aaoe")))
        + "@example.se"
    )
    values = {
        "activity": activity,
        "name": name,
        "email": email,
        "status": status,
        "created_at": created_at,
        "hold_expires_at": created_at + timedelta(minutes=30),
        "confirmed_at": created_at + timedelta(minutes=5)
        if status in (Status.CONFIRMED, Status.WAITING, Status.CANCELLED)
        else None,
        "cancelled_at": created_at + timedelta(hours=1) if status == Status.CANCELLED else None,
    } | fields
    if status == Status.HELD:
        values["hold_expires_at"] = timezone.now() + timedelta(minutes=20)
    return SignUp.objects.create(**values)


@pytest.fixture
def others_activity(other_organisation):
    """Another organisation's activity with sign-ups: what must never leak."""
    activity = make_signup_activity(other_organisation, title="Annanstads hemliga workshop")
    add_signup(activity, "Hemlig Hemligsson", organisation="Annanstad", no_photo=True)
    add_signup(activity, "Väntande Främling", Status.WAITING)
    return activity


@pytest.fixture
def activity(others_activity, organisation):
    """Full: three seats, two confirmed and one held, two waiting, one cancelled, one expired."""
    activity = make_signup_activity(organisation, capacity=3, title="Workshop om välfärdsteknik")
    add_signup(activity, "Anna Andersson", organisation="Region Norr", no_photo=True)
    add_signup(activity, "Bertil Berg", organisation="Exempelby kommun")
    add_signup(activity, "Cecilia Carlsson", Status.HELD)
    add_signup(activity, "David Dahl", Status.WAITING, organisation="Skatteverket")
    add_signup(activity, "Erik Ek", Status.WAITING, no_photo=True)
    add_signup(activity, "Fredrik Frid", Status.CANCELLED)
    add_signup(activity, "Gun Gran", Status.EXPIRED, confirmed_at=None)
    return activity


def past_activity(organisation, **fields):
    """An approved activity of last year's edition: it has taken place."""
    edition = make_edition(timezone.localdate().year - 1, current=False)
    return make_activity(
        edition,
        organisation,
        status="approved",
        signup_mode="platform",
        capacity=40,
        **fields,
    )


def url(activity, page: str = "") -> str:
    suffix = {"": "deltagare/", "csv": "deltagare.csv"}.get(page, f"deltagare/{page}/")
    return f"/mina-aktiviteter/{activity.pk}/{suffix}"


def section(response, slug: str) -> str:
    page = response.content.decode()
    return re.search(rf'<section class="stack" id="{slug}".*?</section>', page, re.S).group(0)


def names(fragment: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r'<th scope="row">(.*?)</th>', fragment)]


def rows(fragment: str) -> dict[str, str]:
    """Each table row's HTML by the name in it."""
    found = re.findall(r"<tr>(.*?)</tr>", fragment, re.S)
    return {names(row)[0]: row for row in found if names(row)}


def text(response) -> str:
    """The page's visible text, tags and runs of white space taken out."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# --- the participant list -----------------------------------------------------------------------


def test_participant_list_shows_exactly_this_activitys_participants_per_section(
    client, owner, colleague, activity
):
    for person in (owner, colleague):
        client.force_login(person)
        response = client.get(url(activity))
        assert response.status_code == 200
        assert names(section(response, "bekraftade")) == ["Anna Andersson", "Bertil Berg"]
        assert names(section(response, "reserverade")) == ["Cecilia Carlsson"]
        assert names(section(response, "vantelista")) == ["David Dahl", "Erik Ek"]
        assert names(section(response, "avanmalda")) == ["Fredrik Frid", "Gun Gran"]
    page = text(response)
    assert "Hemlig" not in page
    assert "Främling" not in page
    assert "Bekräftade (2)" in page
    assert "Reserverade platser som väntar på bekräftelse (1)" in page
    assert "Väntelista (2)" in page
    assert "Avanmälda, borttagna och ej bekräftade (2)" in page
    assert "Platser 3 Bekräftade 2 Reserverade, inte bekräftade än 1 Lediga platser 0" in page
    assert "På väntelistan 2 Vill inte synas på bild 1 av 2 bekräftade" in page

    confirmed = rows(section(response, "bekraftade"))
    assert NO_PHOTO in confirmed["Anna Andersson"]
    assert "annaandersson@example.se" in confirmed["Anna Andersson"]
    assert "Region Norr" in confirmed["Anna Andersson"]
    assert NO_PHOTO not in confirmed["Bertil Berg"]
    waiting = rows(section(response, "vantelista"))
    assert re.search(r"<td>1</td>\s*<th scope=\"row\">David Dahl", waiting["David Dahl"])
    assert re.search(r"<td>2</td>\s*<th scope=\"row\">Erik Ek", waiting["Erik Ek"])
    assert NO_PHOTO in waiting["Erik Ek"]
    gone = rows(section(response, "avanmalda"))
    assert "Avanmäld" in gone["Fredrik Frid"]
    assert "Inte bekräftad i tid" in gone["Gun Gran"]
    # The page says what the database holds, in the waiting list's own order.
    assert list(activity.signups.waiting().values_list("name", flat=True)) == [
        "David Dahl",
        "Erik Ek",
    ]


def test_participant_list_shows_seats_left_while_there_are_some(client, owner, organisation):
    activity = make_signup_activity(organisation, capacity=25)
    add_signup(activity, "Anna Andersson")
    add_signup(activity, "Bertil Berg", Status.HELD)
    lapsed = add_signup(activity, "Cissi Sen", Status.HELD)
    SignUp.objects.filter(pk=lapsed.pk).update(
        hold_expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(owner)
    response = client.get(url(activity))
    page = text(response)
    assert "Platser 25 Bekräftade 1 Reserverade, inte bekräftade än 2 Lediga platser 22" in page
    assert "Väntelista (0) Ingen här." in page
    held = rows(section(response, "reserverade"))
    assert "har gått ut" not in held["Bertil Berg"]
    assert "(har gått ut, platsen släpps snart)" in held["Cissi Sen"]


def test_participant_list_is_open_to_coordinators_with_two_factor_login(
    client, coordinator, activity
):
    client.force_login(coordinator)
    response = client.get(url(activity))
    assert names(section(response, "bekraftade")) == ["Anna Andersson", "Bertil Berg"]


def test_participant_list_keeps_anonymised_rows_without_their_data(client, owner, organisation):
    activity = make_signup_activity(organisation)
    add_signup(
        activity,
        "",
        email="anonymiserad-1@invalid",
        anonymised_at=timezone.now(),
    )
    client.force_login(owner)
    response = client.get(url(activity))
    assert names(section(response, "bekraftade")) == ["Uppgifterna är borttagna"]
    assert "anonymiserad-1@invalid" not in response.content.decode()


def test_participant_list_needs_login(client, activity):
    response = client.get(url(activity))
    assert response["Location"] == f"/konto/login/?next={url(activity)}"


def test_activity_list_links_to_the_participants_of_activities_with_sign_up_here(
    client, owner, activity, organisation
):
    without = make_activity(activity.edition, organisation, status="approved", title="Utan anmälan")
    client.force_login(owner)
    page = client.get("/mina-aktiviteter/").content.decode()
    assert f'href="{url(activity)}">Deltagare<span class="ds-sr-only"> – {activity.title}' in page
    assert url(without) not in page


PAGES = ["", "csv", "meddelande", "incheckning", "narvaro"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_participant_pages_answer_404_for_another_organisations_activity(
    client, owner, others_activity, other_organisation, page, method
):
    held = past_activity(other_organisation, title="Annanstads avslutade seminarium")
    add_signup(held, "Hemlig Deltagare")
    client.force_login(owner)
    data = {"subject": "Hej", "body": "Text", "step": "send", "in_person": 5, "online": 5}
    for target in (others_activity, held):
        response = getattr(client, method)(url(target, page), data)
        assert response.status_code == 404
        assert "Hemlig" not in response.content.decode()
    assert OutboxMessage.objects.count() == 0
    assert ParticipantMessage.objects.count() == 0
    assert Attendance.objects.count() == 0


def test_participant_pages_answer_404_to_a_coordinator_without_two_factor_login(client, activity):
    client.force_login(make_user("samordnare@skr.example.se", coordinator=True))
    assert client.get(url(activity)).status_code == 404


@pytest.mark.parametrize(("page", "queries"), [("", 10), ("csv", 8), ("incheckning", 9)])
@pytest.mark.parametrize("number", [1, 3])
def test_participant_pages_query_count_is_fixed(
    client, owner, organisation, django_assert_num_queries, page, queries, number
):
    activity = make_signup_activity(organisation, capacity=2)
    for n in range(number):
        add_signup(activity, f"Deltagare {n}", Status.CONFIRMED if n < 2 else Status.WAITING)
    Attendance.objects.create(activity=activity, in_person=1, online=2, reported_by=owner)
    client.force_login(owner)
    with django_assert_num_queries(queries):
        assert client.get(url(activity, page)).status_code == 200


@pytest.mark.parametrize("number", [1, 3])
def test_message_page_query_count_is_fixed(
    client, owner, organisation, django_assert_num_queries, number
):
    activity = make_signup_activity(organisation)
    for n in range(number):
        add_signup(activity, f"Deltagare {n}")
        ParticipantMessage.objects.create(
            activity=activity, subject=f"Ämne {n}", body="Text", sent_by=owner, recipient_count=n
        )
    client.force_login(owner)
    with django_assert_num_queries(10):
        assert client.get(url(activity, "meddelande")).status_code == 200


# --- the file for Excel -------------------------------------------------------------------------


def test_participant_csv_has_the_confirmed_then_the_waiting_list_for_excel(client, owner, activity):
    SignUp.objects.filter(name="Bertil Berg").update(
        name='=HYPERLINK("https://example.org";"Klicka")', organisation='Region Skåne, "Hälsa"'
    )
    client.force_login(owner)
    response = client.get(url(activity, "csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]  # personal data stays out of caches
    assert response["Content-Disposition"] == (
        f'attachment; filename="deltagare-{activity.slug}.csv"'
    )
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeffnamn;organisation;e-post;status;")  # Swedish Excel
    assert content.count("\r\n") == 5  # RFC 4180: every record ends in CRLF
    found = list(
        csv.DictReader(io.StringIO(content.removeprefix("\ufeff"), newline=""), delimiter=";")
    )

    def moment(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")

    signups = {s.email: s for s in activity.signups.all()}
    expected = [
        ("annaandersson@example.se", "Anna Andersson", "Region Norr", "Bekräftad", "ja"),
        (
            "bertilberg@example.se",
            '\'=HYPERLINK("https://example.org";"Klicka")',  # no formula in Excel
            'Region Skåne, "Hälsa"',
            "Bekräftad",
            "nej",
        ),
        ("daviddahl@example.se", "David Dahl", "Skatteverket", "På väntelistan", "nej"),
        ("erikek@example.se", "Erik Ek", "", "På väntelistan", "ja"),
    ]
    assert found == [
        {
            "namn": name,
            "organisation": organisation,
            "e-post": email,
            "status": status,
            "anmäld": moment(signups[email].created_at),
            "bekräftad": moment(signups[email].confirmed_at),
            "vill_inte_synas_på_bild": no_photo,
        }
        for email, name, organisation, status, no_photo in expected
    ]


# --- a message to the participants -------------------------------------------------------------


def test_message_preview_shows_the_email_and_how_many_get_it_and_sends_nothing(
    client, owner, activity
):
    client.force_login(owner)
    response = client.post(
        url(activity, "meddelande"),
        {
            "subject": "Ny lokal",
            "body": "Vi ses i aulan i stället.\r\nVälkomna!",
            "step": "preview",
        },
    )
    page = text(response)
    assert "Mejlet skickas till 2 bekräftade deltagare, ett mejl till var och en." in page
    assert f"Ämne: Ny lokal: {activity.title}" in page
    body = html.unescape(
        re.search(
            r'<pre class="email-preview__body">(.*?)</pre>', response.content.decode(), re.S
        ).group(1)
    )
    assert body.startswith("Vi ses i aulan i stället.\nVälkomna!\n\n-- \n")
    assert "Exempelby kommun" in body
    assert "[personlig länk]" in body
    assert "Skicka till 2 deltagare" in page
    assert 'name="body" value="Vi ses i aulan i stället.\nVälkomna!"' in response.content.decode()
    assert OutboxMessage.objects.count() == 0
    assert ParticipantMessage.objects.count() == 0


def test_message_send_queues_one_email_per_confirmed_participant_and_records_it(
    client, owner, activity
):
    client.force_login(owner)
    response = client.post(
        url(activity, "meddelande"),
        {"subject": "Ny lokal", "body": "Vi ses i aulan i stället.", "step": "send"},
        follow=True,
    )
    assert "Meddelandet är skickat till 2 deltagare." in text(response)

    sent = OutboxMessage.objects.order_by("pk")
    assert [m.to for m in sent] == [["annaandersson@example.se"], ["bertilberg@example.se"]]
    for message in sent:
        signup = activity.signups.get(email=message.to[0])
        assert (message.cc, message.bcc) == ([], [])
        assert message.subject == f"Ny lokal: {activity.title}"
        assert message.body.startswith("Vi ses i aulan i stället.\n")
        assert f"/anmalan/{signup.token}/" in message.body
        assert "[personlig länk]" not in message.body
    record = ParticipantMessage.objects.get()
    assert (record.activity, record.subject, record.body) == (
        activity,
        "Ny lokal",
        "Vi ses i aulan i stället.",
    )
    assert (record.sent_by, record.recipient_count) == (owner, 2)
    listed = re.findall(r"<summary>(.*?) – ", response.content.decode())
    assert listed == ["Ny lokal"]
    assert "Skickat till 2 deltagare. Avsändare: Åsa Ägare." in text(response)


def test_message_sent_twice_by_a_double_click_goes_out_once(client, owner, activity):
    client.force_login(owner)
    data = {"subject": "Ny lokal", "body": "Aulan.", "step": "send"}
    client.post(url(activity, "meddelande"), data)
    again = client.post(url(activity, "meddelande"), data)
    assert "Det här meddelandet har redan skickats till deltagarna." in text(again)
    assert OutboxMessage.objects.count() == 2
    assert ParticipantMessage.objects.count() == 1


def test_message_to_nobody_is_refused(client, owner, organisation):
    activity = make_signup_activity(organisation)
    add_signup(activity, "Väntande Person", Status.WAITING)
    client.force_login(owner)
    preview = client.post(
        url(activity, "meddelande"), {"subject": "Hej", "body": "Text", "step": "preview"}
    )
    assert "Det finns inga bekräftade deltagare att skicka till." in text(preview)
    assert 'value="send"' not in preview.content.decode()
    sent = client.post(
        url(activity, "meddelande"), {"subject": "Hej", "body": "Text", "step": "send"}
    )
    assert "Det finns inga bekräftade deltagare att skicka till." in text(sent)
    assert OutboxMessage.objects.count() == 0
    assert ParticipantMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"subject": "", "body": "Text"}, "Ämne: Skriv ett ämne."),
        ({"subject": "Hej", "body": ""}, "Meddelande: Skriv ett meddelande."),
        (
            {"subject": "Hej\r\nBcc: alla@example.org", "body": "T"},
            "Ämne: Skriv på en enda rad, utan radbrytningar.",
        ),
    ],
)
def test_message_form_says_what_is_missing_and_sends_nothing(client, owner, activity, data, error):
    client.force_login(owner)
    response = client.post(url(activity, "meddelande"), {**data, "step": "send"})
    assert error in text(response)
    assert OutboxMessage.objects.count() == 0
    assert ParticipantMessage.objects.count() == 0


def test_message_edit_step_brings_back_the_form_with_the_text(client, owner, activity):
    client.force_login(owner)
    response = client.post(
        url(activity, "meddelande"), {"subject": "Ny lokal", "body": "Aulan.", "step": "edit"}
    )
    page = response.content.decode()
    assert 'value="Ny lokal"' in page
    assert re.search(r">\s*Aulan.</textarea>", page)
    assert OutboxMessage.objects.count() == 0


# --- check-in -----------------------------------------------------------------------------------


def test_checkin_list_has_the_confirmed_in_swedish_alphabetical_order(client, owner, organisation):
    activity = make_signup_activity(organisation, capacity=10)
    for name in ("Örjan Öst", "Zara Zetterlund", "Ärla Äng", "Åsa Ås", "adam Alm"):
        add_signup(activity, name, no_photo=name.startswith("Å"))
    add_signup(activity, "Bo Väntare", Status.WAITING)
    add_signup(activity, "Cissi Reserverad", Status.HELD)
    client.force_login(owner)
    response = client.get(url(activity, "incheckning"))
    page = response.content.decode()
    assert names(page) == ["adam Alm", "Zara Zetterlund", "Åsa Ås", "Ärla Äng", "Örjan Öst"]
    assert [n for n, row in rows(page).items() if NO_PHOTO in row] == ["Åsa Ås"]
    assert page.count('<span class="checkin-box" aria-hidden="true"></span>') == 5
    assert "Skriv ut med webbläsarens utskriftsfunktion (Ctrl+P" in text(response)


def test_opening_the_qr_link_as_the_organiser_checks_the_participant_in(
    client, owner, organisation, stranger
):
    activity = make_signup_activity(organisation, capacity=10)
    signup = add_signup(activity, "Kim Kod")
    link = f"/incheckning/{signup.checkin_code}/"
    client.force_login(stranger)  # another organisation's member: nothing to see, nothing done
    assert client.get(link).status_code == 404
    signup.refresh_from_db()
    assert signup.checked_in_at is None

    client.force_login(owner)
    response = client.get(link)
    assert response.status_code == 200
    assert "Kim Kod är incheckad" in text(response)
    signup.refresh_from_db()
    first = signup.checked_in_at
    assert first is not None
    client.get(link)  # opened twice: the first time stays
    signup.refresh_from_db()
    assert signup.checked_in_at == first
    assert "1 av 1 incheckade." in text(client.get(url(activity, "incheckning")))


def test_the_qr_link_is_refused_for_a_sign_up_that_is_not_confirmed(client, owner, organisation):
    activity = make_signup_activity(organisation, capacity=10)
    signup = add_signup(activity, "Väntar Väntarsson", Status.WAITING)
    client.force_login(owner)
    response = client.get(f"/incheckning/{signup.checkin_code}/")
    assert response.status_code == 409
    assert "Bara bekräftade deltagare kan checkas in." in text(response)
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_the_personal_page_shows_the_checkin_qr_code_only_for_a_confirmed_seat(
    client, organisation
):
    activity = make_signup_activity(organisation, capacity=10)
    confirmed = add_signup(activity, "Klar Klarsson")
    waiting = add_signup(activity, "Kö Kösson", Status.WAITING)
    page = client.get(f"/anmalan/{confirmed.token}/").content.decode()
    assert 'aria-label="QR-kod för incheckning på plats"' in page
    assert "Visa koden för arrangören när du kommer" in page
    assert "QR-kod för incheckning" not in client.get(f"/anmalan/{waiting.token}/").content.decode()


def test_checkin_search_finds_a_name_and_the_button_ticks_and_unticks(client, owner, organisation):
    activity = make_signup_activity(organisation, capacity=10)
    lisa = add_signup(activity, "Lisa Larsson", organisation="Region Mitt")
    add_signup(activity, "Olle Olsson")
    client.force_login(owner)
    page = client.get(url(activity, "incheckning"), {"q": "lars"}).content.decode()
    assert names(page) == ["Lisa Larsson"]
    assert names(
        client.get(url(activity, "incheckning"), {"q": "region mitt"}).content.decode()
    ) == ["Lisa Larsson"]
    assert "Ingen bekräftad deltagare matchar sökningen." in text(
        client.get(url(activity, "incheckning"), {"q": "zzz"})
    )
    response = client.post(
        url(activity, "incheckning"), {"signup": lisa.pk, "present": "1", "q": "lars"}
    )
    assert response["Location"] == url(activity, "incheckning") + "?q=lars"
    lisa.refresh_from_db()
    assert lisa.checked_in_at is not None
    assert "1 av 2 incheckade." in text(client.get(url(activity, "incheckning")))
    client.post(url(activity, "incheckning"), {"signup": lisa.pk, "present": "0"})
    lisa.refresh_from_db()
    assert lisa.checked_in_at is None


def test_checkin_buttons_cannot_reach_another_organisations_participant(
    client, owner, organisation, others_activity
):
    activity = make_signup_activity(organisation, capacity=10)
    stranger = others_activity.signups.get(name="Hemlig Hemligsson")
    client.force_login(owner)
    response = client.post(url(activity, "incheckning"), {"signup": stranger.pk, "present": "1"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.checked_in_at is None


# --- attendance ---------------------------------------------------------------------------------


def test_attendance_is_refused_before_the_activity_and_says_when(client, owner, activity):
    client.force_login(owner)
    start = timezone.localtime(activity.starts_at)
    page = text(client.get(url(activity, "narvaro")))
    assert f"Närvaron kan rapporteras när aktiviteten har börjat, från {start.day} oktober" in page
    response = client.post(url(activity, "narvaro"), {"in_person": 12, "online": 3})
    assert response.status_code == 403
    assert "Närvaron kan rapporteras när aktiviteten har börjat" in text(response)
    assert not Attendance.objects.exists()
    assert "Närvaron kan rapporteras när aktiviteten har börjat" in text(client.get(url(activity)))


def test_attendance_is_saved_after_the_activity_and_shown_with_the_participants(
    client, owner, colleague, organisation
):
    activity = past_activity(organisation)
    client.force_login(owner)
    response = client.post(url(activity, "narvaro"), {"in_person": 25, "online": 10})
    assert response["Location"] == url(activity)
    attendance = Attendance.objects.get()
    assert (attendance.activity, attendance.in_person, attendance.online) == (activity, 25, 10)
    assert attendance.reported_by == owner

    client.force_login(colleague)  # a new report replaces the first
    client.post(url(activity, "narvaro"), {"in_person": 27, "online": 0})
    attendance = Attendance.objects.get()
    assert (attendance.in_person, attendance.online, attendance.reported_by) == (27, 0, colleague)
    page = text(client.get(url(activity)))
    assert "27 på plats och 0 digitalt, 27 deltagare i allt." in page
    assert "av Kim Kollega." in page
    form = client.get(url(activity, "narvaro")).content.decode()
    assert 'value="27"' in form


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"in_person": -1, "online": 0}, "Antalet kan inte vara negativt."),
        ({"in_person": "", "online": 0}, "Skriv hur många som var på plats, eller 0."),
        ({"in_person": 3, "online": "många"}, "Skriv ett heltal, till exempel 25."),
    ],
)
def test_attendance_form_refuses_what_is_not_a_count(client, owner, organisation, data, error):
    activity = past_activity(organisation)
    client.force_login(owner)
    response = client.post(url(activity, "narvaro"), data)
    assert error in text(response)
    assert not Attendance.objects.exists()


def test_attendance_is_not_reported_for_a_cancelled_activity(owner, organisation):
    activity = past_activity(organisation)
    activity.status = "cancelled"
    with pytest.raises(services.OrganiserError, match="inställd"):
        services.report_attendance(activity=activity, in_person=5, online=0, reporter=owner)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("signup_mode", ["none", "external"])
def test_attendance_is_reported_for_every_ended_activity_not_only_with_sign_up_here(
    client, owner, organisation, signup_mode
):
    fields = (
        {"external_signup_url": "https://example.se/anmal"} if signup_mode == "external" else {}
    )
    last_year = make_edition(timezone.localdate().year - 1, current=False)
    activity = make_activity(
        last_year, organisation, status="approved", signup_mode=signup_mode, **fields
    )
    client.force_login(owner)
    mine = client.get(f"/mina-aktiviteter/?utgava={activity.edition.year}").content.decode()
    assert f'href="{url(activity, "narvaro")}"' in mine  # the way in, on the activity's card
    form = client.get(url(activity, "narvaro"))
    assert 'name="in_person"' in form.content.decode()
    back = f"/mina-aktiviteter/?utgava={activity.edition.year}"
    assert f'href="{back}"' in form.content.decode()  # no participant list to go back to
    response = client.post(url(activity, "narvaro"), {"in_person": 40, "online": 12})
    assert response["Location"] == back
    assert Attendance.objects.get(activity=activity).total == 52


def test_attendance_is_not_offered_before_an_activity_has_ended(client, owner, organisation):
    upcoming = make_activity(make_published_edition(), organisation, status="approved")
    client.force_login(owner)
    assert url(upcoming, "narvaro") not in client.get("/mina-aktiviteter/").content.decode()


# --- messages to the waiting list, with Reply-To; seats raised and lowered ------------------------


def test_message_can_go_to_the_waiting_list_too_with_reply_to_the_writer(client, owner, activity):
    client.force_login(owner)
    data = {"subject": "Ny lokal", "body": "Vi ses i aulan.", "include_waiting": "on"}
    preview = client.post(url(activity, "meddelande"), data | {"step": "preview"})
    assert "Mejlet skickas till 4 personer, bekräftade och på väntelistan" in text(preview)
    assert "Svarar någon på mejlet går svaret till dig, agare@kommun.example.se." in text(preview)
    assert 'name="include_waiting" value="on"' in preview.content.decode()
    client.post(url(activity, "meddelande"), data | {"step": "send"})
    sent = OutboxMessage.objects.order_by("pk")
    assert [m.to[0] for m in sent] == [
        "annaandersson@example.se",
        "bertilberg@example.se",
        "daviddahl@example.se",
        "erikek@example.se",
    ]
    assert {tuple(m.reply_to) for m in sent} == {("agare@kommun.example.se",)}
    record = ParticipantMessage.objects.get()
    assert (record.recipient_count, record.included_waiting) == (4, True)


def test_message_without_the_choice_goes_to_the_confirmed_only(client, owner, activity):
    client.force_login(owner)
    client.post(
        url(activity, "meddelande"),
        {"subject": "Ny lokal", "body": "Vi ses i aulan.", "step": "send"},
    )
    assert sorted(m.to[0] for m in OutboxMessage.objects.all()) == [
        "annaandersson@example.se",
        "bertilberg@example.se",
    ]


def _edit_capacity(activity, capacity: int, editor):
    from veckan.activities.models import Activity
    from veckan.activities.services import ActivityParts, update_activity

    fresh = Activity.objects.get(pk=activity.pk)
    fresh.capacity = capacity
    return update_activity(activity=fresh, parts=ActivityParts(), editor=editor)


def test_more_seats_promote_the_waiting_list_at_once_in_order(owner, activity):
    OutboxMessage.objects.all().delete()
    _edit_capacity(activity, 4, owner)
    david, erik = (activity.signups.get(name=n) for n in ("David Dahl", "Erik Ek"))
    assert (david.status, erik.status) == (Status.CONFIRMED, Status.WAITING)
    assert david.promoted_at is not None
    [mail] = OutboxMessage.objects.all()
    assert (mail.to, mail.subject) == (
        ["daviddahl@example.se"],
        "Du har fått en plats: Workshop om välfärdsteknik",
    )
    assert mail.attachments[0]["filename"].endswith(".ics")  # confirmed: the calendar comes along


def test_fewer_seats_than_are_taken_is_refused(client, owner, activity):
    from veckan.activities.services import ActivityError

    with pytest.raises(ActivityError, match="3 platser är redan tagna"):
        _edit_capacity(activity, 2, owner)
    activity.refresh_from_db()
    assert activity.capacity == 3
    _edit_capacity(activity, 3, owner)  # as many as are taken is fine
    assert activity.signups.filter(status=Status.WAITING).count() == 2


# --- digital check-in -------------------------------------------------------------------------


def test_opening_the_join_link_through_veckan_checks_a_digital_participant_in(client, organisation):
    activity = make_signup_activity(
        organisation,
        format="digital",
        municipality=None,
        venue="",
        address="",
        stream_url="https://meet.example.se/rum-7",
    )
    confirmed = add_signup(activity, "Dig Digitalsson")
    waiting = add_signup(activity, "Kö Kösson", Status.WAITING)
    assert client.get(f"/anmalan/{waiting.token}/delta/").status_code == 404
    early = client.get(f"/anmalan/{confirmed.token}/delta/")  # days before: the link, no check-in
    assert early["Location"] == "https://meet.example.se/rum-7"
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is None
    services.join_through_veckan(confirmed, now=activity.starts_at - timedelta(minutes=10))
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is not None


# --- a message to those who came --------------------------------------------------------------


def test_message_to_those_who_came_goes_only_to_the_checked_in_and_the_record_says_so(
    client, owner, organisation
):
    activity = past_activity(organisation)
    came = add_signup(activity, "Kom Komsson", checked_in_at=timezone.now())
    add_signup(activity, "Stannade Hemma")  # confirmed, never checked in
    add_signup(activity, "Kö Kösson", Status.WAITING)
    client.force_login(owner)
    data = {"subject": "Tack för i dag", "body": "Här är bilderna.", "only_checked_in": "on"}
    preview = client.post(url(activity, "meddelande"), data | {"step": "preview"})
    assert "Mejlet skickas till 1 deltagare som kom (incheckad)." in text(preview)
    assert 'name="only_checked_in" value="on"' in preview.content.decode()
    client.post(url(activity, "meddelande"), data | {"step": "send"})
    assert [m.to[0] for m in OutboxMessage.objects.all()] == [came.email]
    record = ParticipantMessage.objects.get()
    assert (record.recipient_count, record.only_checked_in, record.included_waiting) == (
        1,
        True,
        False,
    )
    assert "Bara till de som kom (incheckade)." in text(client.get(url(activity, "meddelande")))


def test_message_to_those_who_came_is_refused_when_nobody_was_checked_in(owner, organisation):
    activity = past_activity(organisation)
    add_signup(activity, "Stannade Hemma")
    with pytest.raises(services.OrganiserError, match="Ingen är incheckad"):
        services.message_participants(
            activity=activity, subject="Tack", body="Tack!", sender=owner, only_checked_in=True
        )
    assert not OutboxMessage.objects.exists()


def test_message_cannot_go_both_to_the_waiting_list_and_only_to_those_who_came(
    client, owner, activity
):
    client.force_login(owner)
    data = {"subject": "Hej", "body": "Hej!", "include_waiting": "on", "only_checked_in": "on"}
    response = client.post(url(activity, "meddelande"), data | {"step": "send"})
    assert "Välj antingen väntelistan eller bara de som kom, inte båda." in text(response)
    assert not OutboxMessage.objects.exists()


# --- attendance from the check-ins ------------------------------------------------------------


def test_attendance_comes_from_the_check_ins_where_there_are_any(client, owner, organisation):
    activity = past_activity(organisation, format="hybrid", stream_url="https://meet.example.se/x")
    add_signup(activity, "Dörr Dörrsson", checked_in_at=timezone.now())
    add_signup(activity, "Länk Länksson", checked_in_at=timezone.now(), checked_in_online=True)
    add_signup(activity, "Borta Bortasson")
    client.force_login(owner)
    page = text(client.get(url(activity, "narvaro")))
    assert "Enligt incheckningen kom 1 på plats och 1 digitalt, 2 deltagare i allt." in page
    assert "Närvaron räknas från incheckningarna" in page
    assert 'name="in_person"' not in client.get(url(activity, "narvaro")).content.decode()
    client.post(url(activity, "narvaro"), {"in_person": 50, "online": 0})
    assert not Attendance.objects.exists()  # the check-ins are the figures
    with pytest.raises(services.OrganiserError, match="incheckningarna"):
        services.report_attendance(activity=activity, in_person=50, online=0, reporter=owner)
    participants = text(client.get(url(activity)))
    assert "1 på plats och 1 digitalt, 2 deltagare i allt." in participants
    assert "Räknat från incheckningarna" in participants
    assert activity not in services.unreported_attendance(activity.edition)


def test_join_link_check_in_counts_online_and_the_door_in_person(organisation):
    activity = past_activity(organisation, format="hybrid", stream_url="https://meet.example.se/x")
    door, link = add_signup(activity, "Dörr Dörrsson"), add_signup(activity, "Länk Länksson")
    services.check_in(door)
    services.join_through_veckan(link, now=activity.starts_at)
    services.join_through_veckan(door, now=activity.starts_at)  # first check-in stays
    door.refresh_from_db()
    link.refresh_from_db()
    assert (door.checked_in_online, link.checked_in_online) == (False, True)
    assert services.checked_in_attendance(activity) == {"in_person": 1, "online": 1, "total": 2}


def test_check_ins_counted_from_rows_and_in_the_database_agree(organisation):
    activity = past_activity(organisation, format="hybrid", stream_url="https://meet.example.se/x")
    add_signup(activity, "Dörr Dörrsson", checked_in_at=timezone.now())
    add_signup(activity, "Länk Länksson", checked_in_at=timezone.now(), checked_in_online=True)
    add_signup(activity, "Borta Bortasson")
    rows = list(activity.signups.all())
    assert services.checked_in_attendance(activity, rows) == services.checked_in_attendance(
        activity
    )
