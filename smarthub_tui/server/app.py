"""The reference SmartHub backend as a FastAPI app: `create_app` and the routes of docs/api.md.

Why a factory: the same app runs behind uvicorn (`smarthub-server`), inside
the wizard behind `httpx.ASGITransport` (which runs no lifespan events, so
the database is created and migrated here, synchronously), and in tests
with an in-memory database and a fake clock.

Routes are thin: they declare the contract (paths, models, every error
status with the error schema, so `/openapi.json` documents them) and hand
the work to `RegistrationService`.  Route functions are plain ``def``: they
hash with argon2 and wait on SQLite, so they run in the thread pool and
never block the event loop the wizard's UI shares.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, FastAPI, Form, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from smarthub_tui import __version__
from smarthub_tui.contract import (  # contacts, agents
    AGENT_KEY_HEADER,
    AGENT_ME_PATH,
    AGENT_PAPERLESS_PATH,
    AGENT_STATUS_PATH,
    CAPTCHA_ANSWER_PATH,
    CAPTCHA_PATH,
    COMPLETE_PATH,
    CONTACT_CONFIRM_PATH,
    CONTACT_REMOVE_PATH,
    CONTACTS_PATH,
    HEALTH_PATH,
    IDEMPOTENCY_HEADER,
    IDENTITY_PATH,
    LOGIN_PATH,
    LOOKUP_PATH,
    OUTBOX_PATH,
    PAPERLESS_PATH,
    PASSWORD_PATH,
    PASSWORD_RESET_CONFIRM_PATH,
    PASSWORD_RESET_PATH,
    PHRASE_PATH,
    RETRY_AFTER_HEADER,
    SETTINGS_PATH,
    SIGN_OUT_PATH,
    SUMMARY_PATH,
    UNSUBSCRIBE_PATH,
    USERNAME_HEADER,
    VERIFY_PATH,
    ErrorCode,
)
from smarthub_tui.profiles import CoopProfile
from smarthub_tui.validation import MAX_EMAIL_LENGTH

from . import captcha
from .agents import AgentContext, add_agent_with_key
from .errors import ApiError, malformed
from .fixtures import DEMO_AGENT_KEY, DEMO_AGENT_NAME, seed_demo_data
from .keys import ServerKeyError, keys_for
from .mail import DEFAULT_PUBLIC_URL, VERIFY_PAGE_PATH, SmtpSender, normalize_public_url
from .middleware import AGENT_SCOPE_KEY, FORM, JSON, GuardMiddleware, client_address
from .schemas import (  # contacts, agents
    AgentMeOut,
    AgentPaperlessIn,
    AgentPaperlessOut,
    AgentStatusIn,
    AgentStatusOut,
    AuthResultOut,
    CaptchaAnswerIn,
    CaptchaAnswerOut,
    CaptchaIn,
    CaptchaOut,
    CompleteIn,
    ContactConfirmIn,
    ContactIn,
    ContactOut,
    ContactRemoveIn,
    ContactsOut,
    ErrorBody,
    Health,
    IdentityCheckIn,
    IdentityCheckOut,
    LookupIn,
    OutboxOut,
    PaperlessIn,
    PaperlessOut,
    PasswordIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    PasswordResetOut,
    ReceiptOut,
    RegistrationSessionOut,
    SecurityPhraseIn,
    SecurityPhraseOut,
    SettingsOut,
    StatusOut,
    SummaryOut,
    UnsubscribeOut,
    VerifyIn,
    email_pattern,
    phrase_pattern,
    us_mobile_pattern,
)
from .service import AuthContext, Clock, RegistrationService, utc_now
from .store import Store
from .verify_page import HEADERS as VERIFY_PAGE_HEADERS
from .verify_page import MAX_TOKEN_LENGTH, verify_page

log = logging.getLogger("smarthub_tui.server")

# Which routes take a body, and in which form (checked by GuardMiddleware).
BODY_KINDS = {
    LOOKUP_PATH: JSON,
    IDENTITY_PATH: JSON,
    CAPTCHA_PATH: JSON,
    CAPTCHA_ANSWER_PATH: JSON,
    COMPLETE_PATH: JSON,
    VERIFY_PATH: JSON,
    LOGIN_PATH: FORM,
    PASSWORD_PATH: JSON,
    PAPERLESS_PATH: JSON,
    PHRASE_PATH: JSON,
    # contacts
    CONTACTS_PATH: JSON,
    CONTACT_CONFIRM_PATH: JSON,
    CONTACT_REMOVE_PATH: JSON,
    # Forgot Password
    PASSWORD_RESET_PATH: JSON,
    PASSWORD_RESET_CONFIRM_PATH: JSON,
    # agents
    AGENT_PAPERLESS_PATH: JSON,
    AGENT_STATUS_PATH: JSON,
}

_STATUS_DESCRIPTIONS = {
    400: "`malformed_request` (not JSON, not UTF-8, wrong content type, unreadable HTTP), or an operation-specific code",
    401: "`not_authorized`: the token is missing, expired or not this user's",
    403: "`password_change_required`: set the new password first",
    404: "`not_found`: this is not a demo server",
    409: "`already_registered`",
    410: "`session_expired`",
    413: "`body_too_large`: the body is over 64 KiB",
    422: "`validation_failed` (`field` names the field), or an operation-specific code",
    423: "`locked_out`: too many failed attempts; the message is the profile's lockout message",
    429: "`rate_limited`: too many requests from this address",
    500: "`internal_error`: never on purpose; no details",
}
_COMMON_STATUSES = (400, 413, 422, 429, 500)


def _errors(*statuses: int, **codes: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the given error statuses plus those every operation can give.

    ``codes`` describes an operation's own meaning of a status, e.g. ``s401="`identity_mismatch`"``.
    """
    responses: dict[int | str, dict[str, Any]] = {}
    for status in sorted(set(statuses) | set(_COMMON_STATUSES)):
        description = codes.get(f"s{status}", _STATUS_DESCRIPTIONS[status])
        response: dict[str, Any] = {"model": ErrorBody, "description": description}
        if status == 429:
            response["headers"] = {
                RETRY_AFTER_HEADER: {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}
            }
        if status == 401:
            response["headers"] = {
                "WWW-Authenticate": {"description": "`Bearer` on `not_authorized`.", "schema": {"type": "string"}}
            }
        responses[status] = response
    return responses


def _service_of(request: Request) -> RegistrationService:
    service: RegistrationService = request.app.state.service
    return service


async def _service(request: Request) -> RegistrationService:
    # async: it only reads app state, and FastAPI runs a plain-def dependency in the thread pool (a hop per request)
    return _service_of(request)


Service = Annotated[RegistrationService, Depends(_service)]
_bearer = HTTPBearer(auto_error=False, description="The `authorizationToken` from login or verify.")


def _authenticated(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    username: Annotated[
        str | None,
        Header(
            alias=USERNAME_HEADER,
            max_length=254,
            description="The `userId` of the session (the member's e-mail address), UTF-8 encoded.",
        ),
    ] = None,
) -> AuthContext:
    return _service_of(request).authenticate(credentials.credentials if credentials else None, _utf8_header(username))


def _utf8_header(value: str | None) -> str | None:
    """A header value sent as UTF-8 bytes (an internationalised e-mail address), decoded.

    HTTP hands header bytes over as latin-1; an ASCII value is unchanged.
    """
    if value is None:
        return None
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


Authenticated = Annotated[AuthContext, Depends(_authenticated)]

# --- one thread-pool hop per route -------------------------------------------------------


def _in_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint` (a plain function) as a coroutine that runs it in the thread pool, with its signature and name.

    Why: FastAPI runs a plain-``def`` route in the thread pool and then, since
    the route is not a coroutine, validates its answer in the thread pool
    too: two hops per request, each a thread wake-up and an event-loop
    wake-up.  Run here, the route itself is one hop (a route that takes
    `Authenticated` has one more, for that dependency); its answer is
    validated on the event loop, where it is a few microseconds of work.
    The routes stay plain functions (they hash with argon2 and wait on the
    database, so they must not run on the event loop), and FastAPI reads
    the parameters and the OpenAPI operation (name, summary, description)
    from `endpoint` itself.
    """

    @functools.wraps(endpoint)
    async def in_thread(*args: Any, **kwargs: Any) -> Any:
        return await anyio.to_thread.run_sync(functools.partial(endpoint, *args, **kwargs))

    return in_thread


class _Router(APIRouter):
    """An `APIRouter` whose plain-function routes each run in one thread-pool hop (`_in_thread`)."""

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _in_thread(endpoint)
        super().add_api_route(path, endpoint, **kwargs)


router = _Router()


@router.get(HEALTH_PATH, response_model=Health, responses=_errors(), tags=["service"])
def health() -> dict[str, str]:
    """0. The server is up (not rate limited: for readiness probes)."""
    return {"status": "ok"}


@router.get(SETTINGS_PATH, response_model=SettingsOut, responses=_errors(), tags=["registration"])
def settings(service: Service) -> dict[str, Any]:
    """1. The co-op profile in force and whether the server runs in demo mode."""
    return service.settings()


@router.post(
    LOOKUP_PATH,
    response_model=RegistrationSessionOut,
    responses=_errors(
        403,
        404,
        409,
        423,
        s403="`registration_not_allowed`: too little verification data on file for this profile",
        s404="`account_not_found`: one answer whichever field was wrong",
        s409="`already_registered`: this account is registered with this e-mail (field `email`)",
    ),
    tags=["registration"],
)
def lookup(body: LookupIn, request: Request, service: Service) -> dict[str, Any]:
    """2. Match account number + last name or business + e-mail; open a 15-minute registration session.

    404 `account_not_found` is one answer whichever field was wrong; 409
    `already_registered` only when this account is registered with this
    same e-mail; 403 `registration_not_allowed` when the account has too
    little verification data on file.
    """
    return service.lookup(body, client_address(request.scope), _agent_of(request))


@router.post(
    CAPTCHA_PATH,
    response_model=CaptchaOut,
    responses=_errors(
        403,
        410,
        s403="`accessible_captcha_unavailable`: `accessible` was asked, the style is `text`, and the profile's"
        " `accessibleCaptcha` is false; the message names the co-op's phone route",
        s410="`session_expired`: unknown, expired or finished session",
    ),
    tags=["registration"],
)
def new_captcha(body: CaptchaIn, service: Service) -> dict[str, Any]:
    """3. A fresh single-use challenge of the profile's style (expires in 5 minutes).

    With `accessible`, the checkbox in place of a picture where the profile allows it.
    """
    return service.new_captcha(body)


@router.post(
    IDENTITY_PATH,
    response_model=IdentityCheckOut,
    responses=_errors(
        401,
        403,
        409,
        410,
        422,
        423,
        s409="`already_registered`: this session's registration is complete",
        s403="`not_authorized`: an agent's session, and the call is not that agent's (no key, or another agent's)",
        s401="`identity_mismatch` (counts toward lockout; `attemptsLeft` where the profile shows it)",
        s410="`session_expired`: unknown, expired or finished session",
        s422="`validation_failed` (a malformed answer), `question_not_asked` (no data on file for it) or"
        " `identity_incomplete` (too few answers); `field` names the answer",
    ),
    tags=["registration"],
)
def check_identity(body: IdentityCheckIn, request: Request, service: Service) -> dict[str, Any]:
    """3b. Check the identity answers at their own step.

    `verified` once the session has passed its CAPTCHA; before that the
    verdict is held (`pending`) and given by the CAPTCHA answer, so no
    answer is judged for a session that has not passed its anti-automation check.
    """
    return service.check_identity(body, client_address(request.scope))


@router.post(
    CAPTCHA_ANSWER_PATH,
    response_model=CaptchaAnswerOut,
    responses=_errors(
        400,
        401,
        403,
        409,
        410,
        423,
        s409="`already_registered`: this session's registration is complete",
        s403="`not_authorized`: an agent's session, and the call is not that agent's (no key, or another agent's)",

        s400="`captcha_failed` (field `captchaAnswer`; the challenge is used up: fetch a new one), or `malformed_request`",
        s401="`identity_mismatch`: the CAPTCHA passed, but the identity answers held for this session do not match",
        s410="`session_expired`: unknown, expired or finished session",
    ),
    tags=["registration"],
)
def answer_captcha(body: CaptchaAnswerIn, request: Request, service: Service) -> dict[str, Any]:
    """3c. Answer the session's challenge (single use); passed once, it stays passed for the session.

    Asked again once passed (an answer lost on the way), it uses up no
    challenge and counts nothing: it says again where the identity check stands.
    """
    return service.answer_captcha(body, client_address(request.scope))


@router.post(
    COMPLETE_PATH,
    status_code=201,
    response_model=ReceiptOut,
    responses=_errors(
        400,
        403,
        409,
        410,
        422,
        423,
        s403="`not_authorized`: an agent's session, and the call is not that agent's (no key, or another agent's)",
        s400="`captcha_required` or `identity_required`: that step was not passed in this session, or `malformed_request`",
        s409="`already_registered`: another request registered this account and e-mail first",
        s422="`validation_failed` (`field` names the field) or `idempotency_key_reused`",
    ),
    tags=["registration"],
)
def complete(
    body: CompleteIn,
    request: Request,
    service: Service,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=IDEMPOTENCY_HEADER,
            min_length=1,
            max_length=100,
            # Visible ASCII only: HTTP trims spaces around a header value, so a key with them could not arrive as sent.
            pattern=r"^[!-~]{1,100}$",
            description="Repeat it on a retry: the same key and body replay the first 201 (1-100 visible ASCII characters;"
            " a key belongs to its registration session, so it need only differ from the session's other keys).",
        ),
    ] = None,
) -> dict[str, Any]:
    """4. With identity and CAPTCHA passed, check hint and terms; create the registration and send its e-mail."""
    return service.complete(body, idempotency_key, client_address(request.scope), _agent_of(request))


@router.post(
    VERIFY_PATH,
    response_model=AuthResultOut,
    responses=_errors(400, 423, s400="`invalid_token` (unknown, used or expired), or `malformed_request`"),
    tags=["registration"],
)
def verify(body: VerifyIn, request: Request, service: Service) -> dict[str, Any]:
    """5. Redeem a Verify Account code; the session must set a password first."""
    return service.verify(body, client_address(request.scope))


@router.post(
    LOGIN_PATH,
    response_model=AuthResultOut,
    responses=_errors(401, 423, s401="`invalid_credentials`: one answer for an unknown login and a wrong password"),
    tags=["auth"],
)
def login(
    userId: Annotated[  # noqa: N803 - SmartHub's field name
        str,
        Form(
            min_length=1,
            max_length=MAX_EMAIL_LENGTH,
            description="The member's e-mail address.",
            examples=["ana.alvarez@example.com"],
        ),
    ],
    password: Annotated[str, Form(min_length=1, max_length=1024, examples=["Demo-Pass1"])],
    request: Request,
    service: Service,
) -> dict[str, Any]:
    """6. SmartHub's login (form fields `userId`, `password`)."""
    return service.login(userId, password, client_address(request.scope))


@router.post(
    PASSWORD_PATH,
    response_model=AuthResultOut,
    responses=_errors(
        401,
        422,
        423,
        s401="`not_authorized`, or `invalid_credentials` (field `currentPassword`; counts toward lockout)",
        s422="`password_policy` (field `newPassword`, with `rules`) or `validation_failed`",
    ),
    tags=["secured"],
)
def change_password(body: PasswordIn, request: Request, service: Service, auth: Authenticated) -> dict[str, Any]:
    """7. Set a new password; `currentPassword` is required unless the session came from verify."""
    return service.change_password(auth, body, client_address(request.scope))


@router.put(PAPERLESS_PATH, response_model=PaperlessOut, responses=_errors(401, 403), tags=["secured"])
def set_paperless(body: PaperlessIn, service: Service, auth: Authenticated) -> dict[str, Any]:
    """8. Paperless billing for every account registered with this e-mail."""
    return service.set_paperless(auth, body)


@router.put(PHRASE_PATH, response_model=StatusOut, responses=_errors(401, 403), tags=["secured"])
def set_security_phrase(body: SecurityPhraseIn, service: Service, auth: Authenticated) -> dict[str, Any]:
    """9. The security phrase shown on payment forms."""
    return service.set_security_phrase(auth, body)


@router.get(SUMMARY_PATH, response_model=SummaryOut, responses=_errors(401, 403), tags=["secured"])
def summary(service: Service, auth: Authenticated) -> dict[str, Any]:
    """10. What is set up for the member (no secrets)."""
    return service.summary(auth)


# --- My Profile ------------------------------------------------------------------------------


@router.get(PHRASE_PATH, response_model=SecurityPhraseOut, responses=_errors(401, 403), tags=["secured"])
def get_security_phrase(service: Service, auth: Authenticated) -> dict[str, Any]:
    """The session owner's security phrase (null when none is set), shown back to them on My Profile."""
    return service.security_phrase(auth)


@router.post(SIGN_OUT_PATH, response_model=StatusOut, responses=_errors(401), tags=["secured"])
def sign_out(service: Service, auth: Authenticated) -> dict[str, Any]:
    """End this session: its token is refused from now on."""
    return service.sign_out(auth)


@router.post(
    UNSUBSCRIBE_PATH,
    response_model=UnsubscribeOut,
    responses=_errors(401, 403, s403="`password_change_required`, or `unsubscribe_not_allowed` (the co-op's profile)"),
    tags=["secured"],
)
def unsubscribe(service: Service, auth: Authenticated) -> dict[str, Any]:
    """Delete the member's registration (login, links to accounts, sessions, codes); paper bills resume."""
    return service.unsubscribe(auth)


@router.get(OUTBOX_PATH, response_model=OutboxOut, responses=_errors(404), tags=["demo"])
def demo_outbox(
    to: Annotated[
        str,
        Query(
            max_length=MAX_EMAIL_LENGTH,
            description="The recipient: an e-mail address, or a US mobile number in E.164 for text messages.",
            examples=["jane@example.com"],
            json_schema_extra={"anyOf": [{"format": "email", "pattern": email_pattern()}, {"pattern": us_mobile_pattern()}]},
        ),
    ],
    service: Service,
) -> dict[str, Any]:
    """11. The e-mails sent to `to`, newest first (demo servers only; 404 `not_found` otherwise)."""
    return service.outbox(to)


# --- contacts ---------------------------------------------------------------------------------


@router.get(CONTACTS_PATH, response_model=ContactsOut, responses=_errors(401, 403), tags=["secured"])
def contacts(service: Service, auth: Authenticated) -> dict[str, Any]:
    """C1. The member's contacts: the sign-in e-mail first (id 0), then those added, active or pending."""
    return service.contacts(auth)


@router.post(
    CONTACTS_PATH,
    status_code=201,
    response_model=ContactOut,
    responses=_errors(
        401,
        403,
        409,
        422,
        s409="`contact_exists` (field `address`): active already, or the sign-in e-mail",
        s422="`validation_failed` (field `address`: not an e-mail address, or not a US mobile number for `sms`), "
        "`too_many_contacts` (field `address`: the profile's `maximumContacts`), "
        "`sms_not_enabled` (field `kind`: the profile's `smsEnabled` is off)",
    ),
    tags=["secured"],
)
def add_contact(body: ContactIn, service: Service, auth: Authenticated) -> dict[str, Any]:
    """C2. Add a contact, pending until the code sent to it comes back; a pending one added again gets a new code."""
    return service.add_contact(auth, body)


@router.post(
    CONTACT_CONFIRM_PATH,
    response_model=ContactOut,
    responses=_errors(
        400,
        401,
        403,
        404,
        422,
        423,
        s400="`invalid_token` (field `code`: wrong, used or expired; counts toward lockout), or `malformed_request`",
        s404="`not_found` (field `id`): not one of this member's contacts",
        s422="`primary_contact` (field `id`: the sign-in e-mail needs no code), or `validation_failed`",
    ),
    tags=["secured"],
)
def confirm_contact(body: ContactConfirmIn, request: Request, service: Service, auth: Authenticated) -> dict[str, Any]:
    """C3. Confirm a pending contact with the code sent to it."""
    return service.confirm_contact(auth, body, client_address(request.scope))


@router.post(
    CONTACT_REMOVE_PATH,
    response_model=ContactsOut,
    responses=_errors(
        401,
        403,
        404,
        422,
        s404="`not_found` (field `id`): not one of this member's contacts",
        s422="`primary_contact` (field `id`: the sign-in e-mail cannot be removed), or `validation_failed`",
    ),
    tags=["secured"],
)
def remove_contact(body: ContactRemoveIn, service: Service, auth: Authenticated) -> dict[str, Any]:
    """C4. Remove a contact; the contacts that are left."""
    return service.remove_contact(auth, body)
# --- Forgot Password ---------------------------------------------------------------------------


@router.post(
    PASSWORD_RESET_PATH,
    response_model=PasswordResetOut,
    responses=_errors(
        423,
        s422="`validation_failed`: a malformed e-mail, account number or hint answer, or the account number the profile"
        " requires is missing (`field` names it); never whether the address is registered",
        s423="`locked_out`: this client address is locked (the same for every e-mail address)",
    ),
    tags=["registration"],
)
def request_password_reset(body: PasswordResetIn, request: Request, service: Service) -> dict[str, Any]:
    """13. Forgot Password: e-mail a single-use code to a registered address whose answers match.

    The same status and body, after the same work, whether or not the
    address is registered (or the answers match): nothing tells which.
    """
    return service.request_password_reset(body, client_address(request.scope))


@router.post(
    PASSWORD_RESET_CONFIRM_PATH,
    response_model=StatusOut,
    responses=_errors(
        400,
        422,
        423,
        s400="`invalid_token` (field `code`: wrong, used or expired, or an unknown address; counts toward lockout),"
        " or `malformed_request`",
        s422="`password_policy` (field `newPassword`, with `rules`) or `validation_failed`",
    ),
    tags=["registration"],
)
def confirm_password_reset(body: PasswordResetConfirmIn, request: Request, service: Service) -> dict[str, Any]:
    """14. Set the new password with the e-mailed code; every session of the login ends, its lockout lifts."""
    return service.confirm_password_reset(body, client_address(request.scope))


def _json_errors() -> dict[int | str, dict[str, Any]]:
    """`_errors()` for a route whose own answer is HTML: its errors are still the contract's JSON.

    (FastAPI would otherwise document an error model under the route's media type.)
    """
    responses = {}
    for status, response in _errors().items():
        declared = {key: value for key, value in response.items() if key != "model"}
        declared["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        responses[status] = declared
    return responses


@router.get(
    VERIFY_PAGE_PATH,
    response_class=HTMLResponse,
    responses=_json_errors(),
    tags=["pages"],
    summary="The page a Verify Account link opens",
)
def verify_account_page(
    service: Service,
    token: Annotated[
        str,
        Query(
            max_length=MAX_TOKEN_LENGTH,
            description="The Verify Account code the e-mail's link carries.",
            examples=["7KQ2M-XR4TB-9HN3C-WD6FJ"],
        ),
    ] = "",
) -> HTMLResponse:
    """The page of the e-mail's Verify Account link: plain HTML showing the code to enter in the wizard.

    It changes nothing and does not look the code up: mail scanners open
    links before the member does, and the code is redeemed at operation 5
    (`verify`), where wrong codes count toward the lockout.
    """
    return HTMLResponse(verify_page(service.profile, token), headers=VERIFY_PAGE_HEADERS)


# --- agents -----------------------------------------------------------------------------------------


def _agent_of(request: Request) -> AgentContext | None:
    """The agent whose key the guard admitted for this request, or None for a member's own call."""
    agent: AgentContext | None = request.scope.get(AGENT_SCOPE_KEY)
    return agent


_AgentKeyHeader = Annotated[
    str | None,
    Header(
        alias=AGENT_KEY_HEADER,
        max_length=200,
        description="The agent's key, as `smarthub-server agents add NAME` printed it. On any operation it marks"
        " the call as the agent's.",
    ),
]
_AGENT_ERRORS = {
    "s401": "`agent_key_invalid`: the agent key is missing or not valid",
    "s403": "`agent_revoked`: the operator revoked this agent key; or `not_authorized`: not a registration this"
    " agent completed",
    "s429": "`rate_limited`: too many requests from this agent",
}


@router.get(AGENT_ME_PATH, response_model=AgentMeOut, responses=_errors(401, 403, **_AGENT_ERRORS), tags=["agents"])
def agent_me(request: Request, service: Service, _key: _AgentKeyHeader = None) -> dict[str, Any]:
    """A1. The agent the key belongs to: the wizard signs the agent in with it."""
    return service.agent_me(_agent_of(request))


@router.post(
    AGENT_PAPERLESS_PATH,
    response_model=AgentPaperlessOut,
    responses=_errors(401, 403, 410, **_AGENT_ERRORS, s410="`session_expired`: unknown or expired registration"),
    tags=["agents"],
)
def agent_paperless(body: AgentPaperlessIn, request: Request, service: Service, _key: _AgentKeyHeader = None) -> dict[str, Any]:
    """A2. The member's paperless choice, stated on the phone, for a registration this agent completed."""
    return service.agent_paperless(_agent_of(request), body)


@router.post(
    AGENT_STATUS_PATH,
    response_model=AgentStatusOut,
    responses=_errors(401, 403, 410, **_AGENT_ERRORS, s410="`session_expired`: unknown or expired registration"),
    tags=["agents"],
)
def agent_registration_status(
    body: AgentStatusIn, request: Request, service: Service, _key: _AgentKeyHeader = None
) -> dict[str, Any]:
    """A3. How far the member got on their own since: e-mail verified, password set, paperless.

    Reachable for 30 minutes after the registration was completed.
    """
    return service.agent_registration_status(_agent_of(request), body)


# --- error answers ------------------------------------------------------------------------------

_TYPE_TAGS = {"str", "int", "float", "bool", "none", "dict", "list"}


def _field_of(loc: tuple[Any, ...]) -> str | None:
    """The JSON name of the field an error is about: the last named part of its location."""
    names = [part for part in loc[1:] if isinstance(part, str) and part not in _TYPE_TAGS and "[" not in part]
    return names[-1] if names else None


def _message_of(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "This field is required."
    if kind == "string_too_long":
        return f"This is too long (at most {ctx.get('max_length')} characters)."
    if kind == "string_too_short":
        return f"This is too short (at least {ctx.get('min_length')} characters)."
    if kind == "extra_forbidden":
        return "This field is not expected."
    if kind == "value_error" and isinstance(ctx.get("error"), ValueError):
        return str(ctx["error"])
    if kind in {"model_attributes_type", "dict_type", "model_type"}:
        return "Send a JSON object."
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return "This has the wrong type."
    return "This value is not valid."


async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
    errors = list(error.errors())
    if any(item.get("type") == "json_invalid" for item in errors):
        return await _api_error(_request, malformed("The request body is not valid JSON."))
    first = errors[0] if errors else {"loc": (), "type": ""}
    refusal = ApiError(422, ErrorCode.VALIDATION_FAILED, _message_of(first), field=_field_of(tuple(first.get("loc", ()))))
    return await _api_error(_request, refusal)


_HTTP_CODES = {
    400: (ErrorCode.MALFORMED_REQUEST, "The request could not be read."),
    404: (ErrorCode.NOT_FOUND, "There is nothing at this address."),
    405: (ErrorCode.METHOD_NOT_ALLOWED, "This address does not accept that method."),
    413: (ErrorCode.BODY_TOO_LARGE, "The request is too large."),
}


async def _http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
    code, message = _HTTP_CODES.get(error.status_code, (ErrorCode.HTTP_ERROR, "The request was refused."))
    return JSONResponse(
        {"code": code, "message": message, "field": None},
        status_code=error.status_code,
        headers=dict(error.headers or {}),
    )


# --- the published schema, for the profile in force ------------------------------------------


def declare_profile_rules(document: dict[str, Any], profile: CoopProfile) -> dict[str, Any]:
    """Say in the OpenAPI document what the service enforces for `profile` (changes `document`).

    The request models are shared by every profile; these limits are not:
    whether the lookup needs `confirmEmail`, the security phrase's and the
    new password's lengths.  Each app builds its own document, so the
    contract a client reads is the one this server keeps.
    """
    schemas = document["components"]["schemas"]
    lookup = schemas["LookupIn"]
    if profile.confirmEmail:
        confirm = lookup["properties"]["confirmEmail"]
        text = next(option for option in confirm.pop("anyOf") if option.get("type") == "string")
        confirm.pop("default", None)
        confirm.update(text)
        lookup["required"] = sorted(set(lookup.get("required", [])) | {"confirmEmail"})
    phrase = schemas["SecurityPhraseIn"]["properties"]["phrase"]
    phrase["maxLength"] = profile.securityPhraseMaximumLength
    phrase["pattern"] = phrase_pattern(profile.securityPhraseMinimumLength)
    phrase["description"] = (
        f"{profile.securityPhraseMinimumLength} to {profile.securityPhraseMaximumLength} characters once runs "
        "of spaces count as one; no control characters."
    )
    policy = profile.passwordPolicy
    for name in ("newPassword", "confirmPassword"):
        field = schemas["PasswordIn"]["properties"][name]
        field["minLength"] = policy.minimumPasswordLength
        field["maxLength"] = policy.maximumPasswordLength
    # Forgot Password
    for name in ("newPassword", "confirmPassword"):
        field = schemas["PasswordResetConfirmIn"]["properties"][name]
        field["minLength"] = policy.minimumPasswordLength
        field["maxLength"] = policy.maximumPasswordLength
    reset = schemas["PasswordResetIn"]
    if profile.requireAccountNumberOnPasswordReset:
        number = reset["properties"]["accountNumber"]
        text = next(option for option in number.pop("anyOf") if option.get("type") == "string")
        number.pop("default", None)
        number.update(text)
        reset["required"] = sorted(set(reset.get("required", [])) | {"accountNumber"})
    return document


# --- the factory -----------------------------------------------------------------------------


def create_app(
    *,
    profile: CoopProfile,
    database_url: str = "sqlite://",
    demo: bool = False,
    secret_key: bytes | None = None,
    secret_key_source: str = "the given key",  # noqa: S107 - words for a message, not a secret
    key_file: Path | None = None,
    clock: Clock | None = None,
    captcha_text_source: captcha.TextSource | None = None,
    rate_limit_per_minute: int = 120,
    smtp: SmtpSender | None = None,
    public_url: str = DEFAULT_PUBLIC_URL,
    agent_rate_limit_per_minute: int = 600,
) -> FastAPI:
    """Build the reference server for `profile` over the database at `database_url`.

    - `database_url`: ``sqlite://`` (in memory, shared by all requests of
      this app), ``sqlite:///path/to/file.db`` or ``postgresql://...``
      (several processes may share either).  The schema is created or
      migrated here, before this returns.
    - `demo`: seed the demo accounts (idempotently) and open the outbox
      endpoint; otherwise that endpoint answers ``404 not_found``.
    - `secret_key`, `key_file`: the server's master key (at least 32 bytes),
      or the file that holds it (created if missing); the keys for HMACs of
      tokens, ids and CAPTCHA answers and for sealing security phrases and
      e-mails are derived from it.  By default a SQLite file's key lives in
      ``<database>.key`` beside it, made on first run; an in-memory database
      gets a key of its own.  Never in the database: `keys` says why, and
      `ServerKeyError` (a `StoreError`) says in one line when the key is
      missing or not the database's.  `secret_key_source` names the key in
      that line (e.g. the environment variable it came from).
    - `clock`: returns the current time (aware UTC); tests move it forward
      to expire sessions, codes, tokens and lockouts without sleeping.
    - `captcha_text_source`: returns the text of each text CAPTCHA (default:
      six random characters).  Tests pass one so they know the answer
      without reading the image; the HTTP API never reveals it.
    - `rate_limit_per_minute`: requests per client address per minute.
    - `agent_rate_limit_per_minute`: requests per agent per minute (a call
      with a valid agent key counts against its agent, not its address).
    - `smtp`: also deliver e-mail by SMTP (the outbox table always gets it).
    - `public_url`: where members reach this server (``https://host[:port][/path]``);
      the Verify Account link in the e-mails opens its ``/verify`` page there.
      `smarthub-server` gives the address it listens on unless told otherwise;
      the default, for a server with no address (inside the wizard), is
      `DEFAULT_PUBLIC_URL`, which never resolves.  A URL that cannot start a
      link raises `PublicUrlError` (a `ValueError`).
    """
    public_url = normalize_public_url(public_url)
    store = Store(database_url)
    try:
        keys = keys_for(store, master=secret_key, master_source=secret_key_source, key_file=key_file)
    except ServerKeyError:
        store.close()
        raise
    service = RegistrationService(
        profile=profile,
        store=store,
        keys=keys,
        clock=clock or utc_now,
        demo=demo,
        captcha_text_source=captcha_text_source or captcha.random_text,
        smtp=smtp,
        rate_limit_per_minute=rate_limit_per_minute,
        public_url=public_url,
        agent_rate_limit_per_minute=agent_rate_limit_per_minute,
    )
    if not store.in_memory:
        # Mail whose secret expired while no server ran goes now, not at the next registration.
        with store.transaction() as tx:
            tx.purge_expired_mail(service.now())
    if demo:
        with store.transaction() as tx:
            tx.serialize("demo seed")  # servers starting together on PostgreSQL seed one after the other
            seed_demo_data(tx, service.now())
        # agents: the demo agent, whose key is published in fixtures (demo data only)
        add_agent_with_key(store, keys, DEMO_AGENT_NAME, DEMO_AGENT_KEY, service.now())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        _widen_request_threads()
        yield
        store.release()

    app = FastAPI(
        title="SmartHub registration (reference server)",
        version=__version__,
        description="The HTTP contract of smarthub-tui (docs/api.md). Co-op profile: " + profile.profileId + ".",
        lifespan=lifespan,
        redoc_url=None,
    )
    app.state.service = service
    app.state.store = store
    app.state.keys = keys  # --- agents: issuing a key in-process (tests, tools) needs the HMAC key ---

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = declare_profile_rules(FastAPI.openapi(app), profile)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.include_router(router)
    app.add_exception_handler(ApiError, _api_error)  # type: ignore[arg-type] # Starlette types handlers for Exception
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type] # Starlette types handlers for Exception
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type] # Starlette types handlers for Exception
    app.add_middleware(
        GuardMiddleware,
        count_request=service.count_request,
        body_kinds=BODY_KINDS,
        exempt_paths=frozenset({HEALTH_PATH}),
        admit_agent=service.admit_agent,
    )
    return app


# --- request threads ----------------------------------------------------------------------

REQUEST_THREADS = 160
"""Threads for the routes (all plain functions) and the rate-limit count, where anyio's default is 40.

Why more: a request waiting for an argon2 slot (`security.ARGON2_SLOTS`, one
per core) holds its thread while it waits, so under a burst of members
forty lookups would hold every thread and the cheap calls behind them
(settings, CAPTCHA, paperless) would queue for seconds behind argon2 work
that is not theirs.  A waiting thread costs no CPU; the store's lock still
runs one transaction at a time per process.
"""


def _widen_request_threads() -> None:
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = max(limiter.total_tokens, REQUEST_THREADS)

