from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from veckan.editions.models import Edition


def home(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    now = timezone.now()
    return render(
        request,
        "pages/home.html",
        {
            "edition": edition,
            "registration_open": edition is not None and edition.is_registration_open(now),
            "registration_not_yet_open": edition is not None and now < edition.registration_opens,
        },
    )
