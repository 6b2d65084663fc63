import re

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from veckan.outbox.models import OutboxMessage

# An email's links are often someone's key: a password reset, a sign-up's own page, a vote's
# confirmation, an invitation. Staff see that a message was sent and why it failed, never its keys.
_LINK = re.compile(r"https?://\S+")


def without_links(text: str) -> str:
    return _LINK.sub(gettext("[länk dold]"), text)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "attempts", "created_at", "sent_at", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    fields = [
        "subject",
        "text_without_links",
        "from_email",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("text (länkar dolda)"))
    def text_without_links(self, message: OutboxMessage) -> str:
        return without_links(message.body)

    def has_add_permission(self, request) -> bool:
        return False
