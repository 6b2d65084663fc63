from django.core.management.base import BaseCommand

from veckan.activities.captions import send_caption_reminders


class Command(BaseCommand):
    help = (
        "Reminds the organisers of recordings online without checked captions: 7 days and 2 days "
        "before the 14 days from the broadcast run out, and when they have. Run it daily (or "
        "hourly); each reminder goes out once."
    )

    def handle(self, *args, **options):
        sent = send_caption_reminders()
        self.stdout.write(f"Sent {sent} reminders to caption a recording.")
