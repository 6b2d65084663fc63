"""Swedish is the source language; English must be complete, and the compiled catalogues current."""

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
