from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "veckan.webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from veckan.webhooks import receivers  # noqa: F401 (connects them)
