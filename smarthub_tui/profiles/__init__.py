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
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from smarthub_tui import profile_data
from smarthub_tui.profile_data import merged, profile_path, read_toml
from smarthub_tui.proof_of_work import MAX_DIFFICULTY_BITS

# The enums, `ProfileError` and the reading of a profile's file are pydantic-free, in `profile_data`:
# the full-screen start reads the welcome's words from there before pydantic is imported.  Callers import them from here.
PROFILE_DIR = profile_data.PROFILE_DIR
BUILTIN_PROFILES = profile_data.BUILTIN_PROFILES
ProfileError = profile_data.ProfileError
IdentityOption = profile_data.IdentityOption
CaptchaStyle = profile_data.CaptchaStyle
VerificationStyle = profile_data.VerificationStyle
MenuItem = profile_data.MenuItem
DEFAULT_PROFILE_MENU = profile_data.DEFAULT_PROFILE_MENU

# Unless a profile says otherwise, a client address may fail this many times
# the per-account limit before it is locked (see `CoopProfile.address_lockout_limit`).
ADDRESS_LIMIT_FACTOR = 4

NonEmpty = Annotated[str, Field(min_length=1, max_length=20_000)]


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
    # --- contacts: defaults here, so a co-op's profile need not repeat them ---
    contactsTitle: NonEmpty = "Manage Contacts"
    contactsIntro: NonEmpty = (
        "Your bill notifications go to the e-mail address you sign in with. You can add more e-mail contacts; "
        "each one is confirmed by a code we send to it."
    )
    contactsSmsIntro: NonEmpty = "You can also get your bill notifications by text message on your smartphone."
    contactCodeEmailSubject: NonEmpty = "Confirm your SmartHub contact"
    contactCodeEmailBody: NonEmpty = (
        "Hello,\n\nSomeone signed in to SmartHub at {coop} asked to send bill notifications to this address. "
        "To confirm it, enter this code in SmartHub:\n\n{code}\n\nThe code works for {duration}. "
        "If you did not ask for this, you can ignore this e-mail."
    )
    contactCodeSms: NonEmpty = "{coop} SmartHub: your confirmation code is {code}. It works for {duration}."
    # --- Forgot Password ---
    # Defaults here rather than in default.toml, so that a co-op's own profile written
    # before Forgot Password existed still loads; a profile may word them its own way.
    forgotPasswordTitle: NonEmpty = "Forgot Password"
    forgotPasswordIntro: NonEmpty = (
        "Enter the e-mail address you use to log in. We will send a code to it that lets you set a new password."
    )
    resetHintLabel: NonEmpty = "Secret hint answer"
    resetHintNote: NonEmpty = (
        "The answer to the secret hint question you chose when you registered. "
        "Leave it empty if the co-op registered your account for you."
    )
    passwordResetSent: NonEmpty = (
        "If that address is registered with us and your answers match our records, we have sent it an e-mail "
        "with a code to set a new password. The code works once and expires in {duration}."
    )
    """The one answer to every Forgot Password request, known address or not (``{duration}``, ``{minutes}``)."""
    resetCodeIntro: NonEmpty = (
        "Enter the code from the e-mail. If no e-mail arrives within a few minutes, check your spam or junk folder, "
        "or go back and check what you typed."
    )
    resetDoneTitle: NonEmpty = "Password changed"
    resetDoneText: NonEmpty = (
        "Your new password is set. Every other session has been signed out. Log in with your e-mail address "
        "and your new password."
    )
    passwordResetEmailSubject: NonEmpty = "Your SmartHub password reset code"
    passwordResetEmailBody: NonEmpty = """Hello,

Someone asked to reset the SmartHub password of this e-mail address at {coop}.
To set a new password, enter this code on the Forgot Password screen:

    {code}

The code works once and expires in {duration}. If you did not ask for it, ignore this e-mail: your password has not changed.
"""
    # --- My Profile ---
    myProfileTitle: NonEmpty
    """The menu a signed-in member lands on ("My Profile")."""
    updateSecurityPhraseTitle: NonEmpty
    changePasswordTitle: NonEmpty
    manageAccountsTitle: NonEmpty
    unsubscribeConfirm: NonEmpty
    """The confirmation before an unsubscribe: notifications stop, paper bills resume."""
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



# --- Buttons (issue 9) ---
class Buttons(_Strict):
    """Every button label a member reads, one key per button role (per step where the guides differ).

    The co-op's words where its guide names a button (JECEC's form says
    **Continue** and its verification info **Register**; PEC's say
    **Submit**, and its congratulations **Login**); `default.toml` gives
    every one, so a profile names only those it changes, in its own
    ``[buttons]`` table.  A step's submit button is `Step.submit_label`
    (the key is the step's `Step.button`), and the front ends name the same
    word: the button, the footer's "Enter ...", the line mode's
    "Press Enter: ...".  Buttons only the app has (Retry, Yes/No of a
    confirmation, Show) are in `strings`, not here.
    """

    login: NonEmpty
    """The welcome screen's log-in button."""
    registration: NonEmpty
    """The registration form's submit (account number, name, e-mail)."""
    reset: NonEmpty
    """The registration form's Reset (empties the form)."""
    cancel: NonEmpty
    """Cancel: on the registration form, the "already registered" alert, the F10 key, and an optional step (where it skips)."""
    identity: NonEmpty
    """The identity questions' submit (JECEC's "verification info")."""
    hint: NonEmpty
    captcha: NonEmpty
    terms: NonEmpty
    """The terms' submit, which creates the registration."""
    congratulations: NonEmpty
    verify: NonEmpty
    """The Verify Account code's (or the temporary password's) submit."""
    password: NonEmpty
    paperless: NonEmpty
    securityPhrase: NonEmpty
    finished: NonEmpty
    forgotPassword: NonEmpty
    """The "already registered" alert's way to account recovery."""
    contacts: NonEmpty
    sendResetCode: NonEmpty
    """Forgot Password: sends the code to the e-mail typed."""
    resetCode: NonEmpty
    """Forgot Password: the e-mailed code's submit."""
    myProfile: NonEmpty
    """My Profile: Enter on the item picked opens it (the footer's word)."""
    unsubscribe: NonEmpty
    """Manage My Registered Accounts: the red button that asks to delete the registration."""
    signOut: NonEmpty
    """Manage contacts: leaves the contact list (its forms' buttons are the app's own, in `strings`)."""
    # --- agent mode (issue 10) ---
    agentSignIn: NonEmpty = "Sign in"
    """Agent mode: the agent key's submit (sign-in, and again after idle)."""
    agentDone: NonEmpty = "Next call"
    """Agent mode: "registration created" ends the call and starts the next."""

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
    # --- contacts ---
    "contactCodeEmailBody": {"code": "123456", "minutes": 10, "duration": "10 minutes", "coop": "Co-op"},
    "contactCodeSms": {"code": "123456", "minutes": 10, "duration": "10 minutes", "coop": "Co-op"},
    # --- Forgot Password ---
    "passwordResetEmailBody": {
        "code": "12345678", "minutes": 10, "duration": "10 minutes", "coop": "Co-op",
        "portal": "portal",
    },
    "passwordResetSent": {"minutes": 10, "duration": "10 minutes"},
}


# --- agent mode (issue 10) ---
class AgentScript(_Strict):
    """What a call-centre agent reads to the member at each step (``[agentScript]``; "" is the app's default wording).

    Keys are the agent flow's steps: ``lookup`` (account, name, e-mail),
    ``identity``, ``hint``, ``terms`` (said before the terms, which are then
    read verbatim), ``paperless`` and ``agent_done`` (the registration is
    created; the member finishes from the e-mail).  A co-op whose compliance
    team words the call gives its own; the rest fall back to
    `strings.AGENT_SCRIPT_DEFAULTS`.
    """

    lookup: str = Field(default="", max_length=2000)
    identity: str = Field(default="", max_length=2000)
    hint: str = Field(default="", max_length=2000)
    terms: str = Field(default="", max_length=2000)
    paperless: str = Field(default="", max_length=2000)
    agent_done: str = Field(default="", max_length=2000)


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
    # --- contacts ---
    maximumContacts: int = Field(default=5, ge=1, le=50)
    """How many contacts a login may have, the e-mail it signs in with included."""
    # --- Forgot Password ---
    requireAccountNumberOnPasswordReset: bool = False
    """Whether Forgot Password also asks for an account number registered to the login.

    Off by default: an account number is printed on every bill, so it proves
    little (NIST SP 800-63B rev 4 counts it as knowledge-based, which it does
    not allow as a factor); what proves the member is the code sent to the mailbox.
    """
    passwordResetMinutes: int = Field(default=10, ge=1, le=24 * 60)
    """How long a Forgot Password code works (10 minutes: NIST SP 800-63B rev 4's limit for a secret sent out of band)."""
    # --- My Profile ---
    profileMenu: tuple[MenuItem, ...] = Field(default=DEFAULT_PROFILE_MENU, min_length=1)
    """My Profile's items, in order; an item whose feature the co-op lacks (paperless where
    `paperBillsPrompt` is off, unsubscribe where `allowUnsubscribe` is off) is left out."""
    terms: Terms
    texts: Texts
    buttons: Buttons
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
    # --- agent mode (issue 10) ---
    agentScript: AgentScript = AgentScript()
    """The words an agent reads to the member beside each step (`AgentScript`)."""

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
        if len(set(self.profileMenu)) != len(self.profileMenu):
            raise ValueError("profileMenu lists an item twice")
        if MenuItem.SIGN_OUT not in self.profileMenu:
            raise ValueError("profileMenu must offer sign_out (on a shared terminal the member must be able to leave)")
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

    # --- Forgot Password (lockout that is not a weapon) ---
    @property
    def login_ceiling_limit(self) -> int:
        """Failed attempts at one login, from all addresses together, before the login is locked for everyone.

        Each address has the login's own limit (`failedLoginLockoutLimit`) for
        that login, so a stranger who knows the e-mail locks only their own
        address out of it, never the member at theirs.  This higher ceiling
        still stops a guess spread over many addresses; a successful Forgot
        Password (which proves the mailbox) lifts it.
        """
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
    path = profile_path(name_or_path)
    data, base = read_toml(path)
    if base is not None:
        data = merged(load_profile(base).model_dump(mode="json"), data)
    return parse_profile(data, source=str(path))

