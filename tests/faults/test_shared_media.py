"""Issue 14, line 8: uploads in production with several app servers.

Two gunicorn servers in production mode (SECRET_KEY set, DEBUG off, behind a TLS proxy) share one
database and, through STORAGES, one S3 bucket (moto's S3 server on 127.0.0.1). An organiser uploads
an image through server A's activity form; server B's page of the activity links to the bucket, and
the bytes fetched from there are the re-encoded image. Nothing is written to a server's own disk,
and no server answers /media/ from Django's developer-only view.
"""

import json
import os
import re
import subprocess
import sys
import urllib.request
from datetime import date
from http.client import HTTPConnection
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image

from tests.activities.test_form import CREATE, form_data
from tests.faults import servers
from tests.faults.servers import collect_production_static

ROOT = Path(__file__).resolve().parent.parent.parent
SECRET_KEY = "a-long-random-production-secret-" + "x7Qp2Lm9Zr4Tk8Vb3Nd6Hs1Jf5Gw0Yc"
BUCKET = "veckan-media"


def _python(script: str, env: dict[str, str]) -> str:
    """Run a script with Django set up on the servers' settings; what it prints last, as JSON."""
    setup = "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'veckan.settings'; django.setup()\n"
    result = subprocess.run(
        [sys.executable, "-c", setup + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# The organiser, their organisation and an edition open for registration, in the shared database,
# and a session for the organiser as the login form would leave it (sessions live in the database).
SETUP = """
import json
from datetime import timedelta
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from tests.factories import make_edition, make_organisation, make_user
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
now = timezone.now()
edition = make_edition(
    2027,
    registration_opens=now - timedelta(days=10),
    registration_closes=now + timedelta(days=10),
    program_published_at=now + timedelta(days=20),
)
owner = make_user("agare@kommun.example.se", name="Åsa Ägare")
organisation = make_organisation(name="Exempelby kommun", admin=owner)
client = Client()
client.force_login(owner)
print(json.dumps({
    "session": client.cookies["sessionid"].value,
    "organisation": organisation.pk,
    "starts_on": edition.starts_on.isoformat(),
}))
"""

# The coordinators' part, which this test is not about: the activity is approved and the program
# published.
PUBLISH = """
import json
from datetime import timedelta
from django.utils import timezone
from veckan.activities.models import Activity, Status
from veckan.revisions.services import record_change
activity = Activity.objects.get()
activity.status = Status.APPROVED
activity.save()
activity.edition.program_published_at = timezone.now() - timedelta(minutes=1)
activity.edition.save()
record_change(everything=True)
print(json.dumps({"path": activity.get_absolute_url(), "image": activity.image.name}))
"""


class Gunicorn(servers.Gunicorn):
    """One sync worker, in production mode, asked as through the TLS proxy, bytes in and out."""

    def __init__(self, env: dict[str, str], log: Path):
        super().__init__(env, workers=1, log=log, wait=False)
        self.host = f"127.0.0.1:{self.port}"

    def request(self, method: str, path: str, *, body: bytes = b"", headers: dict | None = None):
        """As the TLS proxy in front would pass it on: the client asked over https."""
        connection = HTTPConnection(self.host, timeout=20)
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
                | (headers or {}),
            )
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


@pytest.fixture
def s3():
    """moto's S3 server on a free port of 127.0.0.1, with the media bucket."""
    moto_server = pytest.importorskip("moto.server", reason="moto[server] not installed")
    boto3 = pytest.importorskip("boto3", reason="boto3 not installed")
    port = servers.free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_bucket(Bucket=BUCKET)
        yield SimpleNamespace(endpoint=endpoint, client=client)
    finally:
        server.stop()


@pytest.fixture
def production_env(s3, tmp_path) -> dict[str, str]:
    pytest.importorskip("gunicorn", reason="gunicorn not installed")
    pytest.importorskip("storages", reason="django-storages not installed")
    (tmp_path / "media").mkdir()
    return {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "MEDIA_BUCKET": BUCKET,
        "MEDIA_S3_ENDPOINT_URL": s3.endpoint,
        "MEDIA_S3_REGION": "us-east-1",
        "MEDIA_S3_ACL": "public-read",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        # Where a server would keep files of its own: nothing may land here.
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


@pytest.fixture
def two_servers(production_env, tmp_path):
    servers = []
    collect_production_static(production_env)
    try:
        # The servers start while the database is made: they answer /health/ once it is there.
        for name in ("a", "b"):
            servers.append(Gunicorn(production_env, tmp_path / f"gunicorn-{name}.log"))
        shared = _python(SETUP, production_env)
        for server in servers:
            server.wait_until_ready()
        yield SimpleNamespace(a=servers[0], b=servers[1], shared=shared)
    finally:
        for server in servers:
            server.stop()


def _cookie(headers, name: str) -> str:
    for header in headers.get_all("Set-Cookie") or []:
        if header.startswith(f"{name}="):
            return header.split(";", 1)[0].split("=", 1)[1]
    raise AssertionError(f"no {name} cookie in {headers}")


def _png(width: int, height: int) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_uploaded_through_one_server_is_shown_by_the_other(
    two_servers, production_env, s3, tmp_path
):
    a, b, shared = two_servers.a, two_servers.b, two_servers.shared
    session = {"Cookie": f"sessionid={shared['session']}"}

    # The organiser opens the form on server A …
    status, headers, body = a.request("GET", CREATE, headers=session)
    assert status == 200, body[:2000]
    csrf_cookie = _cookie(headers, "csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()

    # … and sends it with a photo.
    data = form_data(
        SimpleNamespace(starts_on=date.fromisoformat(shared["starts_on"])),
        SimpleNamespace(pk=shared["organisation"]),
        image_alt="Publik i stadshusets hörsal",
    )
    upload = BytesIO(_png(640, 480))
    upload.name = "bild.png"
    data |= {"image": upload, "csrfmiddlewaretoken": token}
    status, headers, body = a.request(
        "POST",
        CREATE,
        body=encode_multipart(BOUNDARY, data),
        headers=session
        | {
            "Content-Type": MULTIPART_CONTENT,
            "Cookie": f"sessionid={shared['session']}; csrftoken={csrf_cookie}",
            "Origin": f"https://{a.host}",
            "Referer": f"https://{a.host}{CREATE}",
        },
    )
    assert status == 302, body.decode()[:3000]

    published = _python(PUBLISH, production_env)
    # Stored in the bucket, not on server A's disk.
    assert re.fullmatch(r"activities/\d{4}/[0-9a-f]{32}\.webp", published["image"])
    assert s3.client.head_object(Bucket=BUCKET, Key=published["image"])["ContentLength"] > 0
    assert list((tmp_path / "media").iterdir()) == []

    # Server B's page of the activity shows it, from the bucket's address.
    status, headers, body = b.request("GET", published["path"])
    assert status == 200, body[:2000]
    html = body.decode()
    src = re.search(r'<img class="activity__image" src="([^"]+)"', html).group(1)
    assert src == f"{s3.endpoint}/{BUCKET}/{published['image']}"
    assert 'width="640" height="480"' in html
    assert f'<meta property="og:image" content="{src}">' in html
    # The page's Content-Security-Policy lets the browser load it.
    csp = headers["Content-Security-Policy"]
    img_src = next(part for part in csp.split(";") if part.strip().startswith("img-src"))
    assert s3.endpoint in img_src.split()

    # A browser without any credentials gets the re-encoded image: WebP, its size kept.
    with urllib.request.urlopen(src, timeout=10) as response:  # noqa: S310 (our moto on 127.0.0.1)
        assert response.headers["Content-Type"] == "image/webp"
        assert "immutable" in response.headers["Cache-Control"]
        fetched = response.read()
    with Image.open(BytesIO(fetched)) as image:
        assert (image.format, image.size) == ("WEBP", (640, 480))
        assert image.getpixel((320, 240))[:3] == pytest.approx((0, 128, 128), abs=4)

    # Neither server serves uploads itself: /media/ is not one of their addresses.
    for server in (a, b):
        status, _headers, _body = server.request("GET", f"/media/{published['image']}")
        assert status == 404


def _resolves(path: str, env: dict[str, str]) -> str:
    script = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'veckan.settings'; django.setup()\n"
        "from django.urls import Resolver404, resolve\n"
        "try:\n"
        f"    match = resolve({path!r}); print(match.func.__module__ + '.' + match.func.__name__)\n"
        "except Resolver404:\n"
        "    print('404')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_on_a_shared_volume_leaves_media_to_the_web_server(tmp_path):
    """Without a bucket, production keeps uploads in MEDIA_ROOT (one volume every server mounts)
    and the web server in front serves /media/: Django's developer view is only there with DEBUG."""
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "shared-volume"),
    }
    assert _resolves("/media/activities/2027/bild.webp", env) == "404"
    debug = env | {"DEBUG": "true"}
    assert _resolves("/media/activities/2027/bild.webp", debug) == "django.views.static.serve"


@pytest.mark.parametrize(
    ("variables", "url"),
    [
        # A CDN or a domain of the bucket's own.
        (
            {"MEDIA_PUBLIC_URL": "https://bilder.innovationsveckan.se/"},
            "https://bilder.innovationsveckan.se/activities/2027/bild.webp",
        ),
        # Another cloud's S3: the bucket on its endpoint.
        (
            {"MEDIA_S3_ENDPOINT_URL": "https://s3.example.se/"},
            "https://s3.example.se/veckan-media/activities/2027/bild.webp",
        ),
        # AWS.
        ({}, "https://veckan-media.s3.amazonaws.com/activities/2027/bild.webp"),
    ],
)
def test_images_in_a_bucket_link_to_its_public_address_without_a_signature(variables, url):
    pytest.importorskip("storages", reason="django-storages not installed")
    env = {"PATH": os.environ["PATH"], "SECRET_KEY": SECRET_KEY, "MEDIA_BUCKET": BUCKET}
    answer = _python(
        "import json; from django.conf import settings; from django.core.files.storage import default_storage\n"
        "print(json.dumps([default_storage.url('activities/2027/bild.webp'),"
        " settings.SECURE_CSP['img-src'][-1]]))",
        env | variables,
    )
    origin = "/".join(url.split("/")[:3])
    assert answer == [url, origin]
