from django.core.management.base import BaseCommand
from django.utils import timezone

from veckan.activities.search import index_all
from veckan.editions.models import Edition


class Command(BaseCommand):
    help = "Rewrites the free-text search index of every activity (after an import or a restore)."

    def handle(self, *args, **options):
        indexed = index_all()
        # The words changed without the activities: moving every program's version makes each
        # running server read them all again (veckan.program.index keeps them between versions).
        Edition.objects.update(updated_at=timezone.now())
        self.stdout.write(f"Indexed {indexed} activities.")
