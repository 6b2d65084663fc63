from django.core.management.base import BaseCommand

from veckan.activities.search import index_all


class Command(BaseCommand):
    help = "Rewrites the free-text search index of every activity (after an import or a restore)."

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {index_all()} activities.")
