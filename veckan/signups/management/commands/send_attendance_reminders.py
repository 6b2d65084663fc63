from django.conf import settings
from django.core.management.base import BaseCommand

from veckan.signups.services import send_attendance_reminders


class Command(BaseCommand):
    help = (
        "Reminds the organisers of activities that ended ATTENDANCE_REMINDER_DAYS ago to report "
        "how many came. Run it daily; each activity's organisers are reminded once."
    )

    def handle(self, *args, **options):
        sent = send_attendance_reminders()
        days = settings.ATTENDANCE_REMINDER_DAYS
        self.stdout.write(f"Reminded the organisers of {sent} activities ended {days} days ago.")
