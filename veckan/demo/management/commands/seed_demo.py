from django.core.management.base import BaseCommand
from django.db import transaction

from veckan.demo import seed
from veckan.editions.models import Edition


class Command(BaseCommand):
    help = (
        "Fills an empty database with the demo week and prints the demo logins. Safe to run again."
    )

    def handle(self, *args, **options):
        if Edition.objects.exists():
            self.stdout.write("The database already has data; leaving it as it is.")
            if seed.User.objects.filter(email=seed.COORDINATOR_EMAIL).exists():
                self.stdout.write(seed.describe(seed.demo_logins()))
            return
        with transaction.atomic():
            logins = seed.seed()
        self.stdout.write(seed.describe(logins))
