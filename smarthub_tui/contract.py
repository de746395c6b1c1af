"""The HTTP contract's names, in one place: paths, machine error codes, headers and size bounds.

Why one module: the client (`backend/http.py`), the reference server
(`server/`), the tests and the bench all speak the same contract (docs/api.md).
When each kept its own copy of ``"/services/registration/lookup"`` or
``"identity_mismatch"``, a renamed path or code broke silently on one side
only; now a typo is an import error, and a grep for a literal finds only this
file.  It holds plain constants and imports nothing but the standard library,
so the wizard, which imports the client before its first paint, pays nothing
for it, and the client needs no import of the server to know the contract.
"""

from __future__ import annotations

from enum import StrEnum

# --- paths ---------------------------------------------------------------------------------
# Shared because the server routes them, the client calls them, and the tests
# and the bench call them directly (or fail requests to them on purpose).

HEALTH_PATH = "/services/health"
SETTINGS_PATH = "/services/registration/settings"
LOOKUP_PATH = "/services/registration/lookup"
IDENTITY_PATH = "/services/registration/identity"
CAPTCHA_PATH = "/services/registration/captcha"
CAPTCHA_ANSWER_PATH = "/services/registration/captcha/answer"
COMPLETE_PATH = "/services/registration/complete"
VERIFY_PATH = "/services/registration/verify"
LOGIN_PATH = "/services/oauth/auth/v2"
PASSWORD_PATH = "/services/secured/password"
PAPERLESS_PATH = "/services/secured/paperless"
PHRASE_PATH = "/services/secured/security-phrase"
SUMMARY_PATH = "/services/secured/summary"
OUTBOX_PATH = "/services/demo/outbox"
# --- contacts ---
CONTACTS_PATH = "/services/secured/contacts"
CONTACT_CONFIRM_PATH = "/services/secured/contacts/confirm"
CONTACT_REMOVE_PATH = "/services/secured/contacts/remove"
# --- My Profile ---
SIGN_OUT_PATH = "/services/secured/sign-out"
UNSUBSCRIBE_PATH = "/services/secured/unsubscribe"

SERVICES_PREFIX = "/services/"
"""Every path above starts with it (a test checks; the house test greps for it)."""

ALL_PATHS: tuple[str, ...] = (
    HEALTH_PATH,
    SETTINGS_PATH,
    LOOKUP_PATH,
    IDENTITY_PATH,
    CAPTCHA_PATH,
    CAPTCHA_ANSWER_PATH,
    COMPLETE_PATH,
    VERIFY_PATH,
    LOGIN_PATH,
    PASSWORD_PATH,
    PAPERLESS_PATH,
    PHRASE_PATH,
    SUMMARY_PATH,
    OUTBOX_PATH,
    # --- contacts ---
    CONTACTS_PATH,
    CONTACT_CONFIRM_PATH,
    CONTACT_REMOVE_PATH,
    # --- My Profile ---
    SIGN_OUT_PATH,
    UNSUBSCRIBE_PATH,
)

# --- headers -------------------------------------------------------------------------------
# Shared because the server reads them by name and the client sends them.

USERNAME_HEADER = "X-NISC-SMARTHUB-USERNAME"
IDEMPOTENCY_HEADER = "Idempotency-Key"
RETRY_AFTER_HEADER = "Retry-After"


# --- error codes ---------------------------------------------------------------------------


class ErrorCode(StrEnum):
    """The machine ``code`` of every error answer (``{"code", "message", "field"}``).

    Shared because the server sends them and the client maps each to the
    domain error the wizard handles; a `StrEnum` member compares equal to the
    plain string in a JSON body, so tests can compare either way.
    """

    VALIDATION_FAILED = "validation_failed"
    MALFORMED_REQUEST = "malformed_request"
    BODY_TOO_LARGE = "body_too_large"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    QUESTION_NOT_ASKED = "question_not_asked"
    IDENTITY_INCOMPLETE = "identity_incomplete"
    ACCOUNT_NOT_FOUND = "account_not_found"
    ALREADY_REGISTERED = "already_registered"
    REGISTRATION_NOT_ALLOWED = "registration_not_allowed"
    IDENTITY_MISMATCH = "identity_mismatch"
    IDENTITY_REQUIRED = "identity_required"
    CAPTCHA_FAILED = "captcha_failed"
    CAPTCHA_REQUIRED = "captcha_required"
    ACCESSIBLE_CAPTCHA_UNAVAILABLE = "accessible_captcha_unavailable"
    SESSION_EXPIRED = "session_expired"
    INVALID_TOKEN = "invalid_token"
    INVALID_CREDENTIALS = "invalid_credentials"
    NOT_AUTHORIZED = "not_authorized"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"
    PASSWORD_POLICY = "password_policy"
    LOCKED_OUT = "locked_out"
    RATE_LIMITED = "rate_limited"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    HTTP_ERROR = "http_error"
    INTERNAL_ERROR = "internal_error"
    # --- contacts ---
    CONTACT_EXISTS = "contact_exists"
    TOO_MANY_CONTACTS = "too_many_contacts"
    SMS_NOT_ENABLED = "sms_not_enabled"
    PRIMARY_CONTACT = "primary_contact"
    # --- My Profile ---
    UNSUBSCRIBE_NOT_ALLOWED = "unsubscribe_not_allowed"
    # --- agents ---
    AGENT_KEY_INVALID = "agent_key_invalid"
    AGENT_REVOKED = "agent_revoked"


# --- CAPTCHA picture size ------------------------------------------------------------------
# Shared because the client clamps what it asks for into them and the server
# refuses (or publishes in its schema) anything outside them.

CAPTCHA_COLUMNS = (24, 240)
"""Least and most character cells across a text CAPTCHA picture can be asked for."""
CAPTCHA_ROWS = (4, 30)
"""Least and most character cells down (two pixels each)."""


# --- Forgot Password ---------------------------------------------------------------------------
# Operation 13 asks for a reset code by e-mail (always the same answer), 14 sets the new password with it.

PASSWORD_RESET_PATH = "/services/registration/password-reset"
PASSWORD_RESET_CONFIRM_PATH = "/services/registration/password-reset/confirm"
ALL_PATHS += (PASSWORD_RESET_PATH, PASSWORD_RESET_CONFIRM_PATH)


# --- agents ---------------------------------------------------------------------------------------
# A call-centre agent's calls carry the key `smarthub-server agents add NAME` printed once; the
# server waives the CAPTCHA for them, records the agent on the registration, and counts their
# requests per agent rather than per address (a call centre shares one address).

AGENT_KEY_HEADER = "X-SmartHub-Agent-Key"
AGENT_KEY_PREFIX = "sha_"
"""Every agent key starts with it, so a scanner of leaked secrets can find one in a log or a paste."""
AGENT_ME_PATH = "/services/agent/me"
AGENT_PAPERLESS_PATH = "/services/agent/paperless"
AGENT_STATUS_PATH = "/services/agent/registration-status"
ALL_PATHS += (AGENT_ME_PATH, AGENT_PAPERLESS_PATH, AGENT_STATUS_PATH)
TERMS_CLICKED = "clicked"
TERMS_SPOKEN = "spoken"
"""How the terms were accepted: clicked by the member, or spoken to an agent on the phone (agents only)."""

