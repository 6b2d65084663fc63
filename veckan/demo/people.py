"""The demo's people and organisations: the logins, an administrator for each organisation.

Organisation names and kinds are real; their organisation numbers are made up (valid checksums,
right legal form).
"""

from dataclasses import dataclass
from functools import cache

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn
from stdnum.se import orgnr

from veckan.accounts.models import User
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind, Membership, Organisation

DEMO_PASSWORD = "innovationsveckan"
COORDINATOR_EMAIL = "samordnare@example.org"
ORGANISER_EMAIL = "arrangor@example.org"
# A fixed TOTP secret so the demo coordinator can be added to an authenticator app once.
COORDINATOR_TOTP_SECRET = "VECKANDEMOVECKANDEMOVECKANDEMO22"

ORGANISATIONS: list[tuple[str, str, str]] = [
    # (name, kind, home municipality)
    ("Stockholms stad", Kind.KOMMUN, "Stockholm"),
    ("Göteborgs Stad", Kind.KOMMUN, "Göteborg"),
    ("Malmö stad", Kind.KOMMUN, "Malmö"),
    ("Uppsala kommun", Kind.KOMMUN, "Uppsala"),
    ("Linköpings kommun", Kind.KOMMUN, "Linköping"),
    ("Örebro kommun", Kind.KOMMUN, "Örebro"),
    ("Västerås stad", Kind.KOMMUN, "Västerås"),
    ("Umeå kommun", Kind.KOMMUN, "Umeå"),
    ("Luleå kommun", Kind.KOMMUN, "Luleå"),
    ("Kiruna kommun", Kind.KOMMUN, "Kiruna"),
    ("Jönköpings kommun", Kind.KOMMUN, "Jönköping"),
    ("Växjö kommun", Kind.KOMMUN, "Växjö"),
    ("Karlstads kommun", Kind.KOMMUN, "Karlstad"),
    ("Gävle kommun", Kind.KOMMUN, "Gävle"),
    ("Sundsvalls kommun", Kind.KOMMUN, "Sundsvall"),
    ("Östersunds kommun", Kind.KOMMUN, "Östersund"),
    ("Helsingborgs stad", Kind.KOMMUN, "Helsingborg"),
    ("Lunds kommun", Kind.KOMMUN, "Lund"),
    ("Borås Stad", Kind.KOMMUN, "Borås"),
    ("Region Gotland", Kind.KOMMUN, "Gotland"),
    ("Skellefteå kommun", Kind.KOMMUN, "Skellefteå"),
    ("Kalmar kommun", Kind.KOMMUN, "Kalmar"),
    ("Nacka kommun", Kind.KOMMUN, "Nacka"),
    ("Botkyrka kommun", Kind.KOMMUN, "Botkyrka"),
    ("Åre kommun", Kind.KOMMUN, "Åre"),
    ("Ljusdals kommun", Kind.KOMMUN, "Ljusdal"),
    ("Region Stockholm", Kind.REGION, "Stockholm"),
    ("Västra Götalandsregionen", Kind.REGION, "Vänersborg"),
    ("Region Skåne", Kind.REGION, "Kristianstad"),
    ("Region Östergötland", Kind.REGION, "Linköping"),
    ("Region Västerbotten", Kind.REGION, "Umeå"),
    ("Region Norrbotten", Kind.REGION, "Luleå"),
    ("Region Uppsala", Kind.REGION, "Uppsala"),
    ("Region Jönköpings län", Kind.REGION, "Jönköping"),
    ("Region Dalarna", Kind.REGION, "Falun"),
    ("Region Jämtland Härjedalen", Kind.REGION, "Östersund"),
    ("Vinnova", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Myndigheten för digital förvaltning (DIGG)", Kind.STATLIG_MYNDIGHET, "Sundsvall"),
    ("Upphandlingsmyndigheten", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Försäkringskassan", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Skatteverket", Kind.STATLIG_MYNDIGHET, "Solna"),
    ("Lantmäteriet", Kind.STATLIG_MYNDIGHET, "Gävle"),
    ("Arbetsförmedlingen", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("E-hälsomyndigheten", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Trafikverket", Kind.STATLIG_MYNDIGHET, "Borlänge"),
    ("Boverket", Kind.STATLIG_MYNDIGHET, "Karlskrona"),
    ("Bolagsverket", Kind.STATLIG_MYNDIGHET, "Sundsvall"),
    ("Tillväxtverket", Kind.STATLIG_MYNDIGHET, "Stockholm"),
    ("Myndigheten för delaktighet", Kind.STATLIG_MYNDIGHET, "Sundbyberg"),
    ("Statens servicecenter", Kind.STATLIG_MYNDIGHET, "Gävle"),
    ("Kungliga Tekniska högskolan (KTH)", Kind.AKADEMI, "Stockholm"),
    ("Lunds universitet", Kind.AKADEMI, "Lund"),
    ("Umeå universitet", Kind.AKADEMI, "Umeå"),
    ("Linköpings universitet", Kind.AKADEMI, "Linköping"),
    ("RISE Research Institutes of Sweden", Kind.AKADEMI, "Borås"),
    ("Sveriges Kommuner och Regioner (SKR)", Kind.ANNAN, "Stockholm"),
    ("Coompanion Sverige", Kind.CIVILSAMHALLE, "Stockholm"),
    ("Famna", Kind.CIVILSAMHALLE, "Stockholm"),
    ("Studieförbundet Vuxenskolan", Kind.CIVILSAMHALLE, "Stockholm"),
    ("Exempeldata AB", Kind.FORETAG, "Göteborg"),
    ("Välfärdsteknik i Norr AB", Kind.FORETAG, "Luleå"),
    ("Smart Stad Konsult AB", Kind.FORETAG, "Malmö"),
]

# The first four digits of made-up organisation numbers, by kind: the right legal form for each.
ORG_NUMBER_PREFIX = {
    Kind.KOMMUN: "2120",
    Kind.REGION: "2321",
    Kind.STATLIG_MYNDIGHET: "2021",
    Kind.AKADEMI: "2021",
    Kind.ANNAN: "8220",
    Kind.CIVILSAMHALLE: "8020",
    Kind.FORETAG: "5590",
}


@dataclass
class DemoLogins:
    coordinator: User
    organiser: User
    recovery_codes: list[str]


def demo_org_number(kind: str, index: int) -> str:
    body = f"{ORG_NUMBER_PREFIX[kind]}{index:05d}"
    return orgnr.format(body + luhn.calc_check_digit(body))


# The last few registered organisations nobody has vouched for yet: reviewers see the mark.
UNVERIFIED_ORGANISATIONS = 2


def seed_organisations() -> dict[str, Organisation]:
    municipalities = {m.name: m for m in Municipality.objects.all()}
    organisations = {}
    vouched = len(ORGANISATIONS) - UNVERIFIED_ORGANISATIONS
    for index, (name, kind, municipality) in enumerate(ORGANISATIONS, start=1):
        organisation = Organisation(
            name=name,
            slug=slugify(name),
            kind=kind,
            org_number=demo_org_number(kind, index),
            home_municipality=municipalities[municipality],
            verified_at=timezone.now() if index <= vouched else None,
        )
        organisation.full_clean()
        organisation.save()
        organisations[name] = organisation
    return organisations


@cache
def _demo_password_hash() -> str:
    # Hashing is slow on purpose; every demo person shares one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def demo_user(email: str, name: str, **fields) -> User:
    user = User.objects.create(email=email, password=_demo_password_hash(), name=name, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def seed_people(organisations: dict[str, Organisation]) -> DemoLogins:
    coordinator = demo_user(
        COORDINATOR_EMAIL, "Sam Samordnare", is_coordinator=True, is_staff=True, is_superuser=True
    )
    TOTP.activate(coordinator, COORDINATOR_TOTP_SECRET)
    RecoveryCodes.activate(coordinator)
    organiser = demo_user(ORGANISER_EMAIL, "Ada Arrangör")
    Membership.objects.create(
        user=organiser, organisation=organisations["Linköpings kommun"], role=Membership.Role.ADMIN
    )
    Membership.objects.create(
        user=organiser,
        organisation=organisations["Region Östergötland"],
        role=Membership.Role.MEMBER,
    )
    # Every other organisation gets an administrator of its own, so the week has many hands.
    for number, organisation in enumerate(organisations.values(), start=1):
        if organisation.memberships.filter(role=Membership.Role.ADMIN).exists():
            continue
        person = demo_user(f"admin{number:02d}@example.org", f"Administratör {organisation.name}")
        Membership.objects.create(
            user=person, organisation=organisation, role=Membership.Role.ADMIN
        )
    return demo_logins()


def demo_logins() -> DemoLogins:
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    recovery = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.RECOVERY_CODES)
    return DemoLogins(
        coordinator=coordinator,
        organiser=User.objects.get(email=ORGANISER_EMAIL),
        recovery_codes=RecoveryCodes(recovery).get_unused_codes(),
    )


def describe(logins: DemoLogins) -> str:
    return "\n".join(
        [
            "",
            f"Demo week ready at {settings.SITE_URL}/",
            f"  Organiser:   {logins.organiser.email} / {DEMO_PASSWORD}",
            f"  Coordinator: {logins.coordinator.email} / {DEMO_PASSWORD}",
            f"    two-factor code: add the TOTP secret {COORDINATOR_TOTP_SECRET} to an authenticator app,",
            f"    or use a recovery code: {', '.join(logins.recovery_codes[:3])}",
            "",
        ]
    )
