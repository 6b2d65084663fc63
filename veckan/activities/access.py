"""Who may work on an activity from Mina aktiviteter, for every app with pages there (sign-ups,
statistics, the activity's own): members of its main organisation, and coordinators."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from veckan.accounts.permissions import acts_as_coordinator
from veckan.activities.models import Activity


def activity_for_editor(request: HttpRequest, pk: int) -> Activity:
    """The activity, for members of its main organisation and coordinators; 404 for anyone else."""
    activities = Activity.objects.with_related()
    if not acts_as_coordinator(request.user):
        activities = activities.of_user(request.user)
    return get_object_or_404(activities, pk=pk)


def list_url(activity: Activity) -> str:
    """Mina aktiviteter, at the activity's edition."""
    url = reverse("activities:mine")
    if not activity.edition.is_current:
        url += f"?utgava={activity.edition.year}"
    return url


def back_to_list(activity: Activity) -> HttpResponse:
    return redirect(list_url(activity))
