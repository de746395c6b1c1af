"""The plain line mode: every step as plain lines on stdout, answers read from stdin.

For a screen reader, a braille display, a serial console, ``TERM=dumb`` or
a script: no cursor movement, no colour, no box drawing, no redraws, only
lines printed in reading order and questions read one line at a time
(charmbracelet/huh's accessible mode, for a whole wizard).  Each step says
its title and "Step 3 of 10", the co-op's words, then asks its fields (the
step's `Field` data: a front end needs no per-step code); choices are
numbered lists, secrets are read without echo.  A refused answer is printed
as ``Error: <field label>: <reason>`` and that question asked again,
everything else kept.  The words ``back``, ``cancel`` and ``help`` work at
every question and are announced once, at the start.

It is a `runner.FrontEnd`: the walk itself is the runner's.  Nothing here
imports Textual.  docs/architecture.md section 3.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from smarthub_tui import strings
from smarthub_tui.backend.base import AccessibleCaptchaUnavailable, BackendError
from smarthub_tui.flow import Back, Cancel, Mode, Next, Outcome, Reroute, StepId
from smarthub_tui.models import CheckboxCaptcha
from smarthub_tui.profiles import CaptchaStyle
from smarthub_tui.proof_of_work import solve
from smarthub_tui.runner import AlreadyRegisteredChoice, Visit, attempt, leaving
from smarthub_tui.state import CaptchaAnswers
from smarthub_tui.steps import (
    CaptchaStep,
    Field,
    FieldKind,
    FieldProblem,
    FinishedStep,
    Problem,
    RetryProblem,
    Wizard,
    problems_from_reasons,
)
from smarthub_tui.steps.security_phrase import SecurityPhraseStep
from smarthub_tui.steps.verify import VerifyStep
from smarthub_tui.text import inert

YES = ("y", "yes")
NO = ("n", "no")


class EndOfInput(Exception):
    """Standard input ended (Ctrl+D, or a script ran out of lines): the run stops."""


class LeaveApp(Exception):
    """The person chose Quit at the welcome menu."""


class _Word(Exception):
    """`back`, `cancel` or `help` typed instead of an answer."""

    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


class LineFrontEnd:
    """Asks each step as plain lines; see the module docstring."""

    def __init__(self, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self._announced = False

    # -- output and input --------------------------------------------------------------

    def say(self, text: str = "") -> None:
        """Print `text` as inert plain text (a server's or a profile's words cannot drive the terminal)."""
        print(inert(text), file=self.stdout, flush=True)

    def ask(self, prompt: str, *, secret: bool = False, words: bool = True) -> str:
        """Print `prompt`, read one line; a command word raises `_Word` (when `words`)."""
        self.stdout.write(inert(prompt, single_line=True) + " ")
        self.stdout.flush()
        with self._no_echo() if secret else contextlib.nullcontext():
            line = self.stdin.readline()
        if secret:
            self.stdout.write("\n")
            self.stdout.flush()
        if not line:
            raise EndOfInput
        answer = line.rstrip("\r\n")
        if words and answer.strip().lower() in ("back", "cancel", "help"):
            raise _Word(answer.strip().lower())
        return answer

    @contextlib.contextmanager
    def _no_echo(self) -> Iterator[None]:
        """Turn the terminal's echo off while a secret is typed (nothing to do when input is not a terminal)."""
        try:
            import termios

            fd = self.stdin.fileno()
            if not self.stdin.isatty():
                raise OSError
            before = termios.tcgetattr(fd)
        except (ImportError, OSError, ValueError, AttributeError):
            yield
            return
        quiet = list(before)
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
        try:
            yield
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, before)

    def yes_no(self, prompt: str) -> bool:
        """Ask until the answer is yes or no."""
        while True:
            answer = self.ask(f"{prompt} {strings.LINE_YES_NO}", words=False).strip().lower()
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.say(strings.LINE_ANSWER_YES_NO)

    def menu(self, options: list[str], *, words: bool = False) -> int:
        """A numbered list (under the question already said); the index chosen (from 0)."""
        for number, option in enumerate(options, 1):
            self.say(f"{number}. {option}")
        while True:
            answer = self.ask(strings.LINE_CHOOSE.format(last=len(options)), words=words).strip()
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return int(answer) - 1
            self.say(strings.LINE_CHOOSE_AGAIN.format(last=len(options)))

    # -- the FrontEnd protocol ------------------------------------------------------------

    async def connect(self, wizard: Wizard) -> None:
        """Say where we connect; on a failure say why and offer to try again."""
        self.say(strings.CONNECTING_TO.format(url=wizard.target) if wizard.target else strings.CONNECTING_EMBEDDED)
        while True:
            try:
                await wizard.connect()
            except BackendError as error:
                self.say(f"{strings.LINE_ERROR} {wizard.explain_connect(error).message}")
                if not self.yes_no(strings.LINE_TRY_AGAIN):
                    raise LeaveApp from None
                continue
            break
        profile = wizard.state.profile
        self.say(strings.LINE_WELCOME.format(coop=profile.coopName))
        if wizard.state.demo:
            self.say(strings.DEMO_BADGE)
        if not self._announced:
            self.say(strings.LINE_WORDS)
            self._announced = True

    async def show(self, visit: Visit) -> Outcome:
        """Say the step, ask its questions, submit; the outcome for the runner."""
        if visit.step is StepId.WELCOME:
            return await self._welcome(visit)
        self._heading(visit)
        answers = visit.answers
        if visit.notice is not None:
            self._notice(visit, visit.notice.message, visit.notice.field)
        while True:
            try:
                outcome = await self._step(visit, answers)
            except _Word as word:
                outcome = self._word(visit, word.word, answers)
            if outcome is not None:
                return outcome

    async def already_registered(self, message: str, email: str) -> AlreadyRegisteredChoice:
        """The alert as lines, then a numbered choice."""
        self.say()
        self.say(strings.ALREADY_REGISTERED_TITLE)
        self.say(strings.ALREADY_REGISTERED_EMAIL.format(email=email))
        self.say(message)
        self.say(strings.LINE_WHAT_NEXT)
        choice = self.menu([strings.BUTTON_FORGOT_PASSWORD, strings.LINE_BACK_TO_FORM])
        return AlreadyRegisteredChoice.FORGOT_PASSWORD if choice == 0 else AlreadyRegisteredChoice.CANCEL

    async def account_recovery(self, co_op: str) -> None:
        """Forgot Password / Can't access your account?"""
        self.say()
        self.say(f"{co_op}: {strings.RECOVERY_TITLE}")
        self.say(strings.RECOVERY_TEXT)
        self.ask(strings.LINE_PRESS_ENTER.format(action=strings.BUTTON_BACK_TO_START), words=False)

    # -- the steps ------------------------------------------------------------------------

    def _heading(self, visit: Visit) -> None:
        self.say()
        title = visit.controller.title
        if visit.total:
            self.say(strings.LINE_STEP.format(number=visit.number, total=visit.total, title=title))
        else:
            self.say(title)
        for paragraph in visit.controller.intro():
            self.say(paragraph)

    def _notice(self, visit: Visit, message: str, field: str | None) -> None:
        label = self._label(visit, field)
        self.say(f"{strings.LINE_ERROR} {label}: {message}" if label else f"{strings.LINE_NOTE} {message}")

    @staticmethod
    def _label(visit: Visit, field: str | None) -> str:
        if not field:
            return ""
        try:
            return visit.controller.field(field).label
        except KeyError:
            return ""

    async def _welcome(self, visit: Visit) -> Outcome:
        """The welcome menu: log in, register, can't access, quit."""
        texts = visit.controller.profile.texts
        self.say()
        self.say(visit.controller.title)
        if visit.notice is not None:
            self.say(f"{strings.LINE_NOTE} {visit.notice.message}")
        options = [strings.BUTTON_LOGIN, texts.newUserLink, texts.cantAccess, strings.LINE_QUIT]
        while True:
            self.say(strings.LINE_WHAT_NEXT)
            choice = self.menu(options)
            if choice == 1:
                return Next(Mode.REGISTER)
            if choice == 2:
                return Reroute(StepId.ACCOUNT_RECOVERY)
            if choice == 3:
                raise LeaveApp
            for paragraph in visit.controller.intro():
                self.say(paragraph)
            try:
                outcome = await self._step(visit, visit.answers)
            except _Word:
                continue  # back, cancel or help: the menu again
            if isinstance(outcome, Next):
                return Next(Mode.SIGN_IN)

    async def _step(self, visit: Visit, answers: Any) -> Outcome | None:
        """Ask the fields, submit, say what went wrong; an outcome, or None to ask again."""
        controller = visit.controller
        if isinstance(controller, CaptchaStep):
            return await self._captcha(visit)
        if isinstance(controller, FinishedStep):
            await self._finished(controller)
        fields = controller.fields()
        values = controller.values(answers) if answers is not None else {}
        if not fields:
            label = strings.BUTTON_DONE if isinstance(controller, FinishedStep) else strings.BUTTON_CONTINUE
            self.ask(strings.LINE_PRESS_ENTER.format(action=label))
            return Next(answers)
        refused: set[str] = set()
        while True:
            for field in fields:
                if refused and field.name not in refused:
                    continue
                values[field.name] = await self._field(visit, field, values.get(field.name), again=bool(refused))
            answers = controller.from_values(values)
            problems = await self._submit(controller, answers)
            if not problems:
                said = controller.said_after(answers)
                if said:
                    self.say(said)
                return Next(answers)
            refused = set()
            for problem in problems:
                if isinstance(problem, Reroute):
                    return problem
                if isinstance(problem, FieldProblem) and any(f.name == problem.field for f in fields):
                    self.say(f"{strings.LINE_ERROR} {controller.field(problem.field).label}: {problem.message}")
                    for rule in problem.rules:
                        if not rule.met:
                            self.say(f"  - {rule.label}")
                    refused.add(problem.field)
                elif isinstance(problem, RetryProblem):
                    self.say(f"{strings.LINE_ERROR} {problem.message}")
                    self.ask(strings.LINE_PRESS_ENTER.format(action=strings.BUTTON_RETRY))
                    refused = {"-"}  # ask nothing: the same answers again
                    break
                else:
                    self.say(f"{strings.LINE_ERROR} {problem.message}")
            if not refused:
                refused = {field.name for field in fields}  # the whole form was refused: each answer again

    async def _submit(self, controller: Any, answers: Any) -> tuple[Problem, ...]:
        """Validate, and only then say "Checking…" and submit."""
        reasons = controller.validate(answers)
        if reasons:
            return problems_from_reasons(reasons)
        self.say(strings.LINE_BUSY)
        return await attempt(controller, answers)

    async def _field(self, visit: Visit, field: Field, current: Any, *, again: bool) -> Any:
        """Ask one field; Enter keeps what was there (a default shown for text, said for secrets)."""
        if field.kind is not FieldKind.TEXT:
            self.say(field.label)
        if field.note:
            self.say(field.note)
        if field.kind is FieldKind.CHOICE:
            labels = [choice.label for choice in field.choices]
            values = [choice.value for choice in field.choices]
            if field.optional:
                labels.append(strings.LINE_NO_CHOICE)
                values.append(None)
            index = self.menu(labels, words=True)
            return values[index]
        if field.kind is FieldKind.CHECKBOX:
            return self._yes_no_word(strings.LINE_TICK)
        if isinstance(visit.controller, VerifyStep) and visit.controller.demo:
            code = await self._verify_with_inbox(visit.controller, field)
            if code is not None:
                return code
        hints = []
        if current and not field.secret:
            hints.append(strings.LINE_KEEP.format(value=current))
        elif current:
            hints.append(strings.LINE_KEEP_SECRET)
        elif field.optional:
            hints.append(strings.LINE_OPTIONAL)
        if field.secret:
            hints.append(strings.LINE_HIDDEN)
        prompt = f"{field.label} ({', '.join(hints)}):" if hints else f"{field.label}:"
        answer = self.ask(prompt, secret=field.secret)
        if not answer and current:
            return current
        return answer

    def _yes_no_word(self, label: str) -> bool:
        while True:
            answer = self.ask(f"{label} {strings.LINE_YES_NO}").strip().lower()
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.say(strings.LINE_ANSWER_YES_NO)

    async def _verify_with_inbox(self, step: VerifyStep, field: Field) -> str | None:
        """Demo server: offer the demo inbox before asking for the code; the code read from the e-mail, if taken."""
        label = f"{field.label}, {strings.LINE_HIDDEN}" if field.secret else field.label
        answer = self.ask(strings.LINE_INBOX_OFFER.format(label=label), secret=field.secret).strip()
        if answer.lower() != "inbox":
            return answer or None
        try:
            messages = await step.outbox()
        except BackendError as error:
            self.say(f"{strings.LINE_ERROR} {error.message}")
            return None
        self.say(strings.INBOX_TITLE.format(email=step.email))
        if not messages:
            self.say(strings.INBOX_EMPTY)
            return None
        for message in messages:
            self.say()
            self.say(strings.INBOX_FROM.format(sender=message.sender))
            self.say(strings.INBOX_SUBJECT.format(subject=message.subject))
            if not field.secret:
                self.say(message.body)
        code = step.code_in(messages[-1])
        if code is not None and self.yes_no(strings.LINE_USE_CODE.format(label=field.label)):
            return code
        return None

    async def _captcha(self, visit: Visit) -> Outcome | None:
        """The CAPTCHA: a picture cannot be shown here, so the accessible "I'm not a robot" box is asked for."""
        step = visit.controller
        if not isinstance(step, CaptchaStep):
            raise TypeError(step)
        accessible = step.style is CaptchaStyle.TEXT
        if accessible:
            self.say(strings.LINE_CAPTCHA_NO_PICTURE)
        try:
            challenge = await step.load(accessible=accessible)
        except AccessibleCaptchaUnavailable as error:
            self.say(f"{strings.LINE_ERROR} {error.message}")
            self.ask(strings.LINE_PRESS_ENTER.format(action=strings.BUTTON_BACK_TO_START), words=False)
            return Cancel(error.message)
        except BackendError as error:
            problem = step.explain(error)
            if isinstance(problem, Reroute):
                return problem
            self.say(f"{strings.LINE_ERROR} {problem.message}")
            self.ask(strings.LINE_PRESS_ENTER.format(action=strings.BUTTON_RETRY))
            return None
        if not isinstance(challenge, CheckboxCaptcha):
            raise RuntimeError("the server sent a picture for the accessible CAPTCHA")
        label = step.profile.texts.captchaCheckboxLabel
        if not self._yes_no_word(label):
            self.say(f"{strings.LINE_ERROR} {label}: {strings.CAPTCHA_REQUIRED_CHECKBOX}")
            return None
        self.say(strings.LINE_CAPTCHA_CHECKING)
        nonce = await asyncio.to_thread(solve, challenge.challenge, challenge.difficulty_bits)
        answers = CaptchaAnswers(captcha_id=challenge.captcha_id, answer=nonce or "")
        problems = await attempt(step, answers)
        if not problems:
            return Next(answers)
        problem = problems[0]
        if isinstance(problem, Reroute) and problem.step is not StepId.CAPTCHA:
            return problem
        self.say(f"{strings.LINE_ERROR} {problem.message}")
        return None

    async def _finished(self, step: FinishedStep) -> None:
        """The summary of what is set up, then where to go next."""
        try:
            summary = await step.load()
        except BackendError as error:
            self.say(f"{strings.LINE_ERROR} {error.message}")
            return
        self.say(strings.FINISHED_SUMMARY_TITLE)
        for line in step.lines(summary):
            self.say(line)
        self.say(step.closing())

    # -- back, cancel, help ---------------------------------------------------------------

    def _word(self, visit: Visit, word: str, answers: Any) -> Outcome | None:
        """What `back`, `cancel` or `help` does at a question of `visit`."""
        if word == "help":
            self._heading(visit)
            if isinstance(visit.controller, SecurityPhraseStep):
                self.say(visit.controller.profile.texts.securityPhraseHelpTitle)
                self.say(visit.controller.help())
            return None
        if word == "back":
            if visit.can_go_back:
                return Back(answers)
            self.say(strings.CANNOT_GO_BACK)
            return None
        leave = leaving(visit.controller.state)
        self.say(leave.title)
        if self.yes_no(leave.question):
            return leave.outcome
        return None


async def run_lines(wizard: Wizard, front_end: LineFrontEnd | None = None) -> int:
    """Run the wizard in the line mode until the person quits or input ends; the exit status."""
    from smarthub_tui.runner import Runner

    lines = front_end or LineFrontEnd()
    try:
        await Runner(wizard, lines).run()
    except LeaveApp:
        return 0
    except EndOfInput:
        lines.say()
        lines.say(strings.LINE_INPUT_ENDED)
        return 1
    finally:
        await wizard.aclose()
    return 0


__all__ = ["EndOfInput", "LeaveApp", "LineFrontEnd", "run_lines"]
