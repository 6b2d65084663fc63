from django.contrib import admin

from veckan.pages.models import AccessibilityFeedback, Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at", "updated_by"]
    readonly_fields = ["slug", "updated_at", "updated_by"]

    def has_add_permission(self, request) -> bool:
        return False  # the four pages come with the migration; there are no others

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "description", "page_url", "handled"]
    list_filter = ["handled"]
    readonly_fields = ["created_at", "handled_by", "handled_at"]
