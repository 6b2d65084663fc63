"""What the open data says about a solution (API, and the same values as the CSV): CC0, nothing
personal but the contact person its owner chose to show. One home, so the API can never show more
than the solution's page does."""

from django.conf import settings
from django.db.models import Prefetch

from veckan.activities.models import Activity
from veckan.solutions.models import Solution, SolutionQuerySet


def for_open_data(solutions: SolutionQuerySet) -> SolutionQuerySet:
    """The solutions with everything public_dict reads, in a fixed number of queries."""
    nominations = Solution._meta.get_field("nominations").related_model
    return solutions.for_cards().prefetch_related(
        Prefetch(
            "activities",
            queryset=Activity.objects.published().select_related("edition").order_by("starts_at"),
            to_attr="public_activities",
        ),
        Prefetch(
            "nominations",
            queryset=nominations.objects.in_final().select_related("award__edition"),
            to_attr="public_nominations",
        ),
        "adoptions__organisation",
    )


def adoption_counts(solution: Solution) -> dict[str, int]:
    counts = {"testing": 0, "adopted": 0}
    for adoption in solution.adoptions.all():
        counts[adoption.status] = counts.get(adoption.status, 0) + 1
    return counts


def public_dict(solution: Solution) -> dict:
    site = settings.SITE_URL
    organisation = solution.organisation
    municipality = organisation.home_municipality
    activities = solution.public_activities
    nominations = solution.public_nominations
    years = {a.edition.year for a in activities} | {n.award.edition.year for n in nominations}
    return {
        "slug": solution.slug,
        "title": solution.title,
        "summary": solution.summary,
        "problem": solution.problem,
        "solution": solution.solution,
        "how_to_start": solution.how_to_start,
        "effort": solution.effort,
        "cost": solution.cost,
        "maturity": solution.maturity,
        "licence": solution.licence,
        "repository_url": solution.repository_url,
        "materials": [{"title": t, "url": u} for t, u in solution.material_links],
        "organisation": {
            "name": organisation.name,
            "slug": organisation.slug,
            "kind": organisation.kind,
            "municipality": {"code": municipality.code, "name": municipality.name},
            "county": {"code": municipality.county.code, "name": municipality.county.name},
        },
        "focus_areas": sorted({area.name for area in solution.focus_areas.all()}),
        "editions": sorted(years),
        "activities": [
            {
                "slug": a.slug,
                "title": a.title,
                "year": a.edition.year,
                "url": site + a.get_absolute_url(),
                "recording_url": a.recording_url,
            }
            for a in activities
        ],
        "nominations": [
            {"award": n.award.name, "year": n.award.edition.year, "status": n.status}
            for n in nominations
        ],
        "contact": (
            {
                "name": solution.contact_name,
                "email": solution.contact_email,
                "phone": solution.contact_phone,
            }
            if solution.show_contact
            else None
        ),
        "adoptions": [
            {"organisation": a.organisation.name, "status": a.status, "note": a.note}
            for a in solution.adoptions.all()
        ],
        "approved_at": solution.approved_at.isoformat() if solution.approved_at else None,
        "url": site + solution.get_absolute_url(),
    }
