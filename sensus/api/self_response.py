"""Self-response routes: identification, session, draft, submission, receipt."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from sensus.api.deps import HouseholdDep, ServicesDep, in_thread_signed_in
from sensus.api.documented import HOUSEHOLD, WRITE, CardNumber, problems
from sensus.domain import errors
from sensus.services import answers
from sensus.services.respondent_access import DEVICE_COOKIE, SESSION_COOKIE, Attempt, Entered
from sensus.services.self_response import SubmitOutcome, household_ref

router = APIRouter(prefix="/self-response", tags=["self-response"])

Password = Annotated[str, StringConstraints(max_length=256)]
Short = Annotated[str, StringConstraints(max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IdentifyBody(Strict):
    kk: CardNumber
    nik: CardNumber


class SessionBody(IdentifyBody):
    password: Password


class RecoveryBody(SessionBody):
    code: Annotated[str, StringConstraints(max_length=20)]


class RegistrationBody(SessionBody):
    village_code: Annotated[str, StringConstraints(pattern=r"^\d{10}$")]
    address: Short
    rt: Annotated[str, StringConstraints(pattern=r"^\d{1,3}$")]
    rw: Annotated[str, StringConstraints(pattern=r"^\d{1,3}$")]


class DraftBody(Strict):
    version: int = Field(ge=0)
    document: dict[str, Any]


class DraftChange(Strict):
    path: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    value: Any  # the new value; null removes an answer or an added member


class DraftConflict(Strict):
    path: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    other: Any  # the answer not kept (null: unanswered, or for a member: removed)


class DraftPatchBody(Strict):
    base_version: int = Field(ge=0)
    # The questionnaire version the page was made for; another one is a 409 to reload from.
    questionnaire_version: Annotated[str, StringConstraints(max_length=20)] | None = None
    # A first save carries the whole roster: up to 60 members of some 25 answers each. No
    # change at all: the device only settles its open conflicts.
    changes: list[DraftChange] = Field(max_length=5000)
    # The conflicts the device leaves open, replacing the draft's (ADR 0010); absent: as they are.
    conflicts: list[DraftConflict] | None = Field(default=None, max_length=500)


class SubmissionBody(Strict):
    submission_id: UUID
    document: dict[str, Any]


# Which household a device meant a write for (its ``ref``): a write queued on a shared phone
# must not land in the household signed in there later (docs/offline.md).
HouseholdHeader = Annotated[str | None, Header(alias="X-Sensus-Household", max_length=40)]


def _meant_for(household_id: int, ref: str | None) -> None:
    if ref is not None and ref != household_ref(household_id):
        raise errors.SensusError(errors.OTHER_HOUSEHOLD)


def _attempt(request: Request) -> Attempt:
    address = request.client.host if request.client else "unknown"
    return Attempt(address=address, device=request.cookies.get(DEVICE_COOKIE))


def _entered(response: Response, services: ServicesDep, entered: Entered) -> None:
    settings = services.settings
    cookies = {
        SESSION_COOKIE: (entered.token, settings.session_hours * 3600),
        DEVICE_COOKIE: (entered.device, settings.device_cookie_days * 24 * 3600),
    }
    for name, (value, max_age) in cookies.items():
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            httponly=True,
            samesite="strict",
            secure=settings.secure_cookies,
            path="/",
        )


@router.post(
    "/identify", response_model=answers.Identified, responses={**WRITE, **problems(401, 429)}
)
def identify(body: IdentifyBody, request: Request, services: ServicesDep) -> answers.Identified:
    """Check a KK + NIK pair; say whether the household has set its password."""
    identified = services.access.identify(body.kk, body.nik, _attempt(request))
    return {"password_set": identified.password_set}


@router.post(
    "/session", response_model=answers.HouseholdSummary, responses={**WRITE, **problems(401, 429)}
)
def sign_in(
    body: SessionBody, request: Request, response: Response, services: ServicesDep
) -> answers.HouseholdSummary:
    """Sign in with KK + NIK + password (the first sign-in sets the password)."""
    entered = services.access.sign_in(body.kk, body.nik, body.password, _attempt(request))
    _entered(response, services, entered)
    return services.self_response.view(entered.household_id).summary()


@router.post(
    "/recovery",
    response_model=answers.HouseholdSummary,
    responses={**WRITE, **problems(401, 429)},
)
def recover(
    body: RecoveryBody, request: Request, response: Response, services: ServicesDep
) -> answers.HouseholdSummary:
    """Set a new password with the one-time code an officer handed over, and sign in; every
    other session of the household ends."""
    entered = services.access.recover(
        body.kk, body.nik, body.code, body.password, _attempt(request)
    )
    _entered(response, services, entered)
    return services.self_response.view(entered.household_id).summary()


@router.delete("/session", status_code=204, responses=problems(403))
def sign_out(request: Request, response: Response, services: ServicesDep) -> None:
    """End the session on the server: a copy of its cookie no longer works anywhere."""
    services.access.sign_out(request.cookies.get(SESSION_COOKIE))
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.post(
    "/registrations",
    status_code=201,
    response_model=answers.HouseholdSummary,
    responses={**WRITE, **problems(401, 409, 429)},
)
def register(
    body: RegistrationBody, request: Request, response: Response, services: ServicesDep
) -> answers.HouseholdSummary:
    """Register a household under a KK + NIK that do not identify one yet."""
    entered = services.access.register(
        kk=body.kk,
        nik=body.nik,
        password=body.password,
        village_code=body.village_code,
        address=body.address,
        rt=body.rt,
        rw=body.rw,
        attempt=_attempt(request),
    )
    _entered(response, services, entered)
    return services.self_response.view(entered.household_id).summary()


@router.get("/household", response_model=answers.HouseholdAnswer, responses=HOUSEHOLD)
def household(household_id: HouseholdDep, services: ServicesDep) -> answers.HouseholdAnswer:
    """The signed-in household: registry pre-fill, draft and receipt."""
    return services.self_response.view(household_id).as_dict()


@router.put(
    "/draft", response_model=answers.DraftVersion, responses={**HOUSEHOLD, **WRITE, **problems(409)}
)
def save_draft(
    body: DraftBody,
    household_id: HouseholdDep,
    services: ServicesDep,
    meant_for: HouseholdHeader = None,
) -> answers.DraftVersion:
    """Save the whole draft (pages of earlier releases; the client now sends PATCH)."""
    _meant_for(household_id, meant_for)
    version = services.self_response.save_draft(household_id, body.version, body.document)
    return {"version": version}


@router.patch(
    "/draft", response_model=answers.DraftVersion, responses={**HOUSEHOLD, **WRITE, **problems(409)}
)
async def patch_draft(
    body: DraftPatchBody,
    request: Request,
    services: ServicesDep,
    meant_for: HouseholdHeader = None,
) -> answers.DraftVersion:
    """Apply changes to the draft of ``base_version``; 409 with the current draft if stale."""
    changes = [change.model_dump() for change in body.changes]
    conflicts = None if body.conflicts is None else [c.model_dump() for c in body.conflicts]

    def work(household_id: int) -> int:
        _meant_for(household_id, meant_for)
        return services.self_response.patch_draft(
            household_id, body.base_version, changes, body.questionnaire_version, conflicts
        )

    return {"version": await in_thread_signed_in(request, services, work)}


@router.get(
    "/draft",
    response_model=answers.DraftAnswer,
    responses={**HOUSEHOLD, **problems(304, 409, 422)},
)
def draft(
    request: Request,
    household_id: HouseholdDep,
    services: ServicesDep,
    meant_for: HouseholdHeader = None,
) -> Response:
    """The draft as the server holds it: version, document and open conflicts (304 if unchanged).

    A device asks this now and then to learn that another device saved (its ETag is the
    version, so an unchanged draft costs a few bytes).
    """
    # A shared phone may hold another household's work: it must not take this one's draft.
    _meant_for(household_id, meant_for)
    state = services.self_response.draft(household_id)
    etag = f'"d{state.version}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache, private"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return JSONResponse(state.as_dict(), headers=headers)


@router.post(
    "/submissions",
    status_code=201,
    response_model=answers.ReceiptAnswer,
    responses={
        200: {"model": answers.ReceiptAnswer, "description": "A replay: the same receipt"},
        **HOUSEHOLD,
        **WRITE,
        **problems(409),
    },
)
async def submit(
    body: SubmissionBody,
    request: Request,
    services: ServicesDep,
    meant_for: HouseholdHeader = None,
) -> JSONResponse:
    """Submit the household's record; a replay of the same submission answers 200."""

    def work(household_id: int) -> SubmitOutcome:
        _meant_for(household_id, meant_for)
        return services.self_response.submit(household_id, str(body.submission_id), body.document)

    outcome = await in_thread_signed_in(request, services, work)
    return JSONResponse(outcome.receipt.as_dict(), status_code=201 if outcome.created else 200)


@router.get(
    "/receipt", response_model=answers.ReceiptAnswer, responses={**HOUSEHOLD, **problems(409)}
)
def receipt(household_id: HouseholdDep, services: ServicesDep) -> answers.ReceiptAnswer:
    """The receipt of the household's submission."""
    found = services.self_response.receipt(household_id)
    if found is None:
        raise errors.SensusError(errors.NOT_SUBMITTED)
    return found.as_dict()
