import time

from django.core.management.base import BaseCommand

from veckan.webhooks.services import announce_due_editions, deliver_due_webhooks


class Command(BaseCommand):
    help = (
        "Announces editions whose program has just been published, then delivers the webhook "
        "events waiting, with retries. --loop keeps it running as a worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, checking every --interval."
        )
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between checks.")

    def handle(self, *args, loop: bool, interval: float, **options):
        while True:
            queued = announce_due_editions()
            sent = deliver_due_webhooks()
            if options["verbosity"] > 1:
                if queued:
                    self.stdout.write(f"Queued {queued} event(s) for published editions.")
                if sent:
                    self.stdout.write(f"Sent {sent} webhook event(s).")
            if not loop:
                return
            time.sleep(interval)
