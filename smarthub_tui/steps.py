"""Each wizard step's logic, apart from its view: what it asks, how it checks, which call it makes.

A step controller (subiquity's controller/view split, kept light) is built
with the shared `Wizard` (the backend and the `RegistrationState`) and offers:

- ``answers()``: the answers to show on arrival (from the state, so Back and
  Retry keep everything typed); ``remember(answers)`` stores them;
- ``validate(answers)``: plain-words reasons keyed by field, ``{}`` when fine
  (fields use the HTTP contract's JSON names, e.g. ``accountNumber``);
- ``submit(answers)``: remember, then make the step's backend call and record
  its answer in the state; raises the backend's domain errors;
- ``explain(error)``: what a domain error means for this step, as a `Problem`:
  a reason at a field, a reason for the whole form, a connection problem to
  offer Retry for, or a `Reroute` to the earlier step the error concerns.

A Textual screen drives a controller, but so could an answers file or a
line-by-line front end: nothing here imports Textual.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import (
    AccountNotFound,
    AlreadyRegistered,
    Backend,
    BackendError,
    BackendTimeout,
    CaptchaFailed,
    ConnectionProblem,
    IdentityMismatch,
    InvalidCredentials,
    InvalidToken,
    LockedOut,
    NotAuthorized,
    PasswordPolicyFailed,
    RateLimited,
    RegistrationNotAllowed,
    SessionExpired,
    ValidationFailed,
)
from smarthub_tui.durations import duration  # the server's e-mails say it the same way
from smarthub_tui.flow import Reroute, StepId
from smarthub_tui.models import (
    AccountLookup,
    AccountSummary,
    CheckboxCaptcha,
    OutboxMessage,
    RegistrationRequest,
    Settings,
    TextCaptcha,
)
from smarthub_tui.pasted import code_from_paste
from smarthub_tui.profiles import CaptchaStyle, CoopProfile, IdentityOption, VerificationStyle
from smarthub_tui.state import (
    AccountAnswers,
    CaptchaAnswers,
    HintAnswers,
    IdentityAnswers,
    PaperlessAnswers,
    PasswordAnswers,
    PhraseAnswers,
    RegistrationState,
    SignInAnswers,
    TermsAnswers,
    VerifyAnswers,
)
from smarthub_tui.validation import (
    Invalid,
    Rule,
    check_password,
    check_security_phrase,
    emails_match,
    normalize_account_number,
    normalize_email,
    normalize_hint_answer,
    normalize_name,
    normalize_ssn4,
    normalize_zip,
    password_rules,
)

FORM = ""
"""The key `validate()` uses for a reason about the whole form rather than one field."""


# --- what an error means for a step ----------------------------------------------

@dataclass(frozen=True)
class FieldProblem:
    """Show `message` at `field` and keep the person on this step."""

    field: str
    message: str
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class FormProblem:
    """Show `message` for the form as a whole and keep the person on this step."""

    message: str


@dataclass(frozen=True)
class RetryProblem:
    """The answer never came or made no sense: say so and offer Retry; nothing typed is lost."""

    message: str


Problem = FieldProblem | FormProblem | RetryProblem | Reroute


# --- the shared context ----------------------------------------------------------

class Wizard:
    """The backend and the state every step works on, and how to reach the backend.

    The backend is created lazily by `connect()` (from `backend_factory`, off
    the UI thread), so the first screen paints before the server code, FastAPI
    or Pillow are imported.
    """

    def __init__(
        self,
        backend_factory: Callable[[], Backend],
        *,
        target: str = "",
        state: RegistrationState | None = None,
    ) -> None:
        self._backend_factory = backend_factory
        self._backend: Backend | None = None
        self.target = target
        """Where the backend is, in words, for the "Connecting…" line ("" for the built-in one)."""
        self.state = state or RegistrationState()

    @property
    def backend(self) -> Backend:
        """The connected backend (only after `connect()` succeeded)."""
        if self._backend is None:
            raise RuntimeError("not connected yet")
        return self._backend

    @property
    def connected(self) -> bool:
        """True once the co-op settings are known."""
        return self.state.settings is not None

    async def connect(self) -> Settings:
        """Create the backend (in a thread: it may import the whole server) and fetch the settings."""
        if self._backend is None:
            self._backend = await asyncio.to_thread(self._backend_factory)
        if self.state.settings is None:
            self.state.settings = await self._backend.get_settings()
        return self.state.settings

    def explain_connect(self, error: BackendError) -> RetryProblem:
        """A connection failure at start, as one line with Retry."""
        return RetryProblem(strings.CONNECT_FAILED.format(reason=error.message))

    async def aclose(self) -> None:
        """Close the backend's connections (and stop an embedded server)."""
        if self._backend is not None:
            await self._backend.aclose()


class Step:
    """Base of the step controllers: defaults for steps that ask nothing and call nothing."""

    step_id: StepId
    fields: tuple[str, ...] = ()
    """The contract field names this step's screen shows (errors about them land there)."""

    def __init__(self, wizard: Wizard) -> None:
        self.wizard = wizard

    @property
    def state(self) -> RegistrationState:
        """The member's state."""
        return self.wizard.state

    @property
    def backend(self) -> Backend:
        """The connected backend."""
        return self.wizard.backend

    @property
    def profile(self) -> CoopProfile:
        """The co-op profile in force."""
        return self.state.profile

    @property
    def demo(self) -> bool:
        """True on a demo backend."""
        return self.state.demo

    def answers(self) -> Any:  # each step returns its own answers type
        """The answers to show on arrival."""
        return None

    def skipped(self) -> bool:
        """True when the step has nothing left to do for this member (the walk passes over it)."""
        return False

    def remember(self, answers: Any) -> None:
        """Keep `answers` in the state (on Next, on Back, before a call)."""

    def validate(self, answers: Any) -> dict[str, str]:
        """Reasons keyed by field (`FORM` for the form), empty when the answers can be submitted."""
        return {}

    async def submit(self, answers: Any) -> None:
        """Remember `answers` and make this step's backend call, if it has one."""
        self.remember(answers)

    def explain(self, error: BackendError) -> Problem:
        """What `error` means here; subclasses handle their own errors first, then call this."""
        if isinstance(error, BackendTimeout) and error.uncertain:
            return RetryProblem(f"{error.message} {strings.UNCERTAIN_SUBMIT}")
        if isinstance(error, ConnectionProblem):
            return RetryProblem(f"{error.message} {strings.RETRY_HINT}")
        if isinstance(error, RateLimited):
            if error.retry_after:
                return RetryProblem(strings.RATE_LIMITED.format(seconds=error.retry_after))
            return RetryProblem(strings.RATE_LIMITED_SOON)
        if isinstance(error, LockedOut):
            return FormProblem(self.profile.lockoutMessage)
        if isinstance(error, NotAuthorized):
            return Reroute(StepId.WELCOME, strings.SIGNED_OUT)
        if isinstance(error, SessionExpired):
            self.state.session = None
            self.state.void_captcha()
            return Reroute(StepId.REGISTER, strings.SESSION_EXPIRED)
        if isinstance(error, ValidationFailed) and error.field in self.fields:
            return FieldProblem(error.field, error.message)
        return FormProblem(error.message)


def _check(reasons: dict[str, str], field: str, check: Callable[[], object]) -> None:
    """Run one validator; on `Invalid`, record its reason for `field`."""
    try:
        check()
    except Invalid as error:
        reasons.setdefault(field, str(error))


# --- 1. welcome / sign in --------------------------------------------------------

class SignInStep(Step):
    """The welcome screen's log-in: an existing member signs in to finish setting up."""

    step_id = StepId.WELCOME
    fields = ("email", "password")

    def answers(self) -> SignInAnswers:
        return replace(self.state.sign_in, password="")

    def remember(self, answers: SignInAnswers) -> None:
        # The password is not kept: it is only needed for the call itself.
        self.state.sign_in = SignInAnswers(email=answers.email)

    def validate(self, answers: SignInAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        _check(reasons, "email", lambda: normalize_email(answers.email))
        if not answers.password:
            reasons["password"] = strings.PASSWORD_REQUIRED
        return reasons

    async def submit(self, answers: SignInAnswers) -> None:
        self.remember(answers)
        email = normalize_email(answers.email)
        auth = await self.backend.login(email, answers.password)
        self.state.auth = auth
        if auth.password_change_required:
            # The password just typed is the temporary one: carried to the password step.
            self.state.current_password = answers.password
            self.state.summary = None
        else:
            self.state.summary = await self.backend.account_summary(auth)

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, InvalidCredentials):
            return FieldProblem("password", error.message)
        return super().explain(error)


# --- 2. registration form --------------------------------------------------------

class RegisterStep(Step):
    """Account number, name on the account, e-mail (and its confirmation): opens a registration session."""

    step_id = StepId.REGISTER
    fields = ("accountNumber", "lastNameOrBusiness", "email", "confirmEmail")

    def answers(self) -> AccountAnswers:
        return self.state.account

    def remember(self, answers: AccountAnswers) -> None:
        self.state.account = answers

    def validate(self, answers: AccountAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        _check(reasons, "accountNumber", lambda: normalize_account_number(answers.account_number))
        _check(reasons, "lastNameOrBusiness", lambda: normalize_name(answers.last_name))
        _check(reasons, "email", lambda: normalize_email(answers.email))
        if self.profile.confirmEmail and "email" not in reasons:
            if not answers.confirm_email.strip():
                reasons["confirmEmail"] = strings.EMPTY_FIELD
            elif not emails_match(answers.email, answers.confirm_email):
                reasons["confirmEmail"] = strings.EMAIL_MISMATCH
        return reasons

    async def submit(self, answers: AccountAnswers) -> None:
        self.remember(answers)
        lookup = AccountLookup(
            account_number=normalize_account_number(answers.account_number),
            last_name_or_business=normalize_name(answers.last_name),
            email=normalize_email(answers.email),
            confirm_email=normalize_email(answers.confirm_email) if self.profile.confirmEmail else None,
        )
        session = await self.backend.lookup_account(lookup)
        if self.state.session is None or session.registration_id != self.state.session.registration_id:
            # A new session: any challenge fetched or passed for the old one is void.
            self.state.void_captcha()
            self.state.pending_submit = None
        self.state.session = session

    def explain(self, error: BackendError) -> Problem:
        texts = self.profile.texts
        if isinstance(error, AccountNotFound):
            return FormProblem(texts.accountNotFound)
        if isinstance(error, AlreadyRegistered):
            return Reroute(StepId.ALREADY_REGISTERED, texts.alreadyRegistered, "email")
        if isinstance(error, RegistrationNotAllowed):
            return FormProblem(texts.registrationNotAllowed)
        return super().explain(error)


# --- 4. identity -----------------------------------------------------------------

IDENTITY_FIELDS = {option: option.value for option in IdentityOption}


class IdentityStep(Step):
    """Facts about the account (billing or mailing ZIP, last 4 of SSN): how many are needed and which."""

    step_id = StepId.IDENTITY
    fields = tuple(IDENTITY_FIELDS.values())

    @property
    def options(self) -> tuple[IdentityOption, ...]:
        """The facts this session asks for, in the order shown."""
        session = self.state.session
        return session.identity_options if session else tuple(self.profile.identityOptions)

    @property
    def required(self) -> int:
        """How many of `options` must be answered."""
        session = self.state.session
        return session.identity_answers_required if session else self.profile.identityAnswersRequired

    @property
    def ssn_required(self) -> bool:
        """True when the last 4 of the SSN must be among the answers."""
        session = self.state.session
        return session.ssn_required if session else self.profile.ssnRequired

    def label(self, option: IdentityOption) -> str:
        """The co-op's label for `option`."""
        texts = self.profile.texts
        return {
            IdentityOption.BILLING_ZIP: texts.billingZipLabel,
            IdentityOption.MAILING_ZIP: texts.mailingZipLabel,
            IdentityOption.SSN4: texts.ssn4Label,
        }[option]

    @property
    def requirement(self) -> str:
        """How many to answer, in words true for the fields shown.

        A session offers only the facts on file for the account, so there may
        be fewer fields than the profile lists (one field is never "all of
        these"); the same words also stand at the first empty field when too
        few were answered.
        """
        shown = len(self.options)
        needed = min(self.required, shown)
        if shown <= 1:
            return strings.LABEL_IDENTITY_REQUIRED_SINGLE
        if self.ssn_required and needed <= 1:
            return strings.LABEL_IDENTITY_SSN_REQUIRED
        if needed >= shown:
            return strings.LABEL_IDENTITY_REQUIRED_BOTH if shown == 2 else strings.LABEL_IDENTITY_REQUIRED_ALL
        if needed <= 1:
            return strings.LABEL_IDENTITY_REQUIRED_EITHER if shown == 2 else strings.LABEL_IDENTITY_REQUIRED_ONE
        if self.ssn_required:
            return strings.LABEL_IDENTITY_REQUIRED_SOME_WITH_SSN.format(count=needed)
        return strings.LABEL_IDENTITY_REQUIRED_SOME.format(count=needed)

    def answers(self) -> IdentityAnswers:
        return self.state.identity

    def remember(self, answers: IdentityAnswers) -> None:
        self.state.identity = answers

    def validate(self, answers: IdentityAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        answered = 0
        for option in self.options:
            value = answers.get(option).strip()
            if not value:
                continue
            check = normalize_ssn4 if option is IdentityOption.SSN4 else normalize_zip
            before = len(reasons)
            _check(reasons, option.value, partial(check, value))
            answered += len(reasons) == before
        if self.ssn_required and not answers.get(IdentityOption.SSN4).strip():
            reasons.setdefault(IdentityOption.SSN4.value, strings.LABEL_IDENTITY_SSN_REQUIRED)
        if not reasons and answered < self.required:
            first_empty = next((o.value for o in self.options if not answers.get(o).strip()), FORM)
            reasons[first_empty] = self.requirement
        return reasons

    async def submit(self, answers: IdentityAnswers) -> None:
        """Have the answers checked now; before the CAPTCHA is passed the server holds its verdict."""
        self.remember(answers)
        session = self.state.session
        if session is None:
            raise SessionExpired(strings.SESSION_EXPIRED)
        verified = await self.backend.check_identity(session.registration_id, self.normalized())
        if not verified and (self.state.captcha_passed or self.profile.captchaFirst):
            # The server holds the verdict: it has not seen this session pass its CAPTCHA
            # (an answer lost on the way, a server that lost its state).  Pass it now.
            self.state.void_captcha()
            raise CaptchaFailed(strings.CAPTCHA_NEEDED_FIRST, field="captchaAnswer")

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, CaptchaFailed):
            return Reroute(StepId.CAPTCHA, error.message, "captchaAnswer")
        if isinstance(error, IdentityMismatch):
            return FormProblem(error.message)
        if isinstance(error, ValidationFailed) and error.field and error.field.startswith("identity"):
            return FormProblem(error.message)
        return super().explain(error)

    def normalized(self) -> dict[IdentityOption, str]:
        """The answers given, normalized as the server compares them (empty ones left out)."""
        result = {}
        for option in self.options:
            value = self.state.identity.get(option).strip()
            if value:
                result[option] = normalize_ssn4(value) if option is IdentityOption.SSN4 else normalize_zip(value)
        return result


# --- 5. secret hint question -----------------------------------------------------

class HintStep(Step):
    """One of the co-op's secret hint questions, and its answer."""

    step_id = StepId.HINT
    fields = ("hintQuestion", "hintAnswer")

    @property
    def questions(self) -> tuple[str, ...]:
        """The questions offered (the session's, else the profile's)."""
        session = self.state.session
        if session and session.hint_questions:
            return session.hint_questions
        return tuple(self.profile.securityQuestionsListBox)

    def answers(self) -> HintAnswers:
        return self.state.hint

    def remember(self, answers: HintAnswers) -> None:
        self.state.hint = answers

    def validate(self, answers: HintAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        if answers.question not in self.questions:
            reasons["hintQuestion"] = strings.HINT_QUESTION_REQUIRED
        _check(reasons, "hintAnswer", lambda: normalize_hint_answer(answers.answer))
        return reasons


# --- 6. CAPTCHA ------------------------------------------------------------------

class CaptchaStep(Step):
    """A fresh challenge from the server: type the picture's text, or tick "I'm not a robot"."""

    step_id = StepId.CAPTCHA
    fields = ("captchaAnswer",)

    @property
    def style(self) -> CaptchaStyle:
        """`text` or `checkbox`, as the session (else the profile) says."""
        session = self.state.session
        return session.captcha_style if session else self.profile.captchaStyle

    @property
    def captcha(self) -> TextCaptcha | CheckboxCaptcha | None:
        """The challenge in force, if one was fetched."""
        return self.state.captcha

    async def load(self, *, columns: int | None = None, rows: int | None = None) -> TextCaptcha | CheckboxCaptcha:
        """The challenge to show: the one in force, or a new one from the server (see `refresh`)."""
        if self.state.captcha is None:
            return await self.refresh(columns=columns, rows=rows)
        return self.state.captcha

    async def refresh(self, *, columns: int | None = None, rows: int | None = None) -> TextCaptcha | CheckboxCaptcha:
        """Fetch a new challenge (a new picture); the old answer no longer applies.

        `columns` x `rows` is the room the front end has for a picture, in
        character cells: the server draws the text for that grid, so a
        terminal shows it pixel for pixel (None: the server's 80x24 size).
        """
        session = self.state.session
        if session is None:
            raise SessionExpired(strings.SESSION_EXPIRED)
        captcha = await self.backend.new_captcha(session.registration_id, columns=columns, rows=rows)
        self.state.captcha = captcha
        self.state.captcha_answer = CaptchaAnswers(captcha_id=captcha.captcha_id)
        return captcha

    def answers(self) -> CaptchaAnswers:
        return self.state.captcha_answer

    def remember(self, answers: CaptchaAnswers) -> None:
        self.state.captcha_answer = answers

    def validate(self, answers: CaptchaAnswers) -> dict[str, str]:
        if answers.answer.strip():
            return {}
        if self.style is CaptchaStyle.TEXT:
            return {"captchaAnswer": strings.CAPTCHA_REQUIRED_TEXT}
        return {"captchaAnswer": strings.CAPTCHA_REQUIRED_CHECKBOX}

    def skipped(self) -> bool:
        """True once the session has passed its CAPTCHA: it stays passed, so the step is not shown again."""
        return self.state.captcha_passed

    async def submit(self, answers: CaptchaAnswers) -> None:
        """Answer the challenge; the server then gives the identity verdict it held, if any."""
        self.remember(answers)
        session = self.state.session
        if session is None:
            raise SessionExpired(strings.SESSION_EXPIRED)
        try:
            await self.backend.answer_captcha(session.registration_id, answers.captcha_id, answers.answer.strip())
        except CaptchaFailed:
            # Any answer uses the challenge up: a fresh one is fetched when the step is shown again.
            self.state.void_captcha()
            raise
        except IdentityMismatch:
            self.state.captcha_passed = True  # the CAPTCHA itself passed; the identity answers did not
            self.state.captcha = None
            raise
        self.state.captcha_passed = True
        self.state.captcha = None  # used up

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, CaptchaFailed):
            return Reroute(StepId.CAPTCHA, error.message, "captchaAnswer")
        if isinstance(error, IdentityMismatch):
            return Reroute(StepId.IDENTITY, error.message)
        if isinstance(error, LockedOut):
            # The identity answers, judged now, caused it: say so on their step.
            return Reroute(StepId.IDENTITY, self.profile.lockoutMessage)
        return super().explain(error)


# --- 7. terms, and the registration submit ---------------------------------------

class TermsStep(Step):
    """The terms, "I accept", and the submit that creates the registration (hint and terms; the rest passed its own step)."""

    step_id = StepId.TERMS
    fields = ("termsAccepted",)

    def answers(self) -> TermsAnswers:
        return self.state.terms

    def remember(self, answers: TermsAnswers) -> None:
        self.state.terms = answers

    def validate(self, answers: TermsAnswers) -> dict[str, str]:
        return {} if answers.accepted else {"termsAccepted": strings.TERMS_REQUIRED}

    def request(self) -> RegistrationRequest:
        """The registration request from the state, with an idempotency key.

        The key is made once per distinct request and kept until a definite
        answer comes back, so a Retry (or a second Submit) after a lost answer
        resends the same key and the server cannot register twice.
        """
        state = self.state
        if state.session is None:
            raise SessionExpired(strings.SESSION_EXPIRED)
        hint_question = hint_answer = None
        if self.profile.asks_hint_question and state.hint.question:
            hint_question, hint_answer = state.hint.question, state.hint.answer.strip()
        body = {
            "registrationId": state.session.registration_id,
            "termsAccepted": state.terms.accepted,
            "termsVersion": self.profile.terms.version,
            "hintQuestion": hint_question,
            "hintAnswer": hint_answer,
        }
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        if state.pending_submit is None or state.pending_submit[0] != fingerprint:
            state.pending_submit = (fingerprint, secrets.token_urlsafe(24))
        return RegistrationRequest(
            registration_id=state.session.registration_id,
            terms_accepted=state.terms.accepted,
            terms_version=self.profile.terms.version,
            hint_question=hint_question,
            hint_answer=hint_answer,
            idempotency_key=state.pending_submit[1],
        )

    async def submit(self, answers: TermsAnswers) -> None:
        self.remember(answers)
        request = self.request()
        try:
            receipt = await self.backend.complete_registration(request)
        except ConnectionProblem:
            raise  # the key stays pending: the retry must resend it
        except BackendError:
            self.state.pending_submit = None
            raise
        self.state.pending_submit = None
        self.state.receipt = receipt

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, IdentityMismatch):
            return Reroute(StepId.IDENTITY, error.message)  # not passed in this session (a restarted server)
        if isinstance(error, CaptchaFailed):
            self.state.void_captcha()
            return Reroute(StepId.CAPTCHA, error.message, "captchaAnswer")
        if isinstance(error, AlreadyRegistered):
            return Reroute(StepId.ALREADY_REGISTERED, self.profile.texts.alreadyRegistered, "email")
        if isinstance(error, ValidationFailed) and not isinstance(error, PasswordPolicyFailed):
            field = error.field or ""
            if field in HintStep.fields and self.profile.asks_hint_question:
                return Reroute(StepId.HINT, error.message, field)
        return super().explain(error)


# --- 8. congratulations ----------------------------------------------------------

class CongratulationsStep(Step):
    """The registration is done; says which e-mail to expect, from whom, and what to do with it."""

    step_id = StepId.CONGRATULATIONS

    def lines(self) -> list[str]:
        """The explanation under the co-op's congratulations text."""
        receipt = self.state.receipt
        if receipt is None:
            return []
        what = strings.CONGRATS_LINK if receipt.verification_style is VerificationStyle.LINK else strings.CONGRATS_TEMPORARY
        return [
            strings.CONGRATS_EMAIL.format(email=receipt.email, sender=receipt.sender_email),
            what.format(duration=duration(receipt.expires_minutes)),
            strings.CONGRATS_SPAM,
        ]


# --- 9. account verification -----------------------------------------------------

class VerifyStep(Step):
    """The code from the Verify Account e-mail, or the temporary password: signs the member in."""

    step_id = StepId.VERIFY
    fields = ("code",)

    @property
    def style(self) -> VerificationStyle:
        """`link` (a verification code) or `temporaryPassword`."""
        receipt = self.state.receipt
        return receipt.verification_style if receipt else self.profile.verificationStyle

    @property
    def email(self) -> str:
        """The member's e-mail as registered."""
        receipt = self.state.receipt
        return receipt.email if receipt else self.state.account.email.strip()

    def answers(self) -> VerifyAnswers:
        return self.state.verify

    def remember(self, answers: VerifyAnswers) -> None:
        self.state.verify = answers

    def code(self, answers: VerifyAnswers) -> str:
        """What to send: for a code, the code itself even when the whole link was pasted; a password as typed.

        A temporary password is never read as a link: it may hold ``/``, ``?`` or ``=``.
        """
        if self.style is VerificationStyle.LINK:
            return code_from_paste(answers.code)
        return answers.code.strip()

    def validate(self, answers: VerifyAnswers) -> dict[str, str]:
        if not answers.code.strip():
            message = strings.CODE_REQUIRED if self.style is VerificationStyle.LINK else strings.TEMPORARY_PASSWORD_REQUIRED
            return {"code": message}
        if not self.code(answers):
            return {"code": strings.CODE_LINK_WITHOUT_CODE}
        return {}

    async def submit(self, answers: VerifyAnswers) -> None:
        self.remember(answers)
        code = self.code(answers)
        if self.style is VerificationStyle.LINK:
            self.state.auth = await self.backend.verify_account(code)
            self.state.current_password = ""
        else:
            self.state.auth = await self.backend.login(self.email, code)
            self.state.current_password = code
        self.state.verify = VerifyAnswers()  # used: no need to keep it

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, (InvalidToken, InvalidCredentials)):
            return FieldProblem("code", error.message)
        if isinstance(error, NotAuthorized):
            return FieldProblem("code", error.message)
        return super().explain(error)

    async def outbox(self) -> list[OutboxMessage]:
        """The demo inbox: the e-mails the demo server sent to the member."""
        return await self.backend.demo_outbox(self.email)

    def code_in(self, message: OutboxMessage) -> str | None:
        """The verification code (or temporary password) in a demo e-mail, read by the profile's template."""
        return code_in_email(self.profile, self.style, message.body)


def code_in_email(profile: CoopProfile, style: VerificationStyle, body: str) -> str | None:
    """The Verify Account code (`link`) or temporary password in an e-mail `body` made from the profile's template."""
    texts = profile.texts
    if style is VerificationStyle.LINK:
        code = _placeholder_value(texts.linkEmailBody, "token", body)
        if code is None:  # a template that shows only the link: the code is in it
            link = _placeholder_value(texts.linkEmailBody, "link", body)
            code = code_from_paste(link) if link else None
        return code or None
    return _placeholder_value(texts.temporaryPasswordEmailBody, "password", body)


def _placeholder_value(template: str, name: str, text: str) -> str | None:
    """Find what `{name}` was filled with in `text`, which was made from `template`; None if it does not fit.

    The template's literal words must appear in order (any whitespace between
    them); other placeholders match anything.  Used only by the demo inbox.
    """
    pattern = []
    found = False
    for literal, field, _, _ in string.Formatter().parse(template):
        pattern.append(r"\s*".join(re.escape(word) for word in re.split(r"\s+", literal)))
        if field == name and not found:
            pattern.append(rf"(?P<{name}>\S+)")
            found = True
        elif field is not None:
            pattern.append(r".*?")
    if not found:
        return None
    match = re.search("".join(pattern), text, re.DOTALL)
    return match.group(name) if match else None


# --- 10. set password ------------------------------------------------------------

class PasswordStep(Step):
    """The new password, twice, against the co-op's policy; replaces a temporary one if there is one."""

    step_id = StepId.PASSWORD
    fields = ("newPassword", "confirmPassword", "currentPassword")

    @property
    def email(self) -> str:
        """The member's e-mail (the user id), shown and used by the "not your e-mail" rule."""
        auth = self.state.auth
        return auth.user_id if auth else ""

    @property
    def replaces_temporary(self) -> bool:
        """True when a temporary password (typed earlier) is given as the current one."""
        return bool(self.state.current_password)

    def rules(self, password: str) -> list[Rule]:
        """The policy's rules, each marked met or not, for the checklist."""
        return password_rules(self.profile.passwordPolicy, password, email=self.email)

    def answers(self) -> PasswordAnswers:
        return PasswordAnswers()

    def validate(self, answers: PasswordAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        _check(reasons, "newPassword", lambda: check_password(self.profile.passwordPolicy, answers.new_password, email=self.email))
        if not answers.confirm_password:
            reasons["confirmPassword"] = strings.EMPTY_FIELD
        elif answers.confirm_password != answers.new_password:
            reasons["confirmPassword"] = strings.PASSWORD_MISMATCH
        return reasons

    async def submit(self, answers: PasswordAnswers) -> None:
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        current = self.state.current_password or None
        self.state.auth = await self.backend.change_password(
            auth, answers.new_password, answers.confirm_password, current_password=current
        )
        self.state.current_password = ""

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, PasswordPolicyFailed):
            return FieldProblem("newPassword", error.message, tuple(error.rules))
        if isinstance(error, (ValidationFailed, InvalidCredentials)) and error.field == "currentPassword":
            return FormProblem(error.message)
        return super().explain(error)


# --- 11. paperless ---------------------------------------------------------------

class PaperlessStep(Step):
    """Yes or no to paperless billing, for every account registered with this e-mail."""

    step_id = StepId.PAPERLESS
    fields = ("paperless",)

    def answers(self) -> PaperlessAnswers:
        return self.state.paperless

    def remember(self, answers: PaperlessAnswers) -> None:
        self.state.paperless = answers

    @property
    def optional(self) -> bool:
        """True where the co-op lets the member skip the question (bills then stay on paper)."""
        return self.profile.paperlessOptional

    def validate(self, answers: PaperlessAnswers) -> dict[str, str]:
        """No choice is never a yes: refused at the field, unless the co-op makes the step optional."""
        if answers.paperless is None and not self.optional:
            return {"paperless": strings.PAPERLESS_REQUIRED}
        return {}

    async def submit(self, answers: PaperlessAnswers) -> None:
        """Save the member's choice; with no choice (optional step) nothing is sent and bills stay on paper.

        Nothing is saved for a choice the member did not make, not even
        "paper": the server's default already is paper bills, and the
        question stays open for a later sign-in.
        """
        self.remember(answers)
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        if answers.paperless is None:
            if not self.optional:
                raise ValueError("no paperless choice to save")  # validate() refuses this first
            self.state.paperless_result = None
            return
        self.state.paperless_result = await self.backend.set_paperless(auth, answers.paperless)


# --- 12. security phrase ---------------------------------------------------------

class SecurityPhraseStep(Step):
    """The anti-phishing phrase shown on payment forms, at least the co-op's minimum length."""

    step_id = StepId.SECURITY_PHRASE
    fields = ("phrase",)

    @property
    def minimum(self) -> int:
        """The co-op's minimum length."""
        return self.profile.securityPhraseMinimumLength

    @property
    def maximum(self) -> int:
        """The co-op's maximum length."""
        return self.profile.securityPhraseMaximumLength

    def answers(self) -> PhraseAnswers:
        return self.state.phrase

    def remember(self, answers: PhraseAnswers) -> None:
        self.state.phrase = answers

    def validate(self, answers: PhraseAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        _check(reasons, "phrase", lambda: check_security_phrase(answers.phrase, self.minimum, self.maximum))
        return reasons

    async def submit(self, answers: PhraseAnswers) -> None:
        self.remember(answers)
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        phrase = check_security_phrase(answers.phrase, self.minimum, self.maximum)
        await self.backend.set_security_phrase(auth, phrase)


# --- 13. finished ----------------------------------------------------------------

class FinishedStep(Step):
    """What is now set up (no secrets), and what to do next."""

    step_id = StepId.FINISHED

    async def load(self) -> AccountSummary:
        """Fetch the account summary."""
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        self.state.summary = await self.backend.account_summary(auth)
        return self.state.summary

    def lines(self, summary: AccountSummary) -> list[str]:
        """The summary in words: e-mail, masked accounts, paperless, phrase set or not."""
        if summary.paperless is None:
            paperless = strings.FINISHED_PAPERLESS_UNSET
        else:
            paperless = strings.FINISHED_PAPERLESS_YES if summary.paperless else strings.FINISHED_PAPERLESS_NO
        return [
            strings.FINISHED_EMAIL.format(email=summary.email),
            strings.FINISHED_ACCOUNTS.format(accounts=", ".join(summary.accounts) or "-"),
            paperless,
            strings.FINISHED_PHRASE_SET if summary.security_phrase_set else strings.FINISHED_PHRASE_UNSET,
        ]


CONTROLLERS: dict[StepId, type[Step]] = {
    StepId.WELCOME: SignInStep,
    StepId.REGISTER: RegisterStep,
    StepId.IDENTITY: IdentityStep,
    StepId.HINT: HintStep,
    StepId.CAPTCHA: CaptchaStep,
    StepId.TERMS: TermsStep,
    StepId.CONGRATULATIONS: CongratulationsStep,
    StepId.VERIFY: VerifyStep,
    StepId.PASSWORD: PasswordStep,
    StepId.PAPERLESS: PaperlessStep,
    StepId.SECURITY_PHRASE: SecurityPhraseStep,
    StepId.FINISHED: FinishedStep,
}
"""The controller of each step (side trips have none)."""


def controller_for(step: StepId, wizard: Wizard) -> Step:
    """The controller for `step`, working on `wizard`."""
    return CONTROLLERS[step](wizard)
