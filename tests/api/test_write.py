"""The write API: an organisation's key creates, updates and submits its own drafts, by our id or
its external id, and never reaches another organisation's activities."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from openapi_spec_validator import validate

from tests.factories import at, make_activity, make_edition
from veckan.activities.models import Activity, LogEntry
from veckan.organisations import services
from veckan.organisations.models import ApiToken, hash_api_token

pytestmark = pytest.mark.django_db

API = "/api/v1/organisation/activities"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def edition():
    now = timezone.now()
    return make_edition(
        2027,
        registration_opens=now - timedelta(days=10),
        registration_closes=now + timedelta(days=10),
        program_published_at=now + timedelta(days=20),
    )


@pytest.fixture
def key(owner, organisation):
    return services.create_api_token(organisation=organisation, name="Kalendern", by=owner)[1]


def auth(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def payload(edition, **changes) -> dict:
    tuesday = edition.starts_on + timedelta(days=1)
    return {
        "external_id": "k-1",
        "title": "Lunchprat om AI",
        "summary": "Vi berättar hur kommunen använder AI.",
        "type": "seminarium",
        "format": "physical",
        "starts_at": at(tuesday, 12).isoformat(),
        "ends_at": at(tuesday, 13).isoformat(),
        "municipality": "0580",
        "address": "Drottninggatan 45, Linköping",
        "languages": ["sv"],
    } | changes


def test_api_token_is_stored_hashed_and_shown_once(client, owner, organisation):
    client.force_login(owner)

    response = client.post(
        f"/mina-organisationer/{organisation.slug}/api-nycklar/", {"name": "Kalendern"}
    )

    token = response.context["token"]
    stored = ApiToken.objects.get()
    assert token.startswith("vk_")
    assert len(token) > 40
    assert (stored.hashed, stored.prefix, stored.name) == (
        hash_api_token(token),
        token[:10],
        "Kalendern",
    )
    assert token in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert token not in client.get(f"/mina-organisationer/{organisation.slug}/").content.decode()


def test_api_tokens_are_for_admins_only(client, colleague, organisation, stranger):
    client.force_login(colleague)  # a member, not an admin
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/api-nycklar/", {"name": "Min"}
    )
    assert response.status_code == 403
    client.force_login(stranger)
    response = client.post(
        f"/mina-organisationer/{organisation.slug}/api-nycklar/", {"name": "Min"}
    )
    assert response.status_code == 404
    assert ApiToken.objects.count() == 0


def test_api_revoked_token_stops_working(client, owner, organisation, edition, key):
    assert client.get(API, **auth(key)).status_code == 200
    client.force_login(owner)
    stored = ApiToken.objects.get()

    client.post(f"/mina-organisationer/{organisation.slug}/api-nycklar/{stored.pk}/aterkalla/")

    client.logout()
    response = client.get(API, **auth(key))
    assert response.status_code == 401
    stored.refresh_from_db()
    assert stored.revoked_at is not None


def test_api_create_update_and_submit_a_draft(client, owner, edition, organisation, key):
    created = client.post(API, payload(edition), content_type="application/json", **auth(key))

    assert created.status_code == 201
    body = created.json()
    activity = Activity.objects.get()
    assert (body["id"], body["external_id"], body["status"]) == (activity.pk, "k-1", "draft")
    assert (activity.organisation, activity.created_by, activity.title) == (
        organisation,
        owner,
        "Lunchprat om AI",
    )
    assert activity.tag_values("language") == ["sv"]
    assert created["Cache-Control"] == "no-store"
    assert "ETag" not in created

    updated = client.put(
        f"{API}/{activity.pk}",
        payload(edition, title="Lunchprat om AI, del 2"),
        content_type="application/json",
        **auth(key),
    )
    assert updated.json()["title"] == "Lunchprat om AI, del 2"

    submitted = client.post(f"{API}/{activity.pk}/submit", **auth(key))
    assert submitted.json()["status"] == "submitted"
    activity.refresh_from_db()
    assert activity.status == "submitted"
    assert list(activity.log.values_list("action", flat=True)) == ["created", "submitted"]
    assert LogEntry.objects.filter(comment="Skapad med API-nyckeln ”Kalendern”.").count() == 1


def test_api_put_by_external_id_creates_then_updates_the_same_draft(
    client, edition, organisation, key
):
    first = client.put(
        f"{API}/external/k-7", payload(edition), content_type="application/json", **auth(key)
    )
    second = client.put(
        f"{API}/external/k-7",
        payload(edition, title="Ny titel"),
        content_type="application/json",
        **auth(key),
    )

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert list(Activity.objects.values_list("external_id", "title")) == [("k-7", "Ny titel")]
    again = client.post(
        API, payload(edition, external_id="k-7"), content_type="application/json", **auth(key)
    )
    assert again.status_code == 409
    assert Activity.objects.count() == 1


def test_api_invalid_activity_says_what_is_wrong_in_swedish(client, edition, key):
    response = client.post(
        API,
        payload(
            edition,
            format="digital",
            starts_at=at(edition.starts_on - timedelta(days=3)).isoformat(),
        ),
        content_type="application/json",
        **auth(key),
    )

    assert response.status_code == 422
    assert {(e["loc"][-1], e["msg"]) for e in response.json()["detail"]} == {
        ("starts_at", "Aktiviteten ska äga rum under veckan, 4/10–8/10 2027."),
        ("stream_url", "Ange länken till sändningen eller mötet."),
    }
    assert Activity.objects.count() == 0


def test_api_token_of_one_organisation_gets_404_for_anothers_activities(
    client, edition, organisation, other_organisation, key
):
    theirs = make_activity(edition, other_organisation, title="Deras", external_id="k-1")
    ours = make_activity(edition, organisation, title="Vår")

    assert client.get(f"{API}/{theirs.pk}", **auth(key)).status_code == 404
    assert (
        client.put(
            f"{API}/{theirs.pk}", payload(edition), content_type="application/json", **auth(key)
        ).status_code
        == 404
    )
    assert client.post(f"{API}/{theirs.pk}/submit", **auth(key)).status_code == 404
    assert [a["title"] for a in client.get(API, **auth(key)).json()] == ["Vår"]
    # Their external id is theirs: ours with the same one is another activity.
    client.put(
        f"{API}/external/k-1", payload(edition), content_type="application/json", **auth(key)
    )
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Deras", "draft")
    assert Activity.objects.filter(organisation=organisation).count() == 2
    assert ours.pk != theirs.pk


def test_api_without_a_valid_key_answers_401(client, edition):
    assert client.get(API).status_code == 401
    assert client.get(API, **auth("vk_gissat")).status_code == 401
    assert client.post(API, payload(edition), content_type="application/json").status_code == 401
    assert client.get(API).json() == {
        "detail": "Nyckeln saknas eller gäller inte. Skicka er API-nyckel som Authorization: Bearer vk_…"
    }


@pytest.mark.parametrize("body", [b"\xff\x00", b"{", b"titel=x"])
@pytest.mark.parametrize(
    ("method", "path"), [("post", API), ("put", f"{API}/1"), ("put", f"{API}/external/k-1")]
)
def test_api_body_that_is_not_json_is_a_clear_400(client, edition, key, method, path, body):
    """Found by fuzzing (issue 14, line 5): Ninja's answer was in English and not in the schema."""
    response = getattr(client, method)(path, body, content_type="application/json", **auth(key))

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Innehållet går inte att läsa som JSON.")
    documented = client.get("/api/v1/openapi.json").json()["paths"][
        path.replace("/1", "/{activity_id}").replace("/k-1", "/{external_id}")
    ]
    assert "400" in documented[method]["responses"]


def test_api_key_is_rate_limited(client, settings, edition, key):
    settings.API_TOKEN_RATE_LIMIT = 3
    answers = [client.get(API, **auth(key)).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_api_schema_documents_the_write_api(client):
    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)
    assert schema["components"]["securitySchemes"] == {
        "OrganisationKey": {"type": "http", "scheme": "bearer"}
    }
    operation = schema["paths"][API]["post"]
    assert operation["security"] == [{"OrganisationKey": []}]
    assert operation["operationId"] == "createOwnActivity"
    assert "ActivityIn" in schema["components"]["schemas"]


def test_api_time_without_a_local_time_is_a_clear_422(client, edition, key):
    """Found by fuzzing (issue 14, line 5): year 1 with an offset had no Swedish time, a 500."""
    body = payload(edition, starts_at="0001-01-01T00:00:00+03:04")
    response = client.post(API, body, content_type="application/json", **auth(key))

    assert response.status_code == 422
    assert "Tiden går inte att använda" in str(response.json())
