from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "veckan.accounts"
    verbose_name = _("Konton")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from veckan.accounts.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="veckan-idle-clock")


class VeckanAdminConfig(admin_apps.AdminConfig):
    default = False
    """The Django admin, behind the same two-factor gate as every coordinator page."""

    default_site = "veckan.accounts.admin_site.VeckanAdminSite"
