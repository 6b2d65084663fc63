"""A nomination to the award is a solution of the catalogue."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from tests.factories import make_edition, make_solution
from veckan.awards import services
from veckan.awards.models import Award, Nomination
from veckan.awards.services import AwardError
from veckan.solutions.models import Solution, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def award():
    now = timezone.now()
    return Award.objects.create(
        edition=make_edition(2026),
        nominations_open=now - timedelta(days=1),
        nominations_close=now + timedelta(days=1),
        vote_open=now + timedelta(days=2),
        vote_close=now + timedelta(days=3),
    )


def _nominate(award, organisation, **fields):
    return services.nominate(
        award=award,
        solution_name="Digital brevlåda",
        description="Enkel att sprida.",
        organisation=organisation,
        film_url="https://film.example.se/1",
        contact_name="Kim Kontakt",
        contact_email="kim@kommun.example.se",
        rights_confirmed=True,
        **fields,
    )


def test_nomination_makes_a_draft_solution_of_its_organisation(award, organisation):
    nomination = _nominate(award, organisation)
    solution = Solution.objects.get()
    assert nomination.solution == solution
    assert (solution.organisation, solution.title, solution.status, solution.show_contact) == (
        organisation,
        "Digital brevlåda",
        Status.DRAFT,
        False,
    )
    assert solution.material_links == [("https://film.example.se/1", "https://film.example.se/1")]


def test_nomination_of_an_existing_solution_uses_it(award, organisation, other_organisation):
    solution = make_solution(organisation, title="Brevlådan")
    nomination = _nominate(award, organisation, solution=solution)
    assert nomination.solution == solution
    assert Solution.objects.count() == 1
    with pytest.raises(AwardError, match="annan organisation"):
        _nominate(award, other_organisation, solution=solution)


def test_nominations_made_before_the_catalogue_become_solutions(award, organisation):
    old = Nomination.objects.create(
        award=award,
        solution_name="Gammal lösning",
        description="Från förr.",
        organisation=organisation,
        film_url="https://film.example.se/gammal",
        contact_name="Kim",
        contact_email="kim@example.se",
    )
    make_solution(organisation, title="Gammal lösning").__class__.objects.filter(
        title="Gammal lösning"
    ).update(slug="gammal-losning")
    migration = importlib.import_module(
        "veckan.awards.migrations.0005_nominations_become_solutions"
    )
    migration.forwards(django_apps, None)
    old.refresh_from_db()
    assert (old.solution.title, old.solution.slug, old.solution.status) == (
        "Gammal lösning",
        "gammal-losning-2",
        Status.DRAFT,
    )
    assert old.solution.organisation == organisation
