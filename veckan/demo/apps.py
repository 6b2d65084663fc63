from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo week that `make run` serves: `manage.py seed_demo`. Owns no models."""

    name = "veckan.demo"
