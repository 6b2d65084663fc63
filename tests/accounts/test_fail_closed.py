"""Issue 14, line 7: fail closed in production.

A WSGI server without SECRET_KEY refuses to start (unless DEBUG is explicitly on), pages for a
signed-in person are never stored on the way, and a coordinator's session ends after idle time.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from tests.factories import add_totp, make_user
from veckan.accounts.middleware import LAST_SEEN

ROOT = Path(__file__).resolve().parents[2]


def _import_wsgi(env_changes: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-c", "import veckan.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_wsgi_refuses_to_start_without_secret_key():
    result = _import_wsgi({})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_wsgi_starts_without_secret_key_when_debug_is_explicitly_on():
    from veckan.lib.failclosed import refuse_without_secret_key

    refuse_without_secret_key({"DEBUG": "1"})
    refuse_without_secret_key({"SECRET_KEY": "x" * 50})
    with pytest.raises(ImproperlyConfigured):
        refuse_without_secret_key({"DEBUG": "false"})
    with pytest.raises(ImproperlyConfigured):
        refuse_without_secret_key({"SECRET_KEY": ""})


def test_make_run_needs_no_configuration():
    # `make run` is runserver, which never loads veckan.wsgi; the settings still start bare.
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_pages_for_a_signed_in_person_are_no_store(client, owner):
    client.force_login(owner)
    response = client.get(reverse("account_email"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_coordinator_session_ends_after_idle_time(client, settings):
    settings.COORDINATOR_IDLE_SECONDS = 30 * 60
    coordinator = make_user("samordnare@skr.example.se", coordinator=True)
    add_totp(coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("stats:home")).status_code == 200

    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("stats:home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_active_coordinator_stays_signed_in(client, settings):
    settings.COORDINATOR_IDLE_SECONDS = 30 * 60
    coordinator = make_user("samordnare@skr.example.se", coordinator=True)
    add_totp(coordinator)
    client.force_login(coordinator)
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("stats:home")).status_code == 200
