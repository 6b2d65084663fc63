"""{{ activity.display_title|lang_marked }}: an activity's text in the reader's language, marked
lang="sv" where the English is missing and the Swedish stands in (WCAG 3.1.2), so a screen reader
reads it with Swedish pronunciation."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lang_marked(text) -> SafeString:
    lang = getattr(text, "lang", None)
    if not text or lang is None or lang == get_language():
        return conditional_escape(text)
    if isinstance(text, SafeString):  # rendered Markdown: blocks, so a block around them
        return format_html('<div lang="{}">{}</div>', lang, text)
    return format_html('<span lang="{}">{}</span>', lang, text)
