"""Lätt att sprida-priset in the demo: the current award under way, the earlier ones decided."""

import random
from datetime import date, timedelta

from django.utils import timezone
from django.utils.text import slugify

from veckan.awards.models import (
    DEFAULT_AWARD_NAME,
    Award,
    ConflictOfInterest,
    Criterion,
    Juror,
    Nomination,
    Score,
    Vote,
)
from veckan.demo.common import DEMO_SEED, moment_at
from veckan.demo.people import DemoLogins, demo_user
from veckan.editions.models import Edition
from veckan.lib.email import mailbox
from veckan.organisations.models import Organisation

# Its own random stream, so the award leaves the program and the sign-ups exactly as they were.
AWARD_SEED = f"{DEMO_SEED}-award"
AWARD_CRITERIA = [("Spridningsbarhet", 3), ("Nytta", 2), ("Nyskapande", 1)]
AWARD_JURORS = [
    ("juryledamot1@example.org", "Jonna Jurymedlem"),
    ("juryledamot2@example.org", "Jesper Jurymedlem"),
]
AWARD_SOLUTIONS = [
    (
        "Digital brevlåda för alla",
        "En säker digital brevlåda som invånare öppnar med e-legitimation.",
    ),
    (
        "Tolk på distans",
        "Bokning av distanstolk i vården, klar att använda i vilken region som helst.",
    ),
    ("Öppna lekplatsdata", "Kommunens lekplatser som öppna data, med en mall för andra kommuner."),
    ("Bygglov på enkel svenska", "Vägledning för bygglov skriven tillsammans med invånarna."),
    ("Trygg hemgång", "En checklista och ett arbetssätt när äldre skrivs ut från sjukhuset."),
    ("Matsvinnskollen", "Skolkök mäter och minskar matsvinnet med ett enkelt verktyg."),
    (
        "Föreningsbidrag i ett klick",
        "En e-tjänst för föreningsbidrag som andra kommuner kan ta över.",
    ),
    ("Chattbot för skolval", "En chattbot som svarar på vårdnadshavares frågor om skolval."),
    (
        "Gemensam upphandlingsmall",
        "Mallar för innovationsupphandling som delas mellan myndigheter.",
    ),
    ("Digitala hembesök", "Hembesök via video i hemtjänsten, med stöd för anhöriga."),
    ("Klarspråkslabbet", "Ett arbetssätt för att skriva om myndighetsbrev så att fler förstår."),
    (
        "Snöröjning i realtid",
        "En karta som visar var snöröjningen är på väg, byggd på öppen källkod.",
    ),
    ("Anhörigstöd på nätet", "En webbplats med stöd för anhöriga som flera regioner delar."),
    ("Rätt hjälpmedel direkt", "Förskrivning av hjälpmedel utan väntetid med ett gemensamt lager."),
    ("Energikartan", "Kommunens fastigheters energianvändning öppet redovisad för alla."),
    (
        "Nyanländas första vecka",
        "Ett samlat introduktionsprogram som flera kommuner har tagit efter.",
    ),
]
# The current award: every status on the way to the final.
CURRENT_NOMINATION_STATUSES = (
    [Nomination.Status.SUBMITTED] * 2
    + [Nomination.Status.ACCEPTED] * 3
    + [Nomination.Status.REJECTED]
    + [Nomination.Status.SHORTLISTED] * 4
)
JURY_STATUSES = (Nomination.Status.ACCEPTED, Nomination.Status.SHORTLISTED)
# An earlier award: done and decided.
EARLIER_NOMINATION_STATUSES = (
    [Nomination.Status.REJECTED, Nomination.Status.ACCEPTED]
    + [Nomination.Status.SHORTLISTED] * 2
    + [Nomination.Status.WINNER]
)


def _nominations(
    award: Award,
    statuses: list[str],
    organisations: list[Organisation],
    rng: random.Random,
) -> list[Nomination]:
    solutions = rng.sample(AWARD_SOLUTIONS, len(statuses))
    chosen = rng.sample(organisations, len(statuses))
    span = (award.nominations_close - award.nominations_open).total_seconds()
    nominations = []
    for number, (status, (name, description), organisation) in enumerate(
        zip(statuses, solutions, chosen, strict=True), start=1
    ):
        nominations.append(
            Nomination(
                award=award,
                solution_name=name,
                description=description,
                organisation=organisation,
                film_url=(
                    f"https://play.example.org/lattattsprida/{award.edition.year}/{slugify(name)}"
                ),
                contact_name=f"Kontaktperson {number}",
                contact_email=f"kontakt{number:02d}.{award.edition.year}@example.org",
                rights_confirmed=True,
                status=status,
                created_at=award.nominations_open
                + timedelta(seconds=int(span * (number - 0.5) / len(statuses))),
            )
        )
    return Nomination.objects.bulk_create(nominations)


def _votes(
    award: Award, finalists: list[Nomination], rng: random.Random, *, confirmed: int, pending: int
) -> None:
    """Votes for the finalists, the first of them the most popular; only confirmed ones count."""
    weights = [len(finalists) - index for index in range(len(finalists))]
    start, end = award.vote_open, min(award.vote_close, timezone.now())
    span = max((end - start).total_seconds(), 1)
    votes = []
    for number in range(confirmed + pending):
        cast = start + timedelta(seconds=int(span * rng.random() * 0.9))
        email = f"rostare{number:03d}@example.org"
        votes.append(
            Vote(
                award=award,
                nomination=rng.choices(finalists, weights)[0],
                email=email,
                mailbox=mailbox(email),
                created_at=cast,
                confirmed_at=cast + timedelta(minutes=rng.randint(1, 60))
                if number < confirmed
                else None,
            )
        )
    Vote.objects.bulk_create(votes)


def seed_award(*, today: date, organisations: dict[str, Organisation], logins: DemoLogins) -> Award:
    """Lätt att sprida-priset: the current edition's award with nominations closed, the jury at
    work and the vote open during the week; and the two earlier editions' awards, decided with a
    winner each. Returns the current award."""
    rng = random.Random(AWARD_SEED)
    now = timezone.now()
    current, *earlier = Edition.objects.order_by("-is_current", "-year")
    public = [o for o in organisations.values() if current.counts_as_public_party({o.kind})]
    award = Award.objects.create(
        edition=current,
        name=DEFAULT_AWARD_NAME,
        nominations_open=moment_at(today - timedelta(days=60), 9),
        nominations_close=moment_at(today - timedelta(days=20), 23, 59),
        vote_open=moment_at(current.starts_on, 0),
        vote_close=moment_at(current.ends_on, 23, 59),
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(award=award, name=name, weight=weight) for name, weight in AWARD_CRITERIA
    )
    people = [logins.coordinator] + [demo_user(email, name) for email, name in AWARD_JURORS]
    jurors = Juror.objects.bulk_create(Juror(award=award, user=user) for user in people)
    nominations = _nominations(award, CURRENT_NOMINATION_STATUSES, public, rng)
    before_jury = [n for n in nominations if n.status in JURY_STATUSES]
    conflict = (jurors[-1], before_jury[0])
    ConflictOfInterest.objects.create(juror=conflict[0], nomination=conflict[1])
    Score.objects.bulk_create(
        Score(juror=juror, nomination=nomination, criterion=criterion, value=rng.randint(2, 5))
        for juror in jurors
        for nomination in before_jury
        if (juror, nomination) != conflict
        for criterion in criteria
    )
    finalists = [n for n in nominations if n.status == Nomination.Status.SHORTLISTED]
    if award.vote_open <= now:
        _votes(award, finalists, rng, confirmed=12, pending=4)

    for edition in earlier:
        earlier_public = [
            o for o in organisations.values() if edition.counts_as_public_party({o.kind})
        ]
        decided = Award.objects.create(
            edition=edition,
            name=DEFAULT_AWARD_NAME,
            nominations_open=moment_at(edition.starts_on - timedelta(days=120), 9),
            nominations_close=moment_at(edition.starts_on - timedelta(days=30), 23, 59),
            vote_open=moment_at(edition.starts_on, 0),
            vote_close=moment_at(edition.ends_on, 23, 59),
        )
        _nominations(decided, EARLIER_NOMINATION_STATUSES, earlier_public, rng)
        # The winner first: the most popular in the vote, as the winner usually is.
        final = sorted(
            decided.nominations.in_final(), key=lambda n: n.status != Nomination.Status.WINNER
        )
        _votes(decided, final, rng, confirmed=30, pending=5)
    return award
