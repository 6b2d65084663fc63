"""Granting and revoking the regional coordinator's role; only national coordinators may."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from veckan.accounts.models import User
from veckan.accounts.permissions import acts_as_coordinator
from veckan.collections.models import Collection
from veckan.coordination.models import RegionalCoordinator
from veckan.geography.models import County
from veckan.lib.email import absolute, send_email


class GrantError(Exception):
    """A grant or revocation refused; the text is for the national coordinator."""


def _require_national(user) -> None:
    if not acts_as_coordinator(user):
        raise GrantError(_("Bara nationella samordnare kan ge och ta bort regionala samordnare."))


def grant_regional_coordinator(
    *,
    user: User,
    county: County | None = None,
    collection: Collection | None = None,
    granted_by: User,
) -> RegionalCoordinator:
    """Let `user` review, feature and message within the county or the collection (exactly one).

    Side effect: the person gets an email, in their language, saying what they may do and that
    they need two-factor login. Raises GrantError when `granted_by` is not a national coordinator,
    when `user` already is one, or already holds this grant.
    """
    _require_national(granted_by)
    if (county is None) == (collection is None):
        raise GrantError(_("Välj ett län eller en samling."))
    if user.is_coordinator:
        raise GrantError(
            _("%(user)s är redan nationell samordnare och når alla aktiviteter.") % {"user": user}
        )
    try:
        with transaction.atomic():
            grant = RegionalCoordinator.objects.create(
                user=user, county=county, collection=collection, granted_by=granted_by
            )
    except IntegrityError:
        raise GrantError(
            _("%(user)s är redan regional samordnare för %(area)s.")
            % {"user": user, "area": county or collection}
        ) from None
    send_email(
        to=user.email,
        template="coordination/email/granted.txt",
        language=user.language,
        subject=lambda: _("Du är regional samordnare för %(area)s") % {"area": grant.area},
        context=lambda: {
            "grant": grant,
            "granted_by": granted_by,
            "start": absolute(reverse("stats:home")),
            "two_factor": absolute(reverse("mfa_activate_totp")),
        },
    )
    return grant


def revoke_regional_coordinator(*, grant: RegionalCoordinator, revoked_by: User) -> None:
    """End the grant: from the next request the person no longer reaches its activities.
    Raises GrantError when `revoked_by` is not a national coordinator."""
    _require_national(revoked_by)
    grant.delete()
