import pytest
from django.utils import translation

from veckan.program import filters, index

from tests.factories import add_totp, make_organisation, make_user


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
