import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veckan.lib import orgnr

INVITATION_VALID_FOR = timedelta(days=14)


class Kind(models.TextChoices):
    KOMMUN = "kommun", _("Kommun")
    REGION = "region", _("Region")
    STATLIG_MYNDIGHET = "statlig_myndighet", _("Statlig myndighet")
    AKADEMI = "akademi", _("Akademi")
    FORETAG = "foretag", _("Företag")
    CIVILSAMHALLE = "civilsamhalle", _("Civilsamhälle")
    ANNAN = "annan", _("Annan")


# Kinds whose organisation numbers always have the public legal form (first digit 2).
PUBLIC_SECTOR_KINDS = frozenset({Kind.KOMMUN, Kind.REGION, Kind.STATLIG_MYNDIGHET})


def validate_kind_matches_legal_form(kind: str, number: str) -> None:
    """The first digit of the number gives the legal form; it must fit the kind of organisation."""
    public_form = orgnr.normalise(number).startswith(orgnr.PUBLIC_LEGAL_FORM)
    if kind in PUBLIC_SECTOR_KINDS and not public_form:
        raise ValidationError(
            {
                "org_number": _(
                    "Kommuner, regioner och statliga myndigheter har organisationsnummer som börjar "
                    "med 2. Kontrollera numret eller välj en annan typ av organisation."
                )
            }
        )
    if kind == Kind.FORETAG and public_form:
        raise ValidationError(
            {
                "org_number": _(
                    "Organisationsnummer som börjar med 2 tillhör stat, regioner, kommuner och "
                    "församlingar, inte företag. Kontrollera numret eller välj en annan typ av "
                    "organisation."
                )
            }
        )


_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


def embed_hosts(value: str) -> list[str]:
    """The host names in an organisation's list of embedding sites, one a line; a line that is not
    a host name (or an address with a path) is a ValidationError naming it."""
    hosts = []
    for line in value.splitlines():
        host = line.strip().lower().removeprefix("https://").rstrip("/")
        if not host:
            continue
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = ""
        if not _HOST.match(host):
            raise ValidationError(
                _(
                    "”%(line)s” är inte ett webbplatsnamn. Skriv till exempel www.boras.se, ett per rad."
                ),
                params={"line": line.strip()},
                code="host",
            )
        hosts.append(host)
    return list(dict.fromkeys(hosts))


def validate_embed_domains(value: str) -> None:
    embed_hosts(value)


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    """WCAG's contrast ratio between `colour` (#rrggbb) and white."""
    return 1.05 / (_luminance(colour) + 0.05)


def validate_colour(value: str) -> None:
    """A #rrggbb colour that text on white (and white text on it) can be read in: 4.5:1 or more."""
    if not value:
        return
    if not _COLOUR.match(value.lower()):
        raise ValidationError(
            _("Skriv färgen som #rrggbb, till exempel #005fa3."), code="colour_format"
        )
    if contrast_with_white(value.lower()) < 4.5:
        raise ValidationError(
            _(
                "Färgen är för ljus för text på vitt (kontrast %(ratio).1f:1, minst 4,5:1 behövs). "
                "Välj en mörkare nyans."
            ),
            params={"ratio": contrast_with_white(value.lower())},
            code="colour_contrast",
        )


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def of_user(self, user) -> "OrganisationQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


# What visitors see of an organisation (its page, the cards, the search, the open data): a save that
# changes none of these leaves the public program as it was.
PUBLIC_FIELDS = ("name", "slug", "kind", "home_municipality_id", "website", "description")


class Organisation(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("adress"), max_length=220, unique=True)
    kind = models.CharField(_("typ av organisation"), max_length=20, choices=Kind)
    org_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        unique=True,
        validators=[orgnr.validate_organisation_number],
        error_messages={
            "unique": _("Det finns redan en organisation med det organisationsnumret.")
        },
    )
    home_municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("hemkommun"),
    )
    website = models.URLField(_("webbplats"), blank=True)
    description = models.TextField(_("om organisationen"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    # The program shows an organisation's name and kind beside its activities: a change to either
    # must move the program's version (program.version), which reads the latest of these.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    # The organisation's own sites that may show Veckan's embeddable program (one host name a
    # line, https only): the embed's frame-ancestors, so framing stays refused everywhere else.
    embed_domains = models.TextField(
        _("webbplatser som får bädda in programmet"),
        blank=True,
        validators=[validate_embed_domains],
    )
    # The embed's accent colour (links, headings, buttons), dark enough for text on white.
    embed_colour = models.CharField(
        _("färg i inbäddningen"), max_length=7, blank=True, validators=[validate_colour]
    )
    # Anyone may register an organisation; reviewers see which ones nobody has vouched for yet.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    # Set by a coordinator, or at registration when the creator's email domain is the website's.
    verified_at = models.DateTimeField(_("verifierad"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verifierad av"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])

    def clean(self) -> None:
        if self.org_number:
            self.org_number = orgnr.validate_organisation_number(self.org_number)
            validate_kind_matches_legal_form(self.kind, self.org_number)

    @property
    def legal_form(self) -> str:
        return orgnr.legal_form(self.org_number)

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administratör")
        MEMBER = "member", _("Medlem")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=10, choices=Role, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class JoinRequestQuerySet(models.QuerySet["JoinRequest"]):
    def open(self) -> "JoinRequestQuerySet":
        return self.filter(decided_at__isnull=True)


class JoinRequest(models.Model):
    """Someone asking to join an organisation that is already registered; its admins answer."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved = models.BooleanField(null=True)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("förfrågan om medlemskap")
        verbose_name_plural = _("förfrågningar om medlemskap")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(decided_at__isnull=True),
                name="one_open_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> "InvitationQuerySet":
        return self.filter(
            accepted_at__isnull=True, created_at__gte=timezone.now() - INVITATION_VALID_FOR
        )

    def for_email(self, email: str) -> "InvitationQuerySet":
        return self.filter(email__iexact=email)


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-postadress"))
    role = models.CharField(
        _("roll"), max_length=10, choices=Membership.Role, default=Membership.Role.MEMBER
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def expires_at(self):
        return self.created_at + INVITATION_VALID_FOR

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and timezone.now() < self.expires_at


API_TOKEN_PREFIX = "vk_"  # noqa: S105 - marks a Veckan key in logs and secret scanners; not a secret


def hash_api_token(token: str) -> str:
    """The stored form of a token. SHA-256, not a slow password hash: a token is 256 random bits,
    which no one can guess at any speed, and every API request checks one."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """An organisation's key to the write API: it reaches that organisation's activities and no
    others. Only its hash is stored; the token itself is shown once, when it is created."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("namn"), max_length=100)
    # The token's first characters, so a person can tell which key a system uses.
    prefix = models.CharField(max_length=12, editable=False)
    hashed = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
