"""A living demo week, the same every time it is made (given today's date).

Each domain adds its part as it grows, so `make run` always shows a whole week; each job has its own
module (people, program, award, signups, images) and this one runs them in order. `bulk` adds many
more activities, for the benchmark.
"""

from datetime import date

from django.utils import timezone

from veckan.activities import search
from veckan.demo.award import seed_award
from veckan.demo.collections import seed_collections
from veckan.demo.people import (
    COORDINATOR_EMAIL,
    ORGANISATIONS,
    ORGANISER_EMAIL,
    DemoLogins,
    seed_organisations,
    seed_people,
)
from veckan.demo.program import seed_activities, seed_editions, seed_page_views
from veckan.demo.signups import seed_signups
from veckan.revisions.services import record_change

__all__ = ["COORDINATOR_EMAIL", "ORGANISATIONS", "ORGANISER_EMAIL", "seed"]


def seed(today: date | None = None) -> DemoLogins:
    today = today or timezone.localdate()
    seed_editions(today)
    organisations = seed_organisations()
    logins = seed_people(organisations)
    seed_activities(today=today, organisations=organisations, logins=logins)
    seed_award(today=today, organisations=organisations, logins=logins)
    seed_collections()
    seed_signups(today=today, logins=logins)
    seed_page_views(today)
    search.index_all()
    record_change(everything=True)
    return logins
