from django.contrib import admin

from veckan.editions.models import Edition, FocusArea


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "theme", "starts_on", "ends_on", "is_current"]
    inlines = [FocusAreaInline]
