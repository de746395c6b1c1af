"""The answers front end: the runner's steps answered from an answers file, or by a person where it says so.

`AnswersFrontEnd(answers, inner)` implements `runner.FrontEnd`.

- Headless (`inner` is None): each step is answered from the file with
  `runner.attempt` (the same validate-then-submit a screen does), one plain
  line per step done (``✓ Verify your identity``), then the outcome.  Any
  refusal, missing answer or connection problem raises `AnswersError`
  naming the step, the field, the line in the file and the co-op's own
  message.  A walk that comes back to a step already answered (a reroute,
  Back) or to the welcome screen is such an error too: a file cannot answer
  differently the second time, so the run stops instead of looping.
- With a person (`inner`, the Textual app or the line mode): steps listed in
  ``interactive`` go to `inner.show`, pre-filled from the file; the others
  are answered from the file on the first arrival; a refused one is handed
  to the person pre-filled, the reason as the step's notice; a step reached
  by Back or by a reroute is the person's too, while one passed again going
  forward is answered from the file again (the person's changes kept).
  Connect, the side trips and the closing summary are always the person's.

The "I'm not a robot" CAPTCHA is solved here (its proof of work, in a
thread); a picture CAPTCHA is a person's.  No Textual here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol, TextIO, runtime_checkable

from smarthub_tui import strings
from smarthub_tui.answers_file import DEMO_INBOX, AnswersFile, AnswersFileInvalid, co_op_problems
from smarthub_tui.backend.base import BackendError
from smarthub_tui.flow import Back, Mode, Next, Notice, Outcome, Reroute, StepId
from smarthub_tui.models import CheckboxCaptcha
from smarthub_tui.profiles import MenuItem
from smarthub_tui.registry import STEPS, controller_for
from smarthub_tui.runner import AlreadyRegisteredChoice, Ending, FrontEnd, Runner, Visit, attempt
from smarthub_tui.state import CaptchaAnswers, PasswordAnswers, ProfileMenuAnswers, ResetCodeAnswers, VerifyAnswers
from smarthub_tui.steps import (
    CaptchaStep,
    CongratulationsStep,
    FinishedStep,
    PasswordStep,
    ProfileMenuStep,
    ResetCodeStep,
    Step,
    VerifyStep,
    Wizard,
)
from smarthub_tui.steps.base import FieldProblem, FormProblem, Problem, RetryProblem
from smarthub_tui.text import inert

PERSON = object()
"""What `AnswersFrontEnd.file_answers` returns for a step only the person present can answer."""


class AnswersError(Exception):
    """A step the file could not get through: the step's title, the field's label, the co-op's message, where in the file.

    Printed as ``<step title>: <field label>: <message> (answers.toml line 12)``.
    Never holds an answer's value (only labels, line numbers and the server's words).
    """

    def __init__(self, step: str, message: str, *, field: str = "", where: str = "") -> None:
        self.step = inert(step, single_line=True)
        self.field = inert(field, single_line=True)
        self.message = inert(message, single_line=True)
        self.where = where
        parts = [part for part in (self.step, self.field, self.message) if part]
        text = ": ".join(parts)
        super().__init__(f"{text} ({where})" if where else text)


@runtime_checkable
class SpeaksLines(Protocol):
    """A front end that talks in plain lines (the line mode): it also says which steps the file answered."""

    def say(self, text: str = "") -> None:
        """Print one plain line."""


class AnswersFrontEnd:
    """Answers the runner's steps from an `AnswersFile`; a person (`inner`) takes the rest, if present."""

    def __init__(self, answers: AnswersFile, inner: FrontEnd | None = None, out: TextIO | None = None) -> None:
        self.answers = answers
        self.inner = inner
        self.out = out
        self.answered: set[StepId] = set()
        """Steps met once already (answered from the file, or tried): a second arrival is never the file's."""
        self.wizard: Wizard | None = None
        self.refused: set[StepId] = set()
        """Steps the co-op refused an answer of the file's (the person's from then on)."""
        self.last: Outcome | None = None
        """How the person left the last step they were shown (Back: the next step is theirs too)."""
        self.login_next = False
        """True once Congratulations was shown where the temporary password is typed at the login (`verifyAtLogin`)."""

    # -- FrontEnd -------------------------------------------------------------------------

    async def connect(self, wizard: Wizard) -> None:
        """Connect (the person's Retry where there is one), then check the file against this co-op."""
        self.wizard = wizard
        if self.inner is not None:
            await self.inner.connect(wizard)
            return
        try:
            await wizard.connect()
        except BackendError as error:
            raise AnswersError(strings.ANSWERS_CONNECTING, wizard.explain_connect(error).message) from None
        problems = co_op_problems(self.answers, wizard.state.profile, demo=wizard.state.demo)
        if problems:
            raise AnswersFileInvalid(problems)

    async def show(self, visit: Visit) -> Outcome:
        """Answer `visit` from the file, or hand it to the person."""
        step = visit.step
        again = step in self.answered
        self.answered.add(step)
        if step is StepId.CONGRATULATIONS and visit.controller.profile.verifyAtLogin:
            self.login_next = True
        if step is StepId.WELCOME and again and self.login_next and step not in self.answers.interactive:
            self.login_next = False
            return await self.login_with_temporary_password(visit)
        if self.inner is not None and self.for_person(visit, again):
            return await self.person(visit)
        if again and self.inner is None:
            raise self.came_back(visit)
        if step is StepId.WELCOME:
            return await self.welcome(visit)
        if step is StepId.FINISHED:
            return await self.finished(visit)
        if step is StepId.MY_PROFILE:
            return await self.my_profile(visit)
        answers = await self.file_answers(visit)
        if answers is PERSON:  # only a person can answer it (a picture CAPTCHA, a code not in the file)
            return await self.person(visit)
        return await self.submit(visit, answers)

    def for_person(self, visit: Visit, again: bool) -> bool:
        """Whether the person present answers `visit` rather than the file.

        Theirs: the steps listed in ``interactive``; the closing summary; a
        step the wizard brought them back to with a notice (a refusal, a
        reroute); any step reached by Back; one the co-op refused once; the
        welcome screen after the first walk.  A step passed again going
        forward (after fixing an earlier one) is answered from the file once
        more, the person's changes kept.
        """
        step = visit.step
        return (
            step in self.answers.interactive
            or step is StepId.FINISHED
            or step is StepId.MY_PROFILE
            or visit.notice is not None
            or isinstance(self.last, Back)
            or step in self.refused
            or (again and step is StepId.WELCOME)
        )

    async def person(self, visit: Visit) -> Outcome:
        """Show `visit` to the person, pre-filled from the file; note how they left it."""
        assert self.inner is not None  # noqa: S101 - only called with a person present
        self.last = await self.inner.show(self.prefilled(visit))
        return self.last

    async def already_registered(self, message: str, email: str) -> AlreadyRegisteredChoice:
        """The person's choice; headless, the run stops with the co-op's message."""
        if self.inner is not None:
            return await self.inner.already_registered(message, email)
        raise self.error(StepId.REGISTER, message, "email")

    # -- the steps --------------------------------------------------------------------------

    async def welcome(self, visit: Visit) -> Outcome:
        """Register, or sign in with the file's ``[welcome]`` e-mail and password."""
        if self.answers.mode in (Mode.REGISTER, Mode.RECOVER):
            return Next(self.answers.mode)
        answers = visit.controller.from_values(self.answers.values(StepId.WELCOME))
        outcome = await self.submit(visit, answers)
        return Next(Mode.SIGN_IN) if isinstance(outcome, Next) else outcome

    async def login_with_temporary_password(self, visit: Visit) -> Outcome:
        """Back at the login after registering (`verifyAtLogin`): log in with the file's ``[verify] code``, the temporary password.

        ``demo-inbox:`` reads it from the demo inbox, as on a Verify step.
        """
        assert self.wizard is not None  # noqa: S101 - connected before any step
        reader = controller_for(StepId.VERIFY, self.wizard)
        assert isinstance(reader, VerifyStep)  # noqa: S101 - the registry's controller for VERIFY
        code = await self.verify(visit, reader)
        if code is PERSON:
            return await self.person(visit)
        assert isinstance(code, VerifyAnswers)  # noqa: S101 - verify() gives answers or PERSON
        answers = visit.controller.from_values({"email": visit.answers.email, "password": code.code})
        outcome = await self.submit(visit, answers)
        return Next(Mode.SIGN_IN) if isinstance(outcome, Next) else outcome

    async def finished(self, visit: Visit) -> Outcome:
        """The summary of what is set up (no secrets in it), as the outcome lines."""
        controller = visit.controller
        assert isinstance(controller, FinishedStep)  # noqa: S101 - the registry's controller for FINISHED
        try:
            summary = await controller.load()
        except BackendError as error:
            raise self.from_problem(visit, controller.explain(error)) from None
        self.say(strings.ANSWERS_DONE.format(title=controller.title))
        for line in controller.lines(summary):
            self.say(f"  {line}")
        self.say(controller.closing())
        return Next()

    async def my_profile(self, visit: Visit) -> Outcome:
        """My Profile, headless: the summary of what is set up, as the outcome lines; then the file signs out.

        A file answers each step once, and the menu comes back after every
        item, so a file does not pick items: it finishes what was pending
        and ends the session it opened.
        """
        controller = visit.controller
        assert isinstance(controller, ProfileMenuStep)  # noqa: S101 - the registry's controller for MY_PROFILE
        try:
            summary = await controller.load()
        except BackendError as error:
            raise self.from_problem(visit, controller.explain(error)) from None
        self.say(strings.ANSWERS_DONE.format(title=controller.title))
        for line in controller.lines(summary):
            self.say(f"  {line}")
        return Next(ProfileMenuAnswers(MenuItem.SIGN_OUT.value))

    async def file_answers(self, visit: Visit) -> Any:
        """The answers the file gives for `visit` (`PERSON`: only the person present can answer it)."""
        controller = visit.controller
        if isinstance(controller, CaptchaStep):
            return await self.captcha(visit, controller)
        if isinstance(controller, VerifyStep):
            return await self.verify(visit, controller)
        if isinstance(controller, ResetCodeStep):
            return await self.reset_code(visit, controller)
        if isinstance(controller, PasswordStep) and controller.asks_code:
            return await self.password_with_code(visit, controller)
        return self.prefilled(visit).answers

    async def password_with_code(self, visit: Visit, controller: PasswordStep) -> PasswordAnswers | object:
        """The Verify Account code as the Current Password (`verifyAtPasswordChange`): ``demo-inbox:`` reads it from the demo inbox."""
        answers: PasswordAnswers = self.prefilled(visit).answers
        if self.answers.values(StepId.PASSWORD).get("currentPassword") != DEMO_INBOX or answers.current_password:
            return answers
        assert self.wizard is not None  # noqa: S101 - connected before any step
        reader = controller_for(StepId.VERIFY, self.wizard)
        assert isinstance(reader, VerifyStep)  # noqa: S101 - the registry's controller for VERIFY
        code = await self.inbox_code(visit, reader, StepId.PASSWORD, "currentPassword", strings.ANSWERS_DEMO_INBOX_ONLY_CURRENT)
        return code if code is PERSON else replace(answers, current_password=str(code))

    async def captcha(self, visit: Visit, controller: CaptchaStep) -> CaptchaAnswers | object:
        """Tick "I'm not a robot" (solve its proof of work in a thread); a picture is the person's, or an error."""
        try:
            challenge = await controller.load()
        except BackendError as error:
            raise self.from_problem(visit, controller.explain(error)) from None
        if not isinstance(challenge, CheckboxCaptcha):
            if self.inner is not None:
                return PERSON
            where = self.answers.where(StepId.CAPTCHA)
            if not self.answers.has(StepId.CAPTCHA):
                line = self.answers.line("", "interactive")
                where = strings.ANSWERS_LINE.format(file=self.answers.name, line=line) if line else self.answers.name
            raise AnswersError(controller.title, strings.ANSWERS_TEXT_CAPTCHA_HEADLESS, where=where)
        return await controller.tick(challenge)

    async def verify(self, visit: Visit, controller: VerifyStep) -> VerifyAnswers | object:
        """The file's code, or the one in the demo inbox's newest e-mail for ``demo-inbox:``."""
        code = self.answers.values(StepId.VERIFY).get("code", "")
        if code != DEMO_INBOX:
            return PERSON if not code and self.inner is not None else VerifyAnswers(code=code)
        found = await self.inbox_code(visit, controller, StepId.VERIFY, "code", strings.ANSWERS_DEMO_INBOX_ONLY)
        return found if found is PERSON else VerifyAnswers(code=str(found))

    async def reset_code(self, visit: Visit, controller: ResetCodeStep) -> ResetCodeAnswers | object:
        """Forgot Password's code: the file's, or the one in the newest reset e-mail of the demo inbox for ``demo-inbox:``."""
        code = self.answers.values(StepId.RESET_CODE).get("code", "")
        if code != DEMO_INBOX:
            return PERSON if not code and self.inner is not None else ResetCodeAnswers(code=code)
        found = await self.inbox_code(visit, controller, StepId.RESET_CODE, "code", strings.ANSWERS_RESET_DEMO_INBOX_ONLY)
        return found if found is PERSON else ResetCodeAnswers(code=str(found))

    async def inbox_code(
        self, visit: Visit, reader: VerifyStep | ResetCodeStep, step: StepId, field: str, demo_only: str
    ) -> str | object:
        """``demo-inbox:``: the code in the newest e-mail of `reader`'s demo inbox, for `step`'s `field`.

        Not a demo server, or no e-mail: the person's to type where there is
        one (`PERSON`), else the run ends with the reason at the file's line
        (`demo_only` says which table asked).
        """
        if not reader.demo:
            if self.inner is not None:
                return PERSON
            raise self.error(step, demo_only.format(where=self.answers.name), field)
        try:
            messages = await reader.outbox()
        except BackendError as error:
            raise self.from_problem(visit, visit.controller.explain(error)) from None
        found = reader.newest_code(messages)
        if found:
            return found
        if self.inner is not None:
            return PERSON
        raise self.error(step, strings.ANSWERS_NO_DEMO_MAIL, field)

    async def submit(self, visit: Visit, answers: Any) -> Outcome:
        """Validate and submit; done, or the refusal (the person's to fix, or the run's end)."""
        controller = visit.controller
        problems = await attempt(controller, answers)
        if not problems:
            self.last = Next(answers)
            self.say(strings.ANSWERS_DONE.format(title=controller.title))
            if isinstance(controller, CongratulationsStep):
                for line in controller.lines()[:1]:  # which e-mail to expect
                    self.say(f"  {line}")
            return Next(answers)
        problem = problems[0]
        if self.inner is None:
            raise self.from_problem(visit, problem)
        if isinstance(problem, Reroute):
            self.last = problem
            return problem
        self.refused.add(visit.step)
        field = problem.field if isinstance(problem, FieldProblem) else None
        return await self.person(replace(visit, answers=answers, notice=Notice(problem.message, field)))

    # -- helpers ----------------------------------------------------------------------------------

    def prefilled(self, visit: Visit) -> Visit:
        """`visit` with the file's values where the state has none (what the person typed wins)."""
        controller = visit.controller
        if visit.step is StepId.CAPTCHA or not self.answers.has(visit.step):
            return visit
        from_file = {key: value for key, value in self.answers.values(visit.step).items() if value != DEMO_INBOX}
        shown = {key: value for key, value in controller.values(visit.answers).items() if value not in (None, "", False)}
        answers = controller.from_values({**from_file, **shown})
        if visit.step is StepId.WELCOME and self.answers.mode is Mode.REGISTER:
            answers = visit.answers
        return replace(visit, answers=answers)

    def came_back(self, visit: Visit) -> AnswersError:
        """A second arrival at a step, headless: why the wizard came back, as an error (never a loop)."""
        notice = visit.notice
        if visit.step is StepId.WELCOME:
            return self.error(visit.step, notice.message if notice else strings.ANSWERS_BACK_AT_START)
        return self.error(visit.step, notice.message if notice else strings.ANSWERS_BACK_AGAIN, notice.field if notice else None)

    def from_problem(self, visit: Visit, problem: Problem) -> AnswersError:
        """A refusal at `visit` as the run's error: the step it concerns, the field, the line, the message."""
        if isinstance(problem, Reroute):
            step = problem.step if problem.step in STEPS and problem.step is not StepId.WELCOME else visit.step
            return self.error(step, problem.message, problem.field, controller=visit.controller if step is visit.step else None)
        if isinstance(problem, FieldProblem):
            return self.error(visit.step, problem.message, problem.field, controller=visit.controller)
        if isinstance(problem, FormProblem):
            # About the form as a whole (identity answers that do not match): when the file gave
            # one field only, the refusal is about that one, so name it and its line.
            given = list(self.answers.values(visit.step))
            field = given[0] if len(given) == 1 else None
            return self.error(visit.step, problem.message, field, controller=visit.controller)
        if isinstance(problem, RetryProblem):
            return self.error(visit.step, problem.message, controller=visit.controller)
        raise TypeError(problem)  # pragma: no cover - Problem is a closed union

    def error(self, step: StepId, message: str, field: str | None = None, *, controller: Step[Any] | None = None) -> AnswersError:
        """An `AnswersError` for `field` of `step`, with the field's label and where it is in the file."""
        if controller is None and step in STEPS and self.wizard is not None:
            controller = controller_for(step, self.wizard)
        title = controller.title if controller is not None else step.value
        label = ""
        if field and controller is not None:
            try:
                label = controller.field(field).label
            except (KeyError, RuntimeError):
                label = field
        return AnswersError(title, message, field=label, where=self.answers.where(step, field or ""))

    def say(self, line: str) -> None:
        """One plain line: on `out` headless, through a line front end that speaks in lines; the Textual screens say nothing here."""
        if isinstance(self.inner, SpeaksLines):
            self.inner.say(line)
        elif self.inner is None:
            out = self.out or sys.stdout
            text = inert(line)
            encoding = getattr(out, "encoding", None) or "utf-8"
            # A terminal or pipe set to a legacy encoding gets "?" for the tick rather than a crash.
            print(text.encode(encoding, "replace").decode(encoding), file=out, flush=True)


def wrap(answers: AnswersFile) -> Callable[[FrontEnd], FrontEnd]:
    """For a front end with a person (the Textual app, the line mode): wrap it so the file answers what it can."""
    return lambda inner: AnswersFrontEnd(answers, inner)


async def run_headless(wizard: Wizard, answers: AnswersFile, out: TextIO | None = None) -> Ending | None:
    """One walk from the file with no person and no Textual; raises `AnswersError` or `AnswersFileInvalid`.

    The runner wipes the member's data however it ends (an interrupt included).
    """
    front_end = AnswersFrontEnd(answers, None, out)
    try:
        return await Runner(wizard, front_end).run(walks=1)
    finally:
        await wizard.aclose()
