"""Regional coordinators: who may review, feature and message within a county or a collection.

The rules that read a grant live where they are asked: accounts.permissions (the two-factor gate,
`reviewer_required`) and Activity.objects.within_scope_of (what the powers reach); both follow the
`regional_scopes` relation, so neither imports this app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegionalCoordinator(models.Model):
    """A grant of a coordinator's review powers within one county or one collection.

    A regional coordinator may review, feature and message the organisers of the activities in
    their county (where the activity takes place) or collection (its rules and hand-picked ones,
    whatever the activity's status), and nothing else: not editions, pages, webhooks, the award or
    grants. Like a national coordinator they need two-factor login (accounts.permissions). Only
    national coordinators grant and revoke. One person may hold several grants.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="regional_scopes",
        verbose_name=_("användare"),
    )
    county = models.ForeignKey(
        "geography.County",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("län"),
    )
    collection = models.ForeignKey(
        "collections.Collection",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samling"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("beviljad av"),
    )
    granted_at = models.DateTimeField(_("beviljad"), default=timezone.now)

    class Meta:
        verbose_name = _("regional samordnare")
        verbose_name_plural = _("regionala samordnare")
        ordering = ["user__email", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(county__isnull=False, collection__isnull=True)
                | models.Q(county__isnull=True, collection__isnull=False),
                name="regional_coordinator_county_or_collection",
            ),
            models.UniqueConstraint(
                fields=["user", "county"], name="regional_coordinator_once_per_county"
            ),
            models.UniqueConstraint(
                fields=["user", "collection"], name="regional_coordinator_once_per_collection"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.area}"

    @property
    def area(self):
        """The county or the collection the grant is for."""
        return self.county if self.county_id else self.collection
