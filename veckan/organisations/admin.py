from django.contrib import admin

from veckan.organisations.models import Invitation, Membership, Organisation
from veckan.organisations.services import save_organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org_number", "home_municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        # Through the service, so the public program moves with what visitors see of it.
        if change:
            save_organisation(organisation=obj)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
