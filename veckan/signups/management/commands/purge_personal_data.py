from django.conf import settings
from django.core.management.base import BaseCommand

from veckan.signups.personal_data import purge_personal_data


class Command(BaseCommand):
    help = (
        "Anonymises the participants of editions that ended more than "
        "PERSONAL_DATA_RETENTION_DAYS days ago; the counts stay. Safe to run daily: rows already "
        "anonymised are left alone."
    )

    def handle(self, *args, **options):
        anonymised = purge_personal_data()
        self.stdout.write(
            f"Anonymised {anonymised} sign-up(s) of editions that ended more than "
            f"{settings.PERSONAL_DATA_RETENTION_DAYS} days ago."
        )
