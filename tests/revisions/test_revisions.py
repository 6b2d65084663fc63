"""The program's revision (veckan.revisions): one row that every public change moves in its own
transaction, and what every program request reads to know whether the program changed."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.factories import make_activity, make_organisation, make_published_edition
from veckan.activities import search, services
from veckan.activities.models import Activity, Status
from veckan.activities.services import ActivityParts
from veckan.editions.services import save_edition
from veckan.organisations.models import Kind
from veckan.organisations.services import save_organisation
from veckan.program.filters import ProgramSearch
from veckan.revisions.models import Change, Revision
from veckan.revisions.services import changes_since, current

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_published_edition()


@pytest.fixture
def region():
    return make_organisation(name="Region Norrexempel", kind=Kind.REGION)


@pytest.fixture
def approved(edition, region):
    activity = make_activity(edition, region, status=Status.APPROVED, title="Öppna data")
    search.index_activities(Activity.objects.with_related())
    return activity


def searched(edition, query: str = "") -> ProgramSearch:
    return ProgramSearch(QueryDict(query), edition=edition)


def test_a_warm_program_search_reads_the_revision_row_by_its_key_and_nothing_of_the_program(
    edition, approved
):
    searched(edition, "q=data").facets()  # the worker's index is built once
    with CaptureQueriesContext(connection) as queries:
        found = searched(edition, "q=data")
        found.facets()
    revision = [q["sql"] for q in queries.captured_queries if "revisions_revision" in q["sql"]]
    assert len(revision) == 1
    sql = revision[0]
    assert 'FROM "revisions_revision" WHERE "revisions_revision"."id" = 1' in sql
    assert "COUNT(" not in sql.upper()
    assert "MAX(" not in sql.upper()
    assert "activities_activity" not in sql
    # Nothing else reads the program: "fully booked" is in the index too (a sign-up that fills
    # an activity moves the revision); what is left is the edition's focus areas, for labels.
    others = [q["sql"] for q in queries.captured_queries if q["sql"] != sql]
    assert len(others) == 1
    assert "activities_activity" not in others[0]
    assert found.count == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_revision_query_is_one_row_by_its_index_in_postgresql(edition, approved):
    from veckan.program.version import program_state

    with CaptureQueriesContext(connection) as queries:
        program_state(edition)
    [query] = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {query['sql']}")
        plan = cursor.fetchone()[0][0]["Plan"]
    nodes = []

    def walk(node):
        nodes.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    scans = [node for node in nodes if "Relation Name" in node]
    assert [node["Relation Name"] for node in scans] == ["revisions_revision"]
    assert scans[0]["Node Type"] in {"Index Scan", "Index Only Scan"}
    assert scans[0]["Index Name"] == "revisions_revision_pkey"
    assert not [node for node in nodes if node["Node Type"] == "Aggregate"]


def test_the_revision_row_is_what_the_program_reads_so_every_public_change_moves_it(
    edition, region, approved, coordinator
):
    before = current().number
    services.cancel_activity(activity=approved, by=coordinator, reason="Sjuk föreläsare")
    assert current().number == before + 1
    assert set(
        Change.objects.filter(revision=before + 1).values_list("activity_id", flat=True)
    ) == {approved.pk}
    assert searched(edition).facets()  # builds the index at this revision
    submitted = make_activity(edition, region, status=Status.SUBMITTED, title="Klimatdata")
    search.index_activities(Activity.objects.with_related().filter(pk=submitted.pk))
    assert searched(edition, "q=klimatdata").count == 0
    services.approve_activity(activity=submitted, reviewer=coordinator)
    assert current().number == before + 2
    assert searched(edition, "q=klimatdata").count == 1


def test_editing_a_draft_leaves_the_revision_where_it_was(edition, region, owner):
    draft = make_activity(edition, region, status=Status.DRAFT)
    before = current().number
    services.update_activity(activity=draft, parts=ActivityParts(), editor=owner)
    assert current().number == before


def test_saving_an_organisation_moves_the_revision_only_when_visitors_see_a_difference(
    edition, region, approved
):
    assert searched(edition, "q=sydexempel").count == 0
    before = current()
    region.org_number = region.org_number  # nothing public changed
    save_organisation(organisation=region)
    assert current() == before
    region.name = "Region Sydexempel"
    save_organisation(organisation=region)
    after = current()
    assert after.number == before.number + 1
    assert changes_since(before.number, after.number).organisations == {region.pk}
    # The worker's copy reads again the activities that show the name, and finds them by it.
    assert [a.pk for a in searched(edition, "q=sydexempel").results()] == [approved.pk]


def test_saving_an_edition_moves_everything(edition):
    before = current().number
    save_edition(edition=edition, focus_areas=[])
    assert current().number == before + 1
    assert changes_since(before, before + 1).everything


def test_a_server_too_far_behind_reads_everything_again(edition, approved):
    assert changes_since(-10, current().number).everything
    Revision.objects.update(number=0)
    Change.objects.all().delete()
    assert changes_since(0, 0).everything


def test_a_sign_up_moves_the_revision_only_when_it_fills_the_activity(organisation):
    from tests.factories import make_signup_activity
    from veckan.signups.services import cancel, sign_up

    activity = make_signup_activity(organisation, capacity=2)
    edition = activity.edition
    assert searched(edition, "anmalan=oppen").count == 1
    before = current().number
    sign_up(activity=activity, name="Ada Andersson", email="ada@example.se")
    assert current().number == before  # a seat of two: nothing public changed
    last = sign_up(activity=activity, name="Bo Berg", email="bo@example.se")
    assert current().number == before + 1  # the last seat: now fully booked
    assert searched(edition, "anmalan=oppen").count == 0
    assert searched(edition, "anmalan=vantelista").count == 1
    cancel(signup=last)
    assert current().number == before + 2  # a seat free again
    assert searched(edition, "anmalan=oppen").count == 1
