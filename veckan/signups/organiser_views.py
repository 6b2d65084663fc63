"""The organisers' side of sign-ups: who is coming, a file for Excel, a message to everyone
confirmed, a list to tick off at the door and, afterwards, how many came.

Every view fetches the activity through activities' activity_for_editor, so another
organisation's activity answers 404 before anything is read or changed. Pages with participants'
personal data are never cached.
"""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from veckan.activities.access import activity_for_editor, list_url
from veckan.activities.models import SignupMode
from veckan.lib import csvfile
from veckan.lib.forms import form_errors
from veckan.lib.text import swedish_sort_key
from veckan.signups import services
from veckan.signups.models import UNCONFIRMED_STATUSES, Attendance, SignUp
from veckan.signups.organiser_forms import AttendanceForm, MessageForm

Status = SignUp.Status


@dataclass
class Section:
    """One part of the participant list, e.g. the waiting list."""

    slug: str
    title: str
    statuses: tuple[str, ...]
    rows: list[SignUp] = field(default_factory=list)


def _sections(signups: list[SignUp]) -> list[Section]:
    sections = [
        Section("bekraftade", gettext_lazy("Bekräftade"), (Status.CONFIRMED,)),
        Section(
            "reserverade",
            gettext_lazy("Reserverade platser som väntar på bekräftelse"),
            (Status.HELD,),
        ),
        Section(
            "utan-plats",
            gettext_lazy("Anmälda utan plats tills de bekräftar"),
            (Status.PENDING,),
        ),
        Section("vantelista", gettext_lazy("Väntelista"), (Status.WAITING,)),
        Section(
            "avanmalda",
            gettext_lazy("Avanmälda, borttagna och ej bekräftade"),
            (Status.CANCELLED, Status.EXPIRED, Status.REMOVED),
        ),
    ]
    by_status = {status: section for section in sections for status in section.statuses}
    # A series has a waiting list per occasion: the place in the queue is the occasion's.
    counted: Counter = Counter()
    for signup in signups:  # in order of arrival, which is the order of the waiting list
        section = by_status[signup.status]
        section.rows.append(signup)
        counted[section.slug, signup.occasion_id] += 1
        signup.position = counted[section.slug, signup.occasion_id]
    return sections


def _mark_squatting(signups: list[SignUp]) -> int:
    """Mark the unconfirmed sign-ups that look like squatting: more from one client network than
    may hold seats unconfirmed (SIGNUP_UNCONFIRMED_HOLDS_PER_NETWORK). Each gets `same_network`,
    how many unconfirmed came from its network (0 when unmarked). Returns how many are marked."""

    def unconfirmed(signup: SignUp) -> bool:
        return bool(
            signup.network and signup.status in UNCONFIRMED_STATUSES and not signup.confirmed_at
        )

    per_network = Counter(signup.network for signup in signups if unconfirmed(signup))
    limit = settings.SIGNUP_UNCONFIRMED_HOLDS_PER_NETWORK
    marked = 0
    for signup in signups:
        count = per_network[signup.network] if unconfirmed(signup) else 0
        signup.same_network = count if count > limit else 0
        marked += bool(signup.same_network)
    return marked


@login_required
@never_cache
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)
    signups = list(
        activity.signups.select_related("occasion").order_by(
            "occasion__starts_at", "created_at", "pk"
        )
    )
    squatting = _mark_squatting(signups)
    sections = _sections(signups)
    confirmed, held, pending, waiting, _gone = sections
    seats_taken = len(confirmed.rows) + len(held.rows)
    context = {
        "activity": activity,
        "sections": sections,
        "has_platform_signup": activity.signup_mode == SignupMode.PLATFORM,
        "is_series": any(signup.occasion_id for signup in signups),
        "confirmed_count": len(confirmed.rows),
        "held_count": len(held.rows),
        "pending_count": len(pending.rows),
        "squatting_count": squatting,
        "waiting_count": len(waiting.rows),
        "seats_left": max((activity.capacity or 0) - seats_taken, 0),
        "no_photo_count": sum(1 for s in confirmed.rows if s.no_photo),
        "attendance": Attendance.objects.filter(activity=activity)
        .select_related("reported_by")
        .first(),
        "attendance_problem": services.attendance_problem(activity),
        "checked_in_attendance": services.checked_in_attendance(activity, signups),
        "now": timezone.now(),
    }
    return render(request, "signups/organiser/participants.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def remove_signup(request: HttpRequest, pk: int, signup_pk: int) -> HttpResponse:
    """GET asks first; POST takes the sign-up away, tells the person by email, and gives a freed
    seat to the first on the waiting list."""
    activity = activity_for_editor(request, pk)
    signup = get_object_or_404(activity.signups, pk=signup_pk, anonymised_at__isnull=True)
    back = reverse("signups:participants", args=[activity.pk])
    if not signup.is_active:
        return redirect(back)
    if request.method == "POST":
        services.remove(signup=signup)
        messages.success(
            request,
            _("%(name)s är borttagen från aktiviteten och har fått ett mejl om det.")
            % {"name": signup.name},
        )
        return redirect(back)
    context = {"activity": activity, "signup": signup, "back_url": back}
    return render(request, "signups/organiser/remove_signup.html", context)


CSV_COLUMNS = (
    "namn",
    "organisation",
    "e-post",
    "status",
    "anmäld",
    "bekräftad",
    "vill_inte_synas_på_bild",
)


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@login_required
@never_cache
def participants_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmed participants, then the waiting list in its order: everyone who may come.
    Held seats, cancelled and expired sign-ups are left out. For Swedish Excel (veckan.lib.csvfile:
    semicolons, a BOM, formulas made harmless); in Swedish, like its column names, whatever
    language the page is in."""
    activity = activity_for_editor(request, pk)
    rows = (
        activity.signups.filter(
            status__in=(Status.CONFIRMED, Status.WAITING), anonymised_at__isnull=True
        )
        .select_related("occasion")
        .order_by("created_at", "pk")
    )
    rows = sorted(rows, key=lambda s: s.status != Status.CONFIRMED)  # stable: queue order kept
    # A series' participants come with their occasion (the column only a series has), by occasion.
    series = any(signup.occasion_id for signup in rows)
    if series:
        rows = sorted(rows, key=lambda s: s.occasion.starts_at if s.occasion_id else s.created_at)
    with override(settings.LANGUAGE_CODE):
        return csvfile.response(
            f"deltagare-{activity.slug}.csv",
            ["tillfälle", *CSV_COLUMNS] if series else CSV_COLUMNS,
            [
                [
                    *([_moment(signup.occasion.starts_at)] if series else []),
                    signup.name,
                    signup.organisation,
                    signup.email,
                    str(signup.get_status_display()),
                    _moment(signup.created_at),
                    _moment(signup.confirmed_at),
                    "ja" if signup.no_photo else "nej",
                ]
                for signup in rows
            ],
        )


@login_required
@never_cache
def message(request: HttpRequest, pk: int) -> HttpResponse:
    """Write, preview, send. The preview shows the email exactly as it goes out, and to how many;
    only the "Skicka" button on the preview sends."""
    activity = activity_for_editor(request, pk)
    step = request.POST.get("step", "")
    form = MessageForm(request.POST if request.method == "POST" else None)
    preview = None
    if form.is_valid() and step == "send":
        try:
            sent = services.message_participants(
                activity=activity,
                sender=request.user,
                include_waiting=form.cleaned_data["include_waiting"],
                only_checked_in=form.cleaned_data["only_checked_in"],
                **_written(form),
            )
        except services.OrganiserError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _sent_to(sent.recipient_count))
            return redirect("signups:message", activity.pk)
    elif form.is_valid() and step == "preview":
        preview = services.participant_message_email(activity=activity, **_written(form))
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    context = {
        "activity": activity,
        "form": form,
        "errors": form_errors(form),
        "preview": preview,
        "placeholder": services.PERSONAL_LINK_PLACEHOLDER,
        "recipient_count": services.message_recipients(
            activity,
            include_waiting=chosen.get("include_waiting", False),
            only_checked_in=chosen.get("only_checked_in", False),
        ).count(),
        "sent_messages": activity.participant_messages.select_related("sent_by"),
    }
    return render(request, "signups/organiser/message.html", context)


def _written(form: MessageForm) -> dict[str, str]:
    return {"subject": form.cleaned_data["subject"], "body": form.cleaned_data["body"]}


def _sent_to(count: int) -> str:
    return ngettext(
        "Meddelandet är skickat till %(count)d deltagare.",
        "Meddelandet är skickat till %(count)d deltagare.",
        count,
    ) % {"count": count}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The list at the door, on paper or on a phone: tick people present, or search for a name."""
    activity = activity_for_editor(request, pk)
    if request.method == "POST":
        return _tick(request, activity)
    query = request.GET.get("q", "").strip()
    confirmed = sorted(
        services.message_recipients(activity),
        key=lambda s: (swedish_sort_key(s.name), swedish_sort_key(s.organisation), s.pk),
    )
    shown = [s for s in confirmed if _matches(s, query)] if query else confirmed
    context = {
        "activity": activity,
        "participants": shown,
        "query": query,
        "checked_in_count": sum(1 for s in confirmed if s.checked_in_at),
        "confirmed_count": len(confirmed),
        "no_photo_count": sum(1 for s in confirmed if s.no_photo),
    }
    return render(request, "signups/organiser/checkin.html", context)


def _matches(signup: SignUp, query: str) -> bool:
    wanted = query.casefold()
    return wanted in signup.name.casefold() or wanted in signup.organisation.casefold()


def _tick(request: HttpRequest, activity) -> HttpResponse:
    signup = get_object_or_404(
        services.message_recipients(activity), pk=request.POST.get("signup") or 0
    )
    present = request.POST.get("present") == "1"
    services.check_in(signup, present=present)
    if present:
        messages.success(request, _("%(name)s är incheckad.") % {"name": signup.name})
    else:
        messages.success(request, _("%(name)s är inte längre incheckad.") % {"name": signup.name})
    query = request.POST.get("q", "").strip()
    return redirect(f"{reverse('signups:checkin', args=[activity.pk])}?{urlencode({'q': query})}")


@login_required
@never_cache
def checkin_code(request: HttpRequest, code: str) -> HttpResponse:
    """What the phone's camera opens from a participant's QR code: for the activity's organisers
    (and coordinators) it checks the participant in at once; anyone else gets 404."""
    signup = get_object_or_404(SignUp.objects.select_related("activity"), checkin_code=code)
    activity = activity_for_editor(request, signup.activity_id)
    status = 200
    try:
        services.check_in(signup)
    except services.OrganiserError as error:
        messages.error(request, str(error))
        status = 409
    context = {"activity": activity, "signup": signup}
    return render(request, "signups/organiser/checked_in.html", context, status=status)


@login_required
@never_cache
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_editor(request, pk)
    reported = Attendance.objects.filter(activity=activity).select_related("reported_by").first()
    initial = {"in_person": reported.in_person, "online": reported.online} if reported else None
    checked_in = services.checked_in_attendance(activity)
    if checked_in:  # the check-ins are the figures: shown, not asked for
        initial = {"in_person": checked_in["in_person"], "online": checked_in["online"]}
    bound = request.POST if request.method == "POST" and not checked_in else None
    form = AttendanceForm(bound, initial=initial)
    status = 200
    if form.is_valid():
        try:
            services.report_attendance(
                activity=activity,
                in_person=form.cleaned_data["in_person"],
                online=form.cleaned_data["online"],
                reporter=request.user,
            )
        except services.OrganiserError as error:
            form.add_error(None, str(error))
            status = 403
        else:
            messages.success(request, _("Närvaron är rapporterad. Tack!"))
            return redirect(_attendance_back(activity))
    context = {
        "activity": activity,
        "form": form,
        "errors": form_errors(form),
        "problem": services.attendance_problem(activity),
        "checked_in": checked_in,
        "reported": reported,
        "back_url": _attendance_back(activity),
    }
    return render(request, "signups/organiser/attendance.html", context, status=status)


def _attendance_back(activity) -> str:
    """Where the attendance page leads back to: the participants of an activity with sign-up here,
    Mina aktiviteter for every other activity (its attendance is reported all the same)."""
    if activity.signup_mode == SignupMode.PLATFORM:
        return reverse("signups:participants", args=[activity.pk])
    return list_url(activity)
