from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from veckan.lib import ratelimit


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth greets "from {site name}"; without django.contrib.sites that is the host name.
        site = SimpleNamespace(name="Innovationsveckan", domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def get_client_ip(self, request: HttpRequest) -> str:
        # The same client as our own limits: behind the trusted proxies, IPv6 by network.
        return ratelimit.client_network(request)
