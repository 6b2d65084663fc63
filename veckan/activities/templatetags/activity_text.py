"""{{ activity.display_title|lang_marked }}: an activity's text in the reader's language, marked
lang="sv" where the English is missing and the Swedish stands in (WCAG 3.1.2), so a screen reader
reads it with Swedish pronunciation."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext

register = template.Library()


@register.filter
def lang_marked(text) -> SafeString:
    lang = getattr(text, "lang", None)
    if not text or lang is None or lang == get_language():
        return conditional_escape(text)
    if isinstance(text, SafeString):  # rendered Markdown: blocks, so a block around them
        return format_html('<div lang="{}">{}</div>', lang, text)
    return format_html('<span lang="{}">{}</span>', lang, text)


def _chars_left_text(left: int) -> str:
    if left >= 0:
        return ngettext("%(count)d tecken kvar", "%(count)d tecken kvar", left) % {"count": left}
    over = -left
    return ngettext("%(count)d tecken för mycket", "%(count)d tecken för mycket", over) % {
        "count": over
    }


@register.inclusion_tag("activities/_chars_left.html")
def chars_left(field) -> dict:
    """Under a text field with a maximum length: how many characters are left, said by the server
    (so it is there without JavaScript) and kept current by veckan.js as the person types."""
    left = field.field.max_length - len(field.value() or "")
    return {
        "field": field,
        "text": _chars_left_text(left),
        # veckan.js fills in the number; Swedish has one form, English two.
        "left_one": _chars_left_text(1).replace("1", "#", 1),
        "left_other": _chars_left_text(2).replace("2", "#", 1),
        "over_one": _chars_left_text(-1).replace("1", "#", 1),
        "over_other": _chars_left_text(-2).replace("2", "#", 1),
    }
