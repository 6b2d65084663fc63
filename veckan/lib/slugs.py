from collections.abc import Container

from django.db.models import QuerySet
from django.utils.text import slugify


def slug_base(text: str, *, suffix: str = "", fallback: str, max_length: int = 80) -> str:
    """slugify(text), cut at a word so that it and "-suffix" fit in max_length: "text-2027"."""
    room = max_length - (len(suffix) + 1 if suffix else 0)
    words = slugify(text)
    if len(words) > room:
        words = words[: room + 1].rsplit("-", 1)[0][:room]
    words = words.strip("-") or fallback
    return f"{words}-{suffix}" if suffix else words


def unique_slug(
    text: str,
    taken: QuerySet | Container[str],
    *,
    fallback: str,
    suffix: str = "",
    max_length: int = 80,
) -> str:
    """A slug for `text` not yet used in `taken` (a queryset with a `slug` field, or slugs in
    memory): "name", "name-2" …"""
    base = slug_base(text, suffix=suffix, fallback=fallback, max_length=max_length)
    is_taken = (
        (lambda slug: taken.filter(slug=slug).exists())
        if isinstance(taken, QuerySet)
        else taken.__contains__
    )
    slug, n = base, 2
    while is_taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug
