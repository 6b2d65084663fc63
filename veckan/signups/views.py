"""The participant's side: sign up, check your email, confirm, see or cancel, and Mina uppgifter.

Nobody logs in. A sign-up's own random token is the key to its pages; Mina uppgifter is opened with a
signed link mailed to the address. Every answer to an anonymous visitor is the same whether an
address is known or not, so no page tells anyone who has signed up to what. The pages that show
someone's data are never_cache: no shared cache or browser history keeps a copy.
"""

import functools
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from veckan.activities.models import Activity, Occasion
from veckan.favourites import services as favourites
from veckan.favourites import session as my_program
from veckan.lib import ratelimit
from veckan.lib.forms import is_plain_number
from veckan.lib.qr import qr_svg
from veckan.signups import personal_data, services
from veckan.signups.certificate import certificate_pdf, may_have_certificate
from veckan.signups.forms import MyDataRequestForm, SignUpForm
from veckan.signups.models import UNCONFIRMED_STATUSES, SignUp

# Per sender (client network): a whole office behind one address signs up, to one activity or
# to many; too few for a flood. Per address: every repeated sign-up of one address mails it its
# link again. Squatting is stopped by the seat rule (SIGNUP_UNCONFIRMED_HOLDS_PER_NETWORK: only a
# few unconfirmed sign-ups per network hold seats), not by this limit.
SIGNUP_MAILS = ratelimit.MailLimit(
    "signup",
    per_sender=60,
    sender_window_seconds=10 * 60,
    per_address=10,
    address_window_seconds=3600,
)
# Mina uppgifter mails a link: few are ever needed, and each one lands in someone's inbox.
MY_DATA_MAILS = ratelimit.MailLimit(
    "my-data",
    per_sender=5,
    sender_window_seconds=10 * 60,
    per_address=3,
    address_window_seconds=3600,
)

# The sign-up form's ids start with "signup_": the activity page around it has fields of its own.
SIGNUP_FORM_ID = "signup_%s"
WAITING = "waiting"
PENDING = "pending"


def _too_many(request: HttpRequest, template: str, retry_after: int) -> HttpResponse:
    response = render(request, template, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _published_activity(slug: str) -> Activity:
    # The municipality comes along for the facts beside the form; the columns no sign-up page shows
    # (the search index, the reviewers' JSON, the municipality's map outline) stay in the database.
    return get_object_or_404(
        Activity.objects.published()
        .select_related("edition", "organisation", "municipality")
        .defer("search_document", "approved_snapshot", "pending_changes", "municipality__path"),
        slug=slug,
    )


def open_occasions(activity: Activity) -> list[Occasion]:
    """The occasions of a series one can still sign up to, with their seat counts."""
    now = timezone.now()
    occasions = []
    for occasion in (
        Occasion.objects.filter(activity=activity).with_seat_counts().select_related("municipality")
    ):
        occasion.activity = activity
        if occasion.signup_closes > now:
            occasions.append(occasion)
    return occasions


def _fields(form: SignUpForm) -> SafeString:
    """The form's fields as HTML. An empty form is the same markup every time in one language, so
    it is rendered once per language and process: otherwise the biggest part of the activity
    page's rendering. A form that comes back with its values and errors is rendered as it is
    (and so is a series' form, whose choices are its occasions' seats)."""
    if form.is_bound or form.occasions:
        return render_to_string("signups/_signup_fields.html", {"form": form})
    return _empty_fields(get_language())


@functools.cache
def _empty_fields(language: str) -> SafeString:
    with override(language):
        form = SignUpForm(auto_id=SIGNUP_FORM_ID)
        return render_to_string("signups/_signup_fields.html", {"form": form})


def sign_up_context(
    activity: Activity, form: SignUpForm | None = None, *, chosen: str = ""
) -> dict:
    """What the sign-up form needs, on the activity page and on the form's own page. `chosen`:
    the occasion of a series picked beforehand (its "Anmäl dig" link)."""
    # Here, not in the view's query: a sign-up that goes through never shows the form, and the
    # activity page has them already.
    prefetch_related_objects([activity], "co_organisers__organisation")
    occasions = open_occasions(activity) if activity.occasions.exists() else []
    form = form or SignUpForm(
        auto_id=SIGNUP_FORM_ID, occasions=occasions, initial={"occasion": chosen}
    )
    context = {
        "activity": activity,
        "problem": services.signup_problem(activity),
        "form": form,
        "data_controller": settings.DATA_CONTROLLER,
        "organisers": ", ".join(
            [activity.organisation.name] + [co.display_name for co in activity.co_organisers.all()]
        ),
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "anonymised_after": personal_data.anonymised_after(activity),
        "hold_minutes": settings.SIGNUP_HOLD_MINUTES,
    }
    if context["problem"] is None and activity.occasions.exists() and not occasions:
        context["problem"] = _("Anmälan till aktivitetens tillfällen har stängt.")
    context["series"] = bool(occasions)
    if context["problem"] is None:
        context["fields"] = _fields(form)
        counted = Activity.objects.with_seat_counts().only("capacity").get(pk=activity.pk)
        context["seats_left"] = counted.seats_left
        context["is_full"] = counted.is_full
        context["closes_at"] = activity.signup_closes
    return context


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest, slug: str) -> HttpResponse:
    """The form's own page: where it posts, and where it comes back with its errors."""
    activity = _published_activity(slug)
    form = SignUpForm(
        request.POST if request.method == "POST" else None,
        auto_id=SIGNUP_FORM_ID,
        occasions=open_occasions(activity),
        initial={"occasion": request.GET.get("tillfalle", "")},
    )
    if form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if not SIGNUP_MAILS.allows(request, email):
            return _too_many(
                request, "signups/sign_up_limited.html", SIGNUP_MAILS.sender_window_seconds
            )
        check_email = reverse("signups:check_email", args=[activity.slug])
        # A filled-in honeypot gets the same answer as a person, so a robot learns nothing.
        if form.is_from_robot:
            return redirect(check_email)
        try:
            signup = services.sign_up(
                activity=activity,
                language=get_language(),
                network=ratelimit.network_mark(ratelimit.client_network(request)),
                **form.signup_fields(),
            )
        except services.SignUpError as error:
            messages.error(request, str(error))
            return redirect(activity)
        # What one signs up to belongs in one's own program too (starring twice changes nothing).
        favourites.star(program=my_program.current_program(request, create=True), activity=activity)
        if signup.status == SignUp.Status.WAITING:
            check_email += f"?status={WAITING}"
        elif signup.status == SignUp.Status.PENDING:
            check_email += f"?status={PENDING}"
        return redirect(check_email)
    return render(request, "signups/sign_up.html", sign_up_context(activity, form))


@require_GET
def check_email(request: HttpRequest, slug: str) -> HttpResponse:
    activity = _published_activity(slug)
    return render(
        request,
        "signups/check_email.html",
        {
            "activity": activity,
            "waiting": request.GET.get("status") == WAITING,
            "pending": request.GET.get("status") == PENDING,
            "hold_minutes": settings.SIGNUP_HOLD_MINUTES,
        },
    )


def _signup(token: str) -> SignUp:
    return get_object_or_404(
        SignUp.objects.select_related("activity__edition", "activity__organisation"),
        token=token,
        anonymised_at__isnull=True,
    )


def _queue_positions(signups: list[SignUp]) -> dict[int, tuple[int, int]]:
    """Each waiting sign-up's place in its queue and the queue's length, in one query."""
    waiting = [signup for signup in signups if signup.status == SignUp.Status.WAITING]
    if not waiting:
        return {}
    queues: dict[int, list[int]] = defaultdict(list)
    rows = (
        SignUp.objects.filter(activity_id__in={signup.activity_id for signup in waiting})
        .waiting()
        .values_list("activity_id", "pk")
    )
    for activity_id, pk in rows:
        queues[activity_id].append(pk)
    return {
        signup.pk: (
            queues[signup.activity_id].index(signup.pk) + 1,
            len(queues[signup.activity_id]),
        )
        for signup in waiting
    }


def _describe(signups: list[SignUp], now: datetime) -> list[SignUp]:
    """Attach what the status partial shows in plain words: queue place, deadlines, links."""
    positions = _queue_positions(signups)
    for signup in signups:
        activity = signup.activity
        signup.queue = positions.get(signup.pk)
        signup.awaits_confirmation = (
            signup.status in UNCONFIRMED_STATUSES and not signup.confirmed_at
        )
        signup.hold_has_expired = bool(signup.awaits_confirmation and signup.hold_expires_at <= now)
        signup.can_cancel = signup.is_active and activity.ends_at > now
        signup.shows_stream = bool(activity.join_link_for(signup.status))
        signup.can_sign_up_again = (
            signup.status in (SignUp.Status.CANCELLED, SignUp.Status.EXPIRED)
            or signup.hold_has_expired
        ) and services.signup_problem(activity, now) is None
    return signups


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email. GET only shows a button: mail scanners follow links, people press."""
    signup = _signup(token)
    if request.method == "POST":
        try:
            signup = services.confirm(signup=signup)
        except services.SignUpError as error:
            messages.error(request, str(error))
        else:
            if signup.status == SignUp.Status.CONFIRMED:
                messages.success(request, _("Tack! Din anmälan är bekräftad."))
            else:
                messages.success(
                    request, _("Tack! Din e-postadress är bekräftad och du står kvar i kön.")
                )
        return redirect("signups:manage", token)
    [signup] = _describe([signup], timezone.now())
    return render(request, "signups/confirm.html", {"signup": signup})


@never_cache
@require_GET
def manage(request: HttpRequest, token: str) -> HttpResponse:
    [signup] = _describe([_signup(token)], timezone.now())
    context = {
        "signup": signup,
        "activity": signup.activity,
        "checkin_qr": _checkin_qr(signup),
        "has_certificate": may_have_certificate(signup),
    }
    return render(request, "signups/manage.html", context)


def _checkin_qr(signup: SignUp) -> SafeString | None:
    """The code to show at the door, for a confirmed seat; the organiser's phone opens it."""
    if signup.status != SignUp.Status.CONFIRMED:
        return None
    return qr_svg(services.checkin_url(signup), label=_("QR-kod för incheckning på plats"))


@never_cache
@require_GET
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    """The certificate of attendance (PDF), for a participant who was checked in, once the
    activity has started; 404 for anyone else, as for an unknown link."""
    signup = _signup(token)
    if not may_have_certificate(signup):
        raise Http404
    response = HttpResponse(certificate_pdf(signup), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="intyg-{signup.activity.slug}.pdf"'
    return response


@never_cache
@require_GET
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The join link in the participant's emails and page: it leads on to the stream or meeting,
    and opened around the activity's time it checks them in as a digital participant."""
    link = services.join_through_veckan(_signup(token))
    if not link:
        raise Http404
    return redirect(link)


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks "are you sure?"; POST cancels, and the seat goes to the next in the queue."""
    signup = _signup(token)
    if request.method == "POST":
        if signup.is_active:
            services.cancel(signup=signup)
            messages.success(request, _("Du är avanmäld. Tack för att du meddelade oss."))
        return redirect("signups:manage", token)
    if not signup.is_active:
        return redirect("signups:manage", token)
    return render(request, "signups/cancel.html", {"signup": signup, "activity": signup.activity})


# --- Mina uppgifter ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def my_data_request(request: HttpRequest) -> HttpResponse:
    form = MyDataRequestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        if not MY_DATA_MAILS.allows(request, email):
            return _too_many(
                request, "signups/my_data_limited.html", MY_DATA_MAILS.sender_window_seconds
            )
        if not form.is_from_robot:
            personal_data.send_my_data_link(email=email, language=get_language())
        # The same answer whether the address is known or not.
        return redirect("signups:my_data_sent")
    return render(
        request,
        "signups/my_data_request.html",
        {"form": form, "link_hours": _link_hours()},
    )


def _link_hours() -> int:
    return int(personal_data.LINK_MAX_AGE.total_seconds() // 3600)


@require_GET
def my_data_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "signups/my_data_sent.html", {"link_hours": _link_hours()})


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(
        request, "signups/my_data_invalid.html", {"link_hours": _link_hours()}, status=400
    )


@never_cache
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest, token: str) -> HttpResponse:
    email = personal_data.email_from_link_token(token)
    if email is None:
        return _invalid_link(request)
    if request.method == "POST":
        signup_id = request.POST.get("signup", "")
        if not is_plain_number(signup_id):
            raise Http404
        signup = get_object_or_404(personal_data.signups_of(email), pk=signup_id)
        if signup.is_active:
            services.cancel(signup=signup)
            messages.success(
                request,
                _("Du är avanmäld från ”%(title)s”.") % {"title": signup.activity.title},
            )
        return redirect("signups:my_data", token)
    signups = _describe(list(personal_data.signups_of(email)), timezone.now())
    return render(
        request,
        "signups/my_data.html",
        {
            "email": email,
            "signups": signups,
            "token": token,
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
            "data_protection_officer": settings.DATA_PROTECTION_OFFICER_EMAIL,
        },
    )


@never_cache
@require_GET
def my_data_download(request: HttpRequest, token: str) -> HttpResponse:
    email = personal_data.email_from_link_token(token)
    if email is None:
        return _invalid_link(request)
    response = JsonResponse(
        personal_data.export_personal_data(email=email),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    return response
