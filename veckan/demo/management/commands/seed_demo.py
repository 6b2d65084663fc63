from django.core.management.base import BaseCommand
from django.db import transaction

from veckan.accounts.models import User
from veckan.demo.bulk import seed_many
from veckan.demo.people import COORDINATOR_EMAIL, demo_logins, describe
from veckan.demo.seed import seed
from veckan.editions.models import Edition


class Command(BaseCommand):
    help = (
        "Fills an empty database with the demo week and prints the demo logins. Safe to run again. "
        "With --activities or --archive, adds that many more published activities (seeding the "
        "demo first when the database is empty), to try the site at full size."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--activities",
            type=int,
            default=0,
            help="Add this many approved activities to the current edition.",
        )
        parser.add_argument(
            "--archive",
            type=int,
            default=0,
            help="Add this many approved activities spread over the earlier editions.",
        )

    def handle(self, *args, activities=0, archive=0, **options):
        many = activities > 0 or archive > 0
        if Edition.objects.exists():
            if not many:
                self.stdout.write("The database already has data; leaving it as it is.")
                if User.objects.filter(email=COORDINATOR_EMAIL).exists():
                    self.stdout.write(describe(demo_logins()))
                return
        else:
            with transaction.atomic():
                logins = seed()
            self.stdout.write(describe(logins))
        if many:
            with transaction.atomic():
                added = seed_many(activities=activities, archive=archive)
            self.stdout.write(f"Added {added} published activities.")
