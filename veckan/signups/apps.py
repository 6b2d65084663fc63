from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupsConfig(AppConfig):
    name = "veckan.signups"
    verbose_name = _("Anmälningar")

    def ready(self):
        from veckan.signups import receivers  # noqa: F401 (connects them)
