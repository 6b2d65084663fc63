from django.core.management.base import BaseCommand

from veckan.signups.services import release_expired_holds, send_reminders


class Command(BaseCommand):
    help = (
        "Reminds confirmed participants of tomorrow's activities, and lets go of unconfirmed holds. "
        "Safe to run as often as you like: nobody is reminded twice."
    )

    def handle(self, *args, **options):
        released = release_expired_holds()
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} reminder(s); released {released} unconfirmed hold(s).")
