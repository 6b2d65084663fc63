from django.core.management.base import BaseCommand

from veckan.evaluations.models import FOLLOW_UP_KEEP_MONTHS
from veckan.evaluations.services import purge_follow_ups


class Command(BaseCommand):
    help = (
        "Deletes the follow-up consents (addresses) of activities that ended "
        f"{FOLLOW_UP_KEEP_MONTHS} months ago: the follow-up's own retention, apart from "
        "purge_personal_data. Run it daily; the anonymous answers stay."
    )

    def handle(self, *args, **options):
        deleted = purge_follow_ups()
        self.stdout.write(f"Deleted {deleted} follow-up consent(s).")
