from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from veckan.activities.models import Activity


def activity(request: HttpRequest, slug: str) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.published().with_related().prefetch_related("materials"), slug=slug
    )
    return render(request, "program/activity.html", {"activity": activity})
