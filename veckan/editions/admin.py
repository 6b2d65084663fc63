from django.contrib import admin
from django.db import transaction

from veckan.editions.models import Edition, FocusArea
from veckan.revisions.services import record_change


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "theme", "starts_on", "ends_on", "is_current"]
    inlines = [FocusAreaInline]

    def save_related(self, request, form, formsets, change):
        # The edition and its focus areas show on every activity: the whole program moves.
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            record_change(everything=True)
