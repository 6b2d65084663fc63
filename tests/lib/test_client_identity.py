"""Issue 14, line 1: one trusted-proxy setting names the client for our limits and allauth's."""

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD, make_user
from veckan.lib import ratelimit

PROXY = "10.0.0.1"


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_trusted_proxy_count_picks_the_hop_our_proxies_added(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(PROXY, "1.2.3.4, 198.51.100.7, 10.0.0.9")
    assert ratelimit.client_ip(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 0
    settings.BEHIND_PROXY = False
    assert ratelimit.client_ip(request) == PROXY


def test_ipv6_counts_by_64_and_ipv4_whole(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.BEHIND_PROXY = False
    a = ratelimit.client_network(_request("2001:db8:1:2::1"))
    b = ratelimit.client_network(_request("2001:db8:1:2:ffff::9"))
    c = ratelimit.client_network(_request("2001:db8:1:3::1"))
    assert a == b == "2001:db8:1:2::/64"
    assert c != a
    assert ratelimit.client_network(_request("192.0.2.5")) == "192.0.2.5"
    assert ratelimit.client_network(_request("192.0.2.6")) == "192.0.2.6"
    settings.RATELIMIT_IPV6_PREFIX = 48
    assert ratelimit.client_network(_request("2001:db8:1:3::1")) == "2001:db8:1::/48"


@pytest.mark.django_db
def test_failed_logins_behind_the_proxy_lock_out_only_that_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "10/m/ip"}
    cache.clear()
    make_user("victim@kommun.example.se")
    make_user("other@kommun.example.se")
    url = reverse("account_login")

    def attempt(email, password, client_address):
        return client.post(
            url,
            {"login": email, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=client_address,
        )

    attacker = "203.0.113.66"
    for _ in range(11):
        response = attempt("victim@kommun.example.se", "fel", attacker)
    locked = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    assert locked in str(response.context["form"].errors)

    # Everyone else behind the same proxy still logs in.
    response = attempt("other@kommun.example.se", PASSWORD, "198.51.100.20")
    assert response.status_code == 302
