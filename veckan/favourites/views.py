"""Mitt program: the page, the star button, the secret feed URL and its calendar."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from veckan.activities import calendar
from veckan.activities.models import Activity
from veckan.editions.models import Edition
from veckan.favourites import services, session
from veckan.favourites.forms import EmailLinkForm
from veckan.favourites.models import PersonalProgram
from veckan.lib import ratelimit
from veckan.lib.conditional import conditional, etag_of
from veckan.lib.htmx import varies_by_htmx, wants_fragment
from veckan.lib.ical import Event, stream_calendar

# Calendar apps poll a subscription on their own schedule; this keeps a burst of polls (or one
# that asks twice) from reading the database each time, while a new star shows within minutes.
FEED_MAX_AGE = 300
# Asks calendar apps that honour it (Apple's, Outlook) to fetch the feed again this often.
FEED_REFRESH = timedelta(hours=1)


def _starred(program: PersonalProgram):
    """The program's activities that are in the public program, in time order."""
    return program.activities.published().select_related("organisation", "municipality")


@never_cache
@require_safe
def my_program(request: HttpRequest) -> HttpResponse:
    return _my_program(request)


def _my_program(request: HttpRequest, email_form: EmailLinkForm | None = None) -> HttpResponse:
    program = session.current_program(request)
    feed_url = _feed_url(program) if program else ""
    # Read once for the layout and for how long the stars last (see pages.context_processors).
    edition = Edition.objects.current()
    kept_until = services.keeps_until(edition=edition) - timedelta(seconds=1)
    return render(
        request,
        "favourites/my_program.html",
        {
            "program": program,
            "activities": list(_starred(program)) if program else [],
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.partition("://")[2],
            "program_url": reverse("program:list"),
            # Until when an anonymous visitor's stars are kept, used or not.
            "kept_until": timezone.localtime(kept_until),
            "current_edition": edition,
            "email_form": email_form or EmailLinkForm(),
        },
    )


@require_POST
def star(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Star ("add") or unstar ("remove") one activity; the first star makes the program."""
    action = request.POST.get("action")
    if action not in ("add", "remove"):
        return HttpResponseBadRequest()
    activity = get_object_or_404(
        Activity.objects.published().select_related("edition"), pk=activity_id
    )
    if action == "add":
        program = session.current_program(request, create=True)
        services.star(program=program, activity=activity)
    else:
        # Nothing to take away from someone without a program: don't make one (nor a cookie).
        program = session.current_program(request)
        if program is not None:
            services.unstar(program=program, activity=activity)
    starred = action == "add"
    if wants_fragment(request):
        return varies_by_htmx(
            render(
                request,
                "favourites/_star_button.html",
                {"activity": activity, "is_starred": starred},
            )
        )
    return redirect(f"{_next_url(request, activity)}#star-{activity.pk}")


# "Mejla mig länken": a few a quarter of an hour from one client, so the form mails nobody in bulk.
EMAIL_LINK_MAILS = ratelimit.MailLimit(
    "program-link",
    per_sender=5,
    sender_window_seconds=15 * 60,
    per_address=5,
    address_window_seconds=3600,
)


@require_POST
def email_link(request: HttpRequest) -> HttpResponse:
    program = session.current_program(request)
    if program is None or program.user_id is not None:
        return redirect("favourites:mine")
    form = EmailLinkForm(request.POST)
    if not form.is_valid():
        return _my_program(request, email_form=form)
    if not EMAIL_LINK_MAILS.allows(request, form.cleaned_data["email"]):
        messages.error(request, _("Du har bett om länken många gånger. Försök igen om en stund."))
        return redirect("favourites:mine")
    services.email_link(program=program, to=form.cleaned_data["email"], language=get_language())
    messages.success(
        request,
        _("Vi har mejlat länken till %(email)s. Öppna den på den andra enheten.")
        % {"email": form.cleaned_data["email"]},
    )
    return redirect("favourites:mine")


@require_http_methods(["GET", "POST"])
def open_program(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the email: a button (not the GET itself, which a mail scanner may follow)
    that opens the program in this browser."""
    if request.method == "POST":
        if session.open_on_this_device(request=request, token=token) is None:
            raise Http404
        messages.success(request, _("Mitt program finns nu också i den här webbläsaren."))
        return redirect("favourites:mine")
    if not PersonalProgram.objects.anonymous().filter(token=token).exists():
        raise Http404
    return render(request, "favourites/open.html", {"token": token})


@require_POST
def rotate(request: HttpRequest) -> HttpResponse:
    program = session.current_program(request)
    if program is not None:
        services.rotate_token(program=program)
        messages.success(
            request, _("Du har fått en ny länk. Den gamla länken fungerar inte längre.")
        )
    return redirect("favourites:mine")


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The program as an iCalendar feed for calendar apps: no login, no session, no cookie.

    Anyone with the URL can read it; it holds the starred activities and nothing about the person.
    """
    program = get_object_or_404(PersonalProgram, token=token)
    services.mark_seen(program=program)
    starred = list(_starred(program))
    occasions = calendar.occasions_of([activity.pk for activity in starred])
    events = [e for activity in starred for e in _events(activity, occasions.get(activity.pk, []))]
    years = [event.start.year for event in events]
    body = b"".join(
        stream_calendar(
            _("Mitt program – Innovationsveckan"),
            events,
            first_year=min(years, default=None),
            last_year=max(years, default=None),
            refresh_interval=FEED_REFRESH,
        )
    )

    # The calendar is the same bytes for the same stars and activities, so its hash is an ETag
    # that lets a polling calendar app get a 304 instead of the whole file.
    def built() -> HttpResponse:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="mitt-program.ics"'
        return response

    # Private: a shared cache must not keep a personal program. Not for search engines either.
    response = conditional(
        request, etag=etag_of(body), build=built, max_age=FEED_MAX_AGE, public=False
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _events(activity: Activity, occasions: list[dict]) -> list[Event]:
    """The activity as the public program's calendars show it (one event per occasion of a
    series): the same UIDs, so an activity in several calendars is one event, and the same
    words, so it looks the same in each."""
    url = settings.SITE_URL + activity.get_absolute_url()
    return calendar.events(calendar.activity_row(activity), url, occasions)


def _feed_url(program: PersonalProgram) -> str:
    return settings.SITE_URL + reverse("favourites:feed", args=[program.token])


def _next_url(request: HttpRequest, activity: Activity) -> str:
    """Back where the button was pressed, if that is on this site; else the activity's page."""
    target = request.POST.get("next", "").split("#")[0]
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return activity.get_absolute_url()
