"""Lätt att sprida-priset: the public page and vote, nominating, the jury's and the coordinators'."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veckan.accounts.permissions import coordinator_required
from veckan.awards import services
from veckan.awards.forms import (
    AwardSetupForm,
    CriterionFormSet,
    NominationForm,
    ScoreForm,
    VoidVotesForm,
    VoteForm,
)
from veckan.awards.models import Award, Juror, Nomination, Vote
from veckan.editions.models import Edition
from veckan.lib import ratelimit

NOMINATE_LIMIT = 5
NOMINATE_WINDOW_SECONDS = 60 * 60
# A confirmation mail per vote: a school class may vote from one address, one inbox needs few.
VOTE_MAILS = ratelimit.MailLimit(
    "award-vote",
    per_sender=20,
    sender_window_seconds=10 * 60,
    per_address=3,
    address_window_seconds=3600,
)


def _current_award() -> Award:
    return get_object_or_404(Award.objects.select_related("edition"), edition__is_current=True)


def _too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(request, "awards/limited.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


@require_GET
def award(request: HttpRequest) -> HttpResponse:
    award = Award.objects.select_related("edition").filter(edition__is_current=True).first()
    if award is None:
        # The header and footer link here every year, also before this year's award is set up.
        return render(request, "awards/not_yet.html")
    now = timezone.now()
    finalists = list(award.nominations.in_final().select_related("organisation"))
    return render(
        request,
        "awards/award.html",
        {
            "award": award,
            "finalists": finalists,
            "winner": next((n for n in finalists if n.status == Nomination.Status.WINNER), None),
            "is_voting": award.is_voting(now),
            "is_nominating": award.is_nominating(now),
            "results": services.vote_counts(award)
            if services.results_visible(award, now)
            else None,
            "data_controller": settings.DATA_CONTROLLER,
            "earlier_winners": services.earlier_winners(award.edition),
        },
    )


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    award = _current_award()
    form = NominationForm(request.POST if request.method == "POST" else None, award=award)
    if form.is_valid():
        client = ratelimit.client_network(request)
        if not ratelimit.hit(
            f"award-nominate:{client}", limit=NOMINATE_LIMIT, window_seconds=NOMINATE_WINDOW_SECONDS
        ):
            return _too_many(request, NOMINATE_WINDOW_SECONDS)
        if not form.is_from_robot:
            try:
                services.nominate(award=award, **form.nomination_fields())
            except services.AwardError as error:
                messages.error(request, str(error))
                return redirect("awards:nominate")
        messages.success(request, _("Tack för din nominering! Vi granskar den och hör av oss."))
        return redirect("awards:award")
    return render(
        request,
        "awards/nominate.html",
        {
            "award": award,
            "form": form,
            "is_nominating": award.is_nominating(),
            "data_controller": settings.DATA_CONTROLLER,
        },
    )


@require_POST
def vote(request: HttpRequest) -> HttpResponse:
    award = _current_award()
    form = VoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("awards:award")
    if not VOTE_MAILS.allows(request, form.cleaned_data["email"]):
        return _too_many(request, VOTE_MAILS.sender_window_seconds)
    # Same answer for a robot and for an address that has voted before: nothing to learn here.
    if not form.is_from_robot:
        nomination = get_object_or_404(award.nominations, pk=form.cleaned_data["nomination"])
        try:
            services.vote(
                award=award,
                nomination=nomination,
                email=form.cleaned_data["email"],
                network=ratelimit.client_network(request),
                language=get_language(),
            )
        except services.AwardError as error:
            messages.error(request, str(error))
            return redirect("awards:award")
    messages.success(
        request, _("Tack! Vi har mejlat dig en länk. Din röst räknas när du har bekräftat den.")
    )
    return redirect("awards:award")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_vote(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email. GET only shows a button: mail scanners follow links, people press."""
    vote = get_object_or_404(
        Vote.objects.select_related("award__edition", "nomination"), token=token
    )
    if request.method == "POST":
        try:
            services.confirm_vote(vote=vote)
        except services.AwardError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Tack! Din röst är bekräftad och räknas."))
        return redirect("awards:award")
    return render(request, "awards/confirm_vote.html", {"vote": vote})


# --- The jury -------------------------------------------------------------------------------------


def _juror(request: HttpRequest) -> Juror:
    juror = (
        Juror.objects.select_related("award__edition")
        .filter(user=request.user, award__edition__is_current=True)
        .first()
    )
    if juror is None:
        raise PermissionDenied(_("Sidan är bara för prisets jury."))
    return juror


@login_required
@require_GET
def jury(request: HttpRequest) -> HttpResponse:
    juror = _juror(request)
    criteria = list(juror.award.criteria.all())
    conflicts = set(juror.conflicts.values_list("nomination_id", flat=True))
    mine = {(s.nomination_id, s.criterion_id): s.value for s in juror.scores.all()}
    nominations = list(juror.award.nominations.for_jury().select_related("organisation"))
    for nomination in nominations:
        nomination.has_conflict = nomination.pk in conflicts
        nomination.score_form = ScoreForm(
            criteria=criteria,
            initial={f"criterion_{c.pk}": mine.get((nomination.pk, c.pk)) for c in criteria},
            auto_id=f"n{nomination.pk}_%s",
        )
    return render(request, "awards/jury.html", {"award": juror.award, "nominations": nominations})


@login_required
@require_POST
def jury_score(request: HttpRequest, pk: int) -> HttpResponse:
    juror = _juror(request)
    nomination = get_object_or_404(juror.award.nominations.for_jury(), pk=pk)
    form = ScoreForm(request.POST, criteria=list(juror.award.criteria.all()))
    if not form.is_valid():
        messages.error(request, _("Välj poäng från 1 till 5."))
        return redirect("awards:jury")
    try:
        for criterion, value in form.scores():
            services.score(juror=juror, nomination=nomination, criterion=criterion, value=value)
    except services.AwardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Poängen är sparade."))
    return redirect("awards:jury")


@login_required
@require_POST
def jury_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    juror = _juror(request)
    nomination = get_object_or_404(juror.award.nominations, pk=pk)
    services.declare_conflict(juror=juror, nomination=nomination)
    messages.success(request, _("Du har anmält jäv. Dina poäng för nomineringen räknas inte."))
    return redirect("awards:jury")


# --- Coordinators ---------------------------------------------------------------------------------


@coordinator_required
@require_GET
def coordinate(request: HttpRequest) -> HttpResponse:
    award = _current_award()
    return render(
        request,
        "awards/coordinate.html",
        {
            "award": award,
            "nominations": award.nominations.select_related("organisation"),
            "results": services.weighted_results(award),
            "votes": services.vote_counts(award),
            "vote_closed": services.results_visible(award),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def votes(request: HttpRequest) -> HttpResponse:
    """Before the results are public: votes per email domain, bursts from one network, and
    voiding a domain's or a network's votes with a recorded reason."""
    award = _current_award()
    if request.method == "POST":
        form = VoidVotesForm(request.POST)
        try:
            if not form.is_valid():
                raise services.AwardError(" ".join(e for es in form.errors.values() for e in es))
            count = services.void_votes(award=award, by=request.user, **form.cleaned_data)
        except services.AwardError as error:
            messages.error(request, str(error))
        else:
            done = ngettext(
                "%(count)d röst räknas inte längre.", "%(count)d röster räknas inte längre.", count
            )
            messages.success(request, done % {"count": count})
        return redirect("awards:votes")
    context = {
        "award": award,
        "domains": services.votes_by_domain(award),
        "bursts": services.bursts(award),
        "voided": award.votes.filter(voided_at__isnull=False)
        .select_related("nomination", "voided_by")
        .order_by("-voided_at"),
        "burst_window": int(services.BURST_WINDOW.total_seconds() // 60),
    }
    return render(request, "awards/votes.html", context)


def _run(request: HttpRequest, action, success: str) -> HttpResponse:
    try:
        action()
    except services.AwardError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("awards:coordinate")


@coordinator_required
@require_POST
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(_current_award().nominations, pk=pk)
    accept = request.POST.get("accept") == "1"
    return _run(
        request,
        lambda: services.screen(nomination=nomination, accept=accept, by=request.user),
        _("Nomineringen är godkänd.") if accept else _("Nomineringen är avvisad."),
    )


@coordinator_required
@require_POST
def shortlist(request: HttpRequest) -> HttpResponse:
    # Ids as posted; anything not a plain number (a fuzzer's "abc" or "²") names no nomination.
    ids = [
        value for value in request.POST.getlist("nomination") if value.isascii() and value.isdigit()
    ]
    nominations = list(_current_award().nominations.filter(pk__in=ids))
    return _run(
        request,
        lambda: services.shortlist(nominations=nominations, by=request.user),
        _("Finalisterna är valda."),
    )


@coordinator_required
@require_POST
def choose_winner(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(_current_award().nominations, pk=pk)
    return _run(
        request,
        lambda: services.choose_winner(nomination=nomination, by=request.user),
        _("Vinnaren är vald."),
    )


@coordinator_required
def setup(request: HttpRequest) -> HttpResponse:
    """The current edition's award: name, nomination and vote periods, weighted criteria and jury."""
    edition = get_object_or_404(Edition, is_current=True)
    award = Award.objects.filter(edition=edition).first() or Award(edition=edition)
    data = request.POST if request.method == "POST" else None
    form = AwardSetupForm(data, instance=award)
    criteria = CriterionFormSet(data, instance=award, prefix="criteria")
    if data is not None and form.is_valid() & criteria.is_valid():
        scored = [
            row
            for row in criteria.deleted_forms
            if row.instance.pk and row.instance.scores.exists()
        ]
        for row in scored:
            row.add_error(None, _("Kriteriet har redan fått poäng och kan inte tas bort."))
        if not scored:
            services.save_award_setup(
                award=form.save(commit=False),
                criteria=[
                    row.instance
                    for row in criteria.forms
                    if row.cleaned_data.get("name") and row not in criteria.deleted_forms
                ],
                removed=[row.instance for row in criteria.deleted_forms],
                jurors=form.cleaned_data["juror_emails"],
            )
            messages.success(request, _("Priset är inställt."))
            return redirect("awards:setup")
    context = {"award": award, "form": form, "criteria": criteria, "edition": edition}
    return render(request, "awards/setup.html", context, status=400 if data is not None else 200)
