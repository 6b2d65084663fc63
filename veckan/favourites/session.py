"""Which Mitt program a request belongs to: the session's part of it.

Services (veckan.favourites.services) take programs; this module turns a request into one, and is
the only place that reads or writes the session for it.
"""

from django.db.models import Q
from django.http import HttpRequest

from veckan.favourites.models import PersonalProgram, Star
from veckan.favourites.services import claim_anonymous, keeps_until, mark_seen

# The session holds the id of an anonymous visitor's program; nothing else about them.
SESSION_KEY = "mitt_program"


def current_program(request: HttpRequest, *, create: bool = False) -> PersonalProgram | None:
    """The program of whoever makes the request; None if they have none and `create` is False.

    Anonymous visitors: the program whose id the session holds. With `create`, a new program is
    made and its id stored in the session; that is when the session cookie is set, because the
    visitor asked to save something.

    Logged-in users: the account's program. If the session still holds an anonymous program
    (starred before logging in), it is merged into the account here, on the first request after
    the login that needs the program, and the session forgets it: see `services.claim_anonymous`.

    Side effects: may create or merge programs, change the session, and mark the program as seen
    (at most once a day; for an anonymous visitor that also renews the session cookie's expiry, so
    the stars last as long as the visitor keeps using them, and at least until the current
    edition's week has ended: see keeps_until()).
    """
    anonymous_id = request.session.get(SESSION_KEY)
    user = request.user
    if user.is_authenticated:
        if anonymous_id is None:
            program = PersonalProgram.objects.filter(user=user).first()
        else:
            program = claim_anonymous(anonymous_id=anonymous_id, user=user)
            del request.session[SESSION_KEY]
        if program is None and create:
            program, _ = PersonalProgram.objects.get_or_create(user=user)
            return program
    else:
        program = None
        if anonymous_id is not None:
            program = PersonalProgram.objects.anonymous().filter(pk=anonymous_id).first()
            if program is None:  # purged, or merged into an account in another session
                del request.session[SESSION_KEY]
        if program is None and create:
            program = PersonalProgram.objects.create()
            request.session[SESSION_KEY] = program.pk
            _keep_session(request)
            return program
    if program is not None and mark_seen(program=program) and program.user_id is None:
        _keep_session(request)
    return program


def _keep_session(request: HttpRequest) -> None:
    # The session cookie (strictly necessary: it is what holds the stars) lasts as the stars do.
    request.session.set_expiry(keeps_until())


def open_on_this_device(*, request: HttpRequest, token: str) -> PersonalProgram | None:
    """Take the program without an account that has this token into this browser: the same stars
    on another device, from the link "Mejla mig länken" sent. None if there is no such program.

    Side effects: the session holds the program (for a logged-in user it is merged into the
    account on the next request that needs the program, as after a login).
    """
    program = PersonalProgram.objects.anonymous().filter(token=token).first()
    if program is not None:
        request.session[SESSION_KEY] = program.pk
        if not request.user.is_authenticated:
            _keep_session(request)
    return program


def starred_activity_ids(request: HttpRequest) -> frozenset[int]:
    """Ids of the activities the requester has starred, for showing buttons pressed. Read-only:
    stars waiting to be merged after a login count too, without merging them here.

    No query at all for a visitor who has neither an account nor a program in the session.
    """
    anonymous_id = request.session.get(SESSION_KEY)
    whose = Q()
    if request.user.is_authenticated:
        whose |= Q(program__user=request.user)
    if anonymous_id is not None:
        whose |= Q(program_id=anonymous_id, program__user__isnull=True)
    if not whose:
        return frozenset()
    return frozenset(Star.objects.filter(whose).values_list("activity_id", flat=True))
