from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from veckan.outbox.services import delete_delivered


class Command(BaseCommand):
    help = (
        "Deletes delivered and failed emails older than OUTBOX_RETENTION_DAYS. Safe to run daily."
    )

    def handle(self, *args, **options):
        deleted = delete_delivered(older_than=timedelta(days=settings.OUTBOX_RETENTION_DAYS))
        self.stdout.write(f"Deleted {deleted} old message(s).")
