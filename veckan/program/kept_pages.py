"""Which kept pages (veckan.lib.page_cache) of the public program still hold, and when.

An activity's page holds until something it shows changes: the activity itself, an organisation
it names, or everything (an edition, a publication), which the program's revision tells in one
query (revisions.services.unchanged_since); its seats, read live where sign-up is here; or the
clock passing a moment it shows (it starts, ends, sign-up closes). So an approval elsewhere in the
program leaves every other activity's kept page as it is, on release day too.

A page of the program (a search, the first page) shows counts over the whole program, so any new
revision ends it, except within the grace (index.GRACE_SECONDS) of its rendering: under a stream of
approvals the first page is rendered a few times a second rather than once per approval, and a
change still shows within twice the grace on every server (the page's and its index's). The clock ends it too: a sign-up deadline it counts passing, and
during the week "Pågår nu" every quarter minute.
"""

import time
from bisect import bisect_right
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from veckan.activities.models import Activity, SignupMode
from veckan.lib.page_cache import Kept, PageCache
from veckan.program.filters import ProgramSearch
from veckan.program.index import GRACE_SECONDS
from veckan.revisions.services import current, unchanged_since
from veckan.signups.models import SignUp

ACTIVITY_PAGES = PageCache("activity", local_size=300)
PROGRAM_PAGES = PageCache("program", local_size=100)
# Whatever else holds, a program page is made again after this long, and during the week sooner.
PROGRAM_PAGE_SECONDS = 60
DURING_THE_WEEK_SECONDS = 15
# A kept page checked this many revisions after it was made is marked as holding at the newer one,
# so later checks read fewer changes.
RESTAMP_AFTER = 50


def _seats(pk: int) -> list[list[int | None]]:
    # As lists: what the shared cache hands back of a tuple may be either.
    return [list(row) for row in SignUp.objects.filter(activity_id=pk).seat_counts()]


def kept_activity_page(request: HttpRequest) -> tuple[HttpResponse, int] | None:
    """The kept page of the activity this request asks for, with the activity's pk, if it still
    holds."""
    kept = ACTIVITY_PAGES.get(request)
    if kept is None:
        return None
    meta = kept.meta
    if meta["until"] is not None and time.time() >= meta["until"]:
        return None
    if meta["seats"] is not None and _seats(meta["pk"]) != meta["seats"]:
        return None
    holds, revision = unchanged_since(
        meta["revision"], activities=[meta["pk"]], organisations=meta["organisations"]
    )
    if not holds:
        return None
    if revision - meta["revision"] >= RESTAMP_AFTER:
        ACTIVITY_PAGES.restamp(request, kept, revision=revision)
    return ACTIVITY_PAGES.serve(request, kept), meta["pk"]


def keep_activity_page(
    request: HttpRequest, response: HttpResponse, activity: Activity, revision: int
) -> None:
    """Keep the page just rendered from `activity`, read at `revision` or later."""
    organisations = {activity.organisation_id} | {
        co.organisation_id for co in activity.co_organisers.all() if co.organisation_id
    }
    moments = [activity.starts_at, activity.ends_at]
    occasions = activity.occasions.all()  # fetched with the page (its query prefetches them)
    moments += [moment for o in occasions for moment in (o.starts_at, o.ends_at)]
    seats = None
    if activity.signup_mode == SignupMode.PLATFORM:
        moments.append(activity.signup_closes)
        moments += [occasion.signup_closes for occasion in occasions]
        seats = _seats(activity.pk)
    meta = {
        "pk": activity.pk,
        "revision": revision,
        "organisations": sorted(organisations),
        "until": _next(moments, timezone.now()),
        "seats": seats,
    }
    ACTIVITY_PAGES.put(request, response, meta)


def kept_program_page(request: HttpRequest) -> HttpResponse | None:
    kept = PROGRAM_PAGES.get(request)
    if kept is None or not _program_page_holds(kept):
        return None
    return PROGRAM_PAGES.serve(request, kept)


def _program_page_holds(kept: Kept) -> bool:
    if time.time() >= kept.meta["until"]:
        return False
    if kept.age < getattr(settings, "PROGRAM_PAGE_GRACE_SECONDS", GRACE_SECONDS):
        return True
    return current().number == kept.meta["revision"]


def keep_program_page(
    request: HttpRequest, response: HttpResponse, program: ProgramSearch, *, during_the_week: bool
) -> None:
    now = timezone.now()
    seconds = DURING_THE_WEEK_SECONDS if during_the_week else PROGRAM_PAGE_SECONDS
    until = now.timestamp() + seconds
    for moments, _positions in program.index.deadlines.values():
        passed = bisect_right(moments, now.timestamp())
        if passed < len(moments):
            until = min(until, moments[passed])
    meta = {"revision": program.index.state.revision, "until": until}
    PROGRAM_PAGES.put(request, response, meta)


def _next(moments: list[datetime | None], now: datetime) -> float | None:
    ahead = [moment.timestamp() for moment in moments if moment is not None and moment > now]
    return min(ahead, default=None)


def forget_kept_pages() -> None:
    """Forget this process's kept pages (tests start each from nothing)."""
    ACTIVITY_PAGES.clear()
    PROGRAM_PAGES.clear()
