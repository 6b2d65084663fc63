"""Issue 14, line 4: every form that emails an address limits mails per sender and per target
address; one mailbox counts as one however its address is written."""

import pytest
from django.test import RequestFactory

from veckan.lib.ratelimit import MailLimit

pytestmark = pytest.mark.django_db

LIMIT = MailLimit(
    "test", per_sender=4, sender_window_seconds=60, per_address=2, address_window_seconds=60
)


def _from(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_one_address_is_mailed_at_most_its_limit_from_any_number_of_networks():
    answers = [LIMIT.allows(_from(f"192.0.2.{n}"), "anna@example.se") for n in range(4)]
    assert answers == [True, True, False, False]
    assert LIMIT.allows(_from("192.0.2.9"), "bertil@example.se")


@pytest.mark.parametrize(
    "written", ["ANNA@example.se", "anna+pris@example.se", " Anna+1@Example.SE "]
)
def test_case_and_plus_tags_are_the_same_mailbox(written):
    assert LIMIT.allows(_from("192.0.2.1"), "anna@example.se")
    assert LIMIT.allows(_from("192.0.2.2"), "anna@example.se")
    assert not LIMIT.allows(_from("192.0.2.3"), written)


def test_one_network_mails_at_most_its_limit_to_any_number_of_addresses():
    answers = [LIMIT.allows(_from("2001:db8::1"), f"p{n}@example.se") for n in range(4)]
    assert answers == [True, True, True, True]
    # Another machine in the same IPv6 /64 is the same client.
    assert not LIMIT.allows(_from("2001:db8::ffff"), "p9@example.se")
