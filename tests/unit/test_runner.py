"""The runner without any front end's widgets: a scripted front end returns outcomes, the test reads what the runner did.

Every rule of the walk (docs/architecture.md section 5) is here once, for
every front end: Next and the end of a walk, Back at the start, Cancel, a
reroute to the welcome screen keeping the e-mail, to an earlier step with
its notice, the "already registered" side trip, Forgot Password, the floor
after an irreversible step, and the member's data wiped however a run ends.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from smarthub_tui import strings
from smarthub_tui.cli import wants_plain
from smarthub_tui.flow import Back, Cancel, Mode, Next, Outcome, Reroute, StepId
from smarthub_tui.models import AuthSession, RegistrationReceipt, Settings
from smarthub_tui.profiles import VerificationStyle, load_profile
from smarthub_tui.runner import AlreadyRegisteredChoice, Ending, Runner, Visit, attempt, leaving
from smarthub_tui.state import AccountAnswers, RegistrationState, SignInAnswers
from smarthub_tui.steps import FieldProblem, RegisterStep, Wizard

Script = Callable[[Visit], Outcome]


class SettingsOnly:
    """A backend that only knows the co-op's settings: the scripted front end never submits."""

    def __init__(self, profile: str = "default") -> None:
        self.profile = profile
        self.closed = False

    async def get_settings(self) -> Settings:
        return Settings(load_profile(self.profile), demo=True)

    async def aclose(self) -> None:
        self.closed = True

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the runner itself called the backend: {name}")


class Scripted:
    """A front end that answers each visit from a script (a function of the visit) and records what it was shown."""

    def __init__(self, script: Script, *, alert: AlreadyRegisteredChoice = AlreadyRegisteredChoice.CANCEL) -> None:
        self.script = script
        self.alert = alert
        self.visits: list[Visit] = []
        self.alerts: list[tuple[str, str]] = []

    async def connect(self, wizard: Wizard) -> None:
        await wizard.connect()

    async def show(self, visit: Visit) -> Outcome:
        self.visits.append(visit)
        return self.script(visit)

    async def already_registered(self, message: str, email: str) -> AlreadyRegisteredChoice:
        self.alerts.append((message, email))
        return self.alert

    @property
    def steps(self) -> list[StepId]:
        return [visit.step for visit in self.visits]


def register_then(rest: Script) -> Script:
    """Choose Register at the welcome screen, then follow `rest`."""

    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            return Next(Mode.REGISTER)
        return rest(visit)

    return script


async def run(front_end: Scripted, *, walks: int = 1, profile: str = "default") -> tuple[Ending | None, Wizard]:
    wizard = Wizard(lambda: SettingsOnly(profile))
    ending = await Runner(wizard, front_end).run(walks=walks)
    return ending, wizard


async def test_next_at_every_step_walks_the_plan_in_order_then_wipes_the_member() -> None:
    typed = AccountAnswers("1000234567", "Doe", "jane@example.com", "jane@example.com")
    front_end = Scripted(register_then(lambda visit: Next(typed if visit.step is StepId.REGISTER else visit.answers)))
    ending, wizard = await run(front_end)
    assert ending is Ending.FINISHED
    walked = front_end.visits[1:]
    assert [visit.step for visit in walked][:3] == [StepId.REGISTER, StepId.CAPTCHA, StepId.IDENTITY], "default: CAPTCHA first"
    assert [visit.number for visit in walked] == list(range(1, len(walked) + 1))
    assert {visit.total for visit in walked} == {len(walked)}
    assert wizard.state.account == AccountAnswers(), "nothing of this member stays for the next"


async def test_where_the_temporary_password_is_typed_at_the_login_congratulations_returns_there_with_the_e_mail() -> None:
    """PEC's guide: Login "takes you back to the login screen, where the email address you provided should be waiting"."""
    typed = AccountAnswers("1000234567", "Doe", "jane@example.com", "")
    welcomes = 0

    def script(visit: Visit) -> Outcome:
        nonlocal welcomes
        if visit.step is StepId.WELCOME:
            welcomes += 1
            return Next(Mode.REGISTER) if welcomes == 1 else Next()
        wizard.state.receipt = RegistrationReceipt("jane@example.com", VerificationStyle.TEMPORARY_PASSWORD, "x@y", 60)
        return Next(typed if visit.step is StepId.REGISTER else visit.answers)

    front_end = Scripted(script)
    wizard = Wizard(lambda: SettingsOnly("pec"))
    ending = await Runner(wizard, front_end).run(walks=1)
    assert ending is Ending.LEFT, "the walk to the login counts as half a registration: the login's walk is the other half"
    assert front_end.steps[-2:] == [StepId.CONGRATULATIONS, StepId.WELCOME]
    login = front_end.visits[-1]
    assert login.answers == SignInAnswers("jane@example.com")
    assert login.notice is not None and login.notice.message == strings.LOGIN_WITH_TEMPORARY_PASSWORD


async def test_back_keeps_the_answers_and_from_the_first_step_returns_to_the_welcome_screen() -> None:
    typed = AccountAnswers("1000234567", "Doe", "", "")

    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            return Next(Mode.REGISTER)
        return Back(typed)

    front_end = Scripted(script)
    ending, _ = await run(front_end, walks=2)
    assert ending is Ending.LEFT
    assert front_end.steps == [StepId.WELCOME, StepId.REGISTER, StepId.WELCOME, StepId.REGISTER]
    assert front_end.visits[3].answers == typed, "what was typed is shown again"


async def test_cancel_wipes_and_says_its_message_on_the_next_welcome_screen() -> None:
    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.REGISTER:
            return Next(AccountAnswers("1000234567", "Doe", "jane@example.com", ""))
        if visit.step is StepId.WELCOME:
            return Next(Mode.REGISTER)
        return Cancel("Stopped.")

    front_end = Scripted(script)
    await run(front_end, walks=2)
    again = front_end.steps.index(StepId.WELCOME, 1)
    second_welcome = front_end.visits[again]
    assert second_welcome.notice is not None and second_welcome.notice.message == "Stopped."
    assert front_end.visits[again + 1].answers == AccountAnswers(), "the form starts empty again"


async def test_a_reroute_to_the_welcome_screen_keeps_the_e_mail_and_says_why() -> None:
    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            visit.controller.remember(SignInAnswers("jane@example.com", "secret"))  # as the log-in's submit does
            return Next(Mode.SIGN_IN)
        return Reroute(StepId.WELCOME, strings.SIGNED_OUT)  # the sign-in expired on the way

    front_end = Scripted(script)
    await run(front_end, walks=2)
    second_welcome = front_end.visits[front_end.steps.index(StepId.WELCOME, 1)]
    assert second_welcome.step is StepId.WELCOME
    assert second_welcome.notice is not None and second_welcome.notice.message == strings.SIGNED_OUT
    assert second_welcome.answers.email == "jane@example.com"


async def test_a_reroute_to_an_earlier_step_shows_it_with_the_notice_at_its_field() -> None:
    seen: list[StepId] = []

    def script(visit: Visit) -> Outcome:
        seen.append(visit.step)
        if visit.step is StepId.WELCOME:
            return Next(Mode.REGISTER)
        if visit.step is StepId.TERMS and seen.count(StepId.TERMS) == 1:
            return Reroute(StepId.CAPTCHA, "Solve it again.", "captchaAnswer")
        if visit.step is StepId.CAPTCHA and seen.count(StepId.CAPTCHA) == 2:
            return Cancel()
        return Next(visit.answers)

    front_end = Scripted(script)
    await run(front_end)
    back_at_captcha = front_end.visits[-1]
    assert back_at_captcha.step is StepId.CAPTCHA
    assert back_at_captcha.notice is not None
    assert (back_at_captcha.notice.message, back_at_captcha.notice.field) == ("Solve it again.", "captchaAnswer")


async def test_no_way_back_past_the_registration_submit() -> None:
    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            return Next(Mode.REGISTER)
        if visit.step is StepId.CONGRATULATIONS:
            return Cancel()
        return Next(visit.answers)

    front_end = Scripted(script)
    await run(front_end)
    congratulations = front_end.visits[-1]
    assert congratulations.step is StepId.CONGRATULATIONS and not congratulations.can_go_back


@pytest.mark.parametrize("where", [StepId.REGISTER, StepId.TERMS])
async def test_already_registered_back_to_the_form_shows_the_form_with_the_message_at_the_e_mail(where: StepId) -> None:
    answered: list[StepId] = []

    def script(visit: Visit) -> Outcome:
        answered.append(visit.step)
        if visit.step is StepId.WELCOME:
            return Next(Mode.REGISTER)
        if visit.step is where and answered.count(where) == 1:
            if where is StepId.REGISTER:  # as its submit does, before the server answers
                visit.controller.remember(AccountAnswers("1000234567", "Doe", "jane@example.com", "jane@example.com"))
            return Reroute(StepId.ALREADY_REGISTERED, "Already registered.", "email")
        if answered.count(StepId.REGISTER) == 2:
            return Cancel()
        if visit.step is StepId.REGISTER:
            return Next(AccountAnswers("1000234567", "Doe", "jane@example.com", "jane@example.com"))
        return Next(visit.answers)

    front_end = Scripted(script)
    await run(front_end)
    assert front_end.alerts == [("Already registered.", "jane@example.com")]
    again = front_end.visits[-1]
    assert again.step is StepId.REGISTER, "back to the form, where the e-mail can be changed"
    assert again.answers.email == "jane@example.com", "everything typed is kept"
    if where is StepId.TERMS:
        assert again.notice is not None and again.notice.field == "email"


async def test_forgot_password_on_the_alert_walks_forgot_password_with_the_e_mail_filled_in() -> None:
    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            return Next(Mode.REGISTER)
        if visit.step is StepId.FORGOT_PASSWORD:
            return Back(visit.answers)
        return Reroute(StepId.ALREADY_REGISTERED, "Already registered.", "email")

    front_end = Scripted(script, alert=AlreadyRegisteredChoice.FORGOT_PASSWORD)

    def typed(visit: Visit) -> Outcome:
        if visit.step is StepId.REGISTER:
            visit.controller.remember(AccountAnswers("1000234567", "Doe", " jane@example.com", ""))
        return script(visit)

    front_end.script = typed
    ending, _ = await run(front_end)
    assert ending is Ending.LEFT, "Back from Forgot Password's first step returns to the welcome screen"
    assert front_end.steps == [StepId.WELCOME, StepId.REGISTER, StepId.FORGOT_PASSWORD]
    forgot = front_end.visits[-1]
    assert forgot.answers.email == "jane@example.com", "the alert's e-mail is filled in"
    assert forgot.can_go_back and forgot.number == 1


async def test_cant_access_from_the_welcome_screen_walks_forgot_password_and_ends_at_login_with_the_e_mail() -> None:
    from smarthub_tui.state import ResetAnswers

    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            return Next(Mode.RECOVER)
        if visit.step is StepId.FORGOT_PASSWORD:
            return Next(ResetAnswers(email="jane@example.com"))
        return Next(visit.answers)

    front_end = Scripted(script)
    ending, wizard = await run(front_end, walks=2)
    assert front_end.steps[:5] == [
        StepId.WELCOME,
        StepId.FORGOT_PASSWORD,
        StepId.RESET_CODE,
        StepId.RESET_PASSWORD,
        StepId.RESET_DONE,
    ]
    done = front_end.visits[4]
    assert not done.can_go_back, "the new password cannot be undone"
    login = front_end.visits[5]
    assert login.step is StepId.WELCOME and login.answers.email == "jane@example.com", "the e-mail waits at Login"
    assert login.notice is not None and login.notice.message == strings.RESET_SIGN_IN_NOW
    assert wizard.state.forgot == ResetAnswers(), "nothing else of the walk stays"


async def test_cant_access_takes_the_e_mail_on_the_welcome_screen_now_not_one_typed_before() -> None:
    from smarthub_tui.state import ResetAnswers

    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            visit.controller.remember(SignInAnswers(email="new@example.com"))
            return Next(Mode.RECOVER)
        return Back(visit.answers)

    front_end = Scripted(script)
    wizard = Wizard(lambda: SettingsOnly())
    wizard.state.forgot = ResetAnswers(email="old@example.com", hint_answer="Rex")
    await Runner(wizard, front_end).run(walks=1)
    forgot = front_end.visits[1]
    assert forgot.step is StepId.FORGOT_PASSWORD
    assert forgot.answers == ResetAnswers(email="new@example.com", hint_answer="Rex")


async def test_a_reroute_from_the_welcome_screen_says_why_on_the_next() -> None:
    front_end = Scripted(lambda visit: Reroute(StepId.WELCOME, strings.SIGNED_OUT))
    ending, _ = await run(front_end, walks=2)
    assert ending is Ending.LEFT
    assert front_end.visits[1].notice is not None and front_end.visits[1].notice.message == strings.SIGNED_OUT


async def test_the_member_is_wiped_when_a_front_end_fails_in_the_middle() -> None:
    def script(visit: Visit) -> Outcome:
        if visit.step is StepId.WELCOME:
            return Next(Mode.REGISTER)
        visit.controller.remember(AccountAnswers("1000234567", "Doe", "jane@example.com", ""))
        raise KeyboardInterrupt

    wizard = Wizard(lambda: SettingsOnly())
    with pytest.raises(KeyboardInterrupt):
        await Runner(wizard, Scripted(script)).run()
    assert wizard.state.account == AccountAnswers()


async def test_attempt_gives_the_validation_reasons_without_calling_the_backend() -> None:
    wizard = Wizard(lambda: SettingsOnly())
    await wizard.connect()
    problems = await attempt(RegisterStep(wizard), AccountAnswers("12", "Doe", "jane@example.com", "jane@example.com"))
    assert [type(problem) for problem in problems] == [FieldProblem]
    assert problems[0].field == "accountNumber"


def test_leaving_says_what_is_kept() -> None:
    state = RegistrationState()
    assert leaving(state).outcome == Cancel(), "before the account exists everything is wiped"
    state.receipt = RegistrationReceipt(
        email="jane@example.com", sender_email="x@example.com", verification_style=VerificationStyle.LINK, expires_minutes=10
    )
    assert leaving(state).outcome == Cancel(strings.STOPPED_REGISTERED)
    state.auth = AuthSession(user_id="jane@example.com", token="t", expires_in=60, password_change_required=False)
    assert leaving(state).outcome == Cancel(strings.STOPPED_SIGNED_OUT)


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("plain", "environ", "stdin_tty", "stdout_tty", "expected"),
    [
        (False, {"TERM": "xterm"}, True, True, False),
        (True, {"TERM": "xterm"}, True, True, True),
        (False, {"TERM": "xterm", "ACCESSIBLE": "1"}, True, True, True),
        (False, {"TERM": "xterm", "ACCESSIBLE": ""}, True, True, False),
        (False, {"TERM": "dumb"}, True, True, True),
        (False, {"TERM": "xterm"}, False, True, True),
        (False, {"TERM": "xterm"}, True, False, True),
    ],
)
def test_the_plain_line_mode_is_chosen_when_asked_for_or_when_nothing_else_can_work(
    plain: bool, environ: dict[str, str], stdin_tty: bool, stdout_tty: bool, expected: bool
) -> None:
    assert wants_plain(plain, environ, _Stream(stdin_tty), _Stream(stdout_tty)) is expected


def test_every_step_keeps_its_answers_in_a_real_state_attribute() -> None:
    from smarthub_tui.registry import STEPS

    state = RegistrationState()
    for step, entry in STEPS.items():
        kept_in = entry.controller.kept_in
        assert not kept_in or hasattr(state, kept_in), f"{step}: no RegistrationState.{kept_in}"
