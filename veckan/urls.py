from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from veckan.pages import views as pages

# Swedish pages have no prefix; English ones live under /en/. No language cookie is needed.
urlpatterns = i18n_patterns(
    path("", pages.home, name="home"),
    path("", include("veckan.pages.urls")),
    path("konto/mitt-konto/", include("veckan.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("", include("veckan.organisations.urls")),
    path("samordning/", include("veckan.editions.urls")),
    path("samordning/granskning/", include("veckan.activities.review_urls")),
    path("samordning/webhooks/", include("veckan.webhooks.urls")),
    path("samordning/meddelanden/", include("veckan.messaging.urls")),
    path("samordning/regionala/", include("veckan.coordination.urls")),
    path("", include("veckan.imports.urls")),
    path("", include("veckan.activities.urls")),
    path("", include("veckan.program.urls")),
    path("", include("veckan.signups.urls")),
    path("", include("veckan.evaluations.urls")),
    path("", include("veckan.favourites.urls")),
    path("", include("veckan.stats.urls")),
    path("", include("veckan.awards.urls")),
    # The open data: the same values in both languages, but the calendars and the Atom feed give
    # the English title and summary under /en/ where the organiser wrote them.
    path("", include("veckan.program.data_urls")),
    prefix_default_language=False,
)
urlpatterns += [
    path("admin/", admin.site.urls),
    path("api/v1/", include("veckan.api.urls")),
    path("health/", pages.health, name="health"),
]

# The 500 page, or the 503 page when what failed outside a view was the database.
handler500 = "veckan.lib.unavailable.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
