from django.urls import path

from veckan.api.api import api

# Mounted at /api/v1/, outside the language prefixes: the API speaks one language of codes.
urlpatterns = [path("", api.urls)]
