from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The open-data JSON API (CC0). Owns no models; reads other apps' QuerySets."""

    name = "veckan.api"
