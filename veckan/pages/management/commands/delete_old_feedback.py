from django.core.management.base import BaseCommand

from veckan.pages.services import FEEDBACK_RETENTION, delete_old_feedback


class Command(BaseCommand):
    help = "Delete accessibility feedback older than the retention period (run daily)."

    def handle(self, *args, **options) -> None:
        deleted = delete_old_feedback()
        self.stdout.write(f"Deleted {deleted} feedback older than {FEEDBACK_RETENTION.days} days.")
