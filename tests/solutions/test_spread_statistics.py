"""The spread, as statistics: per edition, and year over year, on the public statistics page."""

from datetime import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    make_activity,
    make_edition,
    make_organisation,
    make_published_edition,
    make_solution,
)
from veckan.solutions.models import Adoption, Status
from veckan.stats import figures, tables

pytestmark = pytest.mark.django_db


def _on(year: int) -> datetime:
    return datetime(year, 11, 1, 12, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def spread(organisation):
    edition = make_published_edition(2027)
    earlier = make_edition(2025, current=False)
    shown = make_solution(organisation, title="Visad 2027")
    shown.activities.set([make_activity(edition, organisation, status="approved")])
    old = make_solution(organisation, title="Visad 2025")
    old.activities.set([make_activity(earlier, organisation, status="approved")])
    hidden = make_solution(organisation, status=Status.SUBMITTED, title="Ej godkänd")
    hidden.activities.set([make_activity(edition, organisation, status="approved")])
    others = [make_organisation() for _ in range(4)]
    marks = [
        (shown, others[0], "testing", _on(2027), None),
        (shown, others[1], "adopted", _on(2026), _on(2027)),
        (old, others[2], "adopted", _on(2025), _on(2026)),
        (hidden, others[3], "adopted", _on(2027), _on(2027)),
    ]
    for solution, organisation_, status, created, adopted in marks:
        adoption = Adoption.objects.create(
            solution=solution, organisation=organisation_, status=status, adopted_at=adopted
        )
        Adoption.objects.filter(pk=adoption.pk).update(created_at=created)
    return edition, earlier


def test_spread_statistics_per_edition(spread):
    edition, earlier = spread
    assert figures.spread(edition) == {"solutions": 1, "testing": 1, "adopted": 1}
    assert figures.spread(earlier) == {"solutions": 1, "testing": 0, "adopted": 1}


def test_spread_statistics_year_over_year(spread):
    edition, _earlier = spread
    # From the first year anything spread: a mark of 2025 that became "adopted" in 2026 counts then.
    assert tables.spread_year_table(edition).rows == [
        ("2026", [0, 1]),
        ("2027", [1, 1]),
    ]


def test_spread_statistics_are_on_the_statistics_page(client, spread):
    page = client.get("/statistik/2027/").content.decode()
    assert "Spridning av veckans lösningar" in page
    assert "Spridning år för år" in page
    answer = client.get("/statistik/2027/spridning.csv")
    assert answer.content.decode("utf-8-sig").splitlines() == [
        "Lösningar;Antal",
        "Lösningar som visades;1",
        "Organisationer som testar dem;1",
        "Organisationer som har infört dem;1",
    ]
