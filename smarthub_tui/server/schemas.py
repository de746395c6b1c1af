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

import unicodedata
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

from smarthub_tui.contract import ErrorCode
from smarthub_tui.profiles import (
    CaptchaStyle,
    CoopProfile,
    IdentityOption,
    VerificationStyle,
)
from smarthub_tui.server import captcha
from smarthub_tui.validation import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    REFUSED_NAME_CATEGORIES,
)


def _no_surrogates(value: str) -> str:
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("The text contains characters that are not valid Unicode.")
    return value


def _whole_number(value: object) -> object:
    """JSON Schema's `integer` includes numbers such as ``8.0``; strings and booleans stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("Input should be a whole number.")
    return value


def WholeNumber(minimum: int, maximum: int) -> type[int]:  # noqa: N802 - reads as a type in the models below
    """An integer from `minimum` to `maximum` as JSON Schema means it: ``8`` or ``8.0``, never ``"8"`` or ``true``."""
    return Annotated[int, Field(ge=minimum, le=maximum), BeforeValidator(_whole_number)]  # type: ignore[return-value]


def Text(max_length: int) -> type[str]:  # noqa: N802 - reads as a type in the models below
    """A string of at most `max_length` characters and no lone surrogates."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_surrogates)]  # type: ignore[return-value]


# --- what the service checks, said in the OpenAPI document ----------------------------------------
#
# The service checks a field's meaning with `smarthub_tui.validation` (and answers with its
# words); the patterns below say the same in JSON Schema, so that a client (or schemathesis)
# that follows the document is not refused.  They are published, not enforced here: pydantic's
# regex engine is not Python's, and the service's messages are better.  Where JSON Schema cannot
# say a rule exactly, the pattern is the stricter side of it (a request it allows is accepted).
# Patterns use Python/Rust escapes: \uXXXX, and \UXXXXXXXX above the first plane.


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _refused_in_names(ch: str) -> bool:
    return unicodedata.category(ch) in REFUSED_NAME_CATEGORIES and not ch.isspace()


def _control(ch: str) -> bool:
    """Refused in a security phrase once runs of spaces are collapsed."""
    return unicodedata.category(ch) == "Cc" and not ch.isspace()


# What str.split() and Python's \s split on; the two kinds of character the service refuses.
_KINDS = {"space": str.isspace, "refused_in_names": _refused_in_names, "control": _control}


@cache
def _char_class(kind: str) -> str:
    """The body of a regex character class: the code points of `kind`, as ranges."""
    wanted = _KINDS[kind]
    ranges: list[tuple[int, int]] = []
    for code in range(0x110000):
        # Surrogates have no place in a regex over text (Rust's refuses them); `Text` refuses them.
        if not 0xD800 <= code <= 0xDFFF and wanted(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in ranges)


def account_number_pattern() -> str:
    """4 to 20 digits; spaces and dashes anywhere (as printed on bills) are dropped."""
    gap = f"[{_char_class('space')}-]*"
    return f"^{gap}(?:[0-9]{gap}){{4,20}}$"


def zip_pattern() -> str:
    """A ZIP code or ZIP+4, spaces around it ignored; blank means not answered."""
    space = f"[{_char_class('space')}]*"
    return f"^{space}(?:[0-9]{{5}}(?:-?[0-9]{{4}})?)?{space}$"


def ssn4_pattern() -> str:
    """The last 4 digits of an SSN or Tax ID, spaces around them ignored; blank means not answered."""
    space = f"[{_char_class('space')}]*"
    return f"^{space}(?:[0-9]{{4}})?{space}$"


def name_pattern() -> str:
    """At least one character that is not a space; no control, format or private-use character."""
    space, refused = _char_class("space"), _char_class("refused_in_names")
    return f"^[^{refused}]*[^{refused}{space}][^{refused}]*$"


def phrase_pattern(minimum: int) -> str:
    """At least `minimum` characters that are not spaces; no control character."""
    space, control = _char_class("space"), _char_class("control")
    return f"^(?:[{space}]*[^{control}{space}]){{{minimum},}}[^{control}]*$"


def email_pattern() -> str:
    """What `email_validator` refuses beyond `format: email`: a name over 64 characters, special-use domains."""
    from email_validator import SPECIAL_USE_DOMAIN_NAMES

    def any_case(word: str) -> str:
        return "".join(f"[{ch}{ch.upper()}]" if ch.isalpha() else ch for ch in word)

    special = "|".join(any_case(name) for name in SPECIAL_USE_DOMAIN_NAMES)
    return f"^(?![^@]{{65,}}@)(?!.*[@.](?:{special})$)"


def _publish(**keywords: Any) -> Any:
    """`json_schema_extra` that sets JSON Schema keywords, computed when the document is built."""

    def extra(schema: dict[str, Any]) -> None:
        for key, value in keywords.items():
            schema[key] = value() if callable(value) else value

    return extra


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

    code: str = Field(examples=[ErrorCode.VALIDATION_FAILED.value])
    message: str
    field: str | None
    rules: list[PolicyRule] | None = Field(default=None, description="Only with `password_policy`.")
    retryAfter: int | None = Field(default=None, description="Only with `rate_limited`: seconds to wait.")
    attemptsLeft: int | None = Field(
        default=None,
        description="Only with `identity_mismatch`, where the profile shows it: failures left before the lockout.",
    )


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

    accountNumber: Annotated[Text(40), Field(json_schema_extra=_publish(pattern=account_number_pattern))]
    lastNameOrBusiness: Annotated[
        Text(200),
        Field(
            description=f"At most {MAX_NAME_LENGTH} characters once runs of spaces count as one; "
            "compared ignoring case, accents and extra spaces.",
            json_schema_extra=_publish(pattern=name_pattern, maxLength=MAX_NAME_LENGTH),
        ),
    ]
    email: Annotated[Text(MAX_EMAIL_LENGTH), Field(json_schema_extra=_publish(format="email", pattern=email_pattern))]
    confirmEmail: Annotated[
        Text(MAX_EMAIL_LENGTH) | None,
        Field(
            description="The same mailbox as `email`; required when the profile's `confirmEmail` is true.",
            json_schema_extra=_publish(format="email", pattern=email_pattern),
        ),
    ] = None


class RegistrationSessionOut(_Response):
    """A matched account ready for its identity check; `registrationId` is valid for `expiresIn` seconds.

    It tells nothing the member did not type: no holder's name (an account
    number and a last name, often on one envelope, must not yield a full
    name), only the account number masked.
    """

    registrationId: str
    expiresIn: int
    accountNumberMasked: str
    identityOptions: list[IdentityOption]
    identityAnswersRequired: int
    ssnRequired: bool
    hintQuestions: list[str]
    captchaStyle: CaptchaStyle
    # --- agents ---
    captchaWaived: bool = Field(
        default=False,
        description="True when an agent's key opened the session: its CAPTCHA counts as passed (skip that step).",
    )


# --- 3: captcha -------------------------------------------------------------------------------


class CaptchaIn(_Request):
    """Which registration session the challenge is for, and the room the client has to show a picture.

    `accessible` asks for the proof-of-work checkbox in place of a picture.
    `columns` and `rows` are character cells of the client's terminal (text
    style only; the checkbox style ignores them): the picture is then drawn
    for exactly that grid, one pixel per column and two per row, so a
    terminal shows it with half blocks without scaling.  Left out, the
    picture fits the room an 80x24 terminal has (76 x 9).
    """

    model_config = _request_config(
        {
            "registrationId": "Yb0sH2p5n8WqkX1ZfM4tJ7uR9vC3eA6dL0gT2iK5oQw",
            "columns": 76,
            "rows": 9,
        }
    )

    registrationId: Text(100)
    columns: WholeNumber(captcha.MIN_COLUMNS, captcha.MAX_COLUMNS) | None = Field(
        None, description="Cells across the picture may use."
    )
    rows: WholeNumber(captcha.MIN_ROWS, captcha.MAX_ROWS) | None = Field(None, description="Cells down the picture may use.")
    accessible: bool = Field(
        False,
        description=(
            "The member cannot see a picture (a screen reader, a line-by-line terminal): where the profile's"
            " style is `text` and its `accessibleCaptcha` allows, the checkbox challenge comes instead;"
            " where it does not, `403 accessible_captcha_unavailable`. The checkbox style ignores it."
        ),
    )


class TextCaptchaOut(_Response):
    """Type the characters in the PNG; single use, expires in `expiresIn` seconds."""

    style: Literal["text"]
    captchaId: str
    imagePng: str = Field(
        description=(
            "Base64-encoded PNG image, at most `columns` pixels wide and 2 x `rows` tall (the request's,"
            " or 76 x 18): one pixel per half block of a terminal cell."
        )
    )
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

    billingZip: Annotated[Text(20), Field(json_schema_extra=_publish(pattern=zip_pattern))] | None = None
    mailingZip: Annotated[Text(20), Field(json_schema_extra=_publish(pattern=zip_pattern))] | None = None
    ssn4: Annotated[Text(20), Field(json_schema_extra=_publish(pattern=ssn4_pattern))] | None = None


class IdentityCheckIn(_Request):
    """The identity answers, checked at their own step."""

    model_config = _request_config(
        {
            "registrationId": "Yb0sH2p5n8WqkX1ZfM4tJ7uR9vC3eA6dL0gT2iK5oQw",
            "identity": {"mailingZip": "78636"},
        }
    )

    registrationId: Text(100)
    identity: IdentityIn


class IdentityCheckOut(_Response):
    """`verified`: the answers match.  `pending`: kept, and judged once the session passes its CAPTCHA.

    No identity answer is judged before the session has passed its
    anti-automation check, so the CAPTCHA keeps guarding the answers.
    """

    status: Literal["verified", "pending"]


class CaptchaAnswerIn(_Request):
    """The answer to the session's challenge: the typed text, or the proof-of-work nonce."""

    model_config = _request_config(
        {
            "registrationId": "Yb0sH2p5n8WqkX1ZfM4tJ7uR9vC3eA6dL0gT2iK5oQw",
            "captchaId": "c2VjcmV0LWNhcHRjaGEtaWQ",
            "captchaAnswer": "K7M2XP",
        }
    )

    registrationId: Text(100)
    captchaId: Text(100)
    captchaAnswer: Text(100)


class CaptchaAnswerOut(_Response):
    """The CAPTCHA is passed for the rest of the session; `identity` says where the identity check stands."""

    status: Literal["passed"]
    identity: Literal["verified", "unanswered"]


class CompleteIn(_Request):
    """Hint question and terms; the identity answers and the CAPTCHA were passed at their own steps."""

    model_config = _request_config(
        {
            "registrationId": "Yb0sH2p5n8WqkX1ZfM4tJ7uR9vC3eA6dL0gT2iK5oQw",
            "hintQuestion": "What is your pet's name?",
            "hintAnswer": "Rex",
            "termsAccepted": True,
            "termsVersion": "pec-2023",
        }
    )

    registrationId: Text(100)
    hintQuestion: Text(200) | None = None
    hintAnswer: Text(200) | None = None
    termsAccepted: StrictBool
    termsVersion: Text(100)
    # --- agents ---
    termsAcceptance: Literal["clicked", "spoken"] = Field(
        default="clicked",
        description="`spoken`: the member accepted on the phone and the agent confirms it; only on a session"
        " the same agent opened (else `validation_failed`).",
    )


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


# --- My Profile ------------------------------------------------------------------------------


class SecurityPhraseOut(_Response):
    """The member's own security phrase, shown back to them (an anti-phishing check they must recognise)."""

    phrase: str | None


class UnsubscribeOut(_Response):
    """The registration is gone: how many accounts went back to paper bills."""

    status: Literal["SUCCESS"]
    accountsRemoved: int


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


# --- contacts ---------------------------------------------------------------------------------


def us_mobile_pattern() -> str:
    """A US mobile number as the demo inbox is keyed for text messages: ``+1`` and ten digits."""
    return r"^\+1[2-9][0-9]{2}[2-9][0-9]{6}$"


class ContactIn(_Request):
    """A new contact: an e-mail address, or a US mobile number for text messages (where the co-op sends them).

    Which forms `address` may take depends on `kind` (JSON Schema cannot tie
    the two): an e-mail address, or a US number written in any usual way
    (``(512) 555-0123``, ``+1 512 555 0123``), stored as ``+15125550123``.
    """

    model_config = _request_config({"kind": "email", "address": "jane.doe@example.org"})

    kind: Literal["email", "sms"]
    address: Text(MAX_EMAIL_LENGTH)


class ContactConfirmIn(_Request):
    """The code sent to a pending contact."""

    model_config = _request_config({"id": 1, "code": "123456"})

    id: WholeNumber(0, 2**31 - 1)
    code: Text(64)


class ContactRemoveIn(_Request):
    """Which contact to remove (never the e-mail the member signs in with, id 0)."""

    model_config = _request_config({"id": 1})

    id: WholeNumber(0, 2**31 - 1)


class ContactOut(_Response):
    """One contact: id 0 is the e-mail the member signs in with (always active, cannot be removed)."""

    id: int
    kind: Literal["email", "sms"]
    address: str
    status: Literal["active", "pending"]
    primary: bool


class ContactsOut(_Response):
    """Every contact of the login, the sign-in e-mail first, and what the co-op allows."""

    contacts: list[ContactOut]
    maximumContacts: int
    smsEnabled: bool
# --- 13, 14: Forgot Password ------------------------------------------------------------------


class PasswordResetIn(_Request):
    """Ask for a reset code by e-mail: the login's address, and what the profile asks besides.

    `accountNumber` where the profile's `requireAccountNumberOnPasswordReset`
    is set (an account registered to the login); `hintAnswer` where the co-op
    uses secret hint questions (the answer given at registration; left out
    for a login the co-op registered, which has none).
    """

    model_config = _request_config({"email": "jane@example.com"})

    email: Annotated[Text(MAX_EMAIL_LENGTH), Field(json_schema_extra=_publish(format="email", pattern=email_pattern))]
    accountNumber: Annotated[Text(40), Field(json_schema_extra=_publish(pattern=account_number_pattern))] | None = None
    hintAnswer: Text(100) | None = None


class PasswordResetOut(_Response):
    """The same answer whether or not the address is registered: nothing here tells which."""

    message: str
    expiresMinutes: int


class PasswordResetConfirmIn(_Request):
    """The code from the reset e-mail and the new password, twice (the profile's policy)."""

    model_config = _request_config(
        {
            "email": "jane@example.com",
            "code": "12345678",
            "newPassword": "Sunny7Day",
            "confirmPassword": "Sunny7Day",
        }
    )

    email: Annotated[Text(MAX_EMAIL_LENGTH), Field(json_schema_extra=_publish(format="email", pattern=email_pattern))]
    code: Text(100)
    newPassword: Text(1024)
    confirmPassword: Text(1024)


# --- agents -------------------------------------------------------------------------------------


class AgentMeOut(_Response):
    """The agent the key belongs to, and how many requests a minute it may make."""

    name: str
    rateLimitPerMinute: int


class AgentPaperlessIn(_Request):
    """The member's paperless choice, stated on the phone, for the registration this agent completed."""

    model_config = _request_config({"registrationId": "Yb0sH2p5n8WqkX1ZfM4tJ7uR9vC3eA6dL0gT2iK5oQw", "paperless": True})

    registrationId: Text(100)
    paperless: StrictBool


class AgentPaperlessOut(_Response):
    """The stored choice and the accounts (masked) it covers: every account of the member's login."""

    paperless: bool
    accounts: list[str]


class AgentStatusIn(_Request):
    """Which registration (completed by this agent) to report on."""

    model_config = _request_config({"registrationId": "Yb0sH2p5n8WqkX1ZfM4tJ7uR9vC3eA6dL0gT2iK5oQw"})

    registrationId: Text(100)


class AgentStatusOut(_Response):
    """How far the member got on their own: no secret, only whether each step is done."""

    emailVerified: bool
    passwordSet: bool
    paperless: bool | None
