"""Free-text search with Swedish stemming: the same queries give the same answers on SQLite (FTS5)
and on PostgreSQL (the swedish configuration), as the program searches them (its in-memory index
matches stems against each database's stemmed words). `make test` runs this file on both."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from tests import search_judgements as judgements
from tests.factories import at, make_activity, make_organisation, make_published_edition
from veckan.activities import search, services
from veckan.activities.models import Activity, Status
from veckan.activities.services import ActivityParts
from veckan.editions.models import Edition
from veckan.geography.models import Municipality
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


def test_search_without_diacritics_finds_the_swedish_words(activities):
    # Typed without å, ä and ö (a keyboard abroad, a phone), the words are found all the same.
    assert found("oppna") == {"Öppna data för alla"}
    assert found("valfard") == {"Välfärdens framtid"}
    assert found("aldreomsorg") == {"Välfärdens framtid"}


def test_search_a_typed_å_ä_ö_stays_exact(activities, organisation):
    edition = Edition.objects.get(year=2027)
    make_activity(
        edition, organisation, status=Status.APPROVED, title="Oppna spelet", summary="Ett spel."
    )
    search.index_activities(Activity.objects.with_related())
    assert found("öppna") == {"Öppna data för alla"}
    assert found("oppna") == {"Öppna data för alla", "Oppna spelet"}


def test_search_every_word_must_match(activities):
    assert found("digitala skolan") == set()


def test_search_short_words_match_whole_words_only(activities, organisation):
    edition = Edition.objects.get(year=2027)
    for title in ("AI i vården", "Aino leder förändring", "Ett år med AI:s hjälp"):
        make_activity(edition, organisation, status=Status.APPROVED, title=title, summary="Om det.")
    search.index_activities(Activity.objects.with_related())
    assert found("AI") == {"AI i vården", "Ett år med AI:s hjälp"}
    assert found("ai") == {"AI i vården", "Ett år med AI:s hjälp"}
    # From four letters, the start of a word is enough.
    assert found("Aino") == {"Aino leder förändring"}
    assert found("digi") == {"Digitala möten i vården"}


def ranked(text: str, **params) -> list[str]:
    query = QueryDict(mutable=True)
    query["q"] = text
    query.update(params)
    program = ProgramSearch(query, edition=Edition.objects.get(year=2027))
    return [activity.title for activity in program.hit_list()[:]]


def test_search_ranks_title_above_summary_above_description_whole_word_above_prefix(
    organisation,
):
    edition = make_published_edition(2027)
    texts = [
        # (title, summary, description), made in time order, the best match last.
        ("Om vården", "Ett samtal.", "Här berättar vi om bygglovsärenden."),
        ("Om skolan", "Vi har gjort om bygglovsansökan.", "Ett samtal."),
        ("Om staden", "Vi pratar bygglov.", "Ett samtal."),
        ("Bygglovshandläggning i praktiken", "Ett samtal.", "Ett samtal."),
        ("Bygglov på nätet", "Ett samtal.", "Ett samtal."),
    ]
    for n, (title, summary, description) in enumerate(texts):
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title=title,
            summary=summary,
            description=description,
            starts_at=at(edition.days[0], 8 + n),
            ends_at=at(edition.days[0], 9 + n),
        )
    search.index_activities(Activity.objects.with_related())
    assert ranked("bygglov") == [
        "Bygglov på nätet",  # the title, the whole word
        "Bygglovshandläggning i praktiken",  # the title, the start of a word
        "Om staden",  # the summary, the whole word
        "Om skolan",  # the summary, the start of a word
        "Om vården",  # the description
    ]
    # The other sort is time order.
    assert ranked("bygglov", ordning="tid") == [title for title, _s, _d in texts]


def test_search_forgives_one_typo_in_a_long_word_and_says_so(client, activities):
    response = client.get("/program/?q=workshpos")
    html = response.content.decode()
    assert [a.title for a in response.context["page"]] == ["Workshops om tjänstedesign"]
    assert response.context["program"].suggestion == "workshops"
    assert 'Menade du <a class="ds-link" href="?q=workshops">workshops</a>?' in html
    # A short word gets no such help: four letters with a typo find nothing.
    assert found("dtaa") == set()
    # Nor does a word that finds something as typed.
    assert (
        ProgramSearch(QueryDict("q=digitala"), edition=Edition.objects.get(year=2027)).suggestion
        is None
    )


def test_search_finds_english_content(activities):
    activity = activities["innovationer"]
    activity.title_en = "Innovations in school"
    activity.summary_en = "Teachers show innovations from the classroom."
    activity.save()
    search.index_activities(Activity.objects.with_related())
    assert found("classroom") == {"Innovationer i skolan"}
    assert found("teachers") == {"Innovationer i skolan"}


def test_search_precision_at_5(organisation, capsys):
    """The judgement set (tests/search_judgements.py): for every query, how many of the top five
    are what a visitor means, over as many as there are (at most five). Fails below 0.8."""
    edition = make_published_edition(2027)
    region = make_organisation(name="Region Exempel", kind=Kind.REGION)
    titles = {}
    for n, (key, (title, summary, description, place, title_en)) in enumerate(
        judgements.CORPUS.items()
    ):
        make_activity(
            edition,
            region,
            status=Status.APPROVED,
            title=title,
            summary=summary,
            description=description,
            title_en=title_en,
            municipality=Municipality.objects.get(code=place) if place else None,
            format="physical" if place else "digital",
            stream_url="" if place else "https://play.example.se/direkt",
            starts_at=at(edition.days[n % 5], 8 + n % 9),
            ends_at=at(edition.days[n % 5], 9 + n % 9),
        )
        titles[title] = key
    search.index_activities(Activity.objects.with_related())
    assert len(judgements.JUDGEMENTS) >= 40
    scores, misses = [], []
    for query, relevant in judgements.JUDGEMENTS:
        top = [titles[title] for title in ranked(query)[:5]]
        hits = len(set(top) & set(relevant))
        scores.append(hits / min(5, len(relevant)))
        if hits < min(5, len(relevant)):
            misses.append(f"  {query!r}: got {top}, wanted {relevant}")
    precision = sum(scores) / len(scores)
    with capsys.disabled():
        print(
            f"\nsearch precision at 5 on {connection.vendor}: {precision:.3f} over "
            f"{len(scores)} queries" + ("\n" + "\n".join(misses) if misses else "")
        )
    assert precision >= 0.8, "\n".join(misses)


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
