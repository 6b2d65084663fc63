"""The participant's pages: the sign-up form on the activity page, checking one's email, the
confirm and manage pages, cancelling."""

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import dateformat, timezone

from tests.factories import make_signup_activity
from veckan.outbox.models import OutboxMessage
from veckan.signups import services, views
from veckan.signups.forms import SignUpForm
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db
Status = SignUp.Status


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limits count in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def activity(organisation):
    return make_signup_activity(organisation, capacity=10, title="Innovationsfika i Linköping")


def _page(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _form(html: str, activity) -> str:
    """The sign-up form's HTML, from its start tag to its end."""
    match = re.search(
        rf'<form method="post" action="/aktivitet/{activity.slug}/anmal/".*?</form>', html, re.S
    )
    assert match, "no sign-up form on the page"
    return match.group(0)


def _post(client, activity, ip: str = "192.0.2.1", **fields):
    data = {"name": "Anna Andersson", "email": "anna@example.se", "organisation": ""} | fields
    return client.post(f"/aktivitet/{activity.slug}/anmal/", data, REMOTE_ADDR=ip)


def _join(activity, n: int) -> SignUp:
    return services.sign_up(activity=activity, name=f"Person {n}", email=f"person{n}@example.se")


def _texts(html: str) -> str:
    """The page's text with tags removed and whitespace collapsed, to assert sentences on."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- The form on the activity page -----------------------------------------------------------------


def test_activity_page_shows_sign_up_form_with_privacy_notice(client, activity, settings):
    settings.DATA_CONTROLLER = "Förbundet för prov och test"
    settings.PERSONAL_DATA_RETENTION_DAYS = 45
    _join(activity, 1)
    html = _page(client, activity.get_absolute_url())
    text = _texts(html)
    form = _form(html, activity)
    assert (
        '<button class="ds-button" data-variant="primary" type="submit">Anmäl mig</button>' in form
    )
    assert "9 platser kvar" in text
    deadline = dateformat.format(timezone.localtime(activity.starts_at), "l j F Y, H:i")
    assert f"Anmäl dig senast {deadline}." in text  # no deadline of its own: until it starts
    notice = _texts(re.search(r'<aside class="ds-card privacy-notice".*?</aside>', html, re.S)[0])
    assert "Förbundet för prov och test är personuppgiftsansvarig." in notice
    assert "Rättslig grund: uppgift av allmänt intresse" in notice
    assert "Mottagare: arrangörerna av aktiviteten (Exempelby kommun)." in notice
    assert "vi avidentifierar uppgifterna 45 dagar efter att veckan är slut" in notice
    assert '<a class="ds-link" href="/personuppgifter/">' in html
    assert '<a class="ds-link" href="/mina-uppgifter/">Mina uppgifter</a>' in html
    assert '<div class="honeypot" aria-hidden="true">' in form
    assert re.search(r'<input type="text" name="website"[^>]*tabindex="-1"', form)


def test_activity_page_shows_the_sign_up_deadline(client, activity):
    activity.signup_deadline = activity.starts_at - timedelta(days=2, hours=3)
    activity.save()
    deadline = dateformat.format(timezone.localtime(activity.signup_deadline), "l j F Y, H:i")
    assert f"Anmäl dig senast {deadline}." in _texts(_page(client, activity.get_absolute_url()))


def test_sign_up_form_asks_only_for_name_email_organisation_and_photo(client, activity):
    assert list(SignUpForm().fields) == ["name", "email", "organisation", "no_photo", "website"]
    form = _form(_page(client, activity.get_absolute_url()), activity)
    assert re.findall(r'<(?:input|select|textarea)[^>]*name="([^"]+)"', form) == [
        "csrfmiddlewaretoken",
        "name",
        "email",
        "organisation",
        "no_photo",
        "website",
    ]
    labels = [_texts(label) for label in re.findall(r"<label[^>]*>(.*?)</label>", form, re.S)]
    assert labels == [
        "Namn",
        "E-postadress",
        "Organisation (frivilligt)",
        "Jag vill inte synas på foto eller film",
        "Lämna det här fältet tomt",
    ]
    for word in ("personnummer", "hälsa", "allergi", "kost", "födelse"):
        assert word not in _texts(form).lower().replace("personnummer eller uppgifter om hälsa", "")


def test_sign_up_post_holds_a_seat_and_mails_the_link(client, activity):
    response = _post(client, activity, email="Anna@Example.se", organisation=" Region Öst ")
    assert response.status_code == 302
    assert response["Location"] == f"/aktivitet/{activity.slug}/anmal/klart/"
    signup = SignUp.objects.get()
    assert (
        signup.activity,
        signup.name,
        signup.email,
        signup.organisation,
        signup.no_photo,
        signup.status,
    ) == (activity, "Anna Andersson", "anna@example.se", "Region Öst", False, Status.HELD)
    [mail] = OutboxMessage.objects.all()
    assert mail.to == ["anna@example.se"]
    assert mail.subject == "Bekräfta din anmälan: Innovationsfika i Linköping"
    assert f"/anmalan/{signup.token}/bekrafta/" in mail.body
    text = _texts(_page(client, response["Location"]))
    assert "Vi håller en plats åt dig på ”Innovationsfika i Linköping” i 30 minuter." in text
    assert "Bekräfta din anmälan med länken i mejlet" in text


def test_sign_up_records_the_photo_opt_out(client, activity):
    _post(client, activity, no_photo="on")
    assert SignUp.objects.get().no_photo is True


def test_sign_up_when_full_offers_and_joins_the_waiting_list(client, organisation):
    activity = make_signup_activity(organisation, capacity=1)
    _join(activity, 1)
    html = _page(client, activity.get_absolute_url())
    assert "Fullbokat – du kan ställa dig på väntelistan." in _texts(html)
    assert ">Ställ mig på väntelistan</button>" in _form(html, activity)
    response = _post(client, activity)
    assert response["Location"] == f"/aktivitet/{activity.slug}/anmal/klart/?status=waiting"
    assert SignUp.objects.get(email="anna@example.se").status == Status.WAITING
    text = _texts(_page(client, response["Location"]))
    assert "är fullbokad, så du står på väntelistan." in text
    assert "Vi håller en plats" not in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"signup_deadline": timedelta(hours=-1)}, "Anmälan till aktiviteten har stängt."),
        ({"status": "cancelled"}, "Aktiviteten är inställd."),
    ],
)
def test_sign_up_closed_shows_the_reason_instead_of_the_form(client, activity, change, message):
    for field, value in change.items():
        setattr(activity, field, timezone.now() + value if field == "signup_deadline" else value)
    activity.save()
    html = _page(client, activity.get_absolute_url())
    section = re.search(r'<section id="anmalan".*?</section>', html, re.S)[0]
    assert message in section
    assert "<form" not in section
    response = _post(client, activity)
    assert response["Location"] == activity.get_absolute_url()
    assert message in _texts(_page(client, response["Location"]))
    assert not SignUp.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_activity_page_without_sign_up_here_has_no_form(client, organisation):
    activity = make_signup_activity(organisation)
    activity.signup_mode = "none"
    activity.capacity = None
    activity.save()
    html = _page(client, activity.get_absolute_url())
    assert 'id="anmalan"' not in html
    assert "/anmal/" not in html


def test_sign_up_with_errors_shows_the_error_summary(client, activity):
    response = _post(client, activity, name="", email="inte-en-adress")
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'<div class="ds-error-summary".*?</div>', html, re.S)[0]
    assert re.findall(r'<a class="ds-link" href="(#[^"]+)">([^<]+)</a>', summary) == [
        ("#signup_name", "Namn: Skriv ditt namn."),
        ("#signup_email", "E-postadress: Skriv e-postadressen så här: namn@exempel.se."),
    ]
    assert "<title>Fel i formuläret: Anmälan till Innovationsfika i Linköping" in html
    assert 'value="inte-en-adress"' in html
    assert "personuppgiftsansvarig" in html  # the notice stays beside the form
    assert not SignUp.objects.exists()


def test_sign_up_refuses_a_personal_identity_number(client, activity):
    response = _post(client, activity, name="Anna 19811218-9876")
    assert "Namn: Skriv bara ditt namn. Vi behöver inte ditt personnummer." in _texts(
        response.content.decode()
    )
    assert not SignUp.objects.exists()


def test_sign_up_honeypot_is_thanked_and_nothing_is_saved(client, activity):
    response = _post(client, activity, website="https://spam.example.com")
    assert response["Location"] == f"/aktivitet/{activity.slug}/anmal/klart/"
    assert not SignUp.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_sign_up_rate_limit_answers_429_and_saves_nothing(client, activity, monkeypatch):
    # The real limit lets a whole office through (test_holds); ten keeps this test short.
    monkeypatch.setattr(views, "SIGNUP_MAILS", replace(views.SIGNUP_MAILS, per_sender=10))
    for n in range(10):
        assert _post(client, activity, email=f"person{n}@example.se").status_code == 302
    response = _post(client, activity, email="en-till@example.se")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Vi har tagit emot många anmälningar från dig på kort tid." in _texts(
        response.content.decode()
    )
    assert not SignUp.objects.filter(email="en-till@example.se").exists()
    assert SignUp.objects.count() == 10
    # Someone else, at another address, is not held back.
    assert _post(client, activity, ip="192.0.2.2", email="en-till@example.se").status_code == 302


def test_sign_up_again_gives_the_same_answer_and_mails_the_link_again(client, activity):
    first = _post(client, activity)
    again = _post(client, activity, email="ANNA@example.se")
    # The form must not tell anyone who is signed up: the answer is the same as the first time.
    assert again["Location"] == first["Location"]
    assert SignUp.objects.count() == 1
    assert list(OutboxMessage.objects.order_by("pk").values_list("subject", flat=True)) == [
        "Bekräfta din anmälan: Innovationsfika i Linköping",
        "Din anmälan: Innovationsfika i Linköping",
    ]


def test_sign_up_page_of_its_own_shows_the_form(client, activity):
    html = _page(client, f"/aktivitet/{activity.slug}/anmal/")
    assert "Anmäl dig till ”Innovationsfika i Linköping”" in html
    assert _form(html, activity)


def test_check_email_page_of_an_unknown_activity_is_404(client, db):
    assert client.get("/aktivitet/finns-inte/anmal/klart/").status_code == 404


# --- Confirm and manage ----------------------------------------------------------------------------


def test_confirm_from_the_page_says_thanks_on_the_manage_page(client, activity):
    signup = _join(activity, 1)
    text = _texts(_page(client, f"/anmalan/{signup.token}/bekrafta/"))
    assert "Du anmäler dig till ”Innovationsfika i Linköping”." in text
    response = client.post(f"/anmalan/{signup.token}/bekrafta/", follow=True)
    text = _texts(response.content.decode())
    assert "Tack! Din anmälan är bekräftad." in text
    assert "Du är anmäld. Välkommen!" in text
    assert SignUp.objects.get().status == Status.CONFIRMED


def test_manage_page_says_each_status_in_plain_words(client, organisation):
    activity = make_signup_activity(organisation, capacity=1)
    held, waiting_1, waiting_2, waiting_3 = (_join(activity, n) for n in range(1, 5))
    services.confirm(signup=waiting_2)

    def manage(signup: SignUp) -> str:
        return _texts(_page(client, f"/anmalan/{signup.token}/"))

    until = timezone.localtime(held.hold_expires_at)
    held_text = manage(held)
    assert f"Vi håller en plats åt dig till klockan {until:%H:%M} den {until.day} " in held_text
    assert "Bekräfta anmälan" in held_text
    assert "Du står på väntelistan: plats 1 av 3. Bekräfta din e-postadress senast" in manage(
        waiting_1
    )
    assert "Du står på väntelistan: plats 2 av 3. Blir en plats ledig får du den direkt" in manage(
        waiting_2
    )
    services.confirm(signup=held)
    assert "Du är anmäld. Välkommen!" in manage(held)
    services.cancel(signup=waiting_3)
    assert "Du avanmälde dig den " in manage(waiting_3)
    later = timezone.now() + timedelta(minutes=31)
    services.release_expired_holds(now=later)
    assert SignUp.objects.get(pk=waiting_1.pk).status == Status.EXPIRED
    assert "Anmälan bekräftades inte i tid" in manage(waiting_1)


def test_manage_page_shows_the_stream_link_only_when_confirmed(client, organisation):
    activity = make_signup_activity(
        organisation,
        format="digital",
        municipality=None,
        venue="",
        address="",
        stream_url="https://meet.example.se/rum-42",
    )
    signup = _join(activity, 1)
    assert "rum-42" not in _page(client, f"/anmalan/{signup.token}/")
    services.confirm(signup=signup)
    html = _page(client, f"/anmalan/{signup.token}/")
    assert f'<a class="ds-link" href="/anmalan/{signup.token}/delta/">' in html
    assert 'href="/mina-uppgifter/">Mina uppgifter</a>' in html


def test_manage_page_is_not_cached(client, activity):
    signup = _join(activity, 1)
    response = client.get(f"/anmalan/{signup.token}/")
    assert "no-store" in response["Cache-Control"]


def test_manage_page_of_an_unknown_token_is_404(client, db):
    assert client.get("/anmalan/finns-inte/").status_code == 404


def test_cancel_asks_first_and_changes_nothing_on_get(client, organisation):
    activity = make_signup_activity(organisation, capacity=1)
    signup = _join(activity, 1)
    text = _texts(_page(client, f"/anmalan/{signup.token}/avanmal/"))
    assert "Vill du avanmäla dig?" in text
    assert "Din plats går direkt till den som står först på väntelistan." in text
    assert SignUp.objects.get().status == Status.HELD


def test_cancel_from_the_manage_page_promotes_the_next_person(client, organisation):
    activity = make_signup_activity(organisation, capacity=1)
    first, second = _join(activity, 1), _join(activity, 2)
    services.confirm(signup=first)
    services.confirm(signup=second)
    assert f'href="/anmalan/{first.token}/avanmal/"' in _page(client, f"/anmalan/{first.token}/")
    response = client.post(f"/anmalan/{first.token}/avanmal/", follow=True)
    text = _texts(response.content.decode())
    assert "Du är avanmäld. Tack för att du meddelade oss." in text
    assert "Du avanmälde dig den " in text
    assert "Avanmäl mig" not in text
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.CANCELLED, Status.CONFIRMED)
    assert second.promoted_at is not None
    assert OutboxMessage.objects.filter(
        to=["person2@example.se"], subject="Du har fått en plats: " + activity.title
    ).exists()
    assert "Du är anmäld – du fick en plats från väntelistan." in _texts(
        _page(client, f"/anmalan/{second.token}/")
    )
