"""Issue 14, line 5: the open-data API fuzzed from its own OpenAPI schema, zero server errors.

Schemathesis reads /api/v1/openapi.json from the WSGI application itself and Hypothesis generates
requests for every operation in it, valid ones and (for the write API) invalid ones, against the
conftest's published program; the write API is called with a valid key of the cast's organisation.
Bounded and derandomized, so CI sees the same examples every run.
"""

from contextlib import contextmanager
from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import make_edition
from veckan.organisations import services

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/openapi.json"
EXAMPLES = 20
# No server error, and every answer as the schema documents it (status, content type, body, headers).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Not checked (yet) on the open data: that it refuses all the schema forbids (an empty filter value
# is ignored, as on /program/) and takes all it allows (the schema does not say that per_sida is at
# least 1, which the API enforces).
READ_CHECKS = CHECKS
# The write API checks its key. Whether a schema-valid activity is accepted is not the schema's to
# say (its times must fall in the edition's week, say: tests/api/test_write.py), and unknown query
# parameters are ignored, as HTTP has it.
WRITE_CHECKS = [*CHECKS, ignored_auth, missing_required_header]

# Every operation of the schema, by its operationId: reading the open data, and the write API.
READ = [
    "listActivities",
    "getActivity",
    "listOrganisations",
    "listEditions",
    "listMunicipalities",
    "listCounties",
    "listSolutions",
    "getSolution",
]
WRITE = [
    "listOwnActivities",
    "createOwnActivity",
    "getOwnActivity",
    "updateOwnActivity",
    "putOwnActivityByExternalId",
    "submitOwnActivity",
]

application = WSGIHandler()


@contextmanager
def _one_connection():
    """Requests through the WSGI handler keep the test's database connection (and its
    transaction), as Django's own test client does: no closing of "old" connections."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _api(settings):
    cache.clear()
    # Many calls a minute with one key: the limit is proven in tests/api/test_write.py.
    settings.API_TOKEN_RATE_LIMIT = 10_000
    with _one_connection():
        yield


@pytest.fixture
def schema():
    return schemathesis.openapi.from_wsgi(SCHEMA, application)


def operation_ids(schema) -> set[str]:
    return {result.ok().definition.raw["operationId"] for result in schema.get_all_operations()}


def fuzz(operation, mode: GenerationMode, checks: list, headers: dict | None = None) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks, headers=headers)

    try:
        run()
    except Unsatisfiable:
        # Nothing in the schema constrains the operation's input (a free-text slug, say): there is
        # no invalid request to make of it.
        assert mode is GenerationMode.NEGATIVE


def find(schema, operation_id: str):
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.definition.raw["operationId"] == operation_id:
            return operation
    raise LookupError(operation_id)


def test_every_operation_of_the_schema_is_fuzzed(schema):
    assert operation_ids(schema) == set(READ) | set(WRITE)


@pytest.mark.parametrize("operation_id", READ)
def test_open_data_answers_no_server_error(schema, program, operation_id):
    operation = find(schema, operation_id)
    fuzz(operation, GenerationMode.POSITIVE, READ_CHECKS)
    fuzz(operation, GenerationMode.NEGATIVE, READ_CHECKS)


class TestWriteApi:
    @pytest.fixture
    def edition(self):
        """Registration open, so that a valid activity is accepted as a draft."""
        now = timezone.now()
        return make_edition(
            2027,
            registration_opens=now - timedelta(days=10),
            registration_closes=now + timedelta(days=10),
            program_published_at=now + timedelta(days=20),
        )

    @pytest.fixture
    def key(self, owner, organisation, edition):
        return services.create_api_token(organisation=organisation, name="Fuzz", by=owner)[1]

    @pytest.mark.parametrize("operation_id", WRITE)
    def test_write_api_answers_no_server_error(self, schema, key, operation_id):
        operation = find(schema, operation_id)
        auth = {"Authorization": f"Bearer {key}"}
        fuzz(operation, GenerationMode.POSITIVE, WRITE_CHECKS, auth)
        fuzz(operation, GenerationMode.NEGATIVE, WRITE_CHECKS, auth)

    @pytest.mark.parametrize("operation_id", WRITE)
    def test_write_api_without_a_key_answers_no_server_error(self, schema, edition, operation_id):
        fuzz(find(schema, operation_id), GenerationMode.POSITIVE, CHECKS)
