"""Organisers' Markdown, rendered to HTML that is safe to put on a page.

Markdown lets raw HTML through untouched, so its output is as untrusted as the input: nh3 decides
what survives. Headings move one level down (# becomes h2) because the page has its own h1.
"""

import functools
import html
import xml.etree.ElementTree as etree

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# h4 is as deep as a description goes; anything deeper is still a heading, just not a deeper one.
DEMOTED_HEADINGS = {"h1": "h2", "h2": "h3", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}

# How many rendered texts each process keeps: the descriptions of the activities people are reading,
# rendered once instead of on every page view. Only texts up to a few pages long, so the memory
# stays bounded (some tens of megabytes at worst, a few in practice).
REMEMBERED_TEXTS = 2048
REMEMBERED_UP_TO = 5000

_sanitiser = nh3.Cleaner(
    tags={
        "p",
        "br",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "pre",
        "hr",
    },
    # "*" must be given, or nh3 keeps its default generic attributes (title, lang) on every tag.
    attributes={"a": {"href"}, "*": set()},
    # Dropped with their content: none of it is prose a reader should see.
    clean_content_tags={
        "script",
        "style",
        "iframe",
        "svg",
        "math",
        "noscript",
        "template",
        "object",
    },
    url_schemes={"http", "https", "mailto"},
    # Relative links would point somewhere else in a feed or an email; organisers link in full.
    url_relative="deny",
    link_rel="nofollow noopener",
)
_text_only = nh3.Cleaner(tags=set(), attributes={})


class _DemoteHeadings(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in DEMOTED_HEADINGS:
                element.tag = DEMOTED_HEADINGS[element.tag]


class _DemoteHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML: paragraphs, emphasis, lists, links, headings h2–h4, quotes, code.

    Remembered per process, keyed by the text itself: the same text always gives the same HTML, so
    an edited description is a new key and nothing can go stale (a deploy starts new processes).
    """
    if len(text) > REMEMBERED_UP_TO:
        return _render(text)
    return _remembered(text)


def _render(text: str) -> SafeString:
    # A fresh Markdown instance per call: one instance keeps state and is not thread-safe.
    converter = markdown.Markdown(extensions=["sane_lists", _DemoteHeadingsExtension()])
    return mark_safe(_sanitiser.clean(converter.convert(text)))


_remembered = functools.lru_cache(maxsize=REMEMBERED_TEXTS)(_render)


def markdown_to_text(text: str) -> str:
    """The words of the Markdown on one line, for feed summaries and emails.

    Plain text, not HTML: "<" stays "<", so escape it (Django's templates do) before putting it in HTML.
    """
    return " ".join(html.unescape(_text_only.clean(render_markdown(text))).split())
