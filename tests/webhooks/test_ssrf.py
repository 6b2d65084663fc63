"""Issue 14, line 6: webhooks cannot reach inside. Loopback, private, link-local and metadata
addresses are refused when the webhook is saved and again at delivery, after DNS resolution; https
only in production; a receiver's answer is never shown back. These run with the production default
(WEBHOOK_ALLOW_PRIVATE off); DNS answers are the test's own (conftest.FakeDns)."""

import os

import pytest
from django.utils import timezone

from tests.test_settings import run
from tests.webhooks.test_webhooks import Receiver
from veckan.webhooks.models import Delivery, Webhook
from veckan.webhooks.services import deliver_due_webhooks

pytestmark = [pytest.mark.django_db, pytest.mark.coordinator_signed_in]

NEW = "/samordning/webhooks/ny/"
INTERNAL = (
    "Adressen leder till ett internt nät eller till Veckans egen server. Webhooks kan bara "
    "skickas till servrar på internet."
)
HTTPS_ONLY = "Adressen måste börja med https://, så att ingen kan läsa eller ändra det som skickas."

INSIDE = [
    "127.0.0.1",  # this machine
    "127.8.9.10",
    "0.0.0.0",  # noqa: S104  (unspecified: reaches this machine too)
    "10.1.2.3",  # private networks
    "172.16.5.4",
    "192.168.1.10",
    "100.64.0.7",  # shared address space (carrier NAT)
    "169.254.169.254",  # link-local: the cloud's metadata service
    "169.254.1.1",
    "192.0.2.1",  # documentation, reserved
    "240.0.0.1",
    "255.255.255.255",
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "::1",  # IPv6 loopback, unspecified, link-local, unique local, metadata, multicast
    "::",
    "fe80::1",
    "fc00::1",
    "fd00:ec2::254",
    "ff02::1",
    "::ffff:127.0.0.1",  # IPv4 inside, written as IPv6
    "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",  # the metadata service through NAT64
]


@pytest.fixture(autouse=True)
def _signed_in(coordinator):
    """The coordinator registers the webhooks (signed in on `client` by the module's mark)."""


def register(client, url: str):
    return client.post(NEW, {"url": url, "description": ""})


@pytest.mark.parametrize("address", INSIDE)
def test_a_name_that_resolves_inside_is_refused_at_save(client, dns, address):
    dns.names["kalender.example.se"] = [address]

    response = register(client, "https://kalender.example.se/hook")

    assert response.status_code == 200
    assert response.context["form"].errors == {"url": [INTERNAL]}
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[fd00:ec2::254]/",
        "https://10.0.0.1:8443/hook",
    ],
)
def test_an_address_inside_written_in_the_url_is_refused_at_save(client, url):
    response = register(client, url)

    assert response.context["form"].errors == {"url": [INTERNAL]}
    assert not Webhook.objects.exists()


def test_one_answer_inside_among_public_ones_is_enough_to_refuse(client, dns):
    dns.names["kalender.example.se"] = ["93.184.215.14", "10.0.0.5"]

    response = register(client, "https://kalender.example.se/hook")

    assert response.context["form"].errors == {"url": [INTERNAL]}


def test_a_name_that_does_not_resolve_is_refused_at_save(client, dns):
    dns.names["finns-inte.example.se"] = []

    response = register(client, "https://finns-inte.example.se/hook")

    assert response.context["form"].errors == {
        "url": [
            "Servernamnet i adressen gick inte att slå upp. Kontrollera att det är rätt stavat."
        ]
    }


def test_a_public_https_address_is_saved(client, dns):
    dns.names["kalender.example.se"] = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]

    response = register(client, "https://kalender.example.se/hook")

    assert response.status_code == 302
    assert Webhook.objects.get().url == "https://kalender.example.se/hook"


def test_the_refusal_is_in_english_too(client):
    response = client.post("/en" + NEW, {"url": "https://127.0.0.1/", "description": ""})

    assert response.context["form"].errors == {
        "url": [
            "The address leads to an internal network or to Veckan's own server. Webhooks can only "
            "be sent to servers on the internet."
        ]
    }


def test_http_is_refused_when_not_in_development(client, settings):
    settings.DEBUG = False

    response = register(client, "http://kalender.example.se/hook")

    assert response.context["form"].errors == {"url": [HTTPS_ONLY]}
    settings.DEBUG = True
    assert register(client, "http://kalender.example.se/hook").status_code == 302


# --- at delivery ---------------------------------------------------------------------------------------


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


def queue_for(webhook: Webhook) -> Delivery:
    return Delivery.objects.create(
        webhook=webhook, event="changed", activity_id=1, payload={"activity": {"title": "Fika"}}
    )


@pytest.mark.parametrize("address", ["127.0.0.1", "::ffff:127.0.0.1"])
def test_a_name_that_moved_inside_after_save_is_refused_at_delivery(
    client, settings, dns, receiver, address
):
    # Saved while the name pointed at the internet (http in development, so that a connection, were
    # one made, would reach the receiver listening on 127.0.0.1).
    settings.DEBUG = True
    port = receiver.server.server_address[1]
    assert register(client, f"http://kalender.example.se:{port}/hook").status_code == 302
    delivery = queue_for(Webhook.objects.get())
    dns.names["kalender.example.se"] = [address]  # then DNS changed
    now = timezone.now()

    assert deliver_due_webhooks(now=now) == 0

    assert receiver.requests == []  # nothing was sent
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, None)
    assert delivery.last_error == (
        "AddressRefused: kalender.example.se resolves to an internal address"
    )
    assert delivery.next_attempt_at > now  # retried later, in case DNS is put right


def test_http_saved_in_development_is_refused_at_delivery_in_production(settings, dns):
    webhook = Webhook.objects.create(url="http://kalender.example.se/hook")
    delivery = queue_for(webhook)
    settings.DEBUG = False

    assert deliver_due_webhooks() == 0

    delivery.refresh_from_db()
    assert delivery.last_error == "AddressRefused: http outside development"


def test_delivery_connects_to_the_address_it_checked_and_asks_dns_once(settings, dns, receiver):
    # A name that answers "public" to the check and "inside" to a second lookup (DNS rebinding) would
    # get past a check followed by an ordinary connect. Here the one lookup is all there is: the
    # connection goes to the checked address and the name is kept for the Host header.
    settings.WEBHOOK_ALLOW_PRIVATE = True  # the checked address is the receiver on 127.0.0.1
    dns.names["kalender.example.se"] = ["127.0.0.1"]
    port = receiver.server.server_address[1]
    delivery = queue_for(Webhook.objects.create(url=f"http://kalender.example.se:{port}/hook"))
    dns.asked.clear()

    assert deliver_due_webhooks() == 1

    assert dns.asked == ["kalender.example.se"]
    [(path, headers, _)] = receiver.requests
    assert (path, headers["Host"]) == ("/hook", f"kalender.example.se:{port}")
    delivery.refresh_from_db()
    assert delivery.status == "sent"


def test_a_receivers_answer_is_never_stored_or_shown(client, settings, receiver):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    receiver.status = 500  # the receiver answers with a body: "Fel hos mottagaren"
    webhook = Webhook.objects.create(url=receiver.url)
    delivery = queue_for(webhook)

    assert deliver_due_webhooks() == 0

    delivery.refresh_from_db()
    assert (delivery.response_status, delivery.last_error) == (500, "HTTP 500")
    page = client.get(f"/samordning/webhooks/{webhook.pk}/").content.decode()
    assert "HTTP 500" in page
    assert "Fel hos mottagaren" not in page


def test_production_never_lets_webhooks_reach_inside(tmp_path):
    script = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'veckan.settings';"
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.WEBHOOK_ALLOW_PRIVATE)"
    )
    development = {"PATH": os.environ["PATH"]}
    production = {**development, "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "innovationsveckan.se"}

    assert run(["-c", script], development).stdout.split() == ["False"]
    assert run(["-c", script], {**development, "WEBHOOK_ALLOW_PRIVATE": "true"}).stdout.split() == [
        "True"
    ]
    assert run(["-c", script], {**production, "WEBHOOK_ALLOW_PRIVATE": "true"}).stdout.split() == [
        "False"
    ]
