"""The award's state changes: nominate, screen, score, shortlist, vote, confirm, choose the winner.

One vote per inbox: addresses count as one however they are written (case, +tags; see
lib.email.mailbox), and a unique constraint on award and mailbox keeps it so. A second attempt from
an inbox that has voted is told so, "du har redan röstat", in an email to that inbox (with the link
again while the first vote is unconfirmed); the first choice stands. The page answers the same
either way, so the vote form never tells anyone else which addresses have voted.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from veckan.accounts.models import User
from veckan.accounts.permissions import acts_as_coordinator
from veckan.awards.models import (
    Award,
    ConflictOfInterest,
    Criterion,
    Juror,
    Nomination,
    Score,
    Vote,
    new_token,
)
from veckan.editions.models import Edition
from veckan.lib.email import absolute, email_language, mailbox, send_email
from veckan.lib.ratelimit import network_mark
from veckan.organisations.models import Organisation
from veckan.solutions.models import Solution
from veckan.solutions.services import solution_from_nomination

Status = Nomination.Status


class AwardError(Exception):
    """Something the award's rules do not allow; the message is for the person who tried."""


def _require_coordinator(user: User) -> None:
    if not acts_as_coordinator(user):
        raise AwardError(_("Bara samordnare kan göra det."))


def nominate(
    *,
    award: Award,
    solution_name: str,
    description: str,
    organisation: Organisation,
    film_url: str,
    contact_name: str,
    contact_email: str,
    rights_confirmed: bool,
    solution: Solution | None = None,
    now: datetime | None = None,
) -> Nomination:
    """Nominate a solution of the catalogue: `solution`, or a new draft one the organisation then
    completes and sends to review. Side effects: the new rows (the nomination "submitted").

    Raises AwardError outside the nomination period, when the organisation is not a public actor
    of the edition, or when the rights to the material are not confirmed.
    """
    if not award.is_nominating(now):
        raise AwardError(_("Det går inte att nominera just nu."))
    if not award.edition.counts_as_public_party({organisation.kind}):
        raise AwardError(_("Bara offentliga aktörer kan nomineras."))
    if not rights_confirmed:
        raise AwardError(_("Bekräfta att ni har rätt att visa filmen och materialet."))
    if solution is not None and solution.organisation_id != organisation.pk:
        raise AwardError(_("Lösningen tillhör en annan organisation."))
    with transaction.atomic():
        if solution is None:
            solution = solution_from_nomination(
                organisation=organisation,
                title=solution_name.strip(),
                description=description.strip(),
                contact_name=contact_name.strip(),
                contact_email=contact_email.strip().lower(),
                film_url=film_url,
            )
        return Nomination.objects.create(
            award=award,
            solution=solution,
            solution_name=solution_name.strip(),
            description=description.strip(),
            organisation=organisation,
            film_url=film_url,
            contact_name=contact_name.strip(),
            contact_email=contact_email.strip().lower(),
            rights_confirmed=True,
        )


def screen(*, nomination: Nomination, accept: bool, by: User) -> Nomination:
    """Accept a nomination for the jury, or reject it. Side effects: none beyond its status.

    Raises AwardError for non-coordinators and for nominations already shortlisted or the winner.
    """
    _require_coordinator(by)
    if nomination.status in (Status.SHORTLISTED, Status.WINNER):
        raise AwardError(_("Nomineringen är redan finalist."))
    nomination.status = Status.ACCEPTED if accept else Status.REJECTED
    nomination.save(update_fields=["status"])
    return nomination


def declare_conflict(*, juror: Juror, nomination: Nomination) -> ConflictOfInterest:
    """Record that the juror is disqualified (jäv) for a nomination.

    Side effects: the juror's scores for it are no longer counted and further scoring is refused.
    Declaring twice is harmless.
    """
    if nomination.award_id != juror.award_id:
        raise AwardError(_("Nomineringen hör inte till ditt pris."))
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        juror=juror, nomination=nomination
    )
    return conflict


def score(*, juror: Juror, nomination: Nomination, criterion: Criterion, value: int) -> Score:
    """Set the juror's score (1–5) for one criterion of a nomination, replacing an earlier one.

    Raises AwardError when the juror has declared a conflict of interest, the nomination is not
    before the jury (accepted or shortlisted), or the value or criterion does not fit.
    """
    if not (nomination.award_id == juror.award_id == criterion.award_id):
        raise AwardError(_("Nomineringen hör inte till ditt pris."))
    if ConflictOfInterest.objects.filter(juror=juror, nomination=nomination).exists():
        raise AwardError(_("Du har anmält jäv och kan inte bedöma den här nomineringen."))
    if nomination.status not in (Status.ACCEPTED, Status.SHORTLISTED):
        raise AwardError(_("Nomineringen bedöms inte av juryn."))
    if not 1 <= value <= 5:
        raise AwardError(_("Poängen ska vara från 1 till 5."))
    result, _created = Score.objects.update_or_create(
        juror=juror, nomination=nomination, criterion=criterion, defaults={"value": value}
    )
    return result


@dataclass(frozen=True)
class Result:
    nomination: Nomination
    average: Decimal | None  # None while no juror without a conflict has scored it


def weighted_results(award: Award) -> list[Result]:
    """Each nomination before the jury with its weighted average score, best first.

    The average is sum(value × weight) / sum(weight) over every score from jurors without a
    conflict of interest for that nomination, rounded to two decimals. When every juror scores
    every criterion this equals the mean of the jurors' own weighted averages.
    """
    nominations = list(
        award.nominations.filter(
            status__in=(Status.ACCEPTED, Status.SHORTLISTED, Status.WINNER)
        ).select_related("organisation")
    )
    conflicts = set(
        ConflictOfInterest.objects.filter(nomination__award=award).values_list(
            "juror_id", "nomination_id"
        )
    )
    totals: dict[int, list[int]] = {n.pk: [0, 0] for n in nominations}
    rows = Score.objects.filter(nomination__in=nominations).values_list(
        "juror_id", "nomination_id", "value", "criterion__weight"
    )
    for juror_id, nomination_id, value, weight in rows:
        if (juror_id, nomination_id) in conflicts:
            continue
        totals[nomination_id][0] += value * weight
        totals[nomination_id][1] += weight
    results = [
        Result(
            nomination=n,
            average=(Decimal(totals[n.pk][0]) / totals[n.pk][1]).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            if totals[n.pk][1]
            else None,
        )
        for n in nominations
    ]
    return sorted(results, key=lambda r: (r.average is None, -(r.average or 0)))


def shortlist(*, nominations: list[Nomination], by: User) -> None:
    """Make accepted nominations finalists: the ones the public votes on. Side effects: statuses.

    Raises AwardError for non-coordinators or when any of them is not accepted; then none changes.
    """
    _require_coordinator(by)
    if any(n.status not in (Status.ACCEPTED, Status.SHORTLISTED) for n in nominations):
        raise AwardError(_("Bara godkända nomineringar kan bli finalister."))
    Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(status=Status.SHORTLISTED)


def _send_vote_link(vote: Vote, *, again: bool = False) -> None:
    """Email the voter the link that confirms the vote, in the language the vote was cast in;
    `again` for a second attempt from the same inbox, which is told it has already voted."""
    send_email(
        to=vote.email,
        template="awards/email/confirm_vote.txt",
        language=vote.language,
        subject=lambda: (
            (_("Du har redan röstat: %s") if again else _("Bekräfta din röst: %s"))
            % vote.award.name
        ),
        context=lambda: {
            "vote": vote,
            "again": again,
            "award": vote.award,
            "nomination": vote.nomination,
            "confirm_url": absolute(reverse("awards:confirm_vote", args=[vote.token])),
        },
    )


def vote(
    *,
    award: Award,
    nomination: Nomination,
    email: str,
    network: str = "",
    language: str = settings.LANGUAGE_CODE,
    now: datetime | None = None,
) -> Vote:
    """Cast an unconfirmed vote for a finalist; it counts once the emailed link is confirmed.

    Side effects: an email with the confirmation link, in `language` (the page's). An inbox that
    already voted in this award gets an email saying so (with the link to its existing vote while
    unconfirmed), and that vote is returned unchanged. `network` is the client's network, kept
    only as network_mark(). Raises AwardError outside the vote window or for a nomination that
    is not a finalist.
    """
    if not award.is_voting(now):
        raise AwardError(_("Omröstningen är inte öppen."))
    if nomination.award_id != award.pk or nomination.status != Status.SHORTLISTED:
        raise AwardError(_("Det går bara att rösta på finalisterna."))
    email = email.strip().lower()
    inbox = mailbox(email)
    existing = award.votes.filter(mailbox=inbox).first()
    if existing is None:
        try:
            with transaction.atomic():
                created = Vote.objects.create(
                    award=award,
                    nomination=nomination,
                    email=email,
                    mailbox=inbox,
                    network=network_mark(network),
                    language=email_language(language),
                    created_at=now or timezone.now(),
                )
        except IntegrityError:  # the same inbox voting twice at the same instant
            existing = award.votes.get(mailbox=inbox)
        else:
            _send_vote_link(created)
            return created
    _send_vote_link(existing, again=True)
    return existing


def confirm_vote(*, vote: Vote, now: datetime | None = None) -> Vote:
    """Confirm a vote from the emailed link, so it is counted. Confirming twice is harmless.

    Raises AwardError once the vote has closed.
    """
    now = now or timezone.now()
    if vote.confirmed_at:
        return vote
    if now >= vote.award.vote_close:
        raise AwardError(_("Omröstningen har stängt."))
    vote.confirmed_at = now
    vote.save(update_fields=["confirmed_at"])
    return vote


def vote_counts(award: Award) -> list[tuple[Nomination, int]]:
    """The finalists with their number of confirmed votes (voided ones left out), most first."""
    nominations = (
        award.nominations.in_final()
        .annotate(
            confirmed_votes=Count(
                "votes",
                filter=Q(votes__confirmed_at__isnull=False, votes__voided_at__isnull=True),
            )
        )
        .order_by("-confirmed_votes", "solution_name")
        .select_related("organisation")
    )
    return [(n, n.confirmed_votes) for n in nominations]


def results_visible(award: Award, now: datetime | None = None) -> bool:
    """The public sees the vote's results only once it has closed."""
    return (now or timezone.now()) >= award.vote_close


def winner(edition: Edition) -> Nomination | None:
    """The winner of the edition's award, or None when it has no award or no winner yet."""
    return (
        Nomination.objects.filter(award__edition=edition, status=Status.WINNER)
        .select_related("organisation", "award")
        .first()
    )


def earlier_winners(edition: Edition) -> list[Nomination]:
    """The winners of the awards of editions before this one, newest first."""
    return list(
        Nomination.objects.filter(status=Status.WINNER, award__edition__year__lt=edition.year)
        .select_related("organisation", "award__edition")
        .order_by("-award__edition__year", "pk")
    )


def choose_winner(*, nomination: Nomination, by: User, now: datetime | None = None) -> Nomination:
    """Make a finalist the award's winner. Side effects: its status.

    Raises AwardError for non-coordinators, before the vote has closed, for a nomination that is
    not a finalist, or when the award already has a winner.
    """
    _require_coordinator(by)
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=nomination.award_id)
        if not results_visible(award, now):
            raise AwardError(_("Vinnaren kan väljas först när omröstningen har stängt."))
        if award.nominations.filter(status=Status.WINNER).exists():
            raise AwardError(_("Priset har redan en vinnare."))
        if nomination.status != Status.SHORTLISTED:
            raise AwardError(_("Bara en finalist kan vinna."))
        nomination.status = Status.WINNER
        nomination.save(update_fields=["status"])
    return nomination


def anonymise_votes(*, now: datetime | None = None) -> int:
    """Replace voters' addresses once the edition ended PERSONAL_DATA_RETENTION_DAYS days ago.

    The address becomes anonymiserad-<pk>@invalid (still unique per award) and the link stops
    working; the choice and the confirmation time stay, so the result stays what it was. A second
    run changes nothing. Returns how many votes were anonymised.
    """
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    due = Vote.objects.filter(award__edition__ends_on__lt=cutoff).exclude(
        email__endswith="@invalid"
    )
    votes = list(due.only("pk"))
    for vote in votes:
        vote.email = vote.mailbox = f"anonymiserad-{vote.pk}@invalid"
        vote.network = ""
        vote.token = new_token()
    Vote.objects.bulk_update(votes, ["email", "mailbox", "network", "token"], batch_size=500)
    return len(votes)


def save_award_setup(
    *, award: Award, criteria: list[Criterion], removed: list[Criterion], jurors: list[User]
) -> Award:
    """Save the award's periods with exactly these criteria and this jury. A juror taken off the
    jury loses their scores with them (the form says so); a criterion that has been scored is
    kept out of the removals by the view's form, never silently dropped here."""
    with transaction.atomic():
        award.save()
        Criterion.objects.filter(pk__in=[c.pk for c in removed if c.pk]).delete()
        for criterion in criteria:
            criterion.award = award
            criterion.save()
        award.jurors.exclude(user__in=jurors).delete()
        for user in jurors:
            Juror.objects.get_or_create(award=award, user=user)
    return award


# --- What coordinators check before the results are public -------------------------------------

# Votes from one network closer together than this are a burst; this many make it worth a look.
BURST_WINDOW = timedelta(minutes=10)
BURST_SIZE = 5


@dataclass(frozen=True)
class DomainCount:
    domain: str
    confirmed: int
    unconfirmed: int
    voided: int


@dataclass(frozen=True)
class Burst:
    network: str
    votes: int  # the most votes within BURST_WINDOW
    first: datetime
    last: datetime
    solutions: list[str]


def votes_by_domain(award: Award) -> list[DomainCount]:
    """How many votes came from each email domain, the most confirmed first."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for vote in award.votes.only("mailbox", "confirmed_at", "voided_at"):
        column = 2 if vote.voided_at else 0 if vote.confirmed_at else 1
        counts[vote.domain][column] += 1
    rows = [DomainCount(domain, *values) for domain, values in counts.items()]
    return sorted(rows, key=lambda row: (-row.confirmed, -row.unconfirmed, row.domain))


def bursts(award: Award) -> list[Burst]:
    """Networks that cast at least BURST_SIZE votes within BURST_WINDOW, biggest first."""
    by_network: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    votes = award.votes.exclude(network="").filter(voided_at__isnull=True)
    for network, created_at, solution in votes.values_list(
        "network", "created_at", "nomination__solution_name"
    ).order_by("created_at"):
        by_network[network].append((created_at, solution))
    found = []
    for network, cast in by_network.items():
        start, most, best = 0, 0, (0, 0)
        for end in range(len(cast)):
            while cast[end][0] - cast[start][0] > BURST_WINDOW:
                start += 1
            if end - start + 1 > most:
                most, best = end - start + 1, (start, end)
        if most >= BURST_SIZE:
            window = cast[best[0] : best[1] + 1]
            solutions = sorted({solution for _at, solution in window})
            found.append(Burst(network, most, window[0][0], window[-1][0], solutions))
    return sorted(found, key=lambda burst: (-burst.votes, burst.first))


def void_votes(
    *,
    award: Award,
    reason: str,
    by: User,
    domain: str = "",
    network: str = "",
    now: datetime | None = None,
) -> int:
    """Void the award's counting votes from one email domain or one network, with the reason on
    each. They stay on record and stop counting. Returns how many were voided.

    Raises AwardError for non-coordinators, without a reason or a choice, or once a winner is chosen.
    """
    _require_coordinator(by)
    reason = reason.strip()
    if not reason:
        raise AwardError(_("Skriv varför rösterna inte ska räknas."))
    if bool(domain) == bool(network):
        raise AwardError(_("Välj en domän eller ett nätverk."))
    if award.nominations.filter(status=Status.WINNER).exists():
        raise AwardError(_("Priset har redan en vinnare. Rösterna kan inte ändras längre."))
    votes = award.votes.filter(voided_at__isnull=True)
    votes = (
        votes.filter(network=network) if network else votes.filter(mailbox__endswith=f"@{domain}")
    )
    return votes.update(voided_at=now or timezone.now(), voided_by=by, void_reason=reason[:300])
