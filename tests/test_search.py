"""Free-text search with Swedish stemming: the same queries give the same answers on SQLite (FTS5)
and on PostgreSQL (the swedish configuration), as the program searches them (its in-memory index
matches stems against each database's stemmed words). `make test` runs this file on both."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import QueryDict

from tests.factories import make_activity, make_organisation, make_published_edition
from veckan.activities import search, services
from veckan.activities.models import Activity, Status
from veckan.activities.services import ActivityParts
from veckan.editions.models import Edition
from veckan.organisations.models import Kind
from veckan.program.filters import ProgramSearch

pytestmark = pytest.mark.django_db

TEXTS = {
    "workshops": (
        "Workshops om tjänstedesign",
        "Tre workshops där vi ritar om ansökan om bygglov.",
    ),
    "digitala": ("Digitala möten i vården", "Hur regionen ersätter besök med digitala möten."),
    "innovationer": ("Innovationer i skolan", "Lärare visar innovationer från klassrummet."),
    "kommunens": ("Kommunens klimatarbete", "Så minskar kommunens verksamheter sina utsläpp."),
    "välfärd": ("Välfärdens framtid", "Ett samtal om äldreomsorg och hemtjänst."),
    "öppna data": ("Öppna data för alla", "Vi publicerar våra datamängder fritt."),
}


@pytest.fixture
def activities():
    # The organiser is searched too, so its name shares no word with the queries below.
    organisation = make_organisation(name="Region Norrexempel", kind=Kind.REGION)
    edition = make_published_edition(2027)
    made = {}
    for key, (title, summary) in TEXTS.items():
        made[key] = make_activity(
            edition, organisation, status=Status.APPROVED, title=title, summary=summary
        )
    search.index_activities(Activity.objects.with_related())
    return made


def found(text: str) -> set[str]:
    query = QueryDict(mutable=True)
    query["q"] = text
    program = ProgramSearch(query, edition=Edition.objects.get(year=2027))
    return set(program.results().values_list("title", flat=True))


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("workshop", {"Workshops om tjänstedesign"}),
        ("workshops", {"Workshops om tjänstedesign"}),
        ("digital", {"Digitala möten i vården"}),
        ("digitala", {"Digitala möten i vården"}),
        ("innovation", {"Innovationer i skolan"}),
        ("innovationer", {"Innovationer i skolan"}),
        ("kommun", {"Kommunens klimatarbete"}),
        ("kommunens", {"Kommunens klimatarbete"}),
        ("Kommunen", {"Kommunens klimatarbete"}),
        ("välfärd", {"Välfärdens framtid"}),
        ("öppna data", {"Öppna data för alla"}),
        ("digitala möten", {"Digitala möten i vården"}),
        ("äldreomsorg", {"Välfärdens framtid"}),
        ("bygglov", {"Workshops om tjänstedesign"}),
        ("Norrexempel", {title for title, _ in TEXTS.values()}),  # the organiser's name is searched
    ],
)
def test_search_swedish_stemming(activities, query, titles):
    assert found(query) == titles


def test_search_keeps_å_ä_ö_apart_from_a_and_o(activities):
    # "Oppna" is not "Öppna": the letters are not folded.
    assert found("oppna") == set()
    assert found("valfard") == set()


def test_search_every_word_must_match(activities):
    assert found("digitala skolan") == set()


@pytest.mark.parametrize("query", ['"', "'", "*", "AND OR NOT", "(", "NEAR(", "a:*", "!", "&|"])
def test_search_syntax_characters_are_plain_text(activities, query):
    # Neither FTS5 nor tsquery syntax can be injected; no error, and nothing strange matches.
    assert found(query) in (set(), {title for title, _ in TEXTS.values()})


def test_search_empty_query_leaves_the_list_alone(activities):
    assert found("   ") == {title for title, _ in TEXTS.values()}


def test_search_index_follows_an_edit(activities, owner):
    activity = activities["välfärd"]
    activity.summary = "Ett samtal om förskolan."
    services.update_activity(activity=activity, parts=ActivityParts(), editor=owner)
    assert found("äldreomsorg") == set()
    assert found("förskolan") == {"Välfärdens framtid"}


def test_rebuilt_search_index_is_searched_at_once(activities):
    assert found("bibliotek") == set()
    # An import writes the text without the search index (no save, no updated_at).
    Activity.objects.filter(pk=activities["välfärd"].pk).update(
        summary="Ett samtal om biblioteket."
    )
    assert found("bibliotek") == set()
    call_command("rebuild_search_index", stdout=StringIO())
    assert found("bibliotek") == {"Välfärdens framtid"}
