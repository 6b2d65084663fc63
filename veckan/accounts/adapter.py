import secrets
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest

from veckan.lib import ratelimit

# The mails anyone can make allauth send to any address, by typing it into a form: sign-up (or
# "you already have an account"), a new confirmation link, a password reset. allauth limits them
# per client (ACCOUNT_RATE_LIMITS); this limits them per address, so no inbox can be flooded.
ANONYMOUS_MAILS = (
    "account/email/email_confirmation_signup",
    "account/email/email_confirmation",
    "account/email/account_already_exists",
    "account/email/password_reset_key",
    "account/email/unknown_account",
)
ACCOUNT_MAILS = ratelimit.MailLimit(
    "account", per_sender=20, sender_window_seconds=3600, per_address=5, address_window_seconds=3600
)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        if template_prefix in ANONYMOUS_MAILS and not ACCOUNT_MAILS.allows_address(email):
            return  # the form answers as always: whether a mail went out is nobody's business
        # allauth greets "from {site name}"; without django.contrib.sites that is the host name.
        site = SimpleNamespace(name="Innovationsveckan", domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def send_account_already_exists_mail(self, email: str) -> None:
        # A new account costs a password hash, the slowest step of a sign-up; this answer costs
        # one too, so the time the sign-up form takes says nothing of whether an account exists.
        make_password(secrets.token_urlsafe())
        super().send_account_already_exists_mail(email)

    def get_client_ip(self, request: HttpRequest) -> str:
        # The same client as our own limits: behind the trusted proxies, IPv6 by network.
        return ratelimit.client_network(request)
