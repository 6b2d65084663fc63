"""The write API: an organisation's own system creates, updates and submits its activities with an
API key (Authorization: Bearer vk_…). A key reaches its own organisation's activities and nothing
else: any other id answers 404, as if it did not exist."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as InvalidPayload
from ninja.security import HttpBearer

from veckan.activities import services
from veckan.activities.models import Activity, ActivityTag
from veckan.api import schemas
from veckan.editions.models import Edition
from veckan.geography.models import Municipality
from veckan.lib import ratelimit
from veckan.organisations.models import ApiToken, hash_api_token

# How often a key's "last used" is written: once a minute is enough to show, and spares a write
# on every call.
LAST_USED_PRECISION = timedelta(minutes=1)

TAGS = {
    "languages": ActivityTag.Kind.LANGUAGE,
    "target_groups": ActivityTag.Kind.TARGET_GROUP,
    "accessibility": ActivityTag.Kind.ACCESSIBILITY,
}
FIELDS = (
    "external_id",
    "title",
    "summary",
    "description",
    "title_en",
    "summary_en",
    "description_en",
    "type",
    "format",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "stream_url",
    "signup_mode",
    "capacity",
    "signup_deadline",
    "external_signup_url",
)


class OrganisationKey(HttpBearer):
    """An active API key, counted against its rate limit."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = (
            ApiToken.objects.active()
            .select_related("organisation", "created_by")
            .filter(hashed=hash_api_token(token))
            .first()
        )
        if api_token is None:
            return None
        if not ratelimit.hit(
            f"api-token:{api_token.pk}",
            limit=settings.API_TOKEN_RATE_LIMIT,
            window_seconds=60,
        ):
            raise HttpError(
                429,
                f"För många anrop: högst {settings.API_TOKEN_RATE_LIMIT} i minuten per nyckel. "
                "Vänta en minut och försök igen.",
            )
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token


router = Router(auth=OrganisationKey(), tags=["organisationens aktiviteter"])

ERRORS = {
    401: schemas.Message,
    404: schemas.Message,
    409: schemas.Message,
    422: schemas.InvalidParameters,
    429: schemas.Message,
}
# What a call with a body may also answer: 400 when the body is not JSON at all.
BODY_ERRORS = {400: schemas.Message, **ERRORS}


def _own(request: HttpRequest):
    return Activity.objects.filter(organisation=request.auth.organisation)


def _get_own(request: HttpRequest, pk: int) -> Activity:
    activity = (
        _own(request)
        .select_related("edition", "organisation")
        .prefetch_related("tags", "focus_areas", "co_organisers__organisation", "contacts")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise HttpError(404, "Det finns ingen sådan aktivitet hos er organisation.")
    return activity


def _out(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "external_id": activity.external_id,
        "edition": activity.edition.year,
        "status": activity.status,
        "title": activity.title,
        "summary": activity.summary,
        "type": activity.type,
        "format": activity.format,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "municipality": activity.municipality_id,
        "url": f"{settings.SITE_URL}{activity.get_absolute_url()}",
        "updated_at": activity.updated_at,
    }


def _invalid(errors: dict[str, list[str]]) -> InvalidPayload:
    """The model's and the domain's errors in the shape of Ninja's own 422 for a bad payload."""
    return InvalidPayload(
        [
            {"loc": ["body", "payload", name], "msg": message, "type": "invalid"}
            for name, messages in errors.items()
            for message in messages
        ]
    )


def _current_edition() -> Edition:
    edition = Edition.objects.current()
    if edition is None:
        raise HttpError(409, "Det finns ingen utgåva att anmäla aktiviteter till just nu.")
    return edition


def _write(
    request: HttpRequest, payload: schemas.ActivityIn, activity: Activity | None
) -> Activity:
    """Create (activity None) or update the activity with the payload, through the same services
    and rules as the activity form."""
    api_token: ApiToken = request.auth
    organisation = api_token.organisation
    edition = activity.edition if activity else _current_edition()
    data = payload.model_dump()
    target = activity or Activity(edition=edition, organisation=organisation)
    for name in FIELDS:
        setattr(target, name, data[name] if data[name] is not None else _empty(name))
    target.municipality_id = data["municipality"]
    errors: dict[str, list[str]] = {}
    if data["municipality"] and not _municipality_exists(data["municipality"]):
        errors["municipality"] = [f"Det finns ingen kommun med koden {data['municipality']}."]
    if activity is None:
        parts = services.ActivityParts()
    else:
        parts = services.copied_parts(source=activity, edition=edition)
    parts.tags = {kind: data[name] for name, kind in TAGS.items()}
    kinds = {organisation.kind} | {co.effective_kind for co in parts.co_organisers}
    if problem := edition.public_party_problem(kinds):
        errors["organisation"] = [problem]
    for name in ("starts_at", "ends_at", "signup_deadline"):
        # A time at the calendar's very edge (year 1 with an offset, found by fuzzing) has no
        # Swedish local time: say so, before the model's rules try to find one.
        try:
            if data[name] is not None:
                timezone.localtime(data[name])
        except OverflowError:
            errors[name] = ["Tiden går inte att använda. Ange en tid under utgåvans vecka."]
    if errors:
        raise _invalid(errors)
    try:
        target.full_clean(exclude=["slug", "organisation", "edition"], validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise _invalid(errors)
    # The key reaches its own organisation's data as its creator would, but never past the
    # registration deadline, which a coordinator's own login may pass.
    if not services.can_add_activities(edition=edition, user=None) and activity is None:
        raise HttpError(409, "Anmälan av aktiviteter är stängd.")
    try:
        with transaction.atomic():
            if activity is None:
                services.create_activity(
                    activity=target,
                    parts=parts,
                    created_by=api_token.created_by,
                    note=f"Skapad med API-nyckeln ”{api_token.name}”.",
                )
            else:
                services.update_activity(activity=target, parts=parts, editor=api_token.created_by)
    except services.ActivityError as error:
        raise HttpError(409, str(error)) from None
    except IntegrityError:
        raise HttpError(
            409, f"Ni har redan en aktivitet med externt id {target.external_id}."
        ) from None
    return _get_own(request, target.pk)


def _empty(name: str):
    return None if name in ("capacity", "signup_deadline") else ""


def _municipality_exists(code: str) -> bool:
    return Municipality.objects.filter(code=code).exists()


@router.get(
    "/activities",
    response={200: list[schemas.OwnActivity], **ERRORS},
    operation_id="listOwnActivities",
    summary="Er organisations aktiviteter",
)
def own_activities(request: HttpRequest, utgava: int | None = None):
    """Every activity of the key's organisation in an edition (the current one if none is given),
    in every state: drafts, submitted, approved and the rest."""
    edition = Edition.objects.filter(year=utgava).first() if utgava else Edition.objects.current()
    if edition is None:
        raise HttpError(404, "Det finns ingen sådan utgåva.")
    return [_out(a) for a in _own(request).filter(edition=edition).select_related("edition")]


@router.post(
    "/activities",
    response={201: schemas.OwnActivity, **BODY_ERRORS},
    operation_id="createOwnActivity",
    summary="Skapa ett utkast",
)
def create(request: HttpRequest, payload: schemas.ActivityIn):
    """A new draft in the current edition. With an `external_id` that the organisation already
    uses in the edition: 409 (write to /activities/external/{external_id} to create or update)."""
    if (
        payload.external_id
        and _own(request)
        .filter(edition=_current_edition(), external_id=payload.external_id)
        .exists()
    ):
        raise HttpError(409, f"Ni har redan en aktivitet med externt id {payload.external_id}.")
    return Status(201, _out(_write(request, payload, None)))


@router.get(
    "/activities/{activity_id}",
    response={200: schemas.OwnActivity, **ERRORS},
    operation_id="getOwnActivity",
    summary="En av era aktiviteter",
)
def own_activity(request: HttpRequest, activity_id: int):
    return _out(_get_own(request, activity_id))


@router.put(
    "/activities/{activity_id}",
    response={200: schemas.OwnActivity, **BODY_ERRORS},
    operation_id="updateOwnActivity",
    summary="Ändra en aktivitet",
)
def update(request: HttpRequest, activity_id: int, payload: schemas.ActivityIn):
    """The same rules as on the site: once approved, a change of time, place or format waits for
    review while the approved version stays public."""
    return _out(_write(request, payload, _get_own(request, activity_id)))


@router.put(
    "/activities/external/{external_id}",
    response={200: schemas.OwnActivity, 201: schemas.OwnActivity, **BODY_ERRORS},
    operation_id="putOwnActivityByExternalId",
    summary="Skapa eller ändra med ert externa id",
)
def put_by_external_id(request: HttpRequest, external_id: str, payload: schemas.ActivityIn):
    """Create the draft with this external id in the current edition, or update the one that has
    it: a system can send every activity each time without keeping our ids."""
    payload.external_id = external_id
    existing = _own(request).filter(edition=_current_edition(), external_id=external_id).first()
    if existing is None:
        return Status(201, _out(_write(request, payload, None)))
    return Status(200, _out(_write(request, payload, _get_own(request, existing.pk))))


@router.post(
    "/activities/{activity_id}/submit",
    response={200: schemas.OwnActivity, **ERRORS},
    operation_id="submitOwnActivity",
    summary="Skicka in för granskning",
)
def submit(request: HttpRequest, activity_id: int):
    """Send a draft (or a corrected or withdrawn activity) to the coordinators for review."""
    activity = _get_own(request, activity_id)
    try:
        services.submit_activity(activity=activity, by=request.auth.created_by)
    except services.ActivityError as error:
        raise HttpError(409, str(error)) from None
    return _out(_get_own(request, activity_id))
