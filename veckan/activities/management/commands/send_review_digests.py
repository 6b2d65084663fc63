from django.core.management.base import BaseCommand

from veckan.activities.review_emails import send_digests


class Command(BaseCommand):
    help = (
        "Sends the coordinators who chose it a daily summary of what waits for review. Run it "
        "hourly: each gets at most one a day."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_digests()} review summaries.")
