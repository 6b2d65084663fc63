"""Fetching a URL someone gave us: never inside our own network, never for long."""

import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from veckan.lib import fetch


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/", "Adressen 127.0.0.1 går inte att hämta från"),
        ("http://localhost:8000/kalender.ics", "Adressen localhost går inte att hämta från"),
        ("http://10.1.2.3/", "Adressen 10.1.2.3 går inte att hämta från"),
        ("http://192.168.0.1/", "Adressen 192.168.0.1 går inte att hämta från"),
        ("http://169.254.169.254/latest/meta-data/", "Adressen 169.254.169.254 går inte"),
        ("http://[::1]/", "Adressen ::1 går inte att hämta från"),
        ("http://[::ffff:127.0.0.1]/", "Adressen ::ffff:127.0.0.1 går inte att hämta från"),
        ("http://100.64.0.1/", "Adressen 100.64.0.1 går inte att hämta från"),
        ("http://0.0.0.0/", "Adressen 0.0.0.0 går inte att hämta från"),
        ("file:///etc/passwd", "Adressen ska börja med https://"),
        ("ftp://ftp.example.se/a.ics", "Adressen ska börja med https://"),
    ],
)
def test_fetch_refuses_addresses_that_are_not_on_the_internet(url, message):
    with pytest.raises(fetch.FetchError, match=re.escape(message)):
        fetch.fetch(url)


def test_fetch_public_address_check():
    assert fetch.is_public_address("93.184.216.34")
    assert fetch.is_public_address("2a00:1450:4001::1")
    assert not fetch.is_public_address("172.16.5.4")
    assert not fetch.is_public_address("fd00::1")
    assert not fetch.is_public_address("224.0.0.1")


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/to-inside":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1/secret")
            self.end_headers()
            return
        body = b"x" * 2000 if self.path == "/big" else b"BEGIN:VCALENDAR"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def calendar_server(monkeypatch):
    """A server on loopback that the test names kalender.example.se at a public address: the name
    resolves to 93.184.216.34 and connections to that address reach the local server."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(host, *args, **kwargs):
        if host == "kalender.example.se":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        if address[0] == "93.184.216.34":
            address = ("127.0.0.1", port)
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    yield f"http://kalender.example.se:{port}"
    server.shutdown()


def test_fetch_reads_a_public_address(calendar_server):
    assert fetch.fetch(f"{calendar_server}/kalender.ics") == b"BEGIN:VCALENDAR"


def test_fetch_gives_up_at_its_deadline(calendar_server):
    started = time.monotonic()
    with pytest.raises(fetch.FetchError, match="Servern svarade inte i tid"):
        fetch.fetch(f"{calendar_server}/slow", timeout=0.5)
    assert time.monotonic() - started < 1.5


def test_fetch_refuses_an_answer_larger_than_the_limit(calendar_server):
    with pytest.raises(fetch.FetchError, match="Filen är för stor"):
        fetch.fetch(f"{calendar_server}/big", max_bytes=1000)


def test_fetch_refuses_a_redirect_inside(calendar_server):
    with pytest.raises(
        fetch.FetchError, match=re.escape("Adressen 127.0.0.1 går inte att hämta från")
    ):
        fetch.fetch(f"{calendar_server}/to-inside")
