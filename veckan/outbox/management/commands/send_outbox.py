import time

from django.core.management.base import BaseCommand

from veckan.outbox.services import deliver_due


class Command(BaseCommand):
    help = "Delivers the emails waiting in the outbox, with retries. --loop keeps it running as a worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, checking every --interval."
        )
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between checks.")

    def handle(self, *args, loop: bool, interval: float, **options):
        while True:
            sent = deliver_due()
            if sent and options["verbosity"] > 1:
                self.stdout.write(f"Sent {sent} message(s).")
            if not loop:
                return
            time.sleep(interval)
