"""The public organisation page: one organisation's own innovation week, this year and earlier."""

from itertools import groupby

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from veckan.activities.models import Activity, CoOrganiser
from veckan.editions.models import Edition
from veckan.organisations.models import Organisation


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("home_municipality__county"), slug=slug
    )
    # A subquery rather than a join: an organisation that is both main and co-organiser of an
    # activity (or named twice) must still list it once.
    co_organised = CoOrganiser.objects.filter(organisation=organisation).values("activity")
    activities = list(
        Activity.objects.published()
        .filter(Q(organisation=organisation) | Q(pk__in=co_organised))
        .select_related("edition", "organisation", "municipality")
        .with_seat_counts()
        .order_by("-edition__year", "starts_at", "title")
    )
    current = Edition.objects.current()
    this_year = [activity for activity in activities if activity.edition == current]
    earlier = [
        (edition, list(group))
        for edition, group in groupby(
            (activity for activity in activities if activity.edition != current),
            key=lambda activity: activity.edition,
        )
        if current is None or edition.year < current.year
    ]
    return render(
        request,
        "program/organisation.html",
        {
            "organisation": organisation,
            "current": current,
            "this_year": this_year,
            "earlier": earlier,
        },
    )
