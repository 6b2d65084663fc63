"""Swedish is the source language; English must be complete, and the compiled catalogues current."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["en", "sv"])
def test_translation_catalogue_is_complete_and_compiled(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    as_written = {(e.msgctxt, e.msgid): e.msgstr for e in po if not e.obsolete}
    as_compiled = {(e.msgctxt, e.msgid): e.msgstr for e in compiled if e.msgid}
    assert as_compiled == as_written, "run `make messages` to compile the catalogue"


@pytest.mark.django_db
def test_login_page_invites_to_sign_up_in_plain_swedish(client):
    html = client.get("/konto/login/").content.decode()
    assert 'Har du inget konto än? <a href="/konto/signup/">Skapa ett konto</a> först.' in html
    assert "epost" not in html.lower().replace("e-post", "")


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)
def test_every_interface_string_has_an_english_translation(tmp_path):
    """Extract the strings from a copy of the code, as `make messages` would, and let none be new."""
    root = LOCALE.parent
    for name in ("veckan", "templates", "locale"):
        shutil.copytree(
            root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "data")
        )
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "veckan.settings",
            "PYTHONPATH": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    po = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == [], "run `make messages` and translate these"
