from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Statistics for each edition, read from other apps' QuerySets, and the page-view counter."""

    name = "veckan.stats"
    verbose_name = _("Statistik")
