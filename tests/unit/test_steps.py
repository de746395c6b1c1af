"""Step controllers without Textual: what they check, what they send, and where each error sends the person."""

from __future__ import annotations

import pytest

from smarthub_tui import strings
from smarthub_tui.backend.base import (
    AccountNotFound,
    AlreadyRegistered,
    Backend,
    BackendTimeout,
    BackendUnavailable,
    CaptchaFailed,
    IdentityMismatch,
    InvalidCredentials,
    LockedOut,
    NotAuthorized,
    PasswordPolicyFailed,
    RateLimited,
    ServerError,
    SessionExpired,
    ValidationFailed,
)
from smarthub_tui.durations import duration
from smarthub_tui.flow import Reroute, StepId
from smarthub_tui.models import (
    AccountSummary,
    AuthSession,
    CheckboxCaptcha,
    PaperlessResult,
    PasswordResetSent,
    RegistrationReceipt,
    RegistrationSession,
    Settings,
)
from smarthub_tui.profiles import CaptchaStyle, IdentityOption, VerificationStyle, load_profile
from smarthub_tui.state import (
    AccountAnswers,
    CaptchaAnswers,
    HintAnswers,
    IdentityAnswers,
    PaperlessAnswers,
    PasswordAnswers,
    SignInAnswers,
    TermsAnswers,
)
from smarthub_tui.steps import (
    CaptchaStep,
    FieldProblem,
    FormProblem,
    IdentityStep,
    LockedOutProblem,
    PaperlessStep,
    PasswordStep,
    RegisterStep,
    RetryProblem,
    SignInStep,
    TermsStep,
    VerifyStep,
    Wizard,
    code_in_email,
)
from smarthub_tui.validation import Rule


class RecordingBackend(Backend):
    """Answers like a server would, and records what it was sent."""

    def __init__(self, *, change_required: bool = False, fail: Exception | None = None) -> None:
        self.requests: list = []
        self.captcha_sizes: list = []
        self.change_required = change_required
        self.fail = fail

    async def get_settings(self):
        return Settings(load_profile("default"), demo=True)

    async def lookup_account(self, lookup):
        self.requests.append(lookup)
        return _session()

    async def new_captcha(self, registration_id, *, columns=None, rows=None):
        self.captcha_sizes.append((columns, rows))
        return CheckboxCaptcha("c-1", "challenge", 8, 300)

    async def check_identity(self, registration_id, identity):
        self.requests.append(("identity", identity))
        if self.fail is not None:
            raise self.fail
        return True

    async def answer_captcha(self, registration_id, captcha_id, answer):
        self.requests.append(("captcha", captcha_id, answer))
        if self.fail is not None:
            raise self.fail
        return True

    async def complete_registration(self, request):
        self.requests.append(request)
        if self.fail is not None:
            raise self.fail
        return RegistrationReceipt("a@example.com", VerificationStyle.LINK, "no-reply@example.com", 30)

    async def verify_account(self, token):
        return AuthSession("a@example.com", "t", 600, True)

    async def login(self, user_id, password):
        self.requests.append((user_id, password))
        return AuthSession(user_id, "t", 600, self.change_required)

    async def change_password(self, auth, new_password, confirm_password, current_password=None):
        self.requests.append(current_password)
        return AuthSession(auth.user_id, "t2", 600, False)

    async def set_paperless(self, auth, paperless):
        self.requests.append(("paperless", paperless))
        return PaperlessResult(paperless, 1)

    async def set_security_phrase(self, auth, phrase):
        raise NotImplementedError

    async def account_summary(self, auth):
        return AccountSummary(auth.user_id, ("****4567",), None, False)

    async def demo_outbox(self, email):
        return []

    async def request_password_reset(self, email, *, account_number=None, hint_answer=None):
        self.requests.append(("reset", email, account_number, hint_answer))
        return PasswordResetSent("If that address is registered, we have sent a code.", 10)

    async def confirm_password_reset(self, email, code, new_password, confirm_password):
        self.requests.append(("confirm", email))
        if self.fail is not None:
            raise self.fail
    async def get_security_phrase(self, auth):
        return None

    async def sign_out(self, auth):
        self.requests.append("sign_out")

    async def unsubscribe(self, auth):
        self.requests.append("unsubscribe")
        return 1

    async def aclose(self) -> None:
        return None


def _session(**changes) -> RegistrationSession:
    values = dict(
        registration_id="r-1",
        expires_in=600,
        account_number_masked="****4567",
        identity_options=(IdentityOption.BILLING_ZIP, IdentityOption.SSN4),
        identity_answers_required=1,
        ssn_required=False,
        hint_questions=(),
        captcha_style=CaptchaStyle.CHECKBOX,
    )
    values.update(changes)
    return RegistrationSession(**values)


async def _wizard(profile: str = "default", backend: Backend | None = None) -> Wizard:
    wizard = Wizard(lambda: backend or RecordingBackend())
    await wizard.connect()
    wizard.state.settings = Settings(load_profile(profile), demo=True)
    return wizard


async def test_register_checks_each_field_in_plain_words() -> None:
    step = RegisterStep(await _wizard())
    reasons = step.validate(AccountAnswers("12", "", "not-an-email", ""))
    assert set(reasons) == {"accountNumber", "lastNameOrBusiness", "email"}
    reasons = step.validate(AccountAnswers("1000-234-567", "Doe", "a@example.com", "b@example.com"))
    assert reasons == {"confirmEmail": strings.EMAIL_MISMATCH}
    assert step.validate(AccountAnswers("1000 234 567", "Doe", "a@example.com", "A@EXAMPLE.COM")) == {}


async def test_register_without_confirmation_where_the_coop_asks_none() -> None:
    backend = RecordingBackend()
    step = RegisterStep(await _wizard("pec", backend))
    answers = AccountAnswers("1000 234 567", "  Doe ", "a@example.com", "")
    assert step.validate(answers) == {}
    await step.submit(answers)
    lookup = backend.requests[-1]
    assert (lookup.account_number, lookup.last_name_or_business, lookup.confirm_email) == ("1000234567", "Doe", None)
    assert step.state.account == answers, "kept as typed"


async def test_register_errors_mean_the_coops_words_or_the_alert() -> None:
    step = RegisterStep(await _wizard())
    texts = step.profile.texts
    assert step.explain(AccountNotFound("x")) == FormProblem(texts.accountNotFound)
    assert step.explain(AlreadyRegistered("x")) == Reroute(StepId.ALREADY_REGISTERED, texts.alreadyRegistered, "email")
    assert step.explain(ValidationFailed("Not the same.", field="confirmEmail")) == FieldProblem("confirmEmail", "Not the same.")


async def test_identity_asks_as_many_answers_as_the_session_requires() -> None:
    wizard = await _wizard()
    step = IdentityStep(wizard)
    wizard.state.session = _session(identity_answers_required=2)
    assert step.requirement == strings.LABEL_IDENTITY_REQUIRED_BOTH
    reasons = step.validate(IdentityAnswers({IdentityOption.BILLING_ZIP: "78636"}))
    assert reasons == {"ssn4": strings.LABEL_IDENTITY_REQUIRED_BOTH}
    assert "ZIP" in step.validate(IdentityAnswers({IdentityOption.BILLING_ZIP: "7863"}))["billingZip"]
    assert step.validate(IdentityAnswers({IdentityOption.BILLING_ZIP: "78636-1234", IdentityOption.SSN4: "4321"})) == {}
    wizard.state.session = _session(ssn_required=True)
    assert "ssn4" in step.validate(IdentityAnswers({IdentityOption.BILLING_ZIP: "78636"}))


async def _ready_for_terms(backend: RecordingBackend) -> TermsStep:
    wizard = await _wizard(backend=backend)
    state = wizard.state
    state.session = _session()
    state.identity = IdentityAnswers({IdentityOption.BILLING_ZIP: "78636-1234"})
    state.captcha = CheckboxCaptcha("c-1", "challenge", 8, 300)
    state.captcha_answer = CaptchaAnswers("c-1", "42")
    return TermsStep(wizard)


async def test_the_submit_keeps_its_idempotency_key_across_a_lost_answer_and_not_beyond() -> None:
    backend = RecordingBackend(fail=BackendTimeout("lost", uncertain=True))
    step = await _ready_for_terms(backend)
    step.state.hint = HintAnswers("What is your pet's name?", "Rex")
    with pytest.raises(BackendTimeout):
        await step.submit(TermsAnswers(True))
    with pytest.raises(BackendTimeout):
        await step.submit(TermsAnswers(True))
    first, retry = backend.requests
    assert first.idempotency_key and first.idempotency_key == retry.idempotency_key, "a retry resends the same key"

    step.state.terms = TermsAnswers(False)
    with pytest.raises(BackendTimeout):
        await step.submit(TermsAnswers(False))
    assert backend.requests[-1].idempotency_key != first.idempotency_key, "another request, another key"

    backend.fail = None
    await step.submit(TermsAnswers(True))
    assert step.state.receipt is not None and step.state.pending_submit is None


async def test_identity_answers_go_to_the_server_at_their_own_step_normalised() -> None:
    backend = RecordingBackend()
    wizard = await _wizard(backend=backend)
    wizard.state.session = _session()
    step = IdentityStep(wizard)
    await step.submit(IdentityAnswers({IdentityOption.BILLING_ZIP: " 78636-1234 "}))
    assert backend.requests == [("identity", {IdentityOption.BILLING_ZIP: "78636"})]
    assert step.explain(IdentityMismatch("No match. 2 attempts left.")) == FormProblem("No match. 2 attempts left.")
    assert step.explain(LockedOut("x")) == LockedOutProblem(step.profile.lockoutMessage), "the lockout shows where it was caused"
    assert step.explain(ValidationFailed("Five digits.", field="billingZip")) == FieldProblem("billingZip", "Five digits.")


async def test_the_captcha_is_answered_at_its_step_and_then_passed_over() -> None:
    backend = RecordingBackend()
    wizard = await _wizard(backend=backend)
    wizard.state.session = _session()
    step = CaptchaStep(wizard)
    await step.load()
    assert not step.skipped()
    await step.submit(CaptchaAnswers("c-1", " 42 "))
    assert backend.requests[-1] == ("captcha", "c-1", "42")
    assert step.skipped(), "passed once, it stays passed for the session"
    assert wizard.state.captcha is None, "the challenge is used up"


async def test_a_wrong_captcha_is_reported_at_its_step_with_a_fresh_challenge() -> None:
    wizard = await _wizard(backend=RecordingBackend(fail=CaptchaFailed("Wrong.")))
    wizard.state.session = _session()
    step = CaptchaStep(wizard)
    await step.load()
    with pytest.raises(CaptchaFailed) as raised:
        await step.submit(CaptchaAnswers("c-1", "41"))
    assert step.explain(raised.value) == Reroute(StepId.CAPTCHA, "Wrong.", "captchaAnswer")
    assert wizard.state.captcha is None and not step.skipped(), "a fresh challenge is fetched on the way back"


@pytest.mark.parametrize("error", [IdentityMismatch("No match. 4 attempts left."), LockedOut("locked")])
async def test_the_identity_verdict_held_until_the_captcha_sends_the_person_back_to_identity(error: Exception) -> None:
    wizard = await _wizard(backend=RecordingBackend(fail=error))
    wizard.state.session = _session()
    step = CaptchaStep(wizard)
    await step.load()
    with pytest.raises(type(error)):
        await step.submit(CaptchaAnswers("c-1", "42"))
    if isinstance(error, IdentityMismatch):
        assert step.skipped(), "the CAPTCHA itself passed: it is not asked again"
    else:
        assert not step.skipped(), "a lockout says nothing of the CAPTCHA: the server is asked again later"
    problem = step.explain(error)
    expected = error.message if isinstance(error, IdentityMismatch) else step.profile.lockoutMessage
    assert problem == Reroute(StepId.IDENTITY, expected)


class HoldingBackend(RecordingBackend):
    """A server that has not seen the session pass its CAPTCHA: it holds every identity verdict."""

    async def check_identity(self, registration_id, identity):
        self.requests.append(("identity", identity))
        return False


@pytest.mark.parametrize("profile", ["default", "pec"])
async def test_a_held_verdict_where_the_captcha_was_thought_passed_sends_the_person_to_it(profile: str) -> None:
    wizard = await _wizard(profile, backend=HoldingBackend())
    wizard.state.session = _session()
    wizard.state.captcha_passed = True
    step = IdentityStep(wizard)
    with pytest.raises(CaptchaFailed) as raised:
        await step.submit(IdentityAnswers({IdentityOption.BILLING_ZIP: "78636"}))
    assert step.explain(raised.value) == Reroute(StepId.CAPTCHA, strings.CAPTCHA_NEEDED_FIRST, "captchaAnswer")
    assert not CaptchaStep(wizard).skipped(), "the CAPTCHA is asked again"


async def test_a_held_verdict_before_the_captcha_is_the_pec_order() -> None:
    wizard = await _wizard("pec", backend=HoldingBackend())
    wizard.state.session = _session()
    await IdentityStep(wizard).submit(IdentityAnswers({IdentityOption.MAILING_ZIP: "78636"}))  # no error: judged later


async def test_a_new_session_must_pass_its_own_captcha() -> None:
    wizard = await _wizard()
    wizard.state.captcha_passed = True
    wizard.state.session = _session(registration_id="old")
    await RegisterStep(wizard).submit(AccountAnswers("1000234567", "Doe", "jane@example.com", "jane@example.com"))
    assert not CaptchaStep(wizard).skipped()


async def test_errors_at_the_submit_route_back_to_the_step_they_concern() -> None:
    step = await _ready_for_terms(RecordingBackend())
    assert step.explain(IdentityMismatch("Answer them first.")) == Reroute(StepId.IDENTITY, "Answer them first.")
    step.state.captcha_passed = True
    assert step.explain(CaptchaFailed("Solve it first.")) == Reroute(StepId.CAPTCHA, "Solve it first.", "captchaAnswer")
    assert step.state.captcha_passed, "explain only interprets"
    step.refused(CaptchaFailed("Solve it first."))
    assert step.state.captcha is None and not step.state.captcha_passed, "a fresh challenge will be fetched"
    problem = step.explain(SessionExpired("gone"))
    assert problem == Reroute(StepId.REGISTER, strings.SESSION_EXPIRED)
    assert step.state.session is not None, "explain only interprets"
    step.refused(SessionExpired("gone"))
    assert step.state.session is None
    assert step.explain(LockedOut("x")) == LockedOutProblem(step.profile.lockoutMessage)
    assert step.explain(ValidationFailed("Tick it.", field="termsAccepted")) == FieldProblem("termsAccepted", "Tick it.")
    assert step.explain(NotAuthorized("x")) == Reroute(StepId.WELCOME, strings.SIGNED_OUT)


@pytest.mark.parametrize(
    "error",
    [BackendUnavailable("Cannot reach."), BackendTimeout("Too slow."), ServerError("HTTP 500."), RateLimited("Slow down.", retry_after=30)],
)
async def test_connection_problems_offer_retry(error: Exception) -> None:
    step = await _ready_for_terms(RecordingBackend())
    problem = step.explain(error)
    assert isinstance(problem, RetryProblem)
    assert problem.message


async def test_an_uncertain_submit_says_retry_is_safe() -> None:
    step = await _ready_for_terms(RecordingBackend())
    problem = step.explain(BackendTimeout("No answer.", uncertain=True))
    assert isinstance(problem, RetryProblem) and "will not register twice" in problem.message


async def test_signing_in_with_a_temporary_password_carries_it_to_the_password_step() -> None:
    backend = RecordingBackend(change_required=True)
    wizard = await _wizard(backend=backend)
    step = SignInStep(wizard)
    assert set(step.validate(SignInAnswers("", ""))) == {"email", "password"}
    await step.submit(SignInAnswers("a@example.com", "TEMP-PW-9"))
    assert wizard.state.current_password == "TEMP-PW-9"
    assert wizard.state.sign_in.password == "", "the password itself is not kept with the answers"
    password = PasswordStep(wizard)
    assert password.replaces_temporary
    await password.submit(PasswordAnswers("Kettle42", "Kettle42"))
    assert backend.requests[-1] == "TEMP-PW-9"
    assert wizard.state.current_password == ""
    assert step.explain(InvalidCredentials("Wrong.")) == FieldProblem("password", "Wrong.")


async def test_signing_in_when_nothing_is_required_fetches_the_summary() -> None:
    wizard = await _wizard(backend=RecordingBackend(change_required=False))
    await SignInStep(wizard).submit(SignInAnswers("a@example.com", "pw"))
    assert wizard.state.summary is not None and wizard.state.current_password == ""


async def test_the_servers_password_verdict_goes_to_the_field_with_its_rules() -> None:
    step = PasswordStep(await _wizard())
    rules = [Rule("history", "Not a recent password", False)]
    problem = step.explain(PasswordPolicyFailed("Refused.", rules=rules))
    assert problem == FieldProblem("newPassword", "Refused.", tuple(rules))
    assert set(step.validate(PasswordAnswers("short", "other"))) == {"newPassword", "confirmPassword"}


@pytest.mark.parametrize("profile", ["default", "pec", "jecec"])
def test_the_demo_inbox_finds_the_code_with_the_coops_own_template(profile: str) -> None:
    texts = load_profile(profile).texts
    link = texts.linkEmailBody.format(name="Jo [b]", coop="C", link="https://x/v?t=AB-12", token="AB-12", minutes=30, duration="30 minutes")
    temporary = texts.temporaryPasswordEmailBody.format(
        name="Jo", coop="C", portal="p", password="Tmp#9x!", minutes=5, duration="5 minutes"
    )
    assert code_in_email(load_profile(profile), VerificationStyle.LINK, link) == "AB-12"
    assert code_in_email(load_profile(profile), VerificationStyle.TEMPORARY_PASSWORD, temporary) == "Tmp#9x!"
    assert code_in_email(load_profile(profile), VerificationStyle.LINK, "an unrelated e-mail") is None


def test_durations_read_naturally() -> None:
    assert [duration(m) for m in (1, 30, 60, 90, 1440)] == ["1 minute", "30 minutes", "1 hour", "90 minutes", "24 hours"]



async def test_the_captcha_is_fetched_for_the_room_the_front_end_has() -> None:
    """The front end says how many cells the picture may take; a front end that cannot say sends nothing."""
    backend = RecordingBackend()
    wizard = await _wizard(backend=backend)
    wizard.state.session = _session()
    step = CaptchaStep(wizard)
    first = await step.load(columns=76, rows=9)
    assert await step.load(columns=120, rows=16) is first, "the challenge in force is kept"
    await step.refresh(columns=100, rows=12)
    await step.refresh()
    assert backend.captcha_sizes == [(76, 9), (100, 12), (None, None)]


@pytest.mark.parametrize(("profile", "optional"), [("default", False), ("jecec", False), ("pec", True)])
async def test_no_paperless_choice_never_turns_paperless_on(profile: str, optional: bool) -> None:
    """Required step: no choice is refused at the field.  Optional (PEC's guide): nothing is sent, bills stay on paper."""
    backend = RecordingBackend()
    wizard = await _wizard(profile, backend)
    wizard.state.auth = AuthSession("a@example.com", "t", 600, False)
    step = PaperlessStep(wizard)
    assert step.optional is optional
    reasons = step.validate(PaperlessAnswers(None))
    if optional:
        assert reasons == {}
        await step.submit(PaperlessAnswers(None))
        assert backend.requests == [], "no call at all for a choice the member did not make"
        assert wizard.state.paperless_result is None
    else:
        assert reasons == {"paperless": strings.PAPERLESS_REQUIRED}
    await step.submit(PaperlessAnswers(False))
    assert backend.requests == [("paperless", False)]


async def test_the_demo_inbox_takes_the_code_of_the_newest_email_that_has_one() -> None:
    """The outbox lists the newest first (a second registration's e-mail above the first's): every front end takes that one."""
    from datetime import UTC, datetime

    from smarthub_tui.models import OutboxMessage

    wizard = await _wizard()
    texts = wizard.state.profile.texts

    def mail(number: int, token: str) -> OutboxMessage:
        link = f"https://x/v?t={token}"
        body = texts.linkEmailBody.format(name="Jo", coop="C", link=link, token=token, minutes=10, duration="10 minutes")
        return OutboxMessage(number, "jo@example.com", "no-reply@example.com", "Welcome", body, datetime.now(UTC))

    newest, older = mail(2, "NEW-22"), mail(1, "OLD-11")
    unrelated = OutboxMessage(3, "jo@example.com", "no-reply@example.com", "News", "No code here.", datetime.now(UTC))
    assert VerifyStep(wizard).newest_code([unrelated, newest, older]) == "NEW-22"


# --- Forgot Password ---


async def test_forgot_password_asks_what_the_profile_requires_and_takes_the_e_mail_typed_before() -> None:
    from smarthub_tui.state import ResetAnswers, SignInAnswers
    from smarthub_tui.steps import ForgotPasswordStep

    wizard = await _wizard("pec")
    wizard.state.sign_in = SignInAnswers(email="jane@example.com")
    step = ForgotPasswordStep(wizard)
    assert [field.name for field in step.fields()] == ["email", "hintAnswer"]
    assert step.field("hintAnswer").secret and step.field("hintAnswer").optional
    assert step.answers().email == "jane@example.com", "the e-mail typed on the welcome screen"
    assert set(step.validate(ResetAnswers(email="nope"))) == {"email"}
    assert step.validate(ResetAnswers(email="jane@example.com")) == {}, "no hint answer on file is possible"
    default = ForgotPasswordStep(await _wizard("default"))
    assert [field.name for field in default.fields()] == ["email"]


async def test_forgot_password_sends_the_normalised_answers_and_forgets_an_older_code() -> None:
    from smarthub_tui.state import ResetAnswers, ResetCodeAnswers
    from smarthub_tui.steps import ForgotPasswordStep

    backend = RecordingBackend()
    wizard = await _wizard("pec", backend)
    wizard.state.forgot_code = ResetCodeAnswers("11111111")
    step = ForgotPasswordStep(wizard)
    await step.submit(ResetAnswers(email=" Jane@EXAMPLE.com ", hint_answer=" Rex "))
    assert backend.requests[-1] == ("reset", "Jane@example.com", None, "Rex")
    assert wizard.state.forgot_sent is not None and wizard.state.forgot_code == ResetCodeAnswers()


async def test_the_reset_code_is_digits_and_a_refused_one_goes_back_to_it_empty() -> None:
    from smarthub_tui.backend.base import InvalidToken
    from smarthub_tui.state import PasswordAnswers, ResetAnswers, ResetCodeAnswers
    from smarthub_tui.steps import ResetCodeStep, ResetPasswordStep

    backend = RecordingBackend(fail=InvalidToken("This code is not valid.", field="code"))
    wizard = await _wizard("default", backend)
    code = ResetCodeStep(wizard)
    assert code.validate(ResetCodeAnswers("")) == {"code": strings.CODE_REQUIRED}
    assert code.validate(ResetCodeAnswers("12ab")) == {"code": strings.RESET_CODE_DIGITS}
    assert code.validate(ResetCodeAnswers("1234 5678")) == {}
    wizard.state.forgot = ResetAnswers(email="jane@example.com")
    wizard.state.forgot_code = ResetCodeAnswers("1234-5678")
    step = ResetPasswordStep(wizard)
    with pytest.raises(InvalidToken) as refused:
        await step.submit(PasswordAnswers("Kettle-Blue-Sings-42", "Kettle-Blue-Sings-42"))
    assert step.explain(refused.value) == Reroute(StepId.RESET_CODE, "This code is not valid.", "code")
    assert wizard.state.forgot_code == ResetCodeAnswers(), "a refused code is not offered back"


async def test_the_reset_code_is_a_secret_field_in_every_front_end() -> None:
    """The code sets a new password: the line mode must not echo it (or offer it back in clear) any more than the screen shows it."""
    from smarthub_tui.state import ResetCodeAnswers
    from smarthub_tui.steps import ResetCodeStep

    step = ResetCodeStep(await _wizard("default"))
    (field,) = step.fields()
    assert field.name in step.secret_fields
    assert field.secret, "the line mode reads a field without echo only when the field says it is secret"
    assert "1234" not in repr(ResetCodeAnswers("12345678"))


async def test_forgot_password_asks_no_current_password_where_the_verify_code_is_one() -> None:
    """pec-setup asks the Verify Account code as the Current Password at registration; Forgot Password's code replaces it."""
    from smarthub_tui.state import PasswordAnswers, ResetAnswers
    from smarthub_tui.steps import ResetPasswordStep

    wizard = await _wizard("pec-setup")
    assert wizard.state.profile.verifyAtPasswordChange and wizard.state.auth is None
    wizard.state.forgot = ResetAnswers(email="jane@example.com")
    step = ResetPasswordStep(wizard)
    assert not step.asks_code
    assert [field.name for field in step.fields()] == ["newPassword", "confirmPassword"]
    assert step.validate(PasswordAnswers("Kettle42", "Kettle42")) == {}


def test_the_demo_inbox_finds_the_reset_code_and_not_the_verify_code() -> None:
    import asyncio
    from datetime import UTC, datetime

    from smarthub_tui.models import OutboxMessage
    from smarthub_tui.server.mail import password_reset_mail, temporary_password_mail
    from smarthub_tui.steps import ResetCodeStep

    profile = load_profile("pec")
    wizard = asyncio.run(_wizard("pec"))
    step = ResetCodeStep(wizard)
    reset = password_reset_mail(profile, to="a@example.com", code="24681357")
    temporary = temporary_password_mail(profile, to="a@example.com", name="A", password="Temp1ABC")
    sent = datetime(2026, 1, 1, tzinfo=UTC)
    messages = [
        OutboxMessage(2, "a@example.com", reset.sender, temporary.subject, temporary.body, sent),
        OutboxMessage(1, "a@example.com", reset.sender, reset.subject, reset.body, sent),
    ]
    assert step.newest_code(messages) == "24681357"
