from django.contrib import admin

from veckan.awards.models import Award, Criterion, Juror, Nomination, Vote


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


class JurorInline(admin.TabularInline):
    model = Juror
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Coordinators set up the award here: its dates, weighted criteria and jurors."""

    list_display = [
        "name",
        "edition",
        "nominations_open",
        "nominations_close",
        "vote_open",
        "vote_close",
    ]
    inlines = [CriterionInline, JurorInline]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["solution_name", "organisation", "award", "status", "created_at"]
    list_filter = ["status", "award"]
    search_fields = ["solution_name", "organisation__name"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["nomination", "confirmed_at", "created_at"]
    list_filter = ["award"]
    readonly_fields = ["award", "nomination", "email", "confirmed_at", "created_at"]
