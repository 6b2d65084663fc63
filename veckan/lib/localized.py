"""Text that exists in Swedish and, where someone wrote it, in English: an activity's title, an
edition's theme. The reader gets the English under /en/ when there is one, else the Swedish, and
the text knows which it is so the page can mark it lang="sv" (see the lang_marked filter)."""

from django.utils.safestring import SafeString
from django.utils.translation import get_language


class LocalizedText(str):
    """Activity text as shown on a page, knowing its language: English under /en/ when the
    organiser wrote it, else the Swedish, which the page then marks lang="sv"."""

    lang: str

    def __new__(cls, value: str, lang: str) -> "LocalizedText":
        text = super().__new__(cls, value)
        text.lang = lang
        return text


class LocalizedHtml(SafeString):
    lang: str

    def __new__(cls, value: str, lang: str) -> "LocalizedHtml":
        html = super().__new__(cls, value)
        html.lang = lang
        return html


def localized(swedish: str, english: str, language: str | None = None) -> LocalizedText:
    """The one rule for which text of an activity (or edition) a reader gets."""
    if (language or get_language()) == "en" and (english or "").strip():
        return LocalizedText(english, "en")
    return LocalizedText(swedish or "", "sv")
