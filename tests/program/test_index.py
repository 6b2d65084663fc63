"""The program index (veckan.program.index): the program's search and facets answered in memory.

Its search answers are proven in tests/program/test_search.py, on both databases. It must never answer from
an old program: every publication, approval, edit or cancellation moves the program's version, and
the next search reads it again.
"""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from tests.factories import make_activity, make_organisation
from veckan.activities import search
from veckan.activities.models import Activity, SignupMode, Status
from veckan.editions.models import FocusArea
from veckan.editions.services import save_edition
from veckan.organisations.models import Kind
from veckan.organisations.services import save_organisation
from veckan.program.filters import FACET, ProgramSearch
from veckan.program.index import bitset, set_bits
from veckan.revisions.services import record_change

pytestmark = pytest.mark.django_db

TITLES = [
    "Digitala möten i vården",
    "Innovationer i skolan",
    "Kommunens klimatarbete",
    "Välfärdens framtid",
    "Öppna data för alla",
    "Workshops om tjänstedesign",
]


@pytest.fixture
def program(edition):
    organisation = make_organisation(name="Region Norrexempel", kind=Kind.REGION)
    for title in TITLES:
        make_activity(edition, organisation, status=Status.APPROVED, title=title)
    search.index_activities(Activity.objects.with_related())
    return edition


def searched(edition, query: str, now=None) -> ProgramSearch:
    return ProgramSearch(QueryDict(query), edition=edition, now=now)


def with_sign_up_elsewhere(title: str, **fields) -> Activity:
    """The activity, changed to sign-up on the organiser's site (and `fields`), and saved."""
    activity = Activity.objects.get(title=title)
    activity.signup_mode = SignupMode.EXTERNAL
    activity.external_signup_url = "https://example.se/anmalan"
    for name, value in fields.items():
        setattr(activity, name, value)
    return saved(activity)


def saved(activity: Activity) -> Activity:
    """Save the activity as the services do: the row, then the program's revision with it."""
    activity.save()
    record_change(activities=[activity.pk])
    return activity


def titles(program: ProgramSearch) -> set[str]:
    return set(program.results().values_list("title", flat=True))


def test_bitsets_round_trip():
    positions = [0, 1, 7, 8, 63, 64, 1000]
    assert list(set_bits(bitset(positions, 1001))) == positions
    assert list(set_bits(0)) == []


def test_results_come_in_program_order_and_a_page_reads_only_its_slice(
    program, django_assert_num_queries
):
    found = searched(program, "")
    ordered = list(found.results().values_list("pk", flat=True))
    assert ordered == list(
        Activity.objects.published()
        .in_edition(program)
        .order_by("starts_at", "title", "pk")
        .values_list("pk", flat=True)
    )
    hits = found.hit_list("organisation")
    assert len(hits) == len(TITLES)
    with django_assert_num_queries(1):
        page = hits[2:4]
    assert [activity.pk for activity in page] == ordered[2:4]
    assert page[0].organisation.name == "Region Norrexempel"


def test_a_change_shows_in_the_next_search(program):
    assert searched(program, "q=bibliotek").count == 0
    activity = Activity.objects.get(title="Kommunens klimatarbete")
    activity.title = "Bibliotekets klimatarbete"
    saved(activity)
    search.index_activities(Activity.objects.with_related().filter(pk=activity.pk))
    assert titles(searched(program, "q=bibliotek")) == {"Bibliotekets klimatarbete"}


def test_an_activity_that_leaves_the_program_leaves_the_index(program):
    activity = Activity.objects.get(title="Välfärdens framtid")
    activity.status = Status.WITHDRAWN
    saved(activity)
    found = searched(program, "")
    assert found.count == len(TITLES) - 1
    assert "Välfärdens framtid" not in titles(found)


def test_a_cancelled_activity_stays_and_counts(program):
    activity = Activity.objects.get(title="Välfärdens framtid")
    activity.status = Status.CANCELLED
    saved(activity)
    assert searched(program, "q=välfärd").count == 1


def test_sign_up_open_follows_the_clock_without_a_new_version(program, edition):
    activity = with_sign_up_elsewhere("Öppna data för alla")
    before = activity.starts_at - timedelta(hours=1)
    after = activity.starts_at + timedelta(minutes=1)
    open_before = searched(edition, "anmalan=oppen", now=before)
    assert titles(open_before) == {"Öppna data för alla"}
    assert open_before.counts(FACET["anmalan"]) == {"oppen": 1}
    open_after = searched(edition, "anmalan=oppen", now=after)
    assert open_before.index is open_after.index
    assert open_after.count == 0


def test_unknown_values_select_nothing_except_in_lenient_facets(program):
    everything = len(TITLES)
    assert searched(program, "typ=inget-sadant").count == 0
    assert searched(program, "dag=inte-ett-datum").count == 0
    assert searched(program, "tid=midnatt").count == everything
    assert searched(program, "utvald=kanske").count == everything


def test_not_yet_published_program_has_no_hits(program, edition):
    edition.program_published_at = timezone.now() + timedelta(days=1)
    edition.save()
    assert searched(edition, "").count == 0


def test_an_organisations_new_kind_shows_in_the_next_search(program):
    assert searched(program, "arrangor=region").count == len(TITLES)
    organisation = Activity.objects.first().organisation
    organisation.kind = Kind.KOMMUN
    save_organisation(organisation=organisation)
    assert searched(program, "arrangor=region").count == 0
    assert searched(program, "arrangor=kommun").count == len(TITLES)


def test_a_removed_focus_area_leaves_the_next_search(program, edition):
    kept, removed = (
        FocusArea.objects.create(edition=edition, name=name, position=n)
        for n, name in enumerate(["Digitalisering", "Hållbarhet"])
    )
    activity = Activity.objects.get(title="Välfärdens framtid")
    activity.focus_areas.set([kept, removed])
    saved(activity)
    assert titles(searched(program, f"fokus={removed.pk}")) == {"Välfärdens framtid"}
    save_edition(edition=edition, focus_areas=[kept], removed=[removed])
    assert searched(program, f"fokus={removed.pk}").count == 0
    assert titles(searched(program, f"fokus={kept.pk}")) == {"Välfärdens framtid"}


def test_after_an_edit_only_the_edited_activity_is_read_again(program):
    assert titles(searched(program, "q=skolan")) == {"Innovationer i skolan"}
    before = searched(program, "").index
    assert titles(searched(program, "q=klimat")) == {"Kommunens klimatarbete"}
    edited = Activity.objects.get(title="Kommunens klimatarbete")
    edited.title = "Bibliotekets arbete"
    saved(edited)
    search.index_activities(Activity.objects.with_related().filter(pk=edited.pk))
    after = searched(program, "").index
    assert after.version != before.version
    unchanged = [pk for pk in before.entries if pk != edited.pk]
    assert all(after.entries[pk] is before.entries[pk] for pk in unchanged)
    assert after.entries[edited.pk] is not before.entries[edited.pk]
    # The words come along too: the old ones of the others, the new ones of the edited activity.
    assert titles(searched(program, "q=bibliotek")) == {"Bibliotekets arbete"}
    assert titles(searched(program, "q=skolan")) == {"Innovationer i skolan"}
    assert searched(program, "q=klimat").count == 0


def test_after_an_organisation_changes_every_activity_is_read_again(program):
    before = searched(program, "").index
    organisation = Activity.objects.first().organisation
    organisation.name = "Region Sydexempel"
    save_organisation(organisation=organisation)
    after = searched(program, "").index
    assert not any(after.entries[pk] is entry for pk, entry in before.entries.items())


def test_an_edit_that_keeps_the_order_moves_only_that_activitys_options(program, edition):
    first = searched(program, "")
    before = first.index
    assert first.counts(FACET["typ"]) == {"seminarium": len(TITLES)}
    assert searched(program, "anmalan=oppen").count == 0
    activity = with_sign_up_elsewhere("Öppna data för alla", type="workshop")
    changed = searched(program, "")
    # Same activities, same order: the positions stay and only the edited bits move.
    assert changed.index.pks is before.pks
    assert changed.counts(FACET["typ"]) == {"seminarium": len(TITLES) - 1, "workshop": 1}
    assert titles(searched(program, "typ=workshop")) == {"Öppna data för alla"}
    assert titles(searched(program, "anmalan=oppen")) == {"Öppna data för alla"}
    after_it_starts = activity.starts_at + timedelta(minutes=1)
    assert searched(program, "anmalan=oppen", now=after_it_starts).count == 0
    # And back: the option nobody has any more is gone.
    activity.type = "seminarium"
    activity.signup_mode = SignupMode.NONE
    saved(activity)
    again = searched(program, "")
    assert again.index.pks is before.pks
    assert again.counts(FACET["typ"]) == {"seminarium": len(TITLES)}
    assert "workshop" not in again.index.options["typ"]
    assert searched(program, "anmalan=oppen").count == 0


def test_a_searchs_state_is_the_programs_and_follows_its_picks(program, edition):
    activity = with_sign_up_elsewhere("Öppna data för alla")
    everything = searched(edition, "")
    assert everything.state.version == everything.index.state.version
    before = searched(edition, "anmalan=oppen", now=activity.starts_at - timedelta(hours=1))
    after = searched(edition, "anmalan=oppen", now=activity.starts_at + timedelta(minutes=1))
    # Sign-up closing changes what the search picks, not the program's version: the ETag moves.
    assert before.index.version == after.index.version
    assert (before.state.count, after.state.count) == (1, 0)
    assert len({everything.state.version, before.state.version, after.state.version}) == 3
    assert before.state.last_modified == everything.state.last_modified
    # The moment sign-up closed is when the picks last changed: a date-only revalidation sees it.
    assert after.state.last_modified == activity.starts_at


def test_a_few_joining_leaving_or_moving_shift_the_others_bits_as_a_full_read_would(
    program, edition, organisation, monkeypatch
):
    from veckan.program import index as module
    from veckan.program.index import PATCHED_AT_MOST

    for n in range(3 * PATCHED_AT_MOST):
        make_activity(edition, organisation, status=Status.APPROVED, title=f"Fler {n:02}")
    search.index_activities(Activity.objects.with_related())
    first = searched(program, "")
    before = first.index
    # One joins (approved), one leaves (back to review), one moves to another day, another type.
    joined = make_activity(edition, organisation, status=Status.APPROVED, title="Ny i programmet")
    left = Activity.objects.get(title="Innovationer i skolan")
    left.status = Status.SUBMITTED
    moved = Activity.objects.get(title="Fler 03")
    moved.starts_at += timedelta(days=1)
    moved.ends_at += timedelta(days=1)
    moved.type = "workshop"
    for activity in (left, moved):
        activity.save()
    record_change(activities=[joined.pk, left.pk, moved.pk])
    with monkeypatch.context() as patched:
        # Not read again from the entries: shifted.
        patched.setattr(module, "_options", None)
        after = searched(program, "").index
    assert after.pks is not before.pks
    # As this process would read it from nothing.
    module._indexes.clear()
    full = searched(program, "").index
    assert list(after.pks) == list(full.pks)
    assert after.options == full.options
    assert after.deadlines == full.deadlines
    assert after.position_of == full.position_of
    assert joined.pk in after.position_of
    assert left.pk not in after.position_of
    assert titles(searched(program, "typ=workshop")) == {"Fler 03"}
    assert set(after.entries) == set(full.entries)
