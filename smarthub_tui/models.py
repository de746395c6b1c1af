"""What the wizard and a backend exchange: plain dataclasses, no Textual, no httpx.

Fields that hold secrets are excluded from ``repr`` so that a model printed in
a log line or a traceback cannot leak them (docs/architecture.md section 9).
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from smarthub_tui.lazy_dataclass import dataclass  # built at first use during the start
from smarthub_tui.profile_data import CaptchaStyle, IdentityOption, VerificationStyle
from smarthub_tui.validation import Rule

if TYPE_CHECKING:
    from smarthub_tui.profiles import CoopProfile


@dataclass(frozen=True)
class Settings:
    """The co-op settings the wizard shapes its flow from, and whether the server runs in demo mode."""

    profile: CoopProfile
    demo: bool


@dataclass(frozen=True)
class AccountLookup:
    """What the registration form asks: the account, the name on it and the member's e-mail."""

    account_number: str
    last_name_or_business: str
    email: str
    confirm_email: str | None = None


@dataclass(frozen=True)
class RegistrationSession:
    """A matched account, ready for its identity check; valid for `expires_in` seconds.

    No holder's name: nothing the member did not type is shown before the identity check passes.
    """

    registration_id: str = field(repr=False)
    expires_in: int
    account_number_masked: str
    identity_options: tuple[IdentityOption, ...]
    identity_answers_required: int
    ssn_required: bool
    hint_questions: tuple[str, ...]
    captcha_style: CaptchaStyle
    captcha_waived: bool = False
    """True when an agent's key opened the session: its CAPTCHA counts as passed, so the step is skipped."""


@dataclass(frozen=True)
class TextCaptcha:
    """Type the characters in a PNG image; single use, expires in `expires_in` seconds."""

    captcha_id: str
    image_png: bytes = field(repr=False)
    length: int
    expires_in: int


@dataclass(frozen=True)
class CheckboxCaptcha:
    """"I'm not a robot": solve `challenge` at `difficulty_bits` (see `proof_of_work`)."""

    captcha_id: str
    challenge: str
    difficulty_bits: int
    expires_in: int


Captcha = TextCaptcha | CheckboxCaptcha


@dataclass(frozen=True)
class RegistrationRequest:
    """The hint and the terms, sent in the submit that creates the registration.

    The identity answers and the CAPTCHA were checked at their own steps.
    """

    registration_id: str = field(repr=False)
    terms_accepted: bool
    terms_version: str
    hint_question: str | None = None
    hint_answer: str | None = field(default=None, repr=False)
    idempotency_key: str = field(default="", repr=False)
    terms_acceptance: str = "clicked"
    """`TermsAcceptance`: ``clicked`` by the member, or ``spoken`` to the agent whose call opened the session."""


@dataclass(frozen=True)
class RegistrationReceipt:
    """The registration exists and its e-mail is on its way."""

    email: str
    verification_style: VerificationStyle
    sender_email: str
    expires_minutes: int


@dataclass(frozen=True)
class AuthSession:
    """A logged-in member; `password_change_required` until the first password is set."""

    user_id: str
    token: str = field(repr=False)
    expires_in: int
    password_change_required: bool


@dataclass(frozen=True)
class PaperlessResult:
    """The paperless choice as stored, and how many accounts (same e-mail) it now covers."""

    paperless: bool
    accounts_affected: int


@dataclass(frozen=True)
class AccountSummary:
    """What is set up for a member, for the finished screen; holds no secret."""

    email: str
    accounts: tuple[str, ...]
    paperless: bool | None
    security_phrase_set: bool


@dataclass(frozen=True)
class OutboxMessage:
    """An e-mail the server sent (demo mode only), for the demo inbox."""

    id: int
    to: str
    sender: str
    subject: str
    body: str = field(repr=False)
    sent_at: datetime


# --- Forgot Password ---


@dataclass(frozen=True)
class PasswordResetSent:
    """The server's one answer to a Forgot Password request (the same whether the address is known or not)."""

    message: str
    expires_minutes: int


__all__ = [
    "AccountLookup",
    "AccountSummary",
    "AuthSession",
    "Captcha",
    "CheckboxCaptcha",
    "OutboxMessage",
    "PaperlessResult",
    "PasswordResetSent",
    "RegistrationReceipt",
    "RegistrationRequest",
    "RegistrationSession",
    "Rule",
    "Settings",
    "TextCaptcha",
]


# --- contacts ---------------------------------------------------------------------------------


class ContactKind(StrEnum):
    """Where a contact's notices go: an e-mail address, or a US mobile number (text messages)."""

    EMAIL = "email"
    SMS = "sms"


@dataclass(frozen=True)
class Contact:
    """One place the member's bill notifications go; `primary` is the sign-in e-mail (id 0)."""

    id: int
    kind: ContactKind
    address: str
    active: bool
    primary: bool = False


@dataclass(frozen=True)
class ContactList:
    """The member's contacts, the sign-in e-mail first, and what the co-op allows."""

    contacts: tuple[Contact, ...]
    maximum: int
    sms_enabled: bool


# --- agents -----------------------------------------------------------------------------------


class TermsAcceptance(StrEnum):
    """How the member accepted the terms: clicked themselves, or spoke it to an agent on the phone."""

    CLICKED = "clicked"
    SPOKEN = "spoken"


@dataclass(frozen=True)
class AgentIdentity:
    """The call-centre agent an agent key belongs to (never the key)."""

    name: str
    rate_limit_per_minute: int


@dataclass(frozen=True)
class AgentPaperlessResult:
    """The paperless choice an agent set for the member, and the accounts (masked) it covers."""

    paperless: bool
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class AgentRegistrationStatus:
    """How far the member got on their own after the agent's registration; no secret."""

    email_verified: bool
    password_set: bool
    paperless: bool | None
