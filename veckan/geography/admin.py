from django.contrib import admin
from django.http import HttpRequest

from veckan.geography.models import County, Municipality


class ReferenceDataAdmin(admin.ModelAdmin):
    """SCB's codes and names are fixed reference data: viewable, never edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(County)
class CountyAdmin(ReferenceDataAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    exclude = ["path"]


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["code", "name"]
    exclude = ["path"]
