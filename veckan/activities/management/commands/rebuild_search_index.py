from django.core.management.base import BaseCommand
from django.db import transaction

from veckan.activities.search import index_all
from veckan.revisions.services import record_change


class Command(BaseCommand):
    help = "Rewrites the free-text search index of every activity (after an import or a restore)."

    def handle(self, *args, **options):
        with transaction.atomic():
            indexed = index_all()
            # The words changed without the activities: every running server reads them again
            # (veckan.program.index keeps them between revisions).
            record_change(everything=True)
        self.stdout.write(f"Indexed {indexed} activities.")
