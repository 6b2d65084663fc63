from django.db.models import QuerySet
from django.utils.text import slugify


def unique_slug(text: str, taken: QuerySet, *, fallback: str, max_length: int = 80) -> str:
    """A slug for `text` not yet used in `taken` (a queryset with a `slug` field): "name", "name-2" …"""
    base = slugify(text)[:max_length].strip("-") or fallback
    slug, n = base, 2
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
