from django.core.management.base import BaseCommand

from veckan.evaluations.services import send_follow_ups, send_surveys


class Command(BaseCommand):
    help = (
        "Mails the survey the morning after each activity to those who took part, and the "
        "follow-up question 3, 6 and 12 months after to those who opted in. Run it hourly: "
        "nobody gets either mail twice."
    )

    def handle(self, *args, **options):
        surveys = send_surveys()
        follow_ups = send_follow_ups()
        self.stdout.write(f"Sent {surveys} survey(s) and {follow_ups} follow-up question(s).")
