"""Co-op profiles: what a co-op's registration asks, checks and says, as data.

A profile is a TOML file in this folder (or any path given to `load_profile`);
``extends = "default"`` takes every setting not given from that profile.
It is validated on load; a bad one fails at start with a message naming the
field.  Field names follow SmartHub's own per-co-op ``registrationInformation``
settings where those exist (securityQuestionsListBox, minimumPasswordLength,
maximumPasswordLength, failedLoginLockoutLimit, hintQuestionsToPrompt,
ssnRequired, paperBillsPrompt, allowUnsubscribe, smsEnabled); the rest are ours,
in the same style.

The server loads a profile and publishes it at ``GET /services/registration/settings``;
the client parses that answer with the same model, so both sides agree on one
schema.  Nothing here imports Textual.
"""

from __future__ import annotations

import string
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from smarthub_tui.proof_of_work import MAX_DIFFICULTY_BITS

PROFILE_DIR = Path(__file__).parent
BUILTIN_PROFILES = ("default", "pec", "jecec", "pec-setup")
# Unless a profile says otherwise, a client address may fail this many times
# the per-account limit before it is locked (see `CoopProfile.address_lockout_limit`).
ADDRESS_LIMIT_FACTOR = 4

NonEmpty = Annotated[str, Field(min_length=1, max_length=20_000)]


class ProfileError(ValueError):
    """A profile could not be found, parsed or validated; the message names the field."""


class IdentityOption(StrEnum):
    """Facts about the account that prove the person may register it."""

    BILLING_ZIP = "billingZip"
    MAILING_ZIP = "mailingZip"
    SSN4 = "ssn4"


class CaptchaStyle(StrEnum):
    """`text`: type the characters from an image; `checkbox`: "I'm not a robot" backed by proof-of-work."""

    TEXT = "text"
    CHECKBOX = "checkbox"


class VerificationStyle(StrEnum):
    """`link`: a Verify Account token by e-mail; `temporaryPassword`: an e-mailed password to replace at first login."""

    LINK = "link"
    TEMPORARY_PASSWORD = "temporaryPassword"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PasswordPolicy(_Strict):
    """The rules a new password must meet; enforced by the server, shown live by the client."""

    minimumPasswordLength: int = Field(ge=1, le=128)
    maximumPasswordLength: int = Field(ge=1, le=1024)
    requireUppercase: bool = False
    requireLowercase: bool = False
    requireDigit: bool = False
    requireSpecial: bool = False
    blocklist: bool = False
    forbidEmail: bool = False

    @model_validator(mode="after")
    def _can_be_met(self) -> PasswordPolicy:
        """Refuse a policy no password meets: nobody could register, and no temporary password be made."""
        if self.minimumPasswordLength > self.maximumPasswordLength:
            raise ValueError("minimumPasswordLength is greater than maximumPasswordLength")
        classes = sum((self.requireUppercase, self.requireLowercase, self.requireDigit, self.requireSpecial))
        if classes > self.maximumPasswordLength:
            raise ValueError(f"maximumPasswordLength is too short for the {classes} required kinds of character")
        return self


class Terms(_Strict):
    """The terms a registrant accepts; the accepted version is recorded with the registration."""

    version: NonEmpty
    title: NonEmpty
    text: NonEmpty


class Texts(_Strict):
    """Every co-op-specific sentence the wizard and the e-mails show, step by step."""

    loginTitle: NonEmpty
    loginIntro: NonEmpty
    cantAccess: NonEmpty
    newUserLink: NonEmpty
    registrationTitle: NonEmpty
    registrationIntro: NonEmpty
    accountNumberLabel: NonEmpty
    lastNameLabel: NonEmpty
    emailLabel: NonEmpty
    confirmEmailLabel: NonEmpty
    alreadyRegistered: NonEmpty
    accountNotFound: NonEmpty
    registrationNotAllowed: NonEmpty
    identityIntro: NonEmpty
    billingZipLabel: NonEmpty
    mailingZipLabel: NonEmpty
    ssn4Label: NonEmpty
    hintIntro: NonEmpty
    hintAnswerHelp: NonEmpty
    captchaTextPrompt: NonEmpty
    captchaCheckboxLabel: NonEmpty
    accessibleCaptchaUnavailable: NonEmpty
    """Said where the CAPTCHA is a picture, the member cannot see it, and `accessibleCaptcha` is false: the phone route."""
    termsAccept: NonEmpty
    congratulationsTitle: NonEmpty
    congratulationsText: NonEmpty
    verifyLinkIntro: NonEmpty
    verifyTemporaryIntro: NonEmpty
    passwordTitle: NonEmpty
    paperlessTitle: NonEmpty
    paperlessQuestion: NonEmpty
    paperlessYes: NonEmpty
    paperlessNo: NonEmpty
    paperlessNote: NonEmpty
    securityPhraseTitle: NonEmpty
    securityPhraseIntro: NonEmpty
    securityPhraseWarning: NonEmpty
    securityPhraseHelpTitle: NonEmpty
    securityPhraseHelp: NonEmpty
    finishedTitle: NonEmpty
    finishedText: NonEmpty
    linkEmailSubject: NonEmpty
    linkEmailBody: NonEmpty
    temporaryPasswordEmailSubject: NonEmpty
    temporaryPasswordEmailBody: NonEmpty
    # --- one profile per guide (issue 9) ---
    loginEmailLabel: str = Field(default="", max_length=200)
    """The login screen's e-mail label where the guide words it apart from the form's ("E-Mail"); "" is `emailLabel`."""
    securityPhraseUpdateNote: str = Field(default="", max_length=2000)
    """A third paragraph on the security phrase step, where the guide has one (how to change it later)."""

    @model_validator(mode="after")
    def _email_placeholders(self) -> Texts:
        """Refuse an e-mail body the server could not fill in, now rather than at every registration.

        Names must be exactly the allowed ones (``{}``, ``{0}`` and
        ``{name.__class__}`` are not), and the body is filled in once with
        sample values so that a bad format spec (``{minutes:q}``, or a nested
        ``{name:{x}}``) fails here too.
        """
        for field, sample in _EMAIL_SAMPLES.items():
            text = getattr(self, field)
            try:
                used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
            except ValueError as error:  # an unmatched brace
                raise ValueError(f"{field} is not a valid template ({error})") from None
            unknown = sorted("{" + name + "}" for name in used - set(sample))
            if unknown:
                raise ValueError(f"{field} uses unknown placeholder(s) {unknown}; allowed: {sorted(sample)}")
            try:
                text.format(**sample)
            except (KeyError, IndexError, ValueError, AttributeError, TypeError) as error:
                raise ValueError(f"{field} cannot be filled in ({type(error).__name__}: {error})") from None
        return self


# The placeholders each e-mail body may use, with values of the types `server.mail` fills in.
# {duration} says how long in the wizard's words ("24 hours"); {minutes} stays for older profiles.
_EMAIL_SAMPLES: dict[str, dict[str, object]] = {
    "linkEmailBody": {
        "name": "Jane Doe", "token": "CODE", "link": "https://portal/verify", "minutes": 30, "duration": "30 minutes",
        "coop": "Co-op",
    },
    "temporaryPasswordEmailBody": {
        "name": "Jane Doe", "password": "Temp1", "minutes": 60, "duration": "1 hour", "coop": "Co-op", "portal": "portal",
    },
}


class CoopProfile(_Strict):
    """One co-op's registration settings (its SmartHub ``registrationInformation``)."""

    profileId: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$")]
    coopName: NonEmpty
    shortName: NonEmpty
    portalUrl: NonEmpty
    legacy: bool = False
    legacyNotes: list[str] = []
    senderEmail: NonEmpty
    confirmEmail: bool
    identityOptions: Annotated[list[IdentityOption], Field(min_length=1)]
    identityAnswersRequired: int = Field(ge=1, le=3)
    ssnRequired: bool = False
    securityQuestionsListBox: list[Annotated[str, Field(min_length=1, max_length=200)]] = []
    hintQuestionsToPrompt: int = Field(ge=0, le=1)
    captchaStyle: CaptchaStyle
    captchaFirst: bool = False
    """Ask the CAPTCHA before the identity questions, so each identity answer is judged where it is given.

    The server judges no identity answer before the session has passed its
    CAPTCHA; after it, the identity step hears its verdict at once.  A guide
    that puts the CAPTCHA after the questions (PEC) keeps that order, and the
    verdict on the first answers then comes with the CAPTCHA.
    """
    captchaDifficultyBits: int = Field(default=16, ge=1, le=MAX_DIFFICULTY_BITS)
    accessibleCaptcha: bool = False
    """Whether a member who cannot see a picture CAPTCHA may take the proof-of-work checkbox instead.

    Only a `text` profile needs it: the client asks for the alternative
    (``accessible: true``) where it cannot show the picture (the plain line
    mode, a screen reader) and then gets the checkbox challenge of
    `captchaDifficultyBits`.  False: the server refuses with
    ``accessible_captcha_unavailable`` and `texts.accessibleCaptchaUnavailable`,
    which names the co-op's phone route.  A `checkbox` profile's challenge
    is already the accessible one, so the setting changes nothing there.
    Off unless a profile says so: it lets anyone who asks skip the picture.
    """
    verificationStyle: VerificationStyle
    verificationLinkMinutes: int = Field(default=30, ge=1, le=7 * 24 * 60)
    temporaryPasswordMinutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    passwordPolicy: PasswordPolicy
    securityPhraseMinimumLength: int = Field(ge=1, le=200)
    securityPhraseMaximumLength: int = Field(default=100, ge=1, le=1000)
    failedLoginLockoutLimit: int = Field(ge=1, le=100)
    failedAttemptsPerAddressLimit: int | None = Field(default=None, ge=1, le=10_000)
    lockoutMinutes: int = Field(default=15, ge=1, le=24 * 60)
    lockoutMessage: NonEmpty
    showAttemptsLeft: bool = True
    """Whether a wrong identity answer says how many attempts are left before the lockout."""
    paperBillsPrompt: bool = True
    # True where the co-op's guide makes the paperless question optional (PEC: "Unless you
    # choose the option you will continue to receive your PEC bill by mail"): Enter with no
    # choice keeps paper bills and says so.  False: the step asks for Yes or No at the field.
    # Either way, no choice never turns paperless on.
    paperlessOptional: bool = False
    allowUnsubscribe: bool = True
    smsEnabled: bool = False
    terms: Terms
    texts: Texts
    # --- one profile per guide (issue 9) ---
    verifyAtLogin: bool = False
    """The e-mailed temporary password is typed at the login screen, as PEC's registration guide has it.

    The registration walk then ends at Congratulations, whose button returns
    to the login (welcome) screen with the e-mail waiting; the member types the
    temporary password there as the Password and logs in, and the walk of a
    member who signs in (the replacement password first) goes on from there.
    Only for `verificationStyle` "temporaryPassword" (a Verify Account code is
    no password to log in with).  False: the Verify step after Congratulations.
    """
    securityPhrasePrompt: bool = True
    """Whether the wizard asks for a security phrase (PEC's registration guide goes from paperless to the main screen)."""
    verifyAtPasswordChange: bool = False
    """The Verify Account code is typed as the Current Password of the change-password form, as PEC's set-up guide has it.

    No Verify step: the guide's link leads to "Please change your password"
    (E-Mail Address, Current Password, New Password, Confirm Password); a
    member who comes from the link has no password yet, and the code that
    proves the e-mail stands for the current one.  Only for
    `verificationStyle` "link".  False: the Verify step asks for the code.
    """

    @model_validator(mode="after")
    def _consistent(self) -> CoopProfile:
        if len(set(self.identityOptions)) != len(self.identityOptions):
            raise ValueError("identityOptions lists an option twice")
        if self.identityAnswersRequired > len(self.identityOptions):
            raise ValueError("identityAnswersRequired is more than the identityOptions offered")
        if self.ssnRequired and IdentityOption.SSN4 not in self.identityOptions:
            raise ValueError("ssnRequired is set but ssn4 is not among identityOptions")
        if self.hintQuestionsToPrompt and not self.securityQuestionsListBox:
            raise ValueError("hintQuestionsToPrompt is set but securityQuestionsListBox is empty")
        if self.securityPhraseMinimumLength > self.securityPhraseMaximumLength:
            raise ValueError("securityPhraseMinimumLength is greater than securityPhraseMaximumLength")
        if self.verifyAtLogin and self.verificationStyle is not VerificationStyle.TEMPORARY_PASSWORD:
            raise ValueError('verifyAtLogin needs verificationStyle "temporaryPassword" (a code is no password to log in with)')
        if self.verifyAtPasswordChange and self.verificationStyle is not VerificationStyle.LINK:
            raise ValueError('verifyAtPasswordChange needs verificationStyle "link" (the code stands for the current password)')
        return self

    @property
    def asks_hint_question(self) -> bool:
        """True when registration asks for a secret hint question and answer."""
        return self.hintQuestionsToPrompt > 0

    @property
    def address_lockout_limit(self) -> int:
        """Failed attempts from one client address, over all accounts, before the address is locked.

        `failedAttemptsPerAddressLimit` when the profile sets it, otherwise
        `ADDRESS_LIMIT_FACTOR` times `failedLoginLockoutLimit`.  Why higher
        than the per-account limit: a call-centre terminal or a lobby kiosk
        serves many members from one address, and five typing mistakes by
        five different members must not lock all of them out.  Guessing at
        any one account is still stopped by that account's own limit.
        """
        if self.failedAttemptsPerAddressLimit is not None:
            return self.failedAttemptsPerAddressLimit
        return ADDRESS_LIMIT_FACTOR * self.failedLoginLockoutLimit


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def parse_profile(data: dict[str, Any], source: str = "profile") -> CoopProfile:
    """Validate profile data; raise `ProfileError` naming the bad field."""
    try:
        return CoopProfile.model_validate(data)
    except ValidationError as error:
        raise ProfileError(f"{source}: {_describe(error)}") from None


def load_profile(name_or_path: str | Path) -> CoopProfile:
    """Load a built-in profile by name (`BUILTIN_PROFILES`) or a TOML file by path."""
    path = Path(name_or_path)
    if str(name_or_path) in BUILTIN_PROFILES:
        path = PROFILE_DIR / f"{name_or_path}.toml"
    elif path.suffix != ".toml":
        raise ProfileError(
            f"unknown profile {str(name_or_path)!r}: choose one of {', '.join(BUILTIN_PROFILES)} or give a .toml file"
        )
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(f"cannot read profile {path}: {error.strerror or error}") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{path}: not valid TOML: {error}") from None
    base = data.pop("extends", None)
    if base is not None:
        if base not in BUILTIN_PROFILES or base == data.get("profileId"):
            raise ProfileError(f"{path}: extends: must name another built-in profile, not {base!r}")
        data = _merged(load_profile(base).model_dump(mode="json"), data)
    return parse_profile(data, source=str(path))


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge `override` into `base`: tables merge, everything else replaces."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = value
    return result
