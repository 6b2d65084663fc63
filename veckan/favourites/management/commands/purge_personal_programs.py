from django.core.management.base import BaseCommand

from veckan.favourites.services import UNUSED_FOR, purge_unused_programs


class Command(BaseCommand):
    help = (
        f"Delete the personal programs (Mitt program) of visitors without an account that nobody "
        f"has starred in, opened or fetched as a calendar for {UNUSED_FOR.days} days, with their "
        f"stars and feed URLs. Programs on an account are kept as long as the account. Run daily."
    )

    def handle(self, *args, **options) -> None:
        deleted = purge_unused_programs()
        self.stdout.write(f"Deleted {deleted} personal programs unused for {UNUSED_FOR.days} days.")
