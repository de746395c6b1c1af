"""The interface the wizard drives, and the domain errors it raises.

One async method per operation of the HTTP contract (docs/api.md).  Every
error a method can raise is a `BackendError` subclass carrying the server's
machine `code`, a human `message` fit to show next to the field it names, and
that `field` when there is one.  `ConnectionProblem` and its subclasses mean
"the answer never came or made no sense": the screen offers Retry and keeps
what was typed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from smarthub_tui.contract import ErrorCode
from smarthub_tui.models import (  # contacts, agents
    AccountLookup,
    AccountSummary,
    AgentIdentity,
    AgentPaperlessResult,
    AgentRegistrationStatus,
    AuthSession,
    Captcha,
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
)
from smarthub_tui.profile_data import IdentityOption
from smarthub_tui.validation import Rule


class BackendError(Exception):
    """Base of every error a backend raises; `message` is plain words for the person."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


# --- the answer never came, or made no sense: offer Retry -------------------------

class ConnectionProblem(BackendError):
    """The request did not get a usable answer; nothing the person typed was wrong."""

    code = "connection_problem"


class BackendUnavailable(ConnectionProblem):
    """The server could not be reached (refused, DNS, TLS, dropped)."""

    code = "unavailable"


class BackendTimeout(ConnectionProblem):
    """No answer within the timeout.

    `uncertain` is True for a submit that may have been applied before the
    answer was lost: retrying it is safe only with the same idempotency key.
    """

    code = "timeout"

    def __init__(self, message: str, *, uncertain: bool = False) -> None:
        super().__init__(message)
        self.uncertain = uncertain


class ServerError(ConnectionProblem):
    """The server failed (5xx) or answered something that is not the contract."""

    code = "server_error"


# --- the server understood and said no ---------------------------------------------

class ValidationFailed(BackendError):
    """A field was rejected; `field` names it (the contract's JSON name)."""

    code = ErrorCode.VALIDATION_FAILED


class PasswordPolicyFailed(ValidationFailed):
    """The new password breaks the policy; `rules` says which rules are met."""

    code = ErrorCode.PASSWORD_POLICY

    def __init__(self, message: str, *, rules: list[Rule], field: str | None = "newPassword") -> None:
        super().__init__(message, field=field)
        self.rules = rules


class AccountNotFound(BackendError):
    """No account matches number + name + e-mail; deliberately silent about which field."""

    code = ErrorCode.ACCOUNT_NOT_FOUND


class AlreadyRegistered(BackendError):
    """This account is already registered with the same e-mail address (offer Forgot Password?)."""

    code = ErrorCode.ALREADY_REGISTERED


class RegistrationNotAllowed(BackendError):
    """The account exists but cannot be registered online (no verification data on file)."""

    code = ErrorCode.REGISTRATION_NOT_ALLOWED


class IdentityMismatch(BackendError):
    """The identity answers did not match the account; attempts count toward lockout."""

    code = ErrorCode.IDENTITY_MISMATCH


class CaptchaFailed(BackendError):
    """The CAPTCHA answer was wrong or the challenge expired; fetch a new one."""

    code = ErrorCode.CAPTCHA_FAILED


class AccessibleCaptchaUnavailable(BackendError):
    """The member asked for the checkbox in place of a picture CAPTCHA and the co-op offers none.

    `message` is the profile's `texts.accessibleCaptchaUnavailable`: the
    co-op's words for the phone route.  Another challenge would not help.
    """

    code = ErrorCode.ACCESSIBLE_CAPTCHA_UNAVAILABLE


class SessionExpired(BackendError):
    """The registration session ran out; start again from the registration form."""

    code = ErrorCode.SESSION_EXPIRED


class InvalidToken(BackendError):
    """A verification code is unknown, used or expired."""

    code = ErrorCode.INVALID_TOKEN


class InvalidCredentials(BackendError):
    """E-mail and password do not match (or the temporary password expired)."""

    code = ErrorCode.INVALID_CREDENTIALS


class NotAuthorized(BackendError):
    """The session token is missing, expired or not for this user: log in again."""

    code = ErrorCode.NOT_AUTHORIZED


class LockedOut(BackendError):
    """Too many failed attempts; `message` is the profile's lockout message."""

    code = ErrorCode.LOCKED_OUT


class RateLimited(BackendError):
    """Too many requests from here; try again after `retry_after` seconds."""

    code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# --- agents ---


class AgentKeyInvalid(BackendError):
    """The agent key is missing or not one the server issued: ask the supervisor for a new one."""

    code = ErrorCode.AGENT_KEY_INVALID


class AgentRevoked(BackendError):
    """The server's operator revoked this agent key."""

    code = ErrorCode.AGENT_REVOKED


class Backend(ABC):
    """Everything the wizard asks of a SmartHub backend.

    Every method may raise `ConnectionProblem` (unreachable, timeout, server
    error or garbage), `RateLimited`, and `ValidationFailed` for a malformed
    field, besides the errors listed on it.
    """

    @abstractmethod
    async def get_settings(self) -> Settings:
        """Return the co-op profile in force and whether the server runs in demo mode."""

    @abstractmethod
    async def lookup_account(self, lookup: AccountLookup) -> RegistrationSession:
        """Match account number + name + e-mail and open a registration session.

        Raises `AccountNotFound` (one generic answer whichever field was
        wrong), `AlreadyRegistered`, `RegistrationNotAllowed`, `LockedOut`.
        """

    @abstractmethod
    async def new_captcha(
        self, registration_id: str, *, columns: int | None = None, rows: int | None = None, accessible: bool = False
    ) -> Captcha:
        """Return a fresh single-use challenge of the profile's style.

        `columns` x `rows` is the room, in character cells, the front end has
        for a text picture: the server draws it for that grid (one pixel
        across, two down per cell), so it is shown without scaling.  Values
        outside `CAPTCHA_COLUMNS`/`CAPTCHA_ROWS` are clamped into them.
        `accessible`: the front end cannot show a picture (the plain line
        mode); a `text` profile whose `accessibleCaptcha` allows it answers
        with a `CheckboxCaptcha`, one that does not raises
        `AccessibleCaptchaUnavailable`.  Raises `SessionExpired`.
        """

    @abstractmethod
    async def check_identity(self, registration_id: str, identity: dict[IdentityOption, str]) -> bool:
        """Check the identity answers at their own step.

        Returns True when they match, False when the session has not passed
        its CAPTCHA yet: the verdict is then held and given by `answer_captcha`.
        Raises `IdentityMismatch` (counted toward lockout; its message says
        how many attempts are left where the co-op shows it), `LockedOut`,
        `SessionExpired`, `ValidationFailed` (the field of a malformed answer).
        """

    @abstractmethod
    async def answer_captcha(self, registration_id: str, captcha_id: str, answer: str) -> bool:
        """Answer the session's challenge (any answer uses it up); passed once, it stays passed.

        Returns True when the identity answers are verified too, False when
        none were given yet.  Raises `CaptchaFailed` (fetch a new challenge),
        `IdentityMismatch` (the CAPTCHA passed, but the identity answers held
        for the session were wrong), `LockedOut`, `SessionExpired`.
        """

    @abstractmethod
    async def complete_registration(self, request: RegistrationRequest) -> RegistrationReceipt:
        """Check hint and terms, with identity and CAPTCHA passed; create the registration and send its e-mail.

        Sent with `request.idempotency_key`, so a retry after a lost answer
        cannot register twice.  Raises `CaptchaFailed` or `IdentityMismatch`
        when that step was not passed in this session, `SessionExpired`,
        `LockedOut`, `AlreadyRegistered` (lost a race), `ValidationFailed`
        (field ``termsAccepted`` when terms were not accepted), and
        `BackendTimeout` with ``uncertain=True``.
        """

    @abstractmethod
    async def verify_account(self, token: str) -> AuthSession:
        """Redeem a Verify Account code; the session must then set a password.

        Raises `InvalidToken`, `LockedOut`.
        """

    @abstractmethod
    async def login(self, user_id: str, password: str) -> AuthSession:
        """Log in at SmartHub's ``/services/oauth/auth/v2``.

        Raises `InvalidCredentials`, `LockedOut`.
        """

    @abstractmethod
    async def change_password(
        self, auth: AuthSession, new_password: str, confirm_password: str, current_password: str | None = None
    ) -> AuthSession:
        """Set a new password (the first one after verification, or a change); returns the new session.

        `current_password` is required unless `auth` came from a Verify
        Account code.  Raises `PasswordPolicyFailed`, `ValidationFailed`
        (field ``confirmPassword`` on mismatch, ``currentPassword`` when
        missing), `InvalidCredentials` (field ``currentPassword`` when wrong;
        it counts toward lockout), `NotAuthorized`, `LockedOut`.
        """

    @abstractmethod
    async def set_paperless(self, auth: AuthSession, paperless: bool) -> PaperlessResult:
        """Choose paperless billing for every account registered with this e-mail.

        Raises `NotAuthorized`.
        """

    @abstractmethod
    async def set_security_phrase(self, auth: AuthSession, phrase: str) -> None:
        """Store the security phrase shown on payment forms.

        Raises `ValidationFailed` (field ``phrase``), `NotAuthorized`.
        """

    @abstractmethod
    async def account_summary(self, auth: AuthSession) -> AccountSummary:
        """What is now set up for this member (no secrets).

        Raises `NotAuthorized`.
        """

    # --- My Profile ---

    @abstractmethod
    async def get_security_phrase(self, auth: AuthSession) -> str | None:
        """The member's own security phrase (None when none is set), to show back to them.

        Raises `NotAuthorized`.
        """

    @abstractmethod
    async def sign_out(self, auth: AuthSession) -> None:
        """End this session on the server (its token stops working).

        Raises `NotAuthorized` (already ended).
        """

    @abstractmethod
    async def unsubscribe(self, auth: AuthSession) -> int:
        """Delete the member's registration (paper bills resume); how many accounts it covered.

        Raises `NotAuthorized`, and `BackendError` with code
        ``unsubscribe_not_allowed`` where the co-op does not offer it.
        """

    @abstractmethod
    async def demo_outbox(self, email: str) -> list[OutboxMessage]:
        """The e-mails sent to `email`, newest first; only on a demo server.

        Raises `BackendError` with code ``not_found`` when the server is not in demo mode.
        """

    # --- contacts -------------------------------------------------------------------------
    # Not abstract, so that test doubles written before contacts still build; the HTTP backend has them.

    async def list_contacts(self, auth: AuthSession) -> ContactList:
        """The member's contacts, the sign-in e-mail first (id 0, active, not removable).

        Raises `NotAuthorized`.
        """
        raise NotImplementedError

    async def add_contact(self, auth: AuthSession, kind: ContactKind, address: str) -> Contact:
        """Add a pending contact and send it a code (a pending one added again gets a new code).

        Raises `ValidationFailed` at field ``address`` (malformed; code
        ``too_many_contacts``; ``contact_exists``) or ``kind``
        (``sms_not_enabled``), `NotAuthorized`.
        """
        raise NotImplementedError

    async def confirm_contact(self, auth: AuthSession, contact_id: int, code: str) -> Contact:
        """Make a pending contact active with the code sent to it.

        Raises `InvalidToken` (wrong, used or expired code; counted toward
        lockout), `LockedOut`, `ValidationFailed` (field ``id``: not this
        member's, or the sign-in e-mail), `NotAuthorized`.
        """
        raise NotImplementedError

    async def remove_contact(self, auth: AuthSession, contact_id: int) -> ContactList:
        """Remove a contact (never the sign-in e-mail); the contacts that are left.

        Raises `ValidationFailed` (field ``id``), `NotAuthorized`.
        """
        raise NotImplementedError
    # --- Forgot Password ---

    @abstractmethod
    async def request_password_reset(
        self, email: str, *, account_number: str | None = None, hint_answer: str | None = None
    ) -> PasswordResetSent:
        """Ask for a Forgot Password code by e-mail; the same answer whether or not the address is registered.

        Raises `ValidationFailed` (a malformed field, or the account number
        the profile requires), `LockedOut` (this client address only).
        """

    @abstractmethod
    async def confirm_password_reset(self, email: str, code: str, new_password: str, confirm_password: str) -> None:
        """Set the new password with the e-mailed code; every session of the login ends.

        Raises `InvalidToken` (field ``code``: wrong, used or expired; counts
        toward lockout), `PasswordPolicyFailed`, `ValidationFailed` (field
        ``confirmPassword`` on mismatch), `LockedOut`.
        """

    # --- agents -------------------------------------------------------------------------------
    # Not abstract, so that test doubles written before agents still build; the HTTP backend has them.

    def use_agent_key(self, key: str | None) -> None:
        """Send `key` with every call from now on (None: calls are the member's own again).

        Raises `AgentKeyInvalid` at once for a key that cannot be one (not
        visible ASCII), without sending it anywhere.
        """
        raise NotImplementedError

    async def agent_me(self) -> AgentIdentity:
        """The agent the key in use belongs to (how the wizard signs the agent in).

        Raises `AgentKeyInvalid` (no key, or a wrong one), `AgentRevoked`.
        """
        raise NotImplementedError

    async def set_agent_paperless(self, registration_id: str, paperless: bool) -> AgentPaperlessResult:
        """Set the member's paperless choice, stated on the phone, for a registration this agent completed.

        Idempotent.  Raises `NotAuthorized` (another agent's, a member's own,
        or not completed), `SessionExpired` (unknown, or over 30 minutes
        after completion), `AgentKeyInvalid`, `AgentRevoked`.
        """
        raise NotImplementedError

    async def agent_registration_status(self, registration_id: str) -> AgentRegistrationStatus:
        """Whether the member has verified the e-mail, set a password, chosen paperless (poll it).

        Raises as `set_agent_paperless`.
        """
        raise NotImplementedError

    @abstractmethod
    async def aclose(self) -> None:
        """Release connections (and stop an embedded server)."""
