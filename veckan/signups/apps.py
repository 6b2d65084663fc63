from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupsConfig(AppConfig):
    name = "veckan.signups"
    verbose_name = _("Anmälningar")
