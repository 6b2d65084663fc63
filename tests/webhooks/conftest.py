import ipaddress
import socket

import pytest

# A server on the internet (example.com's address): what every *.example.se receiver resolves to here.
PUBLIC_ADDRESS = "93.184.215.14"


class FakeDns:
    """socket.getaddrinfo with answers the test chooses: `names[host] = ["10.0.0.5", …]`. Names under
    example.se resolve to PUBLIC_ADDRESS unless told otherwise; everything else (127.0.0.1, the
    database) goes to the real resolver. No test here asks the network's DNS."""

    def __init__(self, real) -> None:
        self.real = real
        self.names: dict[str, list[str]] = {}
        self.asked: list[str] = []

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        if name in self.names or (name or "").endswith(".example.se"):
            self.asked.append(name)
            answers = self.names.get(name, [PUBLIC_ADDRESS])
            if not answers:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return [self._entry(answer, port) for answer in answers]
        return self.real(host, port, family, type, proto, flags)

    @staticmethod
    def _entry(answer: str, port):
        port = int(port or 0)
        if ipaddress.ip_address(answer).version == 6:
            return (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (answer, port, 0, 0))
        return (socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port))


@pytest.fixture(autouse=True)
def dns(monkeypatch) -> FakeDns:
    fake = FakeDns(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake
