"""A recording's captions: a caption status and a WebVTT file or link, checked to be WebVTT; the
14-day clock from the broadcast (the activity's end), shown to the organiser, with reminders at 7
and 2 days left and when out of time, each once, in each member's language; and the coordinators'
list of recordings out of time. Only checked captions meet the rule: automatic ones can be wrong."""

import io
import os
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_activity, make_edition, make_organisation
from veckan.activities import captions
from veckan.activities.models import (
    CAPTION_DAYS,
    Activity,
    CaptionStatus,
    RecordingReminder,
    Status,
    caption_days_left,
)
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nV\xc3\xa4lkomna till Innovationsveckan!\n"
NOT_WEBVTT = (
    "Filen är inte en WebVTT-fil. En WebVTT-fil börjar med raden ”WEBVTT” och har tider som "
    "”00:00:01.000 --> 00:00:04.000”. De flesta videotjänster kan spara textningen som .vtt."
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def past_edition():
    """This year's edition, over and published: its activities have ended."""
    return make_edition(2026, current=False)


@pytest.fixture
def recorded(past_edition, organisation):
    return make_activity(
        past_edition,
        organisation,
        status=Status.APPROVED,
        title="Öppna data",
        recording_url="https://play.example.se/oppna-data",
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def errors_of(response) -> list[str]:
    return [e.text for e in response.context["errors"]]


def mails() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.order_by("pk"))


# --- what a WebVTT file is ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        VTT,
        b"\xef\xbb\xbf" + VTT,  # with the byte-order mark some editors write
        VTT.replace(b"\n", b"\r\n"),
        b"WEBVTT - Innovationsveckan 2026\n\n00:01.000 --> 00:04.000\nHej\n",
    ],
)
def test_webvtt_check_accepts_a_webvtt_file(content):
    captions.check_webvtt(content)  # raises nothing


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"1\n00:00:01,000 --> 00:00:04,000\nHej\n", NOT_WEBVTT),  # SubRip, not WebVTT
        (b"WEBVTTX\n\n00:01.000 --> 00:04.000\nHej\n", NOT_WEBVTT),
        (b"<html><script>alert(1)</script></html>", NOT_WEBVTT),
        (
            b"WEBVTT\n\nBara text\n",
            "Textfilen har ingen text med tider. Spara hela textningen som WebVTT.",
        ),
        (
            b"WEBVTT\n\n00:01.000 --> 00:04.000\nV\xe4lkomna\n",
            "Textfilen ska vara sparad som UTF-8, som WebVTT kräver.",
        ),
        (b"WEBVTT\n\n" + b"x" * captions.CAPTIONS_MAX_BYTES, "Textfilen får vara högst 2 MB."),
    ],
)
def test_webvtt_check_refuses_what_is_not_webvtt_with_a_message(content, message):
    with pytest.raises(ValidationError) as error:
        captions.check_webvtt(content)
    assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://example.se/textning.vtt", "Länken till textfilen ska börja med https://."),
        ("https://example.se/textning.srt", "Länka till själva textfilen, som slutar på .vtt."),
        ("https://www.youtube.com/watch?v=abc", "Länka till själva textfilen, som slutar på .vtt."),
    ],
)
def test_captions_link_must_be_https_to_a_vtt_file(url, message):
    with pytest.raises(ValidationError) as error:
        captions.check_captions_url(url)
    assert error.value.messages == [message]
    captions.check_captions_url("https://example.se/media/textning.VTT")  # raises nothing


# --- the organiser's follow-up form -----------------------------------------------------------------


def follow_up_data(**fields) -> dict:
    return {
        "recording_url": "https://play.example.se/oppna-data",
        "caption_status": CaptionStatus.NONE,
        "captions_url": "",
        "materials-TOTAL_FORMS": "3",
        "materials-INITIAL_FORMS": "0",
    } | fields


def test_follow_up_stores_the_caption_status_and_the_webvtt_file(
    client, owner, recorded, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    upload = SimpleUploadedFile("min textning.vtt", VTT, content_type="text/vtt")
    response = client.post(
        f"/mina-aktiviteter/{recorded.pk}/efterat/",
        follow_up_data(caption_status=CaptionStatus.CHECKED, captions_file=upload),
        follow=True,
    )
    assert messages_of(response) == ["Inspelning och material för ”Öppna data” är sparade."]
    recorded.refresh_from_db()
    assert recorded.caption_status == CaptionStatus.CHECKED
    assert recorded.captions_file.name == f"captions/2026/{recorded.slug}.vtt"
    assert recorded.captions_file.read() == VTT
    assert recorded.captions_url == ""

    # Served from our storage as text/vtt, never sniffed as anything else.
    served = client.get(f"/aktivitet/{recorded.slug}/textning.vtt")
    assert served.status_code == 200
    assert served["Content-Type"] == "text/vtt; charset=utf-8"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served.content == VTT

    # Removing it deletes the file as well.
    stored = recorded.captions_file.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/mina-aktiviteter/{recorded.pk}/efterat/",
            follow_up_data(caption_status=CaptionStatus.CHECKED, remove_captions_file="on"),
        )
    recorded.refresh_from_db()
    assert recorded.captions_file.name == ""
    assert not os.path.exists(stored)


def test_follow_up_refuses_a_file_that_is_not_webvtt(client, owner, recorded):
    client.force_login(owner)
    upload = SimpleUploadedFile("textning.vtt", b"<script>alert(1)</script>", "text/vtt")
    response = client.post(
        f"/mina-aktiviteter/{recorded.pk}/efterat/",
        follow_up_data(caption_status=CaptionStatus.CHECKED, captions_file=upload),
    )
    assert response.status_code == 200
    assert errors_of(response) == [f"Textfil (WebVTT): {NOT_WEBVTT}"]
    stored = Activity.objects.get()
    assert (stored.caption_status, stored.captions_file.name) == (CaptionStatus.NONE, "")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"recording_url": "", "caption_status": CaptionStatus.CHECKED},
            "Länk till inspelningen: Textningen hör till en inspelning: ange länken till "
            "inspelningen.",
        ),
        (
            {"captions_url": "https://example.se/t.vtt"},
            "Textning: Du har lagt till textning: välj om den är automatisk eller kontrollerad.",
        ),
        (
            {
                "caption_status": CaptionStatus.AUTOMATIC,
                "captions_url": "https://example.se/t.vtt",
                "captions_file": "upload",
            },
            "Eller länk till textfilen (WebVTT): Ladda upp en textfil eller länka till en, inte båda.",
        ),
        (
            {"caption_status": CaptionStatus.CHECKED, "captions_url": "http://example.se/t.vtt"},
            "Eller länk till textfilen (WebVTT): Länken till textfilen ska börja med https://.",
        ),
    ],
)
def test_follow_up_refuses_captions_that_do_not_add_up(client, owner, recorded, fields, message):
    if fields.get("captions_file") == "upload":
        fields["captions_file"] = SimpleUploadedFile("t.vtt", VTT, "text/vtt")
    client.force_login(owner)
    response = client.post(f"/mina-aktiviteter/{recorded.pk}/efterat/", follow_up_data(**fields))
    assert errors_of(response) == [message]
    stored = Activity.objects.get()
    assert (stored.caption_status, stored.captions_url, stored.captions_file.name) == (
        CaptionStatus.NONE,
        "",
        "",
    )


def test_follow_up_stores_a_link_to_the_captions(client, owner, recorded):
    client.force_login(owner)
    client.post(
        f"/mina-aktiviteter/{recorded.pk}/efterat/",
        follow_up_data(
            caption_status=CaptionStatus.AUTOMATIC, captions_url="https://example.se/t.vtt"
        ),
    )
    stored = Activity.objects.get()
    assert (stored.caption_status, stored.captions_url) == (
        CaptionStatus.AUTOMATIC,
        "https://example.se/t.vtt",
    )
    # No file stored here: nothing to serve.
    assert client.get(f"/aktivitet/{recorded.slug}/textning.vtt").status_code == 404


def test_captions_of_an_unpublished_activity_are_not_served(client, past_edition, organisation):
    draft = make_activity(
        past_edition, organisation, recording_url="https://play.example.se/x", status=Status.DRAFT
    )
    draft.captions_file.save("x.vtt", ContentFile(VTT))
    assert client.get(f"/aktivitet/{draft.slug}/textning.vtt").status_code == 404


# --- the clock ------------------------------------------------------------------------------------


def test_caption_deadline_is_14_days_after_the_broadcast(recorded):
    assert CAPTION_DAYS == 14
    assert recorded.broadcast_at == recorded.ends_at
    assert recorded.caption_deadline == recorded.ends_at + timedelta(days=14)


@pytest.mark.parametrize(
    ("after_broadcast", "days_left", "clock"),
    [
        (timedelta(0), 14, "running"),
        (timedelta(days=7), 7, "running"),
        (timedelta(days=7, seconds=1), 7, "running"),  # a part of a day counts as a day
        (timedelta(days=13, hours=23), 1, "running"),
        (timedelta(days=14), 0, "late"),  # at the deadline the time is up
        (timedelta(days=14, seconds=1), -1, "late"),
        (timedelta(days=20), -6, "late"),
    ],
)
def test_caption_clock_at_its_boundaries(recorded, after_broadcast, days_left, clock):
    now = recorded.ends_at + after_broadcast
    assert recorded.caption_days_left(now) == days_left
    assert recorded.caption_clock(now) == clock
    assert caption_days_left(recorded.caption_deadline, now) == days_left


def test_only_checked_captions_stop_the_clock(recorded):
    late = recorded.ends_at + timedelta(days=15)
    for status, clock in [
        (CaptionStatus.NONE, "late"),
        (CaptionStatus.AUTOMATIC, "late"),
        (CaptionStatus.CHECKED, "done"),
    ]:
        recorded.caption_status = status
        assert recorded.caption_clock(late) == clock
    recorded.recording_url = ""
    assert recorded.caption_clock(late) == "none"


def test_captions_out_of_time_is_exactly_the_late_uncaptioned_recordings(
    past_edition, organisation, recorded
):
    def make(title, **fields):
        return make_activity(
            past_edition,
            organisation,
            status=Status.APPROVED,
            title=title,
            recording_url="https://play.example.se/" + title.lower(),
            **fields,
        )

    make("Automatisk", caption_status=CaptionStatus.AUTOMATIC)
    make("Kontrollerad", caption_status=CaptionStatus.CHECKED)
    make_activity(past_edition, organisation, status=Status.APPROVED, title="Utan inspelning")
    deadline = recorded.caption_deadline

    def late(now):
        return sorted(Activity.objects.captions_out_of_time(now).values_list("title", flat=True))

    assert late(deadline - timedelta(seconds=1)) == []
    assert late(deadline) == ["Automatisk", "Öppna data"]
    assert sorted(
        Activity.objects.captions_due(
            now=deadline - timedelta(days=7), within=timedelta(days=7)
        ).values_list("title", flat=True)
    ) == ["Automatisk", "Öppna data"]


# --- reminders ------------------------------------------------------------------------------------


def test_caption_reminders_go_at_7_and_2_days_left_and_when_late_each_once(
    settings, recorded, owner, colleague
):
    settings.SITE_URL = "https://veckan.example.se"
    deadline = recorded.caption_deadline
    send = captions.send_caption_reminders

    assert send(now=deadline - timedelta(days=7, seconds=1)) == 0
    assert send(now=deadline - timedelta(days=7)) == 1
    assert sorted(mail.to[0] for mail in mails()) == sorted([owner.email, colleague.email])
    mail = mails()[0]
    assert mail.subject == "7 dagar kvar att texta inspelningen: Öppna data"
    assert "Inspelningen av ”Öppna data” behöver textas senast den" in mail.body
    assert "Automatisk textning räcker inte" in mail.body
    link = f"https://veckan.example.se/mina-aktiviteter/{recorded.pk}/efterat/"
    assert f"{link}\n" in mail.body
    assert send(now=deadline - timedelta(days=3)) == 0  # once

    assert send(now=deadline - timedelta(days=2)) == 1
    assert mails()[-1].subject == "2 dagar kvar att texta inspelningen: Öppna data"
    assert send(now=deadline - timedelta(days=1)) == 0

    assert send(now=deadline) == 1
    assert mails()[-1].subject == "Tiden för att texta inspelningen har gått ut: Öppna data"
    assert send(now=deadline + timedelta(days=1)) == 0
    assert len(mails()) == 6  # three reminders to the organisation's two members
    assert sorted(RecordingReminder.objects.values_list("stage", flat=True)) == ["2", "7", "late"]


def test_caption_reminder_is_in_each_members_language(recorded, owner, colleague):
    colleague.language = "en"
    colleague.save()
    captions.send_caption_reminders(now=recorded.caption_deadline - timedelta(days=2))
    [english] = [mail for mail in mails() if mail.to == [colleague.email]]
    assert english.subject == "2 days left to caption the recording: Öppna data"
    assert f"/en/mina-aktiviteter/{recorded.pk}/efterat/" in english.body
    [swedish] = [mail for mail in mails() if mail.to == [owner.email]]
    assert swedish.subject == "2 dagar kvar att texta inspelningen: Öppna data"


def test_caption_reminder_skips_a_stage_that_passed_unsent(recorded):
    # Added (or the job run) with one day left: the two-day reminder, not the week's after it.
    assert captions.send_caption_reminders(now=recorded.caption_deadline - timedelta(days=1)) == 1
    assert list(RecordingReminder.objects.values_list("stage", flat=True)) == ["2"]


def test_no_caption_reminder_for_checked_captions_or_no_recording(past_edition, organisation):
    for fields in [
        {"recording_url": "https://play.example.se/a", "caption_status": CaptionStatus.CHECKED},
        {"recording_url": ""},
        {"recording_url": "https://play.example.se/b", "status": Status.DRAFT},
    ]:
        activity = make_activity(
            past_edition, organisation, **({"status": Status.APPROVED} | fields)
        )
        assert captions.send_caption_reminders(now=activity.caption_deadline) == 0
    assert not mails()


def test_automatic_captions_are_still_reminded(recorded):
    Activity.objects.filter(pk=recorded.pk).update(caption_status=CaptionStatus.AUTOMATIC)
    assert captions.send_caption_reminders(now=recorded.caption_deadline) == 1


def test_no_caption_reminder_about_recordings_long_out_of_time(recorded):
    long_after = recorded.caption_deadline + captions.LATE_REMINDER_WINDOW
    assert captions.send_caption_reminders(now=long_after) == 0
    assert not mails()


def test_the_caption_reminder_command_sends_once(recorded):
    ended = timezone.now() - timedelta(days=CAPTION_DAYS, hours=1)
    Activity.objects.filter(pk=recorded.pk).update(
        starts_at=ended - timedelta(hours=2), ends_at=ended
    )
    out = io.StringIO()
    call_command("send_caption_reminders", stdout=out)
    assert out.getvalue() == "Sent 1 reminders to caption a recording.\n"
    assert len(mails()) == 2
    call_command("send_caption_reminders", stdout=out)
    assert len(mails()) == 2


# --- what the organiser sees ----------------------------------------------------------------------


def clock_text(response) -> str:
    page = response.content.decode()
    found = re.search(r'<div class="ds-alert" data-color="\w+"><p[^>]*>(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def test_organiser_sees_the_days_left_and_when_time_is_up(client, owner, recorded):
    client.force_login(owner)
    url = f"/mina-aktiviteter/{recorded.pk}/efterat/"
    five_left = timezone.now() - timedelta(days=CAPTION_DAYS - 5, hours=1)
    Activity.objects.filter(pk=recorded.pk).update(
        starts_at=five_left - timedelta(hours=2), ends_at=five_left
    )
    assert clock_text(client.get(url)).startswith("5 dagar kvar att texta inspelningen (senast ")
    assert "5 dagar kvar att texta inspelningen" in clock_text(
        client.get("/mina-aktiviteter/?utgava=alla")
    )

    Activity.objects.filter(pk=recorded.pk).update(
        starts_at=recorded.starts_at, ends_at=recorded.ends_at
    )
    assert clock_text(client.get(url)).startswith("Tiden för att texta inspelningen har gått ut")

    Activity.objects.filter(pk=recorded.pk).update(caption_status=CaptionStatus.CHECKED)
    page = client.get(url).content.decode()
    assert clock_text(client.get(url)) == ""
    assert "Inspelningen har kontrollerad textning." in page


# --- the coordinators' list -----------------------------------------------------------------------


def row_titles(response) -> list[str]:
    return re.findall(
        r'<th scope="row"><a class="ds-link" href="/samordning/granskning/\d+/">(.*?)</a>',
        response.content.decode(),
    )


def test_coordinators_list_exactly_the_recordings_out_of_time_and_close_to_it(
    client, coordinator, past_edition, organisation
):
    now = timezone.now()
    other = make_organisation(name="Vinnova", kind="statlig_myndighet")

    def make(title, days_since, **fields):
        ended = now - timedelta(days=days_since)
        activity = make_activity(
            past_edition,
            fields.pop("organisation", organisation),
            status=fields.pop("status", Status.APPROVED),
            title=title,
            recording_url=f"https://play.example.se/{len(title)}",
            **fields,
        )
        Activity.objects.filter(pk=activity.pk).update(
            starts_at=ended - timedelta(hours=1), ends_at=ended
        )

    make("Länge sedan", 39.5, organisation=other)
    make("Just ute", 14.1)
    make("Automatiskt ute", 20, caption_status=CaptionStatus.AUTOMATIC)
    make("Kontrollerad", 30, caption_status=CaptionStatus.CHECKED)
    make("Utkast", 30, status=Status.DRAFT)
    make("Tre dagar kvar", 11.5)
    make("Tio dagar kvar", 4)
    make_activity(past_edition, organisation, status=Status.APPROVED, title="Utan inspelning")

    client.force_login(coordinator)
    response = client.get("/samordning/inspelningar/")
    assert response.status_code == 200
    assert row_titles(response) == ["Länge sedan", "Automatiskt ute", "Just ute", "Tre dagar kvar"]
    assert [a.title for a in response.context["late"]] == [
        "Länge sedan",
        "Automatiskt ute",
        "Just ute",
    ]
    assert [a.title for a in response.context["close"]] == ["Tre dagar kvar"]
    page = response.content.decode()
    assert "26 dagar över" in page
    assert "Vinnova" in page
    assert "3 dagar kvar" in page


def test_coordinators_list_of_recordings_is_for_coordinators_only(client, owner):
    client.force_login(owner)
    assert client.get("/samordning/inspelningar/").status_code in (302, 403)


def test_coordinators_list_of_recordings_makes_as_many_queries_for_1_and_3(
    client, coordinator, past_edition, organisation
):
    client.force_login(coordinator)
    counts = []
    for n in (1, 3):
        Activity.objects.all().delete()
        for i in range(n):
            make_activity(
                past_edition,
                organisation,
                status=Status.APPROVED,
                recording_url=f"https://play.example.se/{i}",
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/samordning/inspelningar/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_unknown_user_is_sent_to_log_in(client):
    response = client.get("/samordning/inspelningar/")
    assert response.status_code == 302
