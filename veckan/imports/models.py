from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityImportQuerySet(models.QuerySet["ActivityImport"]):
    def of_user(self, user) -> "ActivityImportQuerySet":
        """Imports of the organisations the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)


class ActivityImport(models.Model):
    """A file or calendar read and checked, row by row, waiting for the organiser to look at the
    preview and save it. Kept in the database, not the session, so any app server can finish it."""

    class Source(models.TextChoices):
        FILE = "file", _("Fil")
        CALENDAR = "calendar", _("Kalender")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="imports"
    )
    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source)
    # The file's name or the calendar's URL, to say what was imported (and import the URL again).
    name = models.CharField(max_length=500)
    # One dict per row: {"number", "values", "errors"}; see imports.rows.
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = ActivityImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.name}"
