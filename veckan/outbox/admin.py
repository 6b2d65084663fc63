from django.contrib import admin

from veckan.outbox.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "attempts", "created_at", "sent_at", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
