"""Searching the catalogue by word, the program's way (activities/search.py): Swedish stemming, a
term matches the start of a word, a short term only whole words, and a term typed without
diacritics matches the words without theirs. The terms come from the activities' search itself, so
"vård" finds the same words in both.

The catalogue is small (hundreds of solutions, not the program's tens of thousands), so each
solution keeps its stemmed words as one space-separated text, which both SQLite and PostgreSQL
match with LIKE: one way on both databases, no second index to keep.
"""

from django.db.models import Q

from veckan.activities.search import fold, query_terms, stems
from veckan.solutions.models import Solution, SolutionQuerySet


def _text(solution: Solution) -> str:
    return " ".join(
        [
            solution.title,
            solution.summary,
            solution.problem,
            solution.solution,
            solution.how_to_start,
            solution.organisation.name,
            solution.licence,
        ]
    )


def index(solution: Solution) -> None:
    """Write the solution's stemmed words (its own save, of these two columns only)."""
    words = " ".join(stems(_text(solution)))
    solution.search_words = f" {words} "
    solution.search_folded = f" {fold(words)} "
    Solution.objects.filter(pk=solution.pk).update(
        search_words=solution.search_words, search_folded=solution.search_folded
    )


def search(solutions: SolutionQuerySet, text: str) -> SolutionQuerySet:
    """The solutions with every term of `text`; all of them when it has none."""
    for term in query_terms(text):
        column = "search_folded" if term.folded else "search_words"
        needle = f" {term.stem} " if term.whole else f" {term.stem}"
        solutions = solutions.filter(Q(**{f"{column}__contains": needle}))
    return solutions
