from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "veckan.activities"
    verbose_name = _("Aktiviteter")

    def ready(self):
        from veckan.activities import receivers  # noqa: F401 (connects them)
