from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from veckan.activities.models import Activity


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    activities = Activity.objects.of_user(request.user).select_related("edition", "organisation")
    return render(request, "activities/mine.html", {"activities": activities})
