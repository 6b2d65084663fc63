"""Accounts: sign-up with a verified address, login, password reset and the two-factor gate.

Every test logs in through allauth's real forms, never `client.force_login`: force_login would skip
the two-factor stage, which is exactly what these tests are about.
"""

import re
from unittest.mock import patch

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from tests.factories import PASSWORD, add_totp, make_user, totp_code
from veckan.accounts.models import User
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "blå-kaffekanna-vid-sjön-1987"
TOTP_SETUP_MESSAGE = (
    "Som samordnare behöver du tvåstegsinloggning. Ställ in en autentiseringsapp för att fortsätta."
)
REAUTHENTICATE_FOR_TOTP_SETUP = "/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F"


def _wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _link(message: OutboxMessage, path_prefix: str) -> str:
    """The path of the one link in `message` that starts with `path_prefix`."""
    [path] = re.findall(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", message.body)
    return path


def _logged_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


def _log_in(client, user: User, *, password: str = PASSWORD, next_url: str = "", code: str = ""):
    """Log in through allauth's form and, when `code` is given, its two-factor stage."""
    response = client.post(
        f"/konto/login/?next={next_url}" if next_url else "/konto/login/",
        {"login": user.email, "password": password},
    )
    if code:
        response = client.post("/konto/2fa/authenticate/", {"code": code})
    return response


def _reauthenticate(client, password: str = PASSWORD):
    """allauth asks for the password again before any change to two-factor login, even right
    after logging in (by design: someone at an unattended desk must not lock the owner out)."""
    return client.post("/konto/reauthenticate/", {"password": password})


def _sign_up(client, email: str = "ny@kommun.example.se"):
    return client.post(
        "/konto/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


# --- Sign-up with a verified address


def test_signup_creates_unverified_user_and_mails_confirmation_link(client):
    response = _sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    page = client.get(response["Location"]).content.decode()
    assert "Ett bekräftelsemejl har skickats till ny@kommun.example.se." in page
    user = User.objects.get()
    assert user.email == "ny@kommun.example.se"
    assert user.check_password(PASSWORD)
    assert list(EmailAddress.objects.values_list("user", "email", "verified", "primary")) == [
        (user.pk, "ny@kommun.example.se", False, True)
    ]
    [message] = OutboxMessage.objects.all()
    assert message.to == ["ny@kommun.example.se"]
    assert message.subject.startswith("Innovationsveckan: ")
    assert _link(message, "/konto/confirm-email/")
    assert _logged_in_user_id(client) is None


def test_signup_unverified_user_cannot_log_in_before_confirming(client):
    _sign_up(client)
    client.logout()

    response = client.post(
        "/konto/login/", {"login": "ny@kommun.example.se", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/konto/confirm-email/", 302)]
    assert "Verifiera din e-postadress" in response.content.decode()
    assert _logged_in_user_id(client) is None
    assert client.get("/mina-organisationer/")["Location"] == (
        "/konto/login/?next=/mina-organisationer/"
    )
    assert EmailAddress.objects.get().verified is False
    assert User.objects.get().last_login is None


def test_signup_confirmation_link_verifies_address_and_logs_in(client):
    _sign_up(client)
    confirm_url = _link(OutboxMessage.objects.get(), "/konto/confirm-email/")

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "ny@kommun.example.se" in page.content.decode()
    assert EmailAddress.objects.get().verified is False  # a GET (a mail scanner) confirms nothing

    response = client.post(confirm_url, follow=True)

    user = User.objects.get()
    assert response.redirect_chain[-1] == ("/mina-aktiviteter/", 302)
    assert response.status_code == 200
    assert "Du har verifierat ny@kommun.example.se." in response.content.decode()
    assert EmailAddress.objects.get().verified is True
    assert _logged_in_user_id(client) == str(user.pk)


# --- Login with email and password


def test_login_with_email_and_password_lands_on_my_activities(client, owner):
    response = client.post(
        "/konto/login/", {"login": owner.email, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/mina-aktiviteter/", 302)]
    assert '<h1 class="ds-heading" data-size="xl">Mina aktiviteter</h1>' in (
        response.content.decode()
    )
    assert _logged_in_user_id(client) == str(owner.pk)
    owner.refresh_from_db()
    assert owner.last_login is not None


def test_login_with_wrong_password_shows_error_and_no_session(client, owner):
    response = client.post("/konto/login/", {"login": owner.email, "password": "fel-lösenord"})

    assert response.status_code == 200
    assert "E-postadressen och/eller lösenordet är felaktigt." in response.content.decode()
    assert _logged_in_user_id(client) is None
    assert client.get("/mina-organisationer/").status_code == 302
    owner.refresh_from_db()
    assert owner.last_login is None


# --- Password reset


def test_password_reset_link_sets_a_password_that_logs_in(client, owner):
    response = client.post("/konto/password/reset/", {"email": owner.email})

    assert response["Location"] == "/konto/password/reset/done/"
    [message] = OutboxMessage.objects.all()
    assert message.to == [owner.email]
    reset_url = _link(message, "/konto/password/reset/key/")

    # allauth moves the key from the URL into the session, then shows the form.
    form_page = client.get(reset_url, follow=True)
    assert form_page.status_code == 200
    assert 'name="password1"' in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/konto/password/reset/key/done/", 302)]
    assert "Ditt lösenord är nu ändrat." in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert not owner.check_password(PASSWORD)
    client.logout()
    assert _log_in(client, owner, password=PASSWORD).status_code == 200  # the old one is gone
    assert _logged_in_user_id(client) is None
    assert _log_in(client, owner, password=NEW_PASSWORD)["Location"] == "/mina-aktiviteter/"
    assert _logged_in_user_id(client) == str(owner.pk)


def test_password_reset_link_works_only_once(client, owner):
    client.post("/konto/password/reset/", {"email": owner.email})
    reset_url = _link(OutboxMessage.objects.get(), "/konto/password/reset/key/")
    set_password_url = client.get(reset_url)["Location"]
    client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()

    page = client.get(reset_url, follow=True).content.decode()

    assert 'name="password1"' not in page
    assert "Felaktig nyckel" in page
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


def test_password_reset_for_unknown_address_sends_nothing(client, owner):
    response = client.post("/konto/password/reset/", {"email": "okand@example.se"})

    # The same answer as for a known address, so the form does not reveal who has an account,
    # and no mail at all: the form must not be a way to send mail to strangers.
    assert response["Location"] == "/konto/password/reset/done/"
    assert not OutboxMessage.objects.exists()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


# --- The two-factor gate on coordinator pages


def test_dashboard_anonymous_is_sent_to_login(client):
    response = client.get("/samordning/")

    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/samordning/"


def test_dashboard_non_coordinator_gets_403(client, owner):
    _log_in(client, owner)

    response = client.get("/samordning/")

    assert response.status_code == 403
    assert "Sidan är bara för samordnare." in response.content.decode()
    assert _logged_in_user_id(client) == str(owner.pk)


def test_dashboard_coordinator_without_totp_is_sent_to_totp_setup(client):
    coordinator = make_user(coordinator=True)
    _log_in(client, coordinator)

    response = client.get("/samordning/", follow=True)

    # The setup page first asks for the password again (see _reauthenticate): the first page the
    # coordinator sees is that prompt, carrying our message, with the setup page as `next`.
    assert response.redirect_chain == [
        ("/konto/2fa/totp/activate/", 302),
        (REAUTHENTICATE_FOR_TOTP_SETUP, 302),
    ]
    assert TOTP_SETUP_MESSAGE in response.content.decode()
    assert 'name="password"' in response.content.decode()

    setup = client.post(REAUTHENTICATE_FOR_TOTP_SETUP, {"password": PASSWORD}, follow=True)

    assert setup.redirect_chain == [("/konto/2fa/totp/activate/", 302)]
    assert setup.status_code == 200
    page = setup.content.decode()
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code
    assert 'name="code"' in page
    assert not Authenticator.objects.filter(user=coordinator).exists()
    assert client.get("/samordning/")["Location"] == "/konto/2fa/totp/activate/"


def test_dashboard_coordinator_with_totp_logged_in_with_code_gets_200(client):
    coordinator = make_user(coordinator=True)
    secret = add_totp(coordinator)

    response = _log_in(client, coordinator, next_url="/samordning/", code=totp_code(secret))

    assert response["Location"] == "/samordning/"
    dashboard = client.get("/samordning/")
    assert dashboard.status_code == 200
    assert "Utgåvor" in dashboard.content.decode()
    assert _logged_in_user_id(client) == str(coordinator.pk)


def test_dashboard_opens_once_the_coordinator_has_set_up_totp(client):
    coordinator = make_user(coordinator=True)
    _log_in(client, coordinator)
    _reauthenticate(client)
    client.get("/konto/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]

    response = client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})

    assert response["Location"] == "/konto/2fa/recovery-codes/"
    assert set(Authenticator.objects.filter(user=coordinator).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    assert client.get("/samordning/").status_code == 200


# --- No email cannon (issue 14, line 4)


def test_password_reset_mails_one_address_at_most_five_times_an_hour_from_any_network(owner):
    for n in range(8):
        Client(REMOTE_ADDR=f"192.0.2.{n}").post("/konto/password/reset/", {"email": owner.email})
    assert OutboxMessage.objects.filter(to=[owner.email]).count() == 5


def _sign_up_and_count_hashes(email: str) -> tuple[int, str, int]:
    """Sign up with `email`: the answer, where it leads, and how many passwords were hashed."""
    hashed = []
    original = MD5PasswordHasher.encode

    def counting(self, password, salt):
        hashed.append(password)
        return original(self, password, salt)

    with patch.object(MD5PasswordHasher, "encode", counting):
        response = Client().post(
            "/konto/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
        )
    return response.status_code, response["Location"], len(hashed)


def test_sign_up_answers_alike_and_costs_alike_whether_or_not_the_address_has_an_account(owner):
    new = _sign_up_and_count_hashes("ny.person@example.se")
    existing = _sign_up_and_count_hashes(owner.email)

    assert new == existing == (302, "/konto/confirm-email/", 1)
    [already] = OutboxMessage.objects.filter(to=[owner.email])
    assert "konto" in already.body


# --- The Django admin behind the same gate


def test_admin_staff_without_totp_is_sent_to_totp_setup(client):
    staff = make_user(staff=True)
    _log_in(client, staff)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/", 302),
        ("/konto/2fa/totp/activate/", 302),
        (REAUTHENTICATE_FOR_TOTP_SETUP, 302),
    ]
    page = response.content.decode()
    assert TOTP_SETUP_MESSAGE in page
    assert "Innovationsveckan – administration" not in page


def test_admin_staff_with_totp_sees_admin(client):
    staff = make_user(staff=True)
    secret = add_totp(staff)
    _log_in(client, staff, code=totp_code(secret))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Innovationsveckan – administration" in response.content.decode()
    assert _logged_in_user_id(client) == str(staff.pk)


def test_admin_login_sends_anonymous_to_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/accounts/user/", follow=True)

    assert response.redirect_chain == [("/konto/login/?next=/admin/accounts/user/", 302)]
    page = response.content.decode()
    assert 'name="login"' in page
    assert 'id="login-form"' not in page  # Django's own admin login form
    assert 'name="username"' not in page


def test_admin_login_form_post_does_not_log_in(client):
    staff = make_user(staff=True)
    add_totp(staff)

    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/"
    assert _logged_in_user_id(client) is None
    staff.refresh_from_db()
    assert staff.last_login is None


def test_admin_logged_in_non_staff_gets_403_instead_of_a_redirect_loop(client):
    coordinator = make_user(coordinator=True)
    secret = add_totp(coordinator)
    _log_in(client, coordinator, code=totp_code(secret))

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403
    assert "Administrationen är bara för personal." in response.content.decode()


# --- Login with two-factor authentication demands the code


def test_login_with_totp_stops_at_the_code_stage(client):
    coordinator = make_user(coordinator=True)
    add_totp(coordinator)

    response = _log_in(client, coordinator, next_url="/samordning/")

    assert response["Location"] == "/konto/2fa/authenticate/"
    page = client.get("/konto/2fa/authenticate/").content.decode()
    assert "Ditt konto är skyddat av tvåstegsinloggning." in page
    assert 'data-variant="secondary" form="logout-from-stage" type="submit">' in page  # Avbryt
    assert _logged_in_user_id(client) is None
    assert client.get("/samordning/")["Location"] == "/konto/login/?next=/samordning/"
    coordinator.refresh_from_db()
    assert coordinator.last_login is None


def test_login_with_totp_wrong_code_shows_error_and_stays_logged_out(client):
    coordinator = make_user(coordinator=True)
    secret = add_totp(coordinator)

    response = _log_in(client, coordinator, code=_wrong_code(totp_code(secret)))

    assert response.status_code == 200
    assert "Felaktig kod." in response.content.decode()
    assert _logged_in_user_id(client) is None
    assert client.get("/samordning/").status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.last_login is None


def test_login_with_totp_right_code_logs_in(client):
    coordinator = make_user(coordinator=True)
    secret = add_totp(coordinator)

    response = _log_in(client, coordinator, next_url="/samordning/", code=totp_code(secret))

    assert response.status_code == 302
    assert response["Location"] == "/samordning/"
    assert _logged_in_user_id(client) == str(coordinator.pk)
    coordinator.refresh_from_db()
    assert coordinator.last_login is not None


def test_login_with_recovery_code_logs_in_once_per_code(client):
    coordinator = make_user(coordinator=True)
    add_totp(coordinator)
    recovery_codes = RecoveryCodes.activate(coordinator)
    code = recovery_codes.get_unused_codes()[0]

    response = _log_in(client, coordinator, next_url="/samordning/", code=code)

    assert response["Location"] == "/samordning/"
    assert _logged_in_user_id(client) == str(coordinator.pk)
    assert client.get("/samordning/").status_code == 200
    recovery_codes.instance.refresh_from_db()
    assert code not in recovery_codes.get_unused_codes()
    assert len(recovery_codes.get_unused_codes()) == 9

    client.post("/konto/logout/")
    again = _log_in(client, coordinator, code=code)

    assert again.status_code == 200
    assert "Felaktig kod." in again.content.decode()
    assert _logged_in_user_id(client) is None


# --- allauth's pages in our layout


ANONYMOUS_PAGES = ["/konto/login/", "/konto/signup/", "/konto/password/reset/"]


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/konto/login/", "Logga in"),
        ("/konto/signup/", "Skapa konto"),
        ("/konto/password/reset/", "Återställning av lösenord"),
        ("/konto/email/", "E-postadresser"),
        ("/konto/2fa/", "Tvåstegsinloggning"),
        ("/konto/reauthenticate/", "Bekräfta åtkomst"),
        ("/konto/2fa/totp/activate/", "Aktivera autentiseringsapp"),
    ],
)
def test_allauth_page_renders_in_our_layout(client, url, heading):
    if url not in ANONYMOUS_PAGES:
        _log_in(client, make_user())
        _reauthenticate(client)

    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Hoppa till innehållet") == 1
    assert page.count("<html") == 1
    assert '<main id="main"' in page
    assert re.search(rf'<h1 class="ds-heading"[^>]*>\s*{heading}\s*</h1>', page)
    assert "Menu:" not in page  # allauth's own bare layout


def test_allauth_buttons_make_only_the_main_action_primary(client, owner):
    _log_in(client, owner)

    page = client.get("/konto/email/").content.decode()

    buttons = {
        name: variant
        for variant, name in re.findall(
            r'<button class="ds-button" data-variant="(\w+)"[^>]*name="(action_\w+)"', page
        )
    }
    assert buttons == {
        "action_primary": "primary",
        "action_send": "secondary",
        "action_remove": "secondary",
        "action_add": "primary",
    }
    assert re.search(r'data-color="danger"[^>]*name="action_remove"', page)
