import secrets
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from veckan.lib.email import absolute, send_email
from veckan.lib.ratelimit import MailLimit
from veckan.lib.slugs import unique_slug
from veckan.organisations import signals
from veckan.organisations.models import (
    API_TOKEN_PREFIX,
    PUBLIC_FIELDS,
    ApiToken,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    hash_api_token,
)
from veckan.revisions.services import record_change


def save_organisation(*, organisation: Organisation) -> None:
    """Save an edited organisation. When something visitors see of it changed, the program's
    revision moves with it, and organisation_saved tells the apps that show it (the activities'
    search text names their organisers)."""
    with transaction.atomic():
        stored = Organisation.objects.filter(pk=organisation.pk).values(*PUBLIC_FIELDS).first()
        organisation.save()
        if stored == {name: getattr(organisation, name) for name in PUBLIC_FIELDS}:
            return
        signals.organisation_saved.send(sender=Organisation, organisation=organisation)
        record_change(organisations=[organisation.pk])


class MembershipError(Exception):
    """A change to membership that the rules do not allow; the message is for the user."""


def email_matches_website(email: str, website: str) -> bool:
    """True when the address is at the organisation's own domain: anna@linkoping.se (or
    anna@kommun.linkoping.se) for https://www.linkoping.se."""
    host = (urlsplit(website).hostname or "").lower().removeprefix("www.")
    domain = email.rpartition("@")[2].lower()
    return bool(host) and (domain == host or domain.endswith("." + host))


def create_organisation(*, creator, organisation: Organisation) -> Organisation:
    """Save a new, validated organisation and make its creator its first administrator. It is
    unverified until a coordinator vouches for it, unless the creator's email is at the
    organisation's own website domain."""
    with transaction.atomic():
        organisation.slug = unique_slug(
            organisation.name, Organisation.objects.all(), fallback="organisation", max_length=200
        )
        organisation.created_by = creator
        if email_matches_website(creator.email, organisation.website):
            organisation.verified_at = timezone.now()
        organisation.save()
        Membership.objects.create(
            user=creator, organisation=organisation, role=Membership.Role.ADMIN
        )
    return organisation


def invite(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    invited_by,
    site_url: str,
    language: str = settings.LANGUAGE_CODE,
) -> Invitation:
    """Invite a colleague by email. Side effect: queues the invitation email in the outbox, in
    `language` (the inviter's page: the invitee has no account, so no language of their own yet).

    Raises MembershipError when the person is already a member, or when the invitation may not
    be sent (see _may_send_invitation).
    """
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise MembershipError(_("%(email)s är redan medlem i organisationen.") % {"email": email})
    _may_send_invitation(organisation, invited_by, email)
    with transaction.atomic():
        organisation.invitations.open().for_email(email).delete()
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, role=role, invited_by=invited_by
        )
        _send_invitation(invitation, site_url=site_url, language=language)
    return invitation


# An invitation is mail from our address with words a self-registered user chose (the
# organisation's and their own name): only a verified organisation's verified members send them,
# a few a day, to an inbox a few times a day at most.
INVITATION_MAILS = MailLimit(
    "invitation",
    per_sender=20,
    sender_window_seconds=24 * 3600,
    per_address=3,
    address_window_seconds=24 * 3600,
)
# The chosen words in the invitation are kept short, and out of its subject.
INVITATION_NAME_CHARS = 80


def _may_send_invitation(organisation: Organisation, sender, email: str) -> None:
    if not organisation.is_verified:
        raise MembershipError(
            _(
                "Ni kan bjuda in kollegor när en samordnare har verifierat organisationen, oftast "
                "när ni skickar in er första aktivitet. Kollegor kan redan nu be om att gå med."
            )
        )
    if not EmailAddress.objects.filter(
        user=sender, email__iexact=sender.email, verified=True
    ).exists():
        raise MembershipError(_("Bekräfta din e-postadress innan du bjuder in andra."))
    if not INVITATION_MAILS.allows_from(f"organisation-{organisation.pk}", email):
        raise MembershipError(
            _("Organisationen har skickat många inbjudningar i dag. Försök igen i morgon.")
        )


def _send_invitation(invitation: Invitation, *, site_url: str, language: str) -> None:
    send_email(
        to=invitation.email,
        template="organisations/email/invitation.txt",
        language=language,
        subject=lambda: _("Inbjudan till Innovationsveckan"),
        context={
            "invitation": invitation,
            "site_url": site_url,
            "organisation": Truncator(invitation.organisation.name).chars(INVITATION_NAME_CHARS),
            "inviter": Truncator(invitation.invited_by.get_full_name()).chars(
                INVITATION_NAME_CHARS
            ),
        },
    )


def resend_invitation(
    *, invitation: Invitation, resent_by, site_url: str, language: str = settings.LANGUAGE_CODE
) -> Invitation:
    """Send an invitation again, valid for a new 14 days from now, with the same link.
    Side effect: queues the invitation email. Raises MembershipError once it has been used."""
    if invitation.accepted_at is not None:
        raise MembershipError(_("Inbjudan är redan använd."))
    _may_send_invitation(invitation.organisation, resent_by, invitation.email)
    with transaction.atomic():
        invitation.created_at = timezone.now()
        invitation.invited_by = resent_by
        invitation.save(update_fields=["created_at", "invited_by"])
        _send_invitation(invitation, site_url=site_url, language=language)
    return invitation


def withdraw_invitation(*, invitation: Invitation) -> None:
    """Take an invitation back: its link then says it no longer holds."""
    if invitation.accepted_at is not None:
        raise MembershipError(_("Inbjudan är redan använd."))
    invitation.delete()


def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Make `user` a member with the invited role. Raises MembershipError if the invitation is not theirs."""
    if not invitation.is_open:
        raise MembershipError(_("Inbjudan har gått ut eller redan använts. Be om en ny inbjudan."))
    if invitation.email.lower() != user.email.lower():
        raise MembershipError(
            _("Inbjudan gäller %(email)s. Logga in med den adressen för att ta emot den.")
            % {"email": invitation.email}
        )
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return membership


def _ensure_another_admin_remains(membership: Membership) -> None:
    # Lock the organisation's memberships so two admins demoting each other cannot both succeed.
    list(Membership.objects.select_for_update().filter(organisation=membership.organisation))
    others = membership.organisation.memberships.filter(role=Membership.Role.ADMIN).exclude(
        pk=membership.pk
    )
    if membership.is_admin and not others.exists():
        raise MembershipError(
            _(
                "En organisation måste ha minst en administratör. Gör någon annan till administratör först."
            )
        )


def change_role(*, membership: Membership, role: str) -> None:
    """Change a member's role, keeping at least one administrator."""
    with transaction.atomic():
        if role != Membership.Role.ADMIN:
            _ensure_another_admin_remains(membership)
        membership.role = role
        membership.save(update_fields=["role"])


def remove_member(*, membership: Membership) -> None:
    """Remove someone from an organisation, keeping at least one administrator."""
    with transaction.atomic():
        _ensure_another_admin_remains(membership)
        membership.delete()


def create_api_token(*, organisation: Organisation, name: str, by) -> tuple[ApiToken, str]:
    """A new write-API key for the organisation; returns it with the token itself, which is never
    stored (only its hash) and so can be shown only now."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip(),
        prefix=token[:10],
        hashed=hash_api_token(token),
        created_by=by,
    )
    return api_token, token


def revoke_api_token(*, api_token: ApiToken, by) -> None:
    """Stop the key working at once. Kept, revoked, so the organisation sees what it had."""
    if api_token.revoked_at is None:
        api_token.revoked_at = timezone.now()
        api_token.save(update_fields=["revoked_at"])


def verify_organisation(*, organisation: Organisation, verified_by) -> None:
    """A coordinator vouches for an organisation: reviewers no longer see it marked unverified."""
    if organisation.is_verified:
        return
    organisation.verified_at = timezone.now()
    organisation.verified_by = verified_by
    organisation.save(update_fields=["verified_at", "verified_by"])


def request_to_join(*, organisation: Organisation, user) -> JoinRequest:
    """Ask to join an organisation that is already registered. Side effect: each of its
    administrators gets an email, once per request. Raises MembershipError for a member."""
    if organisation.memberships.filter(user=user).exists():
        raise MembershipError(
            _("Du är redan medlem i %(organisation)s.") % {"organisation": organisation}
        )
    with transaction.atomic():
        join_request, created = JoinRequest.objects.get_or_create(
            organisation=organisation, user=user, decided_at=None
        )
        if created:
            admins = organisation.memberships.filter(role=Membership.Role.ADMIN)
            for membership in admins.select_related("user"):
                send_email(
                    to=membership.user.email,
                    template="organisations/email/join_request.txt",
                    language=membership.user.language,
                    subject=lambda: (
                        _("%(name)s ber om att gå med i %(organisation)s")
                        % {"name": user.get_full_name(), "organisation": organisation}
                    ),
                    context=lambda: {
                        "join_request": join_request,
                        "link": absolute(organisation.get_absolute_url()),
                    },
                )
    return join_request


def answer_join_request(*, join_request: JoinRequest, approve: bool, answered_by) -> None:
    """Approve (the person becomes a member) or decline a request to join. Side effect: the
    person gets an email with the answer. Raises MembershipError once it has been answered."""
    with transaction.atomic():
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.decided_at is not None:
            raise MembershipError(_("Förfrågan är redan besvarad."))
        join_request.decided_at = timezone.now()
        join_request.decided_by = answered_by
        join_request.approved = approve
        join_request.save(update_fields=["decided_at", "decided_by", "approved"])
        if approve:
            Membership.objects.get_or_create(
                user=join_request.user, organisation=join_request.organisation
            )
        send_email(
            to=join_request.user.email,
            template="organisations/email/join_answer.txt",
            language=join_request.user.language,
            subject=lambda: (
                _("Svar från %(organisation)s") % {"organisation": join_request.organisation}
            ),
            context=lambda: {
                "join_request": join_request,
                "link": absolute(
                    join_request.organisation.get_absolute_url()
                    if approve
                    else reverse("organisations:mine")
                ),
            },
        )
