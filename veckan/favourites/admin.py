from django.contrib import admin

from veckan.favourites.models import PersonalProgram


@admin.register(PersonalProgram)
class PersonalProgramAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "created_at", "last_seen_at"]
    list_select_related = ["user"]
    # The token is left out: with it, anyone could read the program's calendar feed.
    fields = ["user", "created_at", "last_seen_at"]
    readonly_fields = ["user", "created_at", "last_seen_at"]

    def has_add_permission(self, request) -> bool:
        # Programs are made by starring an activity; one made here would belong to nobody.
        return False
