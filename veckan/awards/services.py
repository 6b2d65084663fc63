"""The award's state changes: nominate, screen, score, shortlist, vote, confirm, choose the winner.

A second vote from an address already used for the award is not an error the visitor sees: the
existing vote's confirmation link is mailed again and the first choice stands (the unique constraint
on award and email keeps it one vote). The answer on the page is the same either way, so the vote
form never tells anyone which addresses have voted.
"""

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
from veckan.lib.email import absolute, email_language, send_email
from veckan.organisations.models import Organisation

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
    now: datetime | None = None,
) -> Nomination:
    """Nominate a solution. Side effects: none beyond the new row (status "submitted").

    Raises AwardError outside the nomination period, when the organisation is not a public actor
    of the edition, or when the rights to the material are not confirmed.
    """
    if not award.is_nominating(now):
        raise AwardError(_("Det går inte att nominera just nu."))
    if not award.edition.counts_as_public_party({organisation.kind}):
        raise AwardError(_("Bara offentliga aktörer kan nomineras."))
    if not rights_confirmed:
        raise AwardError(_("Bekräfta att ni har rätt att visa filmen och materialet."))
    return Nomination.objects.create(
        award=award,
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


def _send_vote_link(vote: Vote) -> None:
    """Email the voter the link that confirms the vote, in the language the vote was cast in."""
    send_email(
        to=vote.email,
        template="awards/email/confirm_vote.txt",
        language=vote.language,
        subject=lambda: _("Bekräfta din röst: %s") % vote.award.name,
        context=lambda: {
            "vote": vote,
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
    language: str = settings.LANGUAGE_CODE,
    now: datetime | None = None,
) -> Vote:
    """Cast an unconfirmed vote for a finalist; it counts once the emailed link is confirmed.

    Side effects: an email with the confirmation link, in `language` (the page's). An address that already voted in this award
    gets the link to its existing vote again, and that vote is returned unchanged.
    Raises AwardError outside the vote window or for a nomination that is not a finalist.
    """
    if not award.is_voting(now):
        raise AwardError(_("Omröstningen är inte öppen."))
    if nomination.award_id != award.pk or nomination.status != Status.SHORTLISTED:
        raise AwardError(_("Det går bara att rösta på finalisterna."))
    email = email.strip().lower()
    existing = award.votes.filter(email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                existing = Vote.objects.create(
                    award=award,
                    nomination=nomination,
                    email=email,
                    language=email_language(language),
                )
        except IntegrityError:  # the same address voting twice at the same instant
            existing = award.votes.get(email=email)
    _send_vote_link(existing)
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
    """The finalists with their number of confirmed votes, most votes first."""
    nominations = (
        award.nominations.in_final()
        .annotate(confirmed_votes=Count("votes", filter=Q(votes__confirmed_at__isnull=False)))
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
        vote.email = f"anonymiserad-{vote.pk}@invalid"
        vote.token = new_token()
    Vote.objects.bulk_update(votes, ["email", "token"], batch_size=500)
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
