"""Issue 14, line 5: every public form and query parameter fuzzed, zero server errors.

Hypothesis fills each public page's query parameters and each public form's fields (and the
tokens and slugs in public addresses) with text a visitor, a robot or a broken client could send:
control characters, very long strings, digits that are not ASCII ("²", "٣"), numbers, dates and
ids as strings, several values for one name. Every answer must be below 500.

TARGETS lists what is fuzzed, one line each; NOT_FUZZED says why every other URL name of the site
is left out. A test holds the two against the URL configuration, so a new page cannot be forgotten:
it has to be added to one or the other.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_activity
from veckan.activities.models import Status
from veckan.awards.forms import NominationForm, VoteForm
from veckan.awards.models import Award, Nomination
from veckan.evaluations.forms import FollowUpConsentForm, SurveyForm
from veckan.evaluations.models import SurveyInvitation
from veckan.favourites.forms import EmailLinkForm
from veckan.pages.forms import AccessibilityFeedbackForm
from veckan.pages.models import Page
from veckan.program.filters import FACET_NAMES
from veckan.signups import personal_data
from veckan.signups.forms import MyDataRequestForm, SignUpForm
from veckan.signups.models import SignUp

pytestmark = pytest.mark.django_db

EXAMPLES = 25
# Where the fuzzed address argument goes: a value every URL converter accepts.
HOLE = "fuzzhole0"

# --- what a visitor can send -----------------------------------------------------------------------

# Any character HTTP can carry: a surrogate cannot be encoded in a request at all.
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "9" * 40,
    "²",
    "٣",
    "١٢٣",
    "212000-014²",
    "2027-02-30",
    "2027-13-01",
    "alla",
    "ja",
    "\x00",
    "a\r\nb",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "a@b",
    "a" * 300 + "@example.se",
    # Values the site itself uses, so that the fuzzing gets past the first check.
    "add",
    "remove",
    "on",
    "1",
    "oppen",
    "vantelista",
    "workshop",
    "seminarium",
    "digital",
    "03",
    "0380",
    "deltagare@example.se",
]
VALUE = st.one_of(
    st.sampled_from(TRICKY),
    st.text(ANY_CHARACTER, max_size=40),
    st.text(ANY_CHARACTER, min_size=1000, max_size=5000),
    st.integers().map(str),
    st.dates().map(str),
)

# An address argument: anything, or something its URL converter (slug, str) accepts.
ARGUMENT = st.one_of(VALUE, st.from_regex(r"[-a-zA-Z0-9_:]{1,80}", fullmatch=True))


def values_for(names: tuple[str, ...]):
    """Some of the names, each with one value or several (a repeated parameter)."""
    return st.dictionaries(
        st.sampled_from(names),
        st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=4)),
        max_size=len(names),
    )


# --- what is fuzzed ---------------------------------------------------------------------------------

PROGRAM = ("q", "ordning", "sida", "utgava", *FACET_NAMES)
PAGE_SLUG = Page.Slug.values[0]


def fields(form) -> tuple[str, ...]:
    return tuple(form.base_fields)


@dataclass(frozen=True)
class Target:
    """A URL name, fuzzed with `method` over `params` (query parameters or form fields), and/or over
    the address argument named `fuzz_arg`. `args` gives the address's other arguments from the
    world the test made; `before` prepares the client (a cookie, a session)."""

    name: str
    method: str = "get"
    params: tuple[str, ...] = ()
    args: Callable[[dict], dict] = field(default=lambda world: {})
    fuzz_arg: str | None = None
    before: Callable | None = None

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}{'/' + self.fuzz_arg if self.fuzz_arg else ''}"


def _slug(world) -> dict:
    return {"slug": world["signup_activity"].slug}


def _year(world) -> dict:
    return {"year": world["edition"].year}


def _star_first(client, world) -> None:
    # "Mejla mig länken" is for a visitor who has starred something: a program in the session.
    client.post(reverse("favourites:star", args=[world["activity"].pk]), {"action": "add"})


TARGETS = [
    # The program and its open data, searched with the program's parameters.
    Target("program:list", params=PROGRAM),
    Target("program:days", params=PROGRAM),
    Target("program:map", params=PROGRAM),
    Target("data:program_ics", params=PROGRAM),
    Target("data:program_csv", params=PROGRAM),
    Target("data:program_atom", params=PROGRAM),
    Target("program:activity", fuzz_arg="slug"),
    Target("program:organisation", fuzz_arg="slug"),
    Target("data:activity_ics", fuzz_arg="slug"),
    Target("program:activity_qr", fuzz_arg="slug"),
    # Collections and embeds: the slug fuzzed (no collection or embed is made here yet).
    Target("program:collection", params=PROGRAM, fuzz_arg="slug"),
    Target("program:archive_collection", params=PROGRAM, fuzz_arg="slug", args=_year),
    Target("program:embed", params=(*PROGRAM, "storlek", "visa"), fuzz_arg="slug"),
    Target("program:embed_colour", fuzz_arg="slug"),
    # The recordings library: a search word, the "textad" facet and the page.
    Target("program:recordings", params=("q", "textad", "sida")),
    Target("program:archive_recordings", params=("q", "textad", "sida"), args=_year),
    Target("program:captions", fuzz_arg="slug"),
    Target("stats:collection", fuzz_arg="slug", args=_year),
    Target("stats:collection_csv", fuzz_arg="slug", args=lambda w: _year(w) | {"table": "typ"}),
    Target("health", params=("full",)),
    # Sign-up and what its links lead to.
    Target("signups:sign_up", "post", fields(SignUpForm), args=_slug),
    Target("signups:check_email", params=("status",), args=_slug),
    Target("signups:confirm", "post", fuzz_arg="token"),
    Target("signups:manage", fuzz_arg="token"),
    Target("signups:cancel", "post", fuzz_arg="token"),
    Target("signups:join", fuzz_arg="token"),
    Target("signups:certificate", fuzz_arg="token"),
    Target("signups:checkin_code", fuzz_arg="code"),
    # The survey after an activity and the follow-up (issue 20).
    Target("evaluations:survey", "post", fields(SurveyForm), args=lambda w: {"token": w["survey"]}),
    Target("evaluations:survey", "post", fuzz_arg="token"),
    Target(
        "evaluations:opt_in",
        "post",
        fields(FollowUpConsentForm),
        args=lambda w: {"token": w["survey"]},
    ),
    Target("evaluations:opt_in", "post", fuzz_arg="token"),
    Target("evaluations:follow_up", "post", fuzz_arg="token", args=lambda w: {"months": 3}),
    Target("evaluations:withdraw", "post", fuzz_arg="token"),
    # Mina uppgifter.
    Target("signups:my_data_request", "post", fields(MyDataRequestForm)),
    Target("signups:my_data", "post", ("signup",), args=lambda world: {"token": world["my_data"]}),
    Target("signups:my_data", "post", ("signup",), fuzz_arg="token"),
    Target("signups:my_data_download", fuzz_arg="token"),
    # Mitt program.
    Target(
        "favourites:star",
        "post",
        ("action", "next"),
        args=lambda w: {"activity_id": w["activity"].pk},
    ),
    Target("favourites:email_link", "post", fields(EmailLinkForm), before=_star_first),
    Target("favourites:open", "post", fuzz_arg="token"),
    Target("favourites:feed", fuzz_arg="token"),
    # The award: nominations and the public vote.
    Target("awards:nominate", "post", fields(NominationForm)),
    Target("awards:vote", "post", fields(VoteForm)),
    Target("awards:confirm_vote", "post", fuzz_arg="token"),
    # Accessibility feedback and the pages.
    Target("pages:feedback", "post", fields(AccessibilityFeedbackForm)),
    Target(f"pages:{PAGE_SLUG}", params=("full",)),
    # Accounts: log in, register, reset a password, accept an invitation.
    Target("account_login", "post", ("login", "password", "remember", "next")),
    Target("account_signup", "post", ("email", "password1", "password2", "next")),
    Target("account_reset_password", "post", ("email",)),
    Target("account_confirm_email", "post", fuzz_arg="key"),
    Target("organisations:accept", "post", fuzz_arg="token"),
    # The catalogue of solutions, searched with its facets, and a solution's page.
    Target("solutions:catalogue", params=("q", "fokus", "typ", "lan", "mognad", "sida")),
    Target("solutions:detail", fuzz_arg="slug"),
    # Statistics, by edition and table.
    Target("stats:csv", fuzz_arg="table", args=lambda world: {"year": world["edition"].year}),
]

# Every other URL name, and why it is not fuzzed here.
NEEDS_LOGIN = "behind a login (organisers, jurors, coordinators): not public"
NOT_FUZZED = {
    "admin:": "Django's admin, for staff",
    "api:": "the API: fuzzed from its OpenAPI schema in test_fuzz_api.py",
    "mfa_": NEEDS_LOGIN,
    "accounts:": NEEDS_LOGIN,
    "activities:": NEEDS_LOGIN,
    "coordination:": NEEDS_LOGIN,
    "editions:": NEEDS_LOGIN,
    "imports:": NEEDS_LOGIN,
    "messaging:": NEEDS_LOGIN,
    "organisations:": NEEDS_LOGIN,
    "review:": NEEDS_LOGIN,
    "webhooks:": NEEDS_LOGIN,
    "stats:activity_views": NEEDS_LOGIN,
    "evaluations:activity": NEEDS_LOGIN,
    "evaluations:edition": NEEDS_LOGIN,
    "stats:attendance_missing": NEEDS_LOGIN,
    "stats:attendance_missing_csv": NEEDS_LOGIN,
    "stats:coordinator": NEEDS_LOGIN,
    "stats:home": NEEDS_LOGIN,
    "pages:edit": NEEDS_LOGIN,
    "pages:manage": NEEDS_LOGIN,
    "pages:feedback_list": NEEDS_LOGIN,
    "pages:mark_handled": NEEDS_LOGIN,
    "awards:jury": NEEDS_LOGIN,
    "awards:jury_score": NEEDS_LOGIN,
    "awards:jury_conflict": NEEDS_LOGIN,
    "awards:coordinate": NEEDS_LOGIN,
    "awards:setup": NEEDS_LOGIN,
    "awards:screen": NEEDS_LOGIN,
    "awards:shortlist": NEEDS_LOGIN,
    "awards:choose_winner": NEEDS_LOGIN,
    "awards:votes": NEEDS_LOGIN,
    "signups:attendance": NEEDS_LOGIN,
    "signups:cancel_activity": NEEDS_LOGIN,
    "signups:checkin": NEEDS_LOGIN,
    "signups:message": NEEDS_LOGIN,
    "signups:participants": NEEDS_LOGIN,
    "signups:participants_csv": NEEDS_LOGIN,
    "signups:postpone_activity": NEEDS_LOGIN,
    "signups:remove_signup": NEEDS_LOGIN,
    "account_change_password": NEEDS_LOGIN,
    "account_email": NEEDS_LOGIN,
    "account_set_password": NEEDS_LOGIN,
    "account_reauthenticate": NEEDS_LOGIN,
    "account_logout": "signs out; reads nothing a visitor sends",
    "account_confirm_login_code": "only inside a login in progress (login by code is off)",
    "account_reset_password_from_key": "the key is checked by allauth before any field is read",
    # Pages that read no query parameter and have no form: nothing to fuzz but the address, which
    # their URL converters (int, fixed words) already constrain.
    "home": "reads no parameter",
    "imports:template_csv": "the import template, a fixed file: reads no parameter",
    "imports:template_xlsx": "the import template, a fixed file: reads no parameter",
    "pages:": "the pages read `full` only as the other pages do (one is fuzzed); no form",
    "pages:feedback_thanks": "reads no parameter",
    "program:archive_index": "reads no parameter",
    "program:archive": "reads only the year in its address (an int)",
    "data:dcat": "reads no parameter",
    "favourites:mine": "reads no parameter",
    "favourites:rotate": "a button with no fields",
    "signups:my_data_sent": "reads no parameter",
    "stats:latest": "reads no parameter",
    "stats:edition": "reads only the year in its address (an int)",
    "awards:award": "reads no parameter",
    "solutions:csv": "reads no parameter",
    "solutions:adopt": NEEDS_LOGIN,
    "solutions:mine": NEEDS_LOGIN,
    "solutions:create": NEEDS_LOGIN,
    "solutions:edit": NEEDS_LOGIN,
    "solutions:submit": NEEDS_LOGIN,
    "solutions:queue": NEEDS_LOGIN,
    "solutions:review": NEEDS_LOGIN,
    "account_email_verification_sent": "reads no parameter",
    "account_inactive": "reads no parameter",
    "account_reset_password_done": "reads no parameter",
    "account_reset_password_from_key_done": "reads no parameter",
}


def url_patterns(patterns=None, namespace="") -> Iterator[tuple[str, URLPattern]]:
    """Every named URL of the site, with its full name (namespace:name)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern


def url_names() -> set[str]:
    return {name for name, _ in url_patterns()}


def reason_not_fuzzed(name: str) -> str | None:
    """The exclusion of the name itself, else of the longest prefix (an app) it starts with."""
    if name in NOT_FUZZED:
        return NOT_FUZZED[name]
    prefixes = [
        prefix for prefix in NOT_FUZZED if prefix.endswith((":", "_")) and name.startswith(prefix)
    ]
    return NOT_FUZZED[max(prefixes, key=len)] if prefixes else None


def test_every_public_url_is_fuzzed_or_says_why_not():
    fuzzed = {target.name for target in TARGETS}
    forgotten = sorted(
        name for name in url_names() if name not in fuzzed and reason_not_fuzzed(name) is None
    )
    assert not forgotten, f"Add to TARGETS (or to NOT_FUZZED, with the reason): {forgotten}"
    assert fuzzed <= url_names(), "TARGETS names a URL that no longer exists"
    stale = [name for name in NOT_FUZZED if name in fuzzed]
    assert not stale, f"Fuzzed, yet listed as not fuzzed: {stale}"


def test_what_is_left_out_as_behind_a_login_is_behind_one(client, db):
    """So that a public page cannot be waved through as NEEDS_LOGIN: a visitor who is not signed
    in is sent to the login (or refused) on every one of them."""
    fuzzed = {target.name for target in TARGETS}
    open_to_all = []
    for name, pattern in url_patterns():
        if name in fuzzed or reason_not_fuzzed(name) != NEEDS_LOGIN:
            continue
        converters = getattr(pattern.pattern, "converters", {})
        kwargs = {
            arg: 1 if isinstance(converter, IntConverter) else "x"
            for arg, converter in converters.items()
        }
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        to_login = response.status_code == 302 and "/konto/" in response["Location"]
        if not (to_login or response.status_code == 403):
            open_to_all.append((name, response.status_code))
    assert not open_to_all


# --- the world the fuzzer visits -------------------------------------------------------------------


@pytest.fixture
def world(program, edition, organisation):
    """The conftest's published program, an activity open to sign-up, an award open to
    nominations and votes with one nomination, and a valid "Mina uppgifter" link."""
    now = timezone.now()
    signup_activity = make_activity(
        edition,
        organisation,
        status=Status.APPROVED,
        title="Anmäl dig här",
        signup_mode="platform",
        capacity=5,
        starts_at=program[0].starts_at,
        ends_at=program[0].ends_at,
    )
    award = Award.objects.create(
        edition=edition,
        nominations_open=now - timedelta(days=1),
        nominations_close=now + timedelta(days=1),
        vote_open=now - timedelta(days=1),
        vote_close=now + timedelta(days=1),
    )
    Nomination.objects.create(
        award=award,
        solution_name="Digital brevlåda",
        description="En lösning som andra kan använda direkt.",
        organisation=organisation,
        film_url="https://film.example.se/1",
        contact_name="Kim Kontakt",
        contact_email="kim@kommun.example.se",
        rights_confirmed=True,
        status=Nomination.Status.SHORTLISTED,
    )
    return {
        "edition": edition,
        "activity": program[0],
        "signup_activity": signup_activity,
        "my_data": personal_data.link_token("deltagare@example.se"),
        "survey": SurveyInvitation.objects.create(
            signup=SignUp.objects.create(
                activity=signup_activity,
                name="Deltagare",
                email="deltagare@example.se",
                status=SignUp.Status.CONFIRMED,
                confirmed_at=now,
            )
        ).token,
    }


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_public_input_never_gives_a_server_error(client, world, target):
    args = target.args(world)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        data=values_for(target.params) if target.params else st.just({}),
        arg=ARGUMENT if target.fuzz_arg else st.just(""),
    )
    def run(data, arg):
        cache.clear()  # rate limits would stop the fuzzing before the code behind them
        if target.before:
            target.before(client, world)
        url = reverse(
            target.name, kwargs=args | ({target.fuzz_arg: HOLE} if target.fuzz_arg else {})
        )
        # The fuzzed argument in its place, as a browser would send it.
        url = url.replace(HOLE, quote(arg, safe=""))
        response = getattr(client, target.method)(url, data)
        assert response.status_code < 500, (url, data)

    run()
