import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_edition, make_organisation, make_user
from veckan.awards import services
from veckan.awards.models import Award, ConflictOfInterest, Criterion, Juror, Nomination, Vote
from veckan.awards.services import AwardError
from veckan.organisations.models import Kind
from veckan.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

Status = Nomination.Status
AWARD_URL = "/pris/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def award():
    now = timezone.now()
    return Award.objects.create(
        edition=make_edition(2026),
        nominations_open=now - timedelta(days=30),
        nominations_close=now - timedelta(days=10),
        vote_open=now - timedelta(days=1),
        vote_close=now + timedelta(days=1),
    )


def make_nomination(award, organisation, *, status=Status.SUBMITTED, name="Digital brevlåda"):
    return Nomination.objects.create(
        award=award,
        solution_name=name,
        description="En lösning som andra kan använda direkt.",
        organisation=organisation,
        film_url="https://film.example.se/1",
        contact_name="Kim Kontakt",
        contact_email="kim@kommun.example.se",
        rights_confirmed=True,
        status=status,
    )


def nominate(award, organisation, **fields):
    values = {
        "award": award,
        "solution_name": "Digital brevlåda",
        "description": "Enkel att sprida.",
        "organisation": organisation,
        "film_url": "https://film.example.se/1",
        "contact_name": "Kim Kontakt",
        "contact_email": "Kim@Kommun.example.se",
        "rights_confirmed": True,
        "now": award.nominations_open + timedelta(hours=1),
    } | fields
    return services.nominate(**values)


# --- Nominations -----------------------------------------------------------------------------------


def test_nominate_saves_a_submitted_nomination_within_the_period(award, organisation):
    nomination = nominate(award, organisation)
    assert (nomination.status, nomination.contact_email) == (
        Status.SUBMITTED,
        "kim@kommun.example.se",
    )
    assert Nomination.objects.count() == 1


@pytest.mark.parametrize("offset", [timedelta(seconds=-1), timedelta(days=20)])
def test_nominate_outside_the_period_is_refused(award, organisation, offset):
    with pytest.raises(AwardError, match="Det går inte att nominera just nu"):
        nominate(award, organisation, now=award.nominations_open + offset)
    assert not Nomination.objects.exists()


def test_nominate_a_company_is_refused(award):
    company = make_organisation(kind=Kind.FORETAG)
    with pytest.raises(AwardError, match="Bara offentliga aktörer kan nomineras"):
        nominate(award, company)
    assert not Nomination.objects.exists()


def test_nominate_without_confirmed_rights_is_refused(award, organisation):
    with pytest.raises(AwardError, match="Bekräfta att ni har rätt"):
        nominate(award, organisation, rights_confirmed=False)
    assert not Nomination.objects.exists()


def test_nominate_page_saves_a_nomination_while_open(client, award, organisation):
    award.nominations_close = timezone.now() + timedelta(days=1)
    award.save()
    response = client.post(
        "/pris/nominera/",
        {
            "solution_name": "Digital brevlåda",
            "description": "Enkel att sprida.",
            "organisation": organisation.pk,
            "film_url": "https://film.example.se/1",
            "contact_name": "Kim Kontakt",
            "contact_email": "kim@kommun.example.se",
            "rights_confirmed": "on",
        },
        follow=True,
    )
    assert "Tack för din nominering!" in response.text
    assert list(Nomination.objects.values_list("solution_name", "organisation")) == [
        ("Digital brevlåda", organisation.pk)
    ]


def test_nominate_page_is_rate_limited_per_ip(client, award, organisation, settings):
    award.nominations_close = timezone.now() + timedelta(days=1)
    award.save()
    data = {
        "solution_name": "X",
        "description": "Y",
        "organisation": organisation.pk,
        "film_url": "https://film.example.se/1",
        "contact_name": "Kim",
        "contact_email": "kim@kommun.example.se",
        "rights_confirmed": "on",
    }
    for _ in range(5):
        assert client.post("/pris/nominera/", data).status_code == 302
    assert client.post("/pris/nominera/", data).status_code == 429
    assert Nomination.objects.count() == 5


# --- Screening -------------------------------------------------------------------------------------


def test_screen_accepts_and_rejects(award, organisation, coordinator):
    first = make_nomination(award, organisation)
    second = make_nomination(award, organisation)
    services.screen(nomination=first, accept=True, by=coordinator)
    services.screen(nomination=second, accept=False, by=coordinator)
    assert list(Nomination.objects.order_by("pk").values_list("status", flat=True)) == [
        Status.ACCEPTED,
        Status.REJECTED,
    ]


def test_screen_by_an_organiser_is_refused(award, organisation, owner):
    nomination = make_nomination(award, organisation)
    with pytest.raises(AwardError, match="Bara samordnare"):
        services.screen(nomination=nomination, accept=True, by=owner)
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED


def test_coordinator_page_screens_a_nomination(client, award, organisation, coordinator):
    nomination = make_nomination(award, organisation)
    client.force_login(coordinator)
    response = client.post(f"/samordning/pris/{nomination.pk}/granska/", {"accept": "1"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Status.ACCEPTED


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/samordning/pris/"), ("post", "/samordning/pris/finalister/")],
)
def test_coordinator_pages_are_forbidden_for_organisers(
    client, award, organisation, owner, method, url
):
    nomination = make_nomination(award, organisation, status=Status.ACCEPTED)
    client.force_login(owner)
    response = getattr(client, method)(url, {"nomination": nomination.pk})
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == Status.ACCEPTED


def test_shortlist_only_takes_accepted_nominations(award, organisation, coordinator):
    accepted = make_nomination(award, organisation, status=Status.ACCEPTED)
    submitted = make_nomination(award, organisation)
    with pytest.raises(AwardError, match="Bara godkända"):
        services.shortlist(nominations=[accepted, submitted], by=coordinator)
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    services.shortlist(nominations=[accepted], by=coordinator)
    accepted.refresh_from_db()
    assert accepted.status == Status.SHORTLISTED


# --- The jury --------------------------------------------------------------------------------------


@pytest.fixture
def jury(award):
    criteria = [
        Criterion.objects.create(award=award, name="Spridbarhet", weight=3),
        Criterion.objects.create(award=award, name="Nytta", weight=1),
    ]
    jurors = [Juror.objects.create(award=award, user=make_user()) for _ in range(3)]
    return criteria, jurors


def test_weighted_results_are_exact_weighted_averages(award, organisation, jury):
    (spread, use), (anna, bo, cecilia) = jury
    nomination = make_nomination(award, organisation, status=Status.ACCEPTED)
    other = make_nomination(award, organisation, status=Status.ACCEPTED, name="Annan")
    make_nomination(award, organisation, status=Status.REJECTED, name="Avvisad")
    for juror, (a, b) in ((anna, (5, 1)), (bo, (4, 4))):
        services.score(juror=juror, nomination=nomination, criterion=spread, value=a)
        services.score(juror=juror, nomination=nomination, criterion=use, value=b)
    services.score(juror=cecilia, nomination=other, criterion=spread, value=2)
    services.score(juror=cecilia, nomination=other, criterion=use, value=3)

    results = services.weighted_results(award)

    # (5·3 + 1·1 + 4·3 + 4·1) / (3 + 1 + 3 + 1) = 32 / 8; (2·3 + 3·1) / 4 = 9 / 4
    assert [(r.nomination, r.average) for r in results] == [
        (nomination, Decimal("4.00")),
        (other, Decimal("2.25")),
    ]


def test_score_replaces_the_jurors_earlier_score(award, organisation, jury):
    (spread, _use), (anna, *_rest) = jury
    nomination = make_nomination(award, organisation, status=Status.ACCEPTED)
    services.score(juror=anna, nomination=nomination, criterion=spread, value=2)
    services.score(juror=anna, nomination=nomination, criterion=spread, value=5)
    assert list(nomination.scores.values_list("value", flat=True)) == [5]


def test_conflict_of_interest_excludes_scores_and_forbids_scoring(award, organisation, jury):
    (spread, use), (anna, bo, _cecilia) = jury
    nomination = make_nomination(award, organisation, status=Status.ACCEPTED)
    services.score(juror=anna, nomination=nomination, criterion=spread, value=1)
    services.score(juror=anna, nomination=nomination, criterion=use, value=1)
    services.score(juror=bo, nomination=nomination, criterion=spread, value=5)
    services.score(juror=bo, nomination=nomination, criterion=use, value=3)

    services.declare_conflict(juror=anna, nomination=nomination)

    [result] = services.weighted_results(award)
    assert result.average == Decimal("4.50")  # (5·3 + 3·1) / 4, Anna's ones left out
    with pytest.raises(AwardError, match="Du har anmält jäv"):
        services.score(juror=anna, nomination=nomination, criterion=spread, value=5)
    assert anna.scores.get(criterion=spread).value == 1


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.REJECTED])
def test_score_for_a_nomination_not_before_the_jury_is_refused(award, organisation, jury, status):
    (spread, _use), (anna, *_rest) = jury
    nomination = make_nomination(award, organisation, status=status)
    with pytest.raises(AwardError, match="bedöms inte av juryn"):
        services.score(juror=anna, nomination=nomination, criterion=spread, value=3)
    assert not nomination.scores.exists()


def test_jury_page_is_only_for_jurors(client, award, organisation, owner, jury):
    _criteria, (anna, *_rest) = jury
    make_nomination(award, organisation, status=Status.ACCEPTED, name="Bedöm mig")
    make_nomination(award, organisation, name="Inte granskad")
    client.force_login(owner)
    assert client.get("/pris/jury/").status_code == 403
    client.force_login(anna.user)
    page = client.get("/pris/jury/").text
    assert re.findall(r'<h2 class="ds-heading" data-size="sm">([^<]+)</h2>', page) == ["Bedöm mig"]


def test_jury_page_scores_and_declares_conflict(client, award, organisation, jury):
    (spread, use), (anna, *_rest) = jury
    nomination = make_nomination(award, organisation, status=Status.ACCEPTED)
    client.force_login(anna.user)
    client.post(
        f"/pris/jury/{nomination.pk}/poang/",
        {f"criterion_{spread.pk}": "4", f"criterion_{use.pk}": "2"},
    )
    assert sorted(anna.scores.values_list("criterion__name", "value")) == [
        ("Nytta", 2),
        ("Spridbarhet", 4),
    ]
    client.post(f"/pris/jury/{nomination.pk}/jav/")
    assert ConflictOfInterest.objects.filter(juror=anna, nomination=nomination).exists()
    assert "Du har anmält jäv för den här nomineringen." in client.get("/pris/jury/").text


# --- The public vote -------------------------------------------------------------------------------


@pytest.fixture
def finalist(award, organisation):
    return make_nomination(award, organisation, status=Status.SHORTLISTED, name="Finalisten")


def test_vote_creates_an_unconfirmed_vote_and_mails_the_link(award, finalist):
    vote = services.vote(award=award, nomination=finalist, email=" Röstare@Example.se ")
    assert (vote.email, vote.confirmed_at) == ("röstare@example.se", None)
    [mail] = OutboxMessage.objects.all()
    assert mail.to == ["röstare@example.se"]
    assert f"/pris/rosta/{vote.token}/" in mail.body
    assert services.vote_counts(award) == [(finalist, 0)]


def test_vote_twice_from_one_address_resends_the_link_and_keeps_one_vote(
    award, finalist, organisation
):
    other = make_nomination(award, organisation, status=Status.SHORTLISTED, name="Annan")
    first = services.vote(award=award, nomination=finalist, email="a@example.se")
    second = services.vote(award=award, nomination=other, email="A@example.se")
    assert second == first
    assert list(Vote.objects.values_list("nomination", flat=True)) == [finalist.pk]
    assert OutboxMessage.objects.count() == 2


def test_vote_unique_per_email_and_award_in_the_database(award, finalist):
    Vote.objects.create(award=award, nomination=finalist, email="a@example.se")
    with pytest.raises(IntegrityError):
        Vote.objects.create(award=award, nomination=finalist, email="a@example.se")


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.SUBMITTED, Status.WINNER])
def test_vote_only_for_finalists(award, organisation, status):
    nomination = make_nomination(award, organisation, status=status)
    with pytest.raises(AwardError, match="bara att rösta på finalisterna"):
        services.vote(award=award, nomination=nomination, email="a@example.se")
    assert not Vote.objects.exists()


def test_vote_outside_the_window_is_refused(award, finalist):
    with pytest.raises(AwardError, match="Omröstningen är inte öppen"):
        services.vote(award=award, nomination=finalist, email="a@example.se", now=award.vote_close)
    assert not Vote.objects.exists()


def test_only_confirmed_votes_are_counted(award, finalist):
    for n in range(3):
        services.vote(award=award, nomination=finalist, email=f"r{n}@example.se")
    services.confirm_vote(vote=Vote.objects.get(email="r0@example.se"))
    assert services.vote_counts(award) == [(finalist, 1)]


def test_confirm_link_get_does_not_confirm_post_does(client, award, finalist):
    vote = services.vote(award=award, nomination=finalist, email="a@example.se")
    url = f"/pris/rosta/{vote.token}/"
    page = client.get(url)
    assert "Bekräfta rösten" in page.text
    vote.refresh_from_db()
    assert vote.confirmed_at is None
    client.post(url)
    vote.refresh_from_db()
    assert vote.confirmed_at is not None


def test_confirm_after_the_vote_closed_is_refused(award, finalist):
    vote = services.vote(award=award, nomination=finalist, email="a@example.se")
    with pytest.raises(AwardError, match="Omröstningen har stängt"):
        services.confirm_vote(vote=vote, now=award.vote_close)
    vote.refresh_from_db()
    assert vote.confirmed_at is None


def test_award_page_vote_form_posts_a_vote(client, award, finalist):
    page = client.get(AWARD_URL).text
    assert 'action="/pris/rosta/"' in page
    assert "räkna en röst per person" in page
    response = client.post(
        "/pris/rosta/", {"nomination": finalist.pk, "email": "a@example.se"}, follow=True
    )
    assert "Vi har mejlat dig en länk" in response.text
    assert list(Vote.objects.values_list("email", "nomination")) == [("a@example.se", finalist.pk)]


def test_vote_mails_one_address_at_most_three_times_an_hour_from_any_network(
    client, award, finalist
):
    """Issue 14, line 4: each vote mails its confirmation link; an inbox cannot be buried."""
    answers = [
        client.post(
            "/pris/rosta/",
            {"nomination": finalist.pk, "email": f"anna+{n}@example.se"},
            REMOTE_ADDR=f"192.0.2.{n}",
        ).status_code
        for n in range(5)
    ]
    assert answers == [302, 302, 302, 429, 429]
    assert OutboxMessage.objects.count() == 3


def test_award_page_honeypot_answers_like_a_person_but_saves_nothing(client, award, finalist):
    response = client.post(
        "/pris/rosta/",
        {"nomination": finalist.pk, "email": "a@example.se", "website": "spam"},
        follow=True,
    )
    assert "Vi har mejlat dig en länk" in response.text
    assert not Vote.objects.exists()


def confirmed_votes(award, nomination, count):
    for n in range(count):
        vote = services.vote(award=award, nomination=nomination, email=f"v{n}@example.se")
        services.confirm_vote(vote=vote)


def test_results_are_hidden_until_the_vote_closes(client, award, finalist, organisation):
    other = make_nomination(award, organisation, status=Status.SHORTLISTED, name="Tvåan")
    confirmed_votes(award, finalist, 2)
    services.vote(award=award, nomination=other, email="obekraftad@example.se")
    assert not services.results_visible(award)
    assert re.findall(r'class="vote-count">([^<]+)<', client.get(AWARD_URL).text) == []

    Award.objects.filter(pk=award.pk).update(vote_close=timezone.now() - timedelta(minutes=1))
    award.refresh_from_db()

    assert services.results_visible(award)
    page = client.get(AWARD_URL).text
    assert re.findall(r'class="vote-count">([^<]+)<', page) == ["2 röster", "0 röster"]
    assert 'action="/pris/rosta/"' not in page


def test_choose_winner_after_the_vote_shows_on_the_page(client, award, finalist, coordinator):
    with pytest.raises(AwardError, match="först när omröstningen har stängt"):
        services.choose_winner(nomination=finalist, by=coordinator)
    Award.objects.filter(pk=award.pk).update(vote_close=timezone.now() - timedelta(minutes=1))
    client.force_login(coordinator)
    client.post(f"/samordning/pris/{finalist.pk}/vinnare/")
    finalist.refresh_from_db()
    assert finalist.status == Status.WINNER
    page = client.get(AWARD_URL).text
    assert re.findall(
        r'id="winner-heading">[^<]+</h2>\s*<p class="ds-paragraph"><strong>([^<]+)<', page
    ) == ["Finalisten"]


@pytest.mark.parametrize("url", [AWARD_URL, "/pris/jury/", "/samordning/pris/"])
def test_award_list_pages_take_as_many_queries_for_one_nomination_as_for_three(
    client, award, organisation, coordinator, jury, url
):
    Juror.objects.create(award=award, user=coordinator)
    client.force_login(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    make_nomination(award, organisation, status=Status.SHORTLISTED)
    one = queries()
    for _ in range(2):
        make_nomination(award, organisation, status=Status.SHORTLISTED)
    assert queries() == one


def test_voters_addresses_are_anonymised_after_the_retention_time(award, finalist, settings):
    vote = services.vote(
        award=award, nomination=finalist, email="rostare@example.se", network="192.0.2.1"
    )
    services.confirm_vote(vote=vote)
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    too_early = timezone.now()
    assert services.anonymise_votes(now=too_early) == 0
    later = timezone.make_aware(
        timezone.datetime.combine(
            award.edition.ends_on + timedelta(days=92), timezone.datetime.min.time()
        )
    )
    assert services.anonymise_votes(now=later) == 1
    assert services.anonymise_votes(now=later) == 0
    vote.refresh_from_db()
    assert vote.email == vote.mailbox == f"anonymiserad-{vote.pk}@invalid"
    assert vote.network == ""
    assert vote.confirmed_at is not None
    assert services.vote_counts(award) == [(finalist, 1)]


# --- Earlier winners -------------------------------------------------------------------------------


def _earlier_award(year):
    close = timezone.make_aware(timezone.datetime(year, 10, 3, 17))
    return Award.objects.create(
        edition=make_edition(year, current=False),
        nominations_open=close - timedelta(days=90),
        nominations_close=close - timedelta(days=30),
        vote_open=close - timedelta(days=4),
        vote_close=close,
    )


@pytest.fixture
def earlier_winners(award, organisation, other_organisation):
    older, newer = _earlier_award(2024), _earlier_award(2025)
    first = make_nomination(older, organisation, status=Status.WINNER, name="Vinnaren 2024")
    second = make_nomination(newer, other_organisation, status=Status.WINNER, name="Vinnaren 2025")
    make_nomination(newer, organisation, status=Status.SHORTLISTED, name="Finalisten 2025")
    make_nomination(award, organisation, status=Status.SHORTLISTED, name="Finalisten 2026")
    return first, second


def test_award_page_lists_earlier_winners_newest_first(client, earlier_winners):
    assert services.earlier_winners(Award.objects.get(edition__year=2026).edition) == [
        earlier_winners[1],
        earlier_winners[0],
    ]
    html = client.get(AWARD_URL).content.decode()
    section = html.split('id="earlier-winners-heading"')[1].split("</section>")[0]
    assert re.findall(r"(\d{4}): <strong>([^<]+)</strong> – ([^<]+) ·", section) == [
        ("2025", "Vinnaren 2025", "Annanstad kommun"),
        ("2024", "Vinnaren 2024", "Exempelby kommun"),
    ]
    assert 'href="https://film.example.se/1"' in section
    assert "Finalisten" not in section


def test_award_page_without_earlier_winners_has_no_section(client, award):
    assert "Tidigare vinnare" not in client.get(AWARD_URL).content.decode()


def test_archive_page_shows_the_winner_of_that_year_only(client, earlier_winners):
    html = client.get("/arkiv/2025/").content.decode()
    assert "Vinnaren 2025" in html
    assert "Vinnaren 2024" not in html
    assert "Finalisten 2025" not in html
    html = client.get("/arkiv/2024/").content.decode()
    assert "Vinnaren 2024" in html
    assert "Vinnaren 2025" not in html


def test_archive_page_without_a_winner_has_no_box(client, award):
    make_edition(2025, current=False)
    assert "award-winner" not in client.get("/arkiv/2025/").content.decode()
