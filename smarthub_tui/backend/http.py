"""The one `Backend` implementation: the HTTP contract (docs/api.md) over httpx.

It talks to a server at a base URL, or, embedded, to the reference server's
ASGI app in this very process through `httpx.ASGITransport` (docs/architecture.md
section 3: one client path, so the same tests cover both).  The embedded one is
built by `smarthub_tui.backend.embedded`, never here: this module imports
nothing of the server (a test checks in a fresh interpreter), so a client of a
remote server loads neither FastAPI nor SQLAlchemy nor Pillow.  Paths, error
codes and header names come from `smarthub_tui.contract`, shared with the server.

Everything httpx can raise is turned into the domain errors of `base`, and
every answer is checked against the contract's shape before a model is built,
so a server answering garbage surfaces as `ServerError`, never as a KeyError
deep in a screen.

Retries: a request that never left (connection refused, connect timeout) is
retried a little for every method; a GET or PUT that timed out or met a 5xx is
retried too.  A POST that may have reached the server is never resent
silently: it raises, with ``uncertain=True`` on a timeout or a connection cut
after sending, and the caller may resend it deliberately (the registration
submit carries an idempotency key the server honours, so that is safe).
Messages are the app's words ("The connection was cut before the answer
came."), never an exception's class name.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from smarthub_tui.backend.base import (
    AccessibleCaptchaUnavailable,
    AccountNotFound,
    AgentKeyInvalid,
    AgentRevoked,
    AlreadyRegistered,
    Backend,
    BackendError,
    BackendTimeout,
    BackendUnavailable,
    CaptchaFailed,
    IdentityMismatch,
    InvalidCredentials,
    InvalidToken,
    LockedOut,
    NotAuthorized,
    PasswordPolicyFailed,
    RateLimited,
    RegistrationNotAllowed,
    ServerError,
    SessionExpired,
    ValidationFailed,
)
from smarthub_tui.contract import (  # contacts, agents
    AGENT_KEY_HEADER,
    AGENT_ME_PATH,
    AGENT_PAPERLESS_PATH,
    AGENT_STATUS_PATH,
    CAPTCHA_ANSWER_PATH,
    CAPTCHA_COLUMNS,
    CAPTCHA_PATH,
    CAPTCHA_ROWS,
    COMPLETE_PATH,
    CONTACT_CONFIRM_PATH,
    CONTACT_REMOVE_PATH,
    CONTACTS_PATH,
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
from smarthub_tui.models import (  # contacts, agents
    AccountLookup,
    AccountSummary,
    AgentIdentity,
    AgentPaperlessResult,
    AgentRegistrationStatus,
    AuthSession,
    Captcha,
    CheckboxCaptcha,
    Contact,
    ContactKind,
    ContactList,
    OutboxMessage,
    PaperlessResult,
    PasswordResetSent,
    RegistrationReceipt,
    RegistrationRequest,
    RegistrationSession,
    Settings,
    TextCaptcha,
)
from smarthub_tui.profiles import (
    CaptchaStyle,
    IdentityOption,
    ProfileError,
    VerificationStyle,
    parse_profile,
)
from smarthub_tui.proof_of_work import MAX_DIFFICULTY_BITS
from smarthub_tui.validation import Rule

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 0.2
CONNECTION_CUT = "The connection was cut before the answer came."
CANNOT_READ_ANSWER = "The server's answer could not be read."

# The contract's error codes, each to the domain error the wizard handles.
_ERRORS: dict[str, type[BackendError]] = {
    ErrorCode.VALIDATION_FAILED: ValidationFailed,
    ErrorCode.MALFORMED_REQUEST: ValidationFailed,
    ErrorCode.BODY_TOO_LARGE: ValidationFailed,
    ErrorCode.IDEMPOTENCY_KEY_REUSED: ValidationFailed,
    ErrorCode.QUESTION_NOT_ASKED: ValidationFailed,
    ErrorCode.IDENTITY_INCOMPLETE: ValidationFailed,
    ErrorCode.ACCOUNT_NOT_FOUND: AccountNotFound,
    ErrorCode.ALREADY_REGISTERED: AlreadyRegistered,
    ErrorCode.REGISTRATION_NOT_ALLOWED: RegistrationNotAllowed,
    ErrorCode.IDENTITY_MISMATCH: IdentityMismatch,
    ErrorCode.IDENTITY_REQUIRED: IdentityMismatch,
    ErrorCode.CAPTCHA_FAILED: CaptchaFailed,
    ErrorCode.CAPTCHA_REQUIRED: CaptchaFailed,
    ErrorCode.ACCESSIBLE_CAPTCHA_UNAVAILABLE: AccessibleCaptchaUnavailable,
    ErrorCode.SESSION_EXPIRED: SessionExpired,
    ErrorCode.INVALID_TOKEN: InvalidToken,
    ErrorCode.INVALID_CREDENTIALS: InvalidCredentials,
    ErrorCode.NOT_AUTHORIZED: NotAuthorized,
    ErrorCode.PASSWORD_CHANGE_REQUIRED: NotAuthorized,
    ErrorCode.LOCKED_OUT: LockedOut,
}
# --- contacts: each a refusal at a field (`address`, `kind`, `id`) ---
_ERRORS.update(
    {
        ErrorCode.CONTACT_EXISTS: ValidationFailed,
        ErrorCode.TOO_MANY_CONTACTS: ValidationFailed,
        ErrorCode.SMS_NOT_ENABLED: ValidationFailed,
        ErrorCode.PRIMARY_CONTACT: ValidationFailed,
    }
)
# --- agents ---
_ERRORS.update({ErrorCode.AGENT_KEY_INVALID: AgentKeyInvalid, ErrorCode.AGENT_REVOKED: AgentRevoked})
AGENT_KEY_NOT_VALID = "This agent key is not valid. Ask your supervisor for a new one."


class HttpBackend(Backend):
    """Drives a SmartHub backend over HTTP (or in-process over ASGI)."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retry_pause: float = RETRY_PAUSE_SECONDS,
        on_close: Callable[[], None] | None = None,
        agent_key: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        # For messages the person reads: a URL may carry a user name and password.
        self._shown_url = str(httpx.URL(self.base_url).copy_with(userinfo=b""))
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": "smarthub-tui"},
            follow_redirects=False,
        )
        self._retry_pause = retry_pause
        # What else `aclose` must stop: the embedded server's database (`backend.embedded`).
        self._on_close = on_close
        # --- agents: sent with every call while set; never shown, logged or put in a message ---
        self._agent_key: str | None = None
        self.use_agent_key(agent_key)

    # -- the operations -------------------------------------------------------------

    async def get_settings(self) -> Settings:
        body = await self._call("GET", SETTINGS_PATH)
        try:
            profile = parse_profile(_field(body, "profile", dict), source="server settings")
        except ProfileError as error:
            raise ServerError(f"The server's co-op settings are not valid: {error}") from None
        return Settings(profile=profile, demo=_field(body, "demo", bool))

    async def lookup_account(self, lookup: AccountLookup) -> RegistrationSession:
        payload = {
            "accountNumber": lookup.account_number,
            "lastNameOrBusiness": lookup.last_name_or_business,
            "email": lookup.email,
        }
        if lookup.confirm_email is not None:
            payload["confirmEmail"] = lookup.confirm_email
        body = await self._call("POST", LOOKUP_PATH, json=payload)
        return RegistrationSession(
            registration_id=_field(body, "registrationId", str),
            expires_in=_field(body, "expiresIn", int),
            account_number_masked=_field(body, "accountNumberMasked", str),
            identity_options=tuple(_enum(IdentityOption, v) for v in _field(body, "identityOptions", list)),
            identity_answers_required=_field(body, "identityAnswersRequired", int),
            ssn_required=_field(body, "ssnRequired", bool),
            hint_questions=tuple(_str(v) for v in _field(body, "hintQuestions", list)),
            captcha_style=_enum(CaptchaStyle, _field(body, "captchaStyle", str)),
            # --- agents: absent from a server without agents, which waives nothing ---
            captcha_waived=_optional_bool(body, "captchaWaived"),
        )

    async def new_captcha(
        self, registration_id: str, *, columns: int | None = None, rows: int | None = None, accessible: bool = False
    ) -> Captcha:
        payload: dict[str, Any] = {"registrationId": registration_id}
        if accessible:  # only when asked: the request stays what it was for every other client
            payload["accessible"] = True
        if columns is not None:
            payload["columns"] = min(max(columns, CAPTCHA_COLUMNS[0]), CAPTCHA_COLUMNS[1])
        if rows is not None:
            payload["rows"] = min(max(rows, CAPTCHA_ROWS[0]), CAPTCHA_ROWS[1])
        body = await self._call("POST", CAPTCHA_PATH, json=payload)
        style = _enum(CaptchaStyle, _field(body, "style", str))
        if style is CaptchaStyle.TEXT:
            try:
                image = base64.b64decode(_field(body, "imagePng", str), validate=True)
            except (binascii.Error, ValueError):
                raise ServerError("The server's CAPTCHA picture is not valid base64.") from None
            return TextCaptcha(
                captcha_id=_field(body, "captchaId", str),
                image_png=image,
                length=_field(body, "length", int),
                expires_in=_field(body, "expiresIn", int),
            )
        difficulty_bits = _field(body, "difficultyBits", int)
        if not 1 <= difficulty_bits <= MAX_DIFFICULTY_BITS:
            # More would never finish (or crash the solver); the profile schema allows no more.
            raise ServerError("The server's answer has a malformed 'difficultyBits'.")
        return CheckboxCaptcha(
            captcha_id=_field(body, "captchaId", str),
            challenge=_field(body, "challenge", str),
            difficulty_bits=difficulty_bits,
            expires_in=_field(body, "expiresIn", int),
        )

    async def check_identity(self, registration_id: str, identity: dict[IdentityOption, str]) -> bool:
        payload = {
            "registrationId": registration_id,
            "identity": {option.value: value for option, value in sorted(identity.items())},
        }
        body = await self._call("POST", IDENTITY_PATH, json=payload)
        status: str = _field(body, "status", str)
        if status not in ("verified", "pending"):
            raise ServerError("The server's answer has a malformed 'status'.")
        return status == "verified"

    async def answer_captcha(self, registration_id: str, captcha_id: str, answer: str) -> bool:
        payload = {"registrationId": registration_id, "captchaId": captcha_id, "captchaAnswer": answer}
        body = await self._call("POST", CAPTCHA_ANSWER_PATH, json=payload)
        identity: str = _field(body, "identity", str)
        if _field(body, "status", str) != "passed" or identity not in ("verified", "unanswered"):
            raise ServerError("The server's answer to the CAPTCHA is malformed.")
        return identity == "verified"

    async def complete_registration(self, request: RegistrationRequest) -> RegistrationReceipt:
        payload: dict[str, Any] = {
            "registrationId": request.registration_id,
            "termsAccepted": request.terms_accepted,
            "termsVersion": request.terms_version,
        }
        if request.terms_acceptance != "clicked":  # only when it differs: a server without agents gets what it knows
            payload["termsAcceptance"] = str(request.terms_acceptance)
        if request.hint_question is not None:
            payload["hintQuestion"] = request.hint_question
            payload["hintAnswer"] = request.hint_answer or ""
        headers = {IDEMPOTENCY_HEADER: request.idempotency_key} if request.idempotency_key else None
        body = await self._call("POST", COMPLETE_PATH, json=payload, headers=headers)
        return RegistrationReceipt(
            email=_field(body, "email", str),
            verification_style=_enum(VerificationStyle, _field(body, "verificationStyle", str)),
            sender_email=_field(body, "senderEmail", str),
            expires_minutes=_field(body, "expiresMinutes", int),
        )

    async def verify_account(self, token: str) -> AuthSession:
        body = await self._call("POST", VERIFY_PATH, json={"token": token})
        return _auth(body)

    async def login(self, user_id: str, password: str) -> AuthSession:
        body = await self._call("POST", LOGIN_PATH, data={"userId": user_id, "password": password})
        return _auth(body)

    async def change_password(
        self, auth: AuthSession, new_password: str, confirm_password: str, current_password: str | None = None
    ) -> AuthSession:
        payload = {"newPassword": new_password, "confirmPassword": confirm_password}
        if current_password is not None:
            payload["currentPassword"] = current_password
        body = await self._call("POST", PASSWORD_PATH, json=payload, auth=auth)
        return _auth(body)

    async def set_paperless(self, auth: AuthSession, paperless: bool) -> PaperlessResult:
        body = await self._call("PUT", PAPERLESS_PATH, json={"paperless": paperless}, auth=auth)
        return PaperlessResult(
            paperless=_field(body, "paperless", bool), accounts_affected=_field(body, "accountsAffected", int)
        )

    async def set_security_phrase(self, auth: AuthSession, phrase: str) -> None:
        await self._call("PUT", PHRASE_PATH, json={"phrase": phrase}, auth=auth)

    async def account_summary(self, auth: AuthSession) -> AccountSummary:
        body = await self._call("GET", SUMMARY_PATH, auth=auth)
        paperless = body.get("paperless") if isinstance(body, dict) else None
        if paperless is not None and not isinstance(paperless, bool):
            raise ServerError("The server's answer has a malformed 'paperless'.")
        return AccountSummary(
            email=_field(body, "email", str),
            accounts=tuple(_str(v) for v in _field(body, "accounts", list)),
            paperless=paperless,
            security_phrase_set=_field(body, "securityPhraseSet", bool),
        )

    # --- My Profile ---

    async def get_security_phrase(self, auth: AuthSession) -> str | None:
        body = await self._call("GET", PHRASE_PATH, auth=auth)
        phrase = body.get("phrase") if isinstance(body, dict) and "phrase" in body else _field(body, "phrase", str)
        if phrase is not None and not isinstance(phrase, str):
            raise ServerError("The server's answer has a malformed 'phrase'.")
        return phrase

    async def sign_out(self, auth: AuthSession) -> None:
        await self._call("POST", SIGN_OUT_PATH, auth=auth)

    async def unsubscribe(self, auth: AuthSession) -> int:
        body = await self._call("POST", UNSUBSCRIBE_PATH, auth=auth)
        if _field(body, "status", str) != "SUCCESS":
            raise ServerError("The server did not confirm the unsubscribe.")
        removed: int = _field(body, "accountsRemoved", int)
        return removed

    async def demo_outbox(self, email: str) -> list[OutboxMessage]:
        body = await self._call("GET", OUTBOX_PATH, params={"to": email})
        messages = []
        for item in _field(body, "messages", list):
            messages.append(
                OutboxMessage(
                    id=_field(item, "id", int),
                    to=_field(item, "to", str),
                    sender=_field(item, "sender", str),
                    subject=_field(item, "subject", str),
                    body=_field(item, "body", str),
                    sent_at=_utc(_field(item, "sentAt", str)),
                )
            )
        return messages

    # --- contacts ---------------------------------------------------------------------

    async def list_contacts(self, auth: AuthSession) -> ContactList:
        body = await self._call("GET", CONTACTS_PATH, auth=auth)
        return _contact_list(body)

    async def add_contact(self, auth: AuthSession, kind: ContactKind, address: str) -> Contact:
        # A retry after a lost answer is safe: the server answers a pending address with a new code.
        body = await self._call("POST", CONTACTS_PATH, json={"kind": kind.value, "address": address}, auth=auth)
        return _contact(body)

    async def confirm_contact(self, auth: AuthSession, contact_id: int, code: str) -> Contact:
        body = await self._call("POST", CONTACT_CONFIRM_PATH, json={"id": contact_id, "code": code}, auth=auth)
        return _contact(body)

    async def remove_contact(self, auth: AuthSession, contact_id: int) -> ContactList:
        body = await self._call("POST", CONTACT_REMOVE_PATH, json={"id": contact_id}, auth=auth)
        return _contact_list(body)
    # --- Forgot Password ---

    async def request_password_reset(
        self, email: str, *, account_number: str | None = None, hint_answer: str | None = None
    ) -> PasswordResetSent:
        payload: dict[str, str] = {"email": email}
        if account_number:
            payload["accountNumber"] = account_number
        if hint_answer:
            payload["hintAnswer"] = hint_answer
        body = await self._call("POST", PASSWORD_RESET_PATH, json=payload)
        return PasswordResetSent(message=_field(body, "message", str), expires_minutes=_field(body, "expiresMinutes", int))

    async def confirm_password_reset(self, email: str, code: str, new_password: str, confirm_password: str) -> None:
        payload = {"email": email, "code": code, "newPassword": new_password, "confirmPassword": confirm_password}
        body = await self._call("POST", PASSWORD_RESET_CONFIRM_PATH, json=payload)
        if _field(body, "status", str) != "SUCCESS":
            raise ServerError("The server did not confirm the new password.")

    # --- agents ---------------------------------------------------------------------------

    def use_agent_key(self, key: str | None) -> None:
        if key is None:
            self._agent_key = None
            return
        key = key.strip()  # a key pasted from an e-mail or a terminal often brings a newline
        if not key or len(key) > 200 or not all("!" <= ch <= "~" for ch in key):
            # It could not travel in a header, and no server issued it: refused here, sent nowhere.
            raise AgentKeyInvalid(AGENT_KEY_NOT_VALID)
        self._agent_key = key

    async def agent_me(self) -> AgentIdentity:
        body = await self._call("GET", AGENT_ME_PATH)
        return AgentIdentity(name=_field(body, "name", str), rate_limit_per_minute=_field(body, "rateLimitPerMinute", int))

    async def set_agent_paperless(self, registration_id: str, paperless: bool) -> AgentPaperlessResult:
        payload = {"registrationId": registration_id, "paperless": paperless}
        body = await self._call("POST", AGENT_PAPERLESS_PATH, json=payload)
        return AgentPaperlessResult(
            paperless=_field(body, "paperless", bool), accounts=tuple(_str(v) for v in _field(body, "accounts", list))
        )

    async def agent_registration_status(self, registration_id: str) -> AgentRegistrationStatus:
        body = await self._call("POST", AGENT_STATUS_PATH, json={"registrationId": registration_id})
        paperless = body.get("paperless") if isinstance(body, dict) else None
        if paperless is not None and not isinstance(paperless, bool):
            raise ServerError("The server's answer has a malformed 'paperless'.")
        return AgentRegistrationStatus(
            email_verified=_field(body, "emailVerified", bool),
            password_set=_field(body, "passwordSet", bool),
            paperless=paperless,
        )

    async def aclose(self) -> None:
        await self._client.aclose()
        if self._on_close is not None:
            self._on_close()
            self._on_close = None

    # -- the plumbing ---------------------------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, Any] | None = None,  # str, or bytes for a UTF-8 value (httpx sends both)
        auth: AuthSession | None = None,
    ) -> Any:
        """Send one request, with the retries the method allows; return the JSON body of a 2xx."""
        headers = dict(headers or {})
        if self._agent_key is not None:
            headers[AGENT_KEY_HEADER] = self._agent_key
        if auth is not None:
            headers["Authorization"] = f"Bearer {auth.token}"
            # An internationalised e-mail is not ASCII: the contract sends the header as UTF-8 bytes.
            headers[USERNAME_HEADER] = auth.user_id.encode("utf-8")
        resendable = method in {"GET", "PUT", "DELETE", "HEAD"}
        for attempt in range(1, MAX_ATTEMPTS + 1):
            last = attempt == MAX_ATTEMPTS
            try:
                response = await self._client.request(
                    method, path, json=json, data=data, params=params, headers=headers
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
                # Nothing reached the server: safe to try again whatever the method.
                if last:
                    raise BackendUnavailable(f"Cannot reach the server at {self._shown_url}.") from None
            except httpx.TimeoutException:
                if last or not resendable:
                    raise BackendTimeout(
                        "The server did not answer in time.", uncertain=not resendable
                    ) from None
            except (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.ProxyError):
                # Refused on this side (a bad address, a header that cannot be sent) or by a proxy:
                # the request never reached the server, and sending it again would fail the same way.
                raise BackendUnavailable(f"The request could not be sent to the server at {self._shown_url}.") from None
            except httpx.DecodingError:
                raise ServerError(CANNOT_READ_ANSWER) from None
            except httpx.HTTPError:
                # The connection broke after the request left (RemoteProtocolError, ReadError,
                # WriteError ...): a POST may have been applied, so it is reported uncertain
                # and never resent silently.  The person reads words, never an exception's name.
                if not resendable:
                    raise BackendTimeout(CONNECTION_CUT, uncertain=True) from None
                if last:
                    raise BackendUnavailable(CONNECTION_CUT) from None
            else:
                if response.status_code < 500 or last or not resendable:
                    return self._answer(response)
            await asyncio.sleep(self._retry_pause * attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _answer(self, response: httpx.Response) -> Any:
        """The JSON of a 2xx answer, or the domain error a non-2xx answer stands for."""
        try:
            body = response.json()
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep to parse
            body = None
        if response.is_success:
            if body is None:
                raise ServerError(f"The server answered something that is not JSON (HTTP {response.status_code}).")
            return body
        if response.status_code >= 500:
            raise ServerError(f"The server had a problem (HTTP {response.status_code}). Try again in a moment.")
        if not isinstance(body, dict) or not isinstance(body.get("code"), str) or not isinstance(body.get("message"), str):
            raise ServerError(f"The server answered something unexpected (HTTP {response.status_code}).")
        return self._raise(response, body)

    @staticmethod
    def _raise(response: httpx.Response, body: dict[str, Any]) -> Any:
        code, message = body["code"], body["message"]
        field = body.get("field") if isinstance(body.get("field"), str) else None
        if code == ErrorCode.RATE_LIMITED or response.status_code == 429:
            retry_after = _seconds(response.headers.get(RETRY_AFTER_HEADER)) or _seconds(body.get("retryAfter"))
            raise RateLimited(message, retry_after=retry_after)
        if code == ErrorCode.PASSWORD_POLICY:
            listed = rules if isinstance(rules := body.get("rules"), list) else []
            rules = [
                Rule(str(r.get("key", "")), str(r.get("label", "")), bool(r.get("met")))
                for r in listed
                if isinstance(r, dict)
            ]
            raise PasswordPolicyFailed(message, rules=rules, field=field or "newPassword")
        error_class = _ERRORS.get(code)
        if error_class is None:
            raise BackendError(message, code=code, field=field)
        raise error_class(message, code=code, field=field)


def _field(body: Any, name: str, kind: type) -> Any:
    """Read `name` from a JSON object, insisting on its type; garbage becomes `ServerError`."""
    if not isinstance(body, dict) or name not in body:
        raise ServerError(f"The server's answer is missing {name!r}.")
    value = body[name]
    # bool is an int in Python; the contract never means one for the other.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ServerError(f"The server's answer has a malformed {name!r}.")
    return value


def _seconds(value: Any) -> int | None:
    """A positive whole number of seconds from a header or a JSON field, or None.

    Only ASCII digits: ``str.isdigit`` also accepts ``²``, which ``int`` refuses.
    """
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def _utc(value: str) -> datetime:
    """An ISO 8601 time from the server as an aware UTC datetime (a time without offset is UTC)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ServerError(f"The server's answer has a malformed time {value[:40]!r}.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ServerError("The server's answer has a malformed list.")
    return value


def _enum(kind: Callable[[str], Any], value: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise ServerError(f"The server's answer has an unknown value {str(value)[:40]!r}.") from None


def _auth(body: Any) -> AuthSession:
    if _field(body, "status", str) != "SUCCESS":
        raise ServerError("The server did not confirm the log-in.")
    token = _field(body, "authorizationToken", str)
    if not token or not (token.isascii() and token.isprintable()):
        # It goes back in the Authorization header, which must be printable ASCII.
        raise ServerError("The server's answer has a malformed 'authorizationToken'.")
    return AuthSession(
        user_id=_field(body, "userId", str),
        token=token,
        expires_in=_field(body, "expiresIn", int),
        password_change_required=_field(body, "passwordChangeRequired", bool),
    )


# --- contacts ---------------------------------------------------------------------------------


def _contact(body: Any) -> Contact:
    status = _field(body, "status", str)
    if status not in {"active", "pending"}:
        raise ServerError("The server's answer has a malformed 'status'.")
    return Contact(
        id=_field(body, "id", int),
        kind=_enum(ContactKind, _field(body, "kind", str)),
        address=_field(body, "address", str),
        active=status == "active",
        primary=_field(body, "primary", bool),
    )


def _contact_list(body: Any) -> ContactList:
    return ContactList(
        contacts=tuple(_contact(item) for item in _field(body, "contacts", list)),
        maximum=_field(body, "maximumContacts", int),
        sms_enabled=_field(body, "smsEnabled", bool),
    )


# --- agents ---------------------------------------------------------------------------------


def _optional_bool(body: Any, name: str) -> bool:
    """A boolean the server may leave out (False then); any other value is garbage."""
    value = body.get(name, False) if isinstance(body, dict) else False
    if not isinstance(value, bool):
        raise ServerError(f"The server's answer has a malformed {name!r}.")
    return value
