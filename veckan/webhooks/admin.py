from django.contrib import admin

from veckan.webhooks.models import AnnouncedEdition, Delivery, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "description", "is_active", "created_by", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    # The secret is not shown here: it was shown once, to the coordinator who created the webhook.
    exclude = ["secret"]
    readonly_fields = ["created_by", "created_at"]

    def has_add_permission(self, request) -> bool:
        # Created on the coordinators' page, which shows the new secret once; here nobody would see it.
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["webhook", "event", "activity_id", "status", "attempts", "response_status"]
    list_filter = ["status", "event"]
    list_select_related = ["webhook"]
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(AnnouncedEdition)
class AnnouncedEditionAdmin(admin.ModelAdmin):
    list_display = ["edition", "announced_at"]
    readonly_fields = ["edition", "announced_at"]
