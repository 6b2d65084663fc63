"""Messages from the coordinators to organisers: who is chosen, preview, send, the record, access."""

import pytest
from django.core import mail

from tests.factories import make_activity, make_edition, make_organisation, make_user
from veckan.activities.models import Status
from veckan.geography.models import Municipality
from veckan.messaging.models import OrganiserMessage, OrganiserMessageRecipient
from veckan.organisations.models import Kind
from veckan.outbox.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.coordinator_signed_in]

NEW = "/samordning/meddelanden/nytt/"
LIST = "/samordning/meddelanden/"


@pytest.fixture
def edition():
    return make_edition(2027)


@pytest.fixture
def cast(edition):
    """Organisations that differ in one way each from the one every filter should choose."""
    last_year = make_edition(2026, current=False)
    uppsala = Municipality.objects.get(code="0380")
    made = {}

    # Not chosen by any filter: activities only in another edition, or no activities at all.
    old = make_organisation(name="Gammal kommun", members=[make_user("gammal@example.se")])
    make_activity(last_year, old, status=Status.APPROVED)
    make_organisation(name="Tom kommun", members=[make_user("tom@example.se")])

    made["uppsala"] = make_organisation(
        name="Uppsala kommun", members=[make_user("uppsala@example.se")]
    )
    make_activity(edition, made["uppsala"], status=Status.APPROVED, municipality=uppsala)
    made["company"] = make_organisation(
        kind=Kind.FORETAG, name="Företaget AB", members=[make_user("foretag@example.se")]
    )
    make_activity(edition, made["company"], status=Status.APPROVED)  # in Linköping, county 05
    made["changes"] = make_organisation(
        name="Ändra kommun",
        admin=make_user("andra-admin@example.se"),
        members=[make_user("andra@example.se")],
    )
    make_activity(edition, made["changes"], status=Status.CHANGES_REQUESTED)
    # A change requested in Uppsala and an approved one in Linköping: not "05 and behöver ändras".
    made["mixed"] = make_organisation(
        name="Blandad kommun", members=[make_user("bland@example.se")]
    )
    make_activity(edition, made["mixed"], status=Status.CHANGES_REQUESTED, municipality=uppsala)
    make_activity(edition, made["mixed"], status=Status.APPROVED)
    return made


def preview(client, **filters):
    data = {"utgava": "2027", "subject": "Viktigt", "body": "Hej arrangörer!", "step": "preview"}
    return client.post(NEW, data | filters)


def recipient_emails(response) -> list[str]:
    return [r.email for r in response.context["recipients"]]


def test_message_recipients_are_every_organiser_of_the_edition(client, coordinator, cast):
    assert recipient_emails(preview(client)) == [
        "bland@example.se",
        "foretag@example.se",
        "uppsala@example.se",
        "andra-admin@example.se",
        "andra@example.se",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"lan": "03"}, ["bland@example.se", "uppsala@example.se"]),
        (
            {"lan": "05"},
            [
                "bland@example.se",
                "foretag@example.se",
                "andra-admin@example.se",
                "andra@example.se",
            ],
        ),
        ({"typ": Kind.FORETAG}, ["foretag@example.se"]),
        (
            {"status": Status.CHANGES_REQUESTED},
            ["bland@example.se", "andra-admin@example.se", "andra@example.se"],
        ),
        (
            {"lan": "05", "status": Status.CHANGES_REQUESTED},
            ["andra-admin@example.se", "andra@example.se"],
        ),
        ({"lan": "03", "typ": Kind.FORETAG}, []),
    ],
)
def test_message_recipients_follow_each_filter(client, coordinator, cast, filters, expected):
    assert recipient_emails(preview(client, **filters)) == expected


def test_message_recipient_in_two_organisations_gets_one_email(client, coordinator, cast):
    both = make_user("bada@example.se")
    cast["uppsala"].memberships.create(user=both)
    cast["company"].memberships.create(user=both)
    recipients = preview(client).context["recipients"]
    assert [r.organisation_names for r in recipients if r.email == "bada@example.se"] == [
        "Företaget AB, Uppsala kommun"
    ]


def test_message_preview_shows_recipients_and_text_and_sends_nothing(client, coordinator, cast):
    response = preview(client, typ=Kind.FORETAG)
    html = response.content.decode()
    assert "Mejlet skickas till 1 person." in html
    assert "Företaget AB" in html
    assert "foretag@example.se" in html
    assert "uppsala@example.se" not in html
    assert "Hej arrangörer!" in html
    assert OutboxMessage.objects.count() == 0
    assert OrganiserMessage.objects.count() == 0


def test_message_send_emails_each_recipient_alone_and_records_it(client, coordinator, cast):
    response = client.post(
        NEW,
        {
            "utgava": "2027",
            "lan": "05",
            "subject": "Viktigt",
            "body": "Hej arrangörer!",
            "step": "send",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Meddelandet är skickat till 4 personer."
    ]
    expected = [
        "bland@example.se",
        "foretag@example.se",
        "andra-admin@example.se",
        "andra@example.se",
    ]
    queued = OutboxMessage.objects.order_by("pk")
    assert [m.to for m in queued] == [[email] for email in expected]
    assert {m.subject for m in queued} == {"Viktigt"}
    assert all("Hej arrangörer!" in m.body and not m.cc and not m.bcc for m in queued)
    message = OrganiserMessage.objects.get()
    assert (message.subject, message.body, message.sent_by) == (
        "Viktigt",
        "Hej arrangörer!",
        coordinator,
    )
    assert message.filters == {"utgava": 2027, "lan": "05", "typ": "", "status": ""}
    assert sorted(message.recipients.values_list("email", "organisation_name")) == sorted(
        [
            ("bland@example.se", "Blandad kommun"),
            ("foretag@example.se", "Företaget AB"),
            ("andra-admin@example.se", "Ändra kommun"),
            ("andra@example.se", "Ändra kommun"),
        ]
    )
    assert mail.outbox == []  # queued for the worker, not delivered in the request


def test_message_sent_twice_by_a_double_click_goes_once(client, coordinator, cast):
    data = {"utgava": "2027", "typ": Kind.FORETAG, "subject": "S", "body": "B", "step": "send"}
    client.post(NEW, data)
    response = client.post(NEW, data)
    assert "Det här meddelandet har redan skickats." in response.content.decode()
    assert OutboxMessage.objects.count() == 1
    assert OrganiserMessage.objects.count() == 1


def test_message_with_no_recipients_is_not_sent(client, coordinator, cast):
    data = {"utgava": "2027", "lan": "03", "typ": Kind.FORETAG, "subject": "S", "body": "B"}
    response = client.post(NEW, data | {"step": "send"})
    assert "Ingen arrangör matchar urvalet." in response.content.decode()
    assert OutboxMessage.objects.count() == 0
    assert OrganiserMessage.objects.count() == 0


def test_message_form_defaults_to_the_current_edition(client, coordinator, edition):
    make_edition(2026, current=False)
    assert client.get(NEW).context["form"].initial["utgava"] == 2027


@pytest.mark.parametrize("url", [LIST, NEW])
def test_message_pages_refused_to_organisers(client, owner, organisation, edition, url):
    client.force_login(owner)
    assert client.get(url).status_code == 403
    response = client.post(NEW, {"utgava": "2027", "subject": "S", "body": "B", "step": "send"})
    assert response.status_code == 403
    assert OrganiserMessage.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_message_list_query_count_is_fixed(
    client, coordinator, edition, django_assert_num_queries, count
):
    for n in range(count):
        message = OrganiserMessage.objects.create(
            edition=edition, subject=f"Meddelande {n}", body="Text", sent_by=coordinator
        )
        for m in range(n + 1):
            OrganiserMessageRecipient.objects.create(
                message=message, email=f"p{m}@example.se", organisation_name="Org"
            )
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert [(m.subject, m.recipient_count) for m in response.context["sent_messages"]] == [
        (f"Meddelande {n}", n + 1) for n in reversed(range(count))
    ]
