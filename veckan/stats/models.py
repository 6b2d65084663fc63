from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityPageView(models.Model):
    """How many times an activity's public page was seen on one day. No visitor data, no cookie."""

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="page_views"
    )
    day = models.DateField(_("dag"))
    count = models.PositiveIntegerField(_("sidvisningar"), default=0)

    class Meta:
        verbose_name = _("sidvisningar per dag")
        verbose_name_plural = _("sidvisningar per dag")
        ordering = ["activity", "day"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "day"], name="one_page_view_row_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.day}: {self.count}"
