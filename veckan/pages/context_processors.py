from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject

from veckan.editions.models import Edition


def site(request: HttpRequest) -> dict:
    """What the layout needs on every page: the current edition and the other language's URL."""
    other = "en" if request.LANGUAGE_CODE == "sv" else "sv"
    return {
        "current_edition": SimpleLazyObject(Edition.objects.current),
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
        # For the absolute addresses link previews need (templates/_open_graph.html).
        "site_url": settings.SITE_URL,
    }
