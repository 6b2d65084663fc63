from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.factories import (
    add_totp,
    at,
    make_activity,
    make_edition,
    make_organisation,
    make_published_edition,
    make_user,
)
from veckan.activities import search
from veckan.activities.models import Activity, ActivityTag, Status
from veckan.geography.models import Municipality
from veckan.organisations.models import Kind
from veckan.program import filters, index, kept_pages

# Every state in which an activity is not in the public program.
UNPUBLISHED_STATUSES = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.REJECTED,
    Status.WITHDRAWN,
    Status.CHANGES_REQUESTED,
)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Django's test setup makes every mailer locmem; keep ours so every test sees the real path:
    # mail lands in the outbox table and the worker delivers it to the locmem outbox.
    # A request under /en/ leaves English active in this thread; every test starts in Swedish.
    translation.activate("sv")
    # Real password hashing is slow on purpose; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {
        "default": {"BACKEND": "veckan.outbox.backends.OutboxBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    # What a process keeps between requests (the program's index, keyed by an edition id the next
    # test's database can hand out again, and the places read once): every test starts cold, so the
    # queries it counts are its own and not those of whichever test ran before it.
    index._indexes.clear()
    filters._places.cache_clear()
    kept_pages.forget_kept_pages()
    # A change shows on the program's pages at once here; the half second of grace a kept page
    # has in production is tested on its own (tests/program/test_kept_pages.py).
    settings.PROGRAM_PAGE_GRACE_SECONDS = 0


@pytest.fixture
def owner(db):
    return make_user("agare@kommun.example.se", name="Åsa Ägare")


@pytest.fixture
def colleague(db):
    return make_user("kollega@kommun.example.se", name="Kim Kollega")


@pytest.fixture
def stranger(db):
    return make_user("frammande@annan.example.se", name="Frida Främling")


@pytest.fixture
def organisation(owner, colleague):
    return make_organisation(name="Exempelby kommun", admin=owner, members=[colleague])


@pytest.fixture
def other_organisation(stranger):
    return make_organisation(name="Annanstad kommun", admin=stranger)


@pytest.fixture
def coordinator(request, db):
    """The one coordinator of the cast, verified with two-factor login. A module marked
    `pytest.mark.coordinator_signed_in` gets them signed in on `client` too (the login flow itself is
    proven in test_accounts)."""
    user = make_user("samordnare@skr.example.se", coordinator=True, name="Sara Samordnare")
    add_totp(user)
    if request.node.get_closest_marker("coordinator_signed_in"):
        request.getfixturevalue("client").force_login(user)
    return user


# --- The published program ---------------------------------------------------------------------
# A module that needs the edition in another state (registration open, program not yet out) defines
# its own `edition`; `hidden` and `program` then follow it.


@pytest.fixture
def edition(db):
    """The current edition: registration closed, its program published since yesterday."""
    return make_published_edition()


@pytest.fixture
def hidden(edition, organisation):
    """Everything the public must never see, made before what it may (so an id or a count would
    show it): the edition's activities in every unpublished state, and an approved activity of an
    edition whose program is not out yet."""
    made = [
        make_activity(edition, organisation, status=status, title=f"Hemlig {status}")
        for status in UNPUBLISHED_STATUSES
    ]
    future = make_edition(
        2028, current=False, program_published_at=timezone.now() + timedelta(days=300)
    )
    made.append(make_activity(future, organisation, status=Status.APPROVED, title="Hemlig framtid"))
    return made


@pytest.fixture
def program(hidden, edition, organisation):
    """The published program, in time order of its days: a workshop on Monday morning, a seminar in
    Uppsala on Monday afternoon (both the cast's organisation), a digital webcast and a cancelled
    seminar on Tuesday (both Vinnova's); indexed for search."""
    uppsala = Municipality.objects.get(code="0380")
    agency = make_organisation(kind=Kind.STATLIG_MYNDIGHET, name="Vinnova")
    monday, tuesday = edition.days[0], edition.days[1]
    made = [
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title="Digitala möten i vården",
            type="workshop",
            starts_at=at(monday, 9),
            ends_at=at(monday, 11),
        ),
        make_activity(
            edition,
            organisation,
            status=Status.APPROVED,
            title="Innovationer i skolan",
            type="seminarium",
            municipality=uppsala,
            starts_at=at(monday, 13),
            ends_at=at(monday, 15),
        ),
        make_activity(
            edition,
            agency,
            status=Status.CANCELLED,
            title="Öppna data för alla",
            type="seminarium",
            cancellation_reason="Föreläsaren är sjuk.",
            starts_at=at(tuesday, 18),
            ends_at=at(tuesday, 20),
        ),
        make_activity(
            edition,
            agency,
            status=Status.APPROVED,
            title="Webbsändning om AI",
            type="webbsandning",
            format="digital",
            municipality=None,
            address="",
            venue="",
            stream_url="https://play.example.se/ai",
            starts_at=at(tuesday, 10),
            ends_at=at(tuesday, 11),
        ),
    ]
    ActivityTag.objects.create(activity=made[0], kind="language", value="en")
    ActivityTag.objects.create(activity=made[0], kind="language", value="sv")
    ActivityTag.objects.create(activity=made[1], kind="language", value="sv")
    search.index_activities(Activity.objects.with_related())
    return made
