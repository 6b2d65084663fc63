from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    """The public program: search, activity pages, feeds. Owns no models; reads other apps' QuerySets."""

    name = "veckan.program"
    verbose_name = _("Program")
