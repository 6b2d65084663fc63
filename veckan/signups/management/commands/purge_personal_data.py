from django.conf import settings
from django.core.management.base import BaseCommand

from veckan.awards.services import anonymise_votes
from veckan.signups.personal_data import purge_personal_data


class Command(BaseCommand):
    help = (
        "Anonymises the participants and the award's voters of editions that ended more than "
        "PERSONAL_DATA_RETENTION_DAYS days ago; the counts stay. Safe to run daily: rows already "
        "anonymised are left alone."
    )

    def handle(self, *args, **options):
        anonymised = purge_personal_data()
        votes = anonymise_votes()
        self.stdout.write(
            f"Anonymised {anonymised} sign-up(s) and {votes} vote(s) of editions that ended more "
            f"than {settings.PERSONAL_DATA_RETENTION_DAYS} days ago."
        )
