"""Request and response models: they validate what arrives and produce the OpenAPI document.

Why strict: docs/api.md is the contract the HTTP client is written against,
and `/openapi.json` is generated from these classes, so they say exactly what
the server accepts.  Every string has a length limit and refuses lone
surrogates (which JSON can smuggle in as ``\\ud800`` and which no database or
hash can encode); booleans must be real JSON booleans; unknown fields are
refused.  What a field *means* (a valid ZIP, a known hint question, the
password policy) is checked by the service, which answers with the
contract's codes and the profile's words.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool

from smarthub_tui.profiles import CaptchaStyle, CoopProfile, IdentityOption, VerificationStyle


def _no_surrogates(value: str) -> str:
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("The text contains characters that are not valid Unicode.")
    return value


def Text(max_length: int) -> type[str]:  # noqa: N802 - reads as a type in the models below
    """A string of at most `max_length` characters and no lone surrogates."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_surrogates)]  # type: ignore[return-value]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _request_config(example: dict[str, Any]) -> ConfigDict:
    """Refuse unknown fields and publish `example` in the OpenAPI document (schemathesis starts from it)."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


class _Response(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- errors -----------------------------------------------------------------------------------


class PolicyRule(_Response):
    """One line of the password checklist and whether the refused password met it."""

    key: str
    label: str
    met: bool


class ErrorBody(_Response):
    """Every non-2xx answer: a machine `code`, plain words in `message`, the JSON name of the field at fault."""

    code: str = Field(examples=["validation_failed"])
    message: str
    field: str | None
    rules: list[PolicyRule] | None = Field(default=None, description="Only with `password_policy`.")
    retryAfter: int | None = Field(default=None, description="Only with `rate_limited`: seconds to wait.")


# --- 0, 1: health and settings --------------------------------------------------------------


class Health(_Response):
    """The server answers."""

    status: Literal["ok"]


class SettingsOut(_Response):
    """The co-op profile in force and whether the server runs in demo mode."""

    demo: bool
    profile: CoopProfile


# --- 2: lookup --------------------------------------------------------------------------------


class LookupIn(_Request):
    """The registration form: the account, the name on it and the member's e-mail."""

    model_config = _request_config(
        {
            "accountNumber": "1000234567",
            "lastNameOrBusiness": "Doe",
            "email": "jane@example.com",
            "confirmEmail": "jane@example.com",
        }
    )

    accountNumber: Text(40)
    lastNameOrBusiness: Text(200)
    email: Text(320)
    confirmEmail: Text(320) | None = None


class RegistrationSessionOut(_Response):
    """A matched account ready for its identity check; `registrationId` is valid for `expiresIn` seconds."""

    registrationId: str
    expiresIn: int
    accountName: str
    accountNumberMasked: str
    identityOptions: list[IdentityOption]
    identityAnswersRequired: int
    ssnRequired: bool
    hintQuestions: list[str]
    captchaStyle: CaptchaStyle


# --- 3: captcha -------------------------------------------------------------------------------


class CaptchaIn(_Request):
    """Which registration session the challenge is for."""

    model_config = _request_config(
        {
            "registrationId": "Yb0sH2p5n8WqkX1ZfM4tJ7uR9vC3eA6dL0gT2iK5oQw",
        }
    )

    registrationId: Text(100)


class TextCaptchaOut(_Response):
    """Type the characters in the PNG; single use, expires in `expiresIn` seconds."""

    style: Literal["text"]
    captchaId: str
    imagePng: str = Field(description="Base64-encoded PNG image.")
    length: int
    expiresIn: int


class CheckboxCaptchaOut(_Response):
    """"I'm not a robot": find a decimal nonce with sha256("{challenge}:{nonce}") starting with `difficultyBits` zero bits."""

    style: Literal["checkbox"]
    captchaId: str
    challenge: str
    difficultyBits: int
    expiresIn: int


CaptchaOut = Annotated[TextCaptchaOut | CheckboxCaptchaOut, Field(discriminator="style")]


# --- 4: complete ------------------------------------------------------------------------------


class IdentityIn(_Request):
    """Answers to the identity questions; which ones are asked comes from the lookup answer."""

    billingZip: Text(20) | None = None
    mailingZip: Text(20) | None = None
    ssn4: Text(20) | None = None


class CompleteIn(_Request):
    """Identity answers, hint question, CAPTCHA and terms, submitted together."""

    model_config = _request_config(
        {
            "registrationId": "Yb0sH2p5n8WqkX1ZfM4tJ7uR9vC3eA6dL0gT2iK5oQw",
            "identity": {"mailingZip": "78636"},
            "hintQuestion": "What is your pet's name?",
            "hintAnswer": "Rex",
            "captchaId": "c2VjcmV0LWNhcHRjaGEtaWQ",
            "captchaAnswer": "K7M2XP",
            "termsAccepted": True,
            "termsVersion": "pec-2023",
        }
    )

    registrationId: Text(100)
    identity: IdentityIn
    hintQuestion: Text(200) | None = None
    hintAnswer: Text(200) | None = None
    captchaId: Text(100)
    captchaAnswer: Text(100)
    termsAccepted: StrictBool
    termsVersion: Text(100)


class ReceiptOut(_Response):
    """The registration exists and its e-mail is on its way."""

    email: str
    verificationStyle: VerificationStyle
    senderEmail: str
    expiresMinutes: int


# --- 5-7: verify, login, password ---------------------------------------------------------------


class VerifyIn(_Request):
    """The code from the Verify Account e-mail."""

    model_config = _request_config(
        {
            "token": "7KQ2M-XR4TB-9HN3C-WD6FJ",
        }
    )

    token: Text(200)


class AuthResultOut(_Response):
    """SmartHub's login answer, plus who is logged in and whether the password must be set first."""

    status: Literal["SUCCESS"]
    authorizationToken: str
    expiresIn: int
    userId: str
    passwordChangeRequired: bool


class PasswordIn(_Request):
    """A new password, twice; the current one unless the session came from a Verify Account code."""

    model_config = _request_config(
        {
            "currentPassword": "Temp4Pass",
            "newPassword": "Sunny7Day",
            "confirmPassword": "Sunny7Day",
        }
    )

    currentPassword: Text(1024) | None = None
    newPassword: Text(1024)
    confirmPassword: Text(1024)


# --- 8-10: paperless, security phrase, summary -------------------------------------------------


class PaperlessIn(_Request):
    """Paper bills off (true) or on (false), for every account registered with this e-mail."""

    model_config = _request_config(
        {
            "paperless": True,
        }
    )

    paperless: StrictBool


class PaperlessOut(_Response):
    """The stored choice and how many accounts it covers."""

    paperless: bool
    accountsAffected: int


class SecurityPhraseIn(_Request):
    """The phrase shown on payment forms as an anti-phishing check."""

    model_config = _request_config(
        {
            "phrase": "blue kettle sings at noon",
        }
    )

    phrase: Text(2000)


class StatusOut(_Response):
    """SmartHub's plain success answer."""

    status: Literal["SUCCESS"]


class SummaryOut(_Response):
    """What is set up for the member: no secrets, account numbers masked."""

    email: str
    accounts: list[str]
    paperless: bool | None
    securityPhraseSet: bool


# --- 11: demo outbox --------------------------------------------------------------------------


class OutboxMessageOut(_Response):
    """One e-mail the server sent."""

    id: int
    to: str
    sender: str
    subject: str
    body: str
    sentAt: datetime


class OutboxOut(_Response):
    """The e-mails sent to one address, newest first."""

    messages: list[OutboxMessageOut]
