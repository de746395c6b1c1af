"""The plain line mode: every step as plain lines on stdout, answers read from stdin.

For a screen reader, a braille display, a serial console, ``TERM=dumb`` or
a script: no cursor movement, no colour, no box drawing, no redraws, only
lines printed in reading order (wrapped at word boundaries on a terminal)
and questions read one line at a time (charmbracelet/huh's accessible mode,
for a whole wizard).  Each step says its title and "Step 3 of 10", the
co-op's words, then asks its fields from the step's `Field` data, so a new
step needs no code here; choices are numbered lists, secrets are read
without echo.  A refused answer is printed as ``Error: <field label>:
<reason>`` and asked again without offering it back; answers that passed are
kept ("Enter keeps ...").  ``back``, ``cancel`` and ``help`` are words any
step's question understands (announced once, at the start; a leading ``\\``
types such a word as an answer).

Three things are not plain fields and are handled here by kind: the CAPTCHA
(a picture cannot be read out: the accessible "I'm not a robot" check is
asked for, where the co-op allows it), the demo inbox at the Verify step
(a demo server's e-mails, read out on request) and the welcome menu.

It is a `runner.FrontEnd`: the walk itself is the runner's.  Nothing here
imports Textual.  docs/architecture.md section 5.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TextIO

from smarthub_tui import strings
from smarthub_tui.agent import is_agent, script_for
from smarthub_tui.backend.base import AccessibleCaptchaUnavailable, BackendError
from smarthub_tui.flow import Back, Cancel, Mode, Next, Outcome, Reroute, StepId, offers_verify_later
from smarthub_tui.models import CheckboxCaptcha
from smarthub_tui.profiles import CaptchaStyle
from smarthub_tui.registry import controller_for
from smarthub_tui.runner import AlreadyRegisteredChoice, FrontEnd, Runner, Visit, attempt, leaving
from smarthub_tui.state import RegistrationState
from smarthub_tui.steps import (
    CaptchaStep,
    Field,
    FieldKind,
    FieldProblem,
    LockedOutProblem,
    Problem,
    RetryProblem,
    Step,
    Wizard,
    problems_from_reasons,
)
from smarthub_tui.steps.agent_done import AgentDoneStep
from smarthub_tui.steps.contacts import ContactsPhase, ContactsStep
from smarthub_tui.steps.password import PasswordStep
from smarthub_tui.steps.reset_code import ResetCodeStep
from smarthub_tui.steps.verify import VerifyStep
from smarthub_tui.steps.welcome import SignInStep
from smarthub_tui.text import inert

YES = ("y", "yes")
NO = ("n", "no")
WORDS = ("back", "cancel", "help")


class Stopped(Exception):
    """The run stops at a question; `words` say what is kept (computed then: the state is wiped on the way out)."""

    def __init__(self, words: str, *, in_walk: bool) -> None:
        super().__init__(words)
        self.words = words
        self.in_walk = in_walk


class EndOfInput(Stopped):
    """Standard input ended (Ctrl+D, or a script ran out of lines)."""


class Interrupted(Stopped):
    """Ctrl+C at a question."""


class LeaveApp(Exception):
    """The person chose Quit at the welcome menu."""


class NotConnected(Exception):
    """The server could not be reached and the person chose not to try again."""


class _Word(Exception):
    """`back`, `cancel` or `help` typed instead of an answer."""

    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


@dataclass
class _Asking:
    """What the next pass over a step's questions asks: all of them, the refused ones, or none (Retry)."""

    refused: set[str] = field(default_factory=set)
    """Fields refused by the last answer: asked again, with what depends on them, and not offered back."""
    everything: bool = True
    """Ask every field (the first pass, or after the whole form was refused)."""
    resend: bool = False
    """Ask nothing and send the same answers again (Retry after a connection problem)."""
    loaded: bool = False
    """The step's `load()` was made and its report said (it is made again only after it failed)."""


class LineFrontEnd:
    """Asks each step as plain lines; see the module docstring."""

    def __init__(self, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self._announced = False
        self.state: RegistrationState | None = None
        """The member's state once connected (what stopping now keeps, for the last words)."""
        self.in_walk = False
        """True while a step of a walk is asked (not the welcome menu): stopping there leaves something undone."""

    # -- output and input --------------------------------------------------------------

    def _width(self) -> int:
        """Columns to wrap at: the terminal's, or none (0) for a file or a pipe."""
        try:
            if not self.stdout.isatty():
                return 0
        except (AttributeError, ValueError):
            return 0
        return max(shutil.get_terminal_size().columns - 1, 20)

    def _wrapped(self, text: str) -> list[str]:
        width = self._width()
        lines = inert(text).split("\n")
        if not width:
            return lines
        return [wrapped for line in lines for wrapped in (textwrap.wrap(line, width, break_on_hyphens=False) or [""])]

    def say(self, text: str = "") -> None:
        """Print `text` as inert plain text (a server's or a profile's words cannot drive the terminal)."""
        for line in self._wrapped(text):
            self.stdout.write(line + "\n")
        self.stdout.flush()

    def ask(self, prompt: str, *, secret: bool = False, words: bool = True) -> str:
        """Print `prompt`, read one line.

        With `words`, ``back``, ``cancel`` and ``help`` raise `_Word` (a
        leading ``\\`` makes one an answer).  Ctrl+C raises `Interrupted`,
        the end of input `EndOfInput`.
        """
        *above, last = self._wrapped(prompt.replace("\n", " "))
        for line in above:
            self.stdout.write(line + "\n")
        self.stdout.write(last + " ")
        self.stdout.flush()
        try:
            with self._no_echo() if secret else contextlib.nullcontext():
                line = self.stdin.readline()
        except KeyboardInterrupt:
            self.stdout.write("\n")
            raise Interrupted(self.last_words(), in_walk=self.in_walk) from None
        if secret:
            self.stdout.write("\n")
            self.stdout.flush()
        if not line:
            raise EndOfInput(self.last_words(), in_walk=self.in_walk)
        answer = line.rstrip("\r\n")
        if words and answer.strip().lower() in WORDS:
            raise _Word(answer.strip().lower())
        if answer.startswith("\\") and answer[1:].strip().lower() in WORDS:
            return answer[1:]
        return answer

    @contextlib.contextmanager
    def _no_echo(self) -> Iterator[None]:
        """Turn the terminal's echo off while a secret is typed (nothing to do when input is not a terminal)."""
        try:
            import termios

            if not self.stdin.isatty():
                raise OSError
            fd = self.stdin.fileno()
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

    def yes_no(self, prompt: str, *, words: bool = False) -> bool:
        """Ask until the answer is yes or no."""
        while True:
            answer = self.ask(f"{prompt} {strings.LINE_YES_NO}", words=words).strip().lower()
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.say(strings.LINE_ANSWER_YES_NO)

    def menu(self, options: list[str], *, words: bool = False, current: int | None = None) -> int:
        """A numbered list (under the question already said); the index chosen (from 0), Enter keeping `current`."""
        for number, option in enumerate(options, 1):
            self.say(f"{number}. {option}")
        prompt = strings.LINE_CHOOSE.format(last=len(options))
        if current is not None:
            prompt = f"{prompt[:-1]} ({strings.LINE_KEEP.format(value=current + 1)}):"
        while True:
            answer = self.ask(prompt, words=words).strip()
            if not answer and current is not None:
                return current
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return int(answer) - 1
            self.say(strings.LINE_CHOOSE_AGAIN.format(last=len(options)))

    def last_words(self) -> str:
        """What stopping now keeps, in words (the registration may already be on the server)."""
        if self.state is None or not self.in_walk:
            return ""
        return leaving(self.state).outcome.message or strings.LINE_NOTHING_KEPT

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
                    raise NotConnected from None
                continue
            break
        self.state = wizard.state
        self.say(strings.LINE_WELCOME.format(coop=wizard.state.profile.coopName))
        if wizard.state.demo:
            self.say(strings.DEMO_BADGE)
        if not self._announced:
            self.say(strings.LINE_WORDS)
            self._announced = True

    async def show(self, visit: Visit) -> Outcome:
        """Say the step, ask its questions, submit; the outcome for the runner."""
        self.in_walk = visit.step is not StepId.WELCOME
        if not self.in_walk:
            return await self._welcome(visit)
        self._heading(visit)
        if visit.notice is not None and visit.notice.done:
            self.say(f"{strings.LINE_NOTE} {visit.notice.message}")
        elif visit.notice is not None:
            label = self._label(visit.controller, visit.notice.field)
            self.say(f"{strings.LINE_ERROR} {label + ': ' if label else ''}{visit.notice.message}")
        values = visit.controller.values(visit.answers) if visit.answers is not None else {}
        asking = _Asking()
        if visit.notice is not None and visit.notice.field:
            asking.refused.add(visit.notice.field)
        while True:
            try:
                outcome = await self._step(visit, values, asking)
            except _Word as word:
                outcome = self._word(visit, word.word, values)
            if outcome is not None:
                return outcome

    async def already_registered(self, message: str, email: str) -> AlreadyRegisteredChoice:
        """The alert as lines, then a numbered choice."""
        self.say()
        self.say(strings.ALREADY_REGISTERED_TITLE)
        self.say(strings.ALREADY_REGISTERED_EMAIL.format(email=email))
        self.say(message)
        self.say(strings.LINE_WHAT_NEXT)
        buttons = self.state.profile.buttons if self.state is not None else None
        forgot = buttons.forgotPassword if buttons else strings.BUTTON_FORGOT_PASSWORD
        back = strings.LINE_CANCEL_TO_FORM.format(cancel=buttons.cancel) if buttons else strings.LINE_BACK_TO_FORM
        choice = self.menu([forgot, back])
        return AlreadyRegisteredChoice.FORGOT_PASSWORD if choice == 0 else AlreadyRegisteredChoice.CANCEL

    # -- the steps ------------------------------------------------------------------------

    def _heading(self, visit: Visit) -> None:
        self.say()
        title = visit.controller.title
        if visit.total:
            self.say(strings.LINE_STEP.format(number=visit.number, total=visit.total, title=title))
        else:
            self.say(title)
        script = script_for(visit.controller)  # agent mode: the words to read to the member, first
        if script:
            self.say(f"{strings.LINE_AGENT_SCRIPT} {script}")
        if not isinstance(visit.controller, CaptchaStep):  # its intro speaks of a picture: see `_captcha`
            for paragraph in visit.controller.intro():
                self.say(paragraph)
        if visit.controller.optional:
            self.say(strings.LINE_SKIP_WORD)

    @staticmethod
    def _label(controller: Step[Any], field: str | None) -> str:
        if not field:
            return ""
        try:
            return controller.field(field).label
        except KeyError:
            return ""

    async def _welcome(self, visit: Visit) -> Outcome:
        """The welcome menu: log in, register, can't access, quit."""
        controller = visit.controller
        texts = controller.profile.texts
        self.say()
        self.say(controller.title)
        if visit.notice is not None:
            self.say(f"{strings.LINE_NOTE} {visit.notice.message}")
        options = [controller.submit_label, texts.newUserLink, texts.cantAccess, strings.LINE_QUIT]
        # --- verify later: the way in with the e-mailed code, where the co-op's code has a Verify step ---
        verify_later = offers_verify_later(controller.profile)
        if verify_later:
            options.insert(3, strings.LINE_VERIFY_LATER)
        while True:
            self.say(strings.LINE_WHAT_NEXT)
            choice = self.menu(options)
            if choice == 1:
                if self._captcha_impossible(controller):
                    continue
                return Next(Mode.REGISTER)
            if choice == 2:
                return Next(Mode.RECOVER)
            if verify_later and choice == 3:
                # The server needs only the code; the address names the e-mail and opens the demo inbox.
                email = self.ask(strings.LINE_VERIFY_LATER_EMAIL, words=False).strip()
                controller.remember(replace(controller.answers(), email=email, password=""))
                return Next(Mode.VERIFY_LATER)
            if choice == len(options) - 1:
                raise LeaveApp
            self.say()
            for paragraph in controller.intro():
                self.say(paragraph)
            values = controller.values(visit.answers)
            asking = _Asking()
            while True:
                try:
                    outcome = await self._step(visit, values, asking)
                except _Word as word:
                    if word.word == "help":
                        for paragraph in controller.intro():
                            self.say(paragraph)
                        continue  # the log-in's questions again
                    break  # back or cancel: the menu again
                if isinstance(outcome, Next):
                    self.say(strings.LINE_SIGNED_IN.format(email=values.get("email", "")))
                    return Next(Mode.SIGN_IN)
                if outcome is not None:
                    break

    def _captcha_impossible(self, controller: Step[Any]) -> bool:
        """Say so at once when the co-op's CAPTCHA is a picture and it offers no other way (its words name the phone route)."""
        profile = controller.profile
        if profile.captchaStyle is CaptchaStyle.TEXT and not profile.accessibleCaptcha:
            self.say(f"{strings.LINE_ERROR} {profile.texts.accessibleCaptchaUnavailable}")
            return True
        return False

    async def _step(self, visit: Visit, values: dict[str, Any], asking: _Asking) -> Outcome | None:
        """Ask the fields `asking` says, submit; an outcome, or None to ask again.

        `values` holds what was typed and is kept up to date, so ``help``,
        a declined ``cancel`` or ``back`` loses nothing.
        """
        controller = visit.controller
        if isinstance(controller, CaptchaStep):
            return await self._captcha(visit)
        if isinstance(controller, ContactsStep):
            return await self._contacts(visit, controller, values, asking)
        fields = controller.fields()
        if not fields:
            try:
                loaded = await controller.load()
            except BackendError as error:
                return self._problem(controller, controller.explain(error), fields, asking)
            for line in controller.report(loaded):
                self.say(line)
            if isinstance(controller, AgentDoneStep):
                await self._agent_status_until_enter(controller)
            else:
                self.ask(strings.LINE_PRESS_ENTER.format(action=controller.submit_label))
            # A step that asks nothing may still act on Enter (Sign Out ends the session).
            done = controller.from_values(values)
            refused = await attempt(controller, done)
            if refused:
                return self._problem(controller, refused[0], fields, asking, done)
            return Next(done)
        if not asking.loaded:
            # What the step shows before its questions (My Profile's summary, the phrase in force).
            try:
                loaded = await controller.load()
            except BackendError as error:
                return self._problem(controller, controller.explain(error), (), _Asking())
            asking.loaded = True
            for line in controller.report(loaded):
                self.say(line)
        for question in self._to_ask(fields, asking):
            values[question.name] = await self._field(visit, question, values.get(question.name), refused=question.name in asking.refused)
        asking.refused.clear()
        asking.everything = asking.resend = False
        answers = controller.from_values(values)
        reasons = controller.validate(answers)
        if reasons:
            problems: tuple[Problem, ...] = problems_from_reasons(reasons)
        else:
            self.say(strings.LINE_BUSY)
            problems = await attempt(controller, answers)
        if not problems:
            said = controller.said_after(answers)
            if said:
                self.say(said)
            return Next(answers)
        for problem in problems:
            outcome = self._problem(controller, problem, fields, asking, answers)
            if outcome is not None:
                return outcome
        return None

    async def _agent_status_until_enter(self, step: AgentDoneStep) -> None:
        """At "Registration created": ``status`` reads the member's progress again; Enter ends the call.

        The Textual screen asks the server again every few seconds by
        itself; a line cannot be redrawn, and lines said while the agent
        types would break into the answer a screen reader is reading, so
        here the agent asks, with a word, as often as the member needs.
        """
        prompt = strings.LINE_AGENT_STATUS_AGAIN.format(word=strings.LINE_AGENT_STATUS_WORD, action=step.submit_label)
        while self.ask(prompt).strip().lower() == strings.LINE_AGENT_STATUS_WORD:
            try:
                loaded = await step.load()
            except BackendError as error:
                self.say(f"{strings.LINE_ERROR} {step.explain(error).message}")
                continue
            for line in step.report(loaded):
                self.say(line)

    @staticmethod
    def _to_ask(fields: tuple[Field, ...], asking: _Asking) -> list[Field]:
        """What to ask on this pass: everything, nothing (Retry), or the refused fields and those that depend on them.

        A confirmation is asked again with what it confirms; a refused field
        that may be left empty stands in a choice among several (a ZIP code
        or the SSN's last 4), so all of those are asked again.
        """
        if asking.resend:
            return []
        if asking.everything or not asking.refused:
            return list(fields)
        refused = asking.refused
        if any(question.optional for question in fields if question.name in refused):
            refused.update(question.name for question in fields)
        refused.update(question.name for question in fields if question.confirms in refused)
        return [question for question in fields if question.name in refused]

    def _problem(
        self, controller: Step[Any], problem: Problem, fields: tuple[Field, ...], asking: _Asking, answers: Any = None
    ) -> Outcome | None:
        """Say `problem` and mark in `asking` what must be asked again; an outcome when it leads elsewhere."""
        if isinstance(problem, Reroute):
            return problem
        if isinstance(problem, RetryProblem):
            self.say(f"{strings.LINE_ERROR} {problem.message}")
            self.ask(strings.LINE_PRESS_ENTER.format(action=strings.BUTTON_RETRY))
            asking.resend = True
            return None
        if isinstance(problem, LockedOutProblem):
            # Asking the same questions again could only fail: say it once and go back to the start.
            self.say(f"{strings.LINE_ERROR} {problem.message}")
            self.ask(strings.LINE_PRESS_ENTER.format(action=strings.BUTTON_BACK_TO_START), words=False)
            return leaving(controller.state).outcome
        if isinstance(problem, FieldProblem) and any(field.name == problem.field for field in fields):
            self.say(f"{strings.LINE_ERROR} {controller.field(problem.field).label}: {problem.message}")
            rules = problem.rules or (controller.unmet(problem.field, answers) if answers is not None else ())
            unmet = [rule for rule in rules if not rule.met]
            if unmet:
                self.say(strings.LINE_RULES_UNMET)  # a bare list under the error does not say what it is
            for rule in unmet:
                self.say(f"  - {rule.label}")
            asking.refused.add(problem.field)
            return None
        self.say(f"{strings.LINE_ERROR} {problem.message}")
        asking.refused.update(question.name for question in fields)  # the whole form was refused: each answer again
        return None

    async def _field(self, visit: Visit, field: Field, current: Any, *, refused: bool) -> Any:
        """Ask one field; Enter keeps what was there, unless it was just refused."""
        keep = None if refused else current
        if field.kind is FieldKind.CHOICE:
            self.say(field.label)
            if field.note:
                self.say(field.note)
            labels = [choice.label for choice in field.choices]
            values = [choice.value for choice in field.choices]
            if field.optional:
                labels.append(strings.LINE_NO_CHOICE)
                values.append(None)
            index = self.menu(labels, words=True, current=values.index(keep) if keep is not None and keep in values else None)
            return values[index]
        if field.kind is FieldKind.CHECKBOX:
            return self.yes_no(field.label, words=True)
        if field.note:
            self.say(field.note)
        if isinstance(visit.controller, (VerifyStep, ResetCodeStep)) and visit.controller.demo:
            return await self._code_or_inbox(visit.controller, field, keep)
        if isinstance(visit.controller, ContactsStep) and visit.controller.demo and field.name == "code":
            return await self._code_or_inbox(visit.controller, field, keep)
        if isinstance(visit.controller, PasswordStep) and field.name == "currentPassword" and visit.controller.demo:
            # The Verify Account code as the Current Password (verifyAtPasswordChange): the demo inbox holds it.
            reader = controller_for(StepId.VERIFY, visit.controller.wizard)
            if isinstance(reader, VerifyStep):
                return await self._code_or_inbox(reader, field, keep)
        if isinstance(visit.controller, SignInStep) and field.name == "password" and self._inbox_at_login(visit.controller):
            # The temporary password is typed at the login (verifyAtLogin): the demo inbox holds it.
            reader = controller_for(StepId.VERIFY, visit.controller.wizard)
            if isinstance(reader, VerifyStep):
                return await self._code_or_inbox(reader, field, keep)
        hints = []
        if keep and not field.secret:
            hints.append(strings.LINE_KEEP.format(value=keep))
        elif keep:
            hints.append(strings.LINE_KEEP_SECRET)
        elif field.optional:
            hints.append(strings.LINE_OPTIONAL)
        if field.secret:
            hints.append(strings.LINE_HIDDEN)
        prompt = f"{field.label} ({', '.join(hints)}):" if hints else f"{field.label}:"
        answer = self.ask(prompt, secret=field.secret)
        return keep if not answer and keep else answer

    @staticmethod
    def _inbox_at_login(step: SignInStep) -> bool:
        """True where the login's Password may be the e-mailed temporary password on a demo backend."""
        return step.demo and step.temporary_password_here

    async def _code_or_inbox(self, step: VerifyStep | ResetCodeStep | ContactsStep, field: Field, keep: Any) -> str:
        """The Verify step on a demo server: the code as typed, or read from the demo inbox on request."""
        label = f"{field.label}, {strings.LINE_HIDDEN}" if field.secret else field.label
        while True:
            answer = self.ask(strings.LINE_INBOX_OFFER.format(label=label), secret=field.secret).strip()
            if answer.lower() != "inbox":
                return answer or (keep or "")
            code = await self._read_inbox(step, field)
            if code is not None:
                return code

    async def _read_inbox(self, step: VerifyStep | ResetCodeStep | ContactsStep, field: Field) -> str | None:
        """Read the demo inbox out; the code of the last e-mail if the person takes it."""
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
            self.say(message.body)
        self.say()
        code = step.newest_code(messages)
        if code is not None and self.yes_no(strings.LINE_USE_CODE.format(label=field.label)):
            return code
        return None

    async def _captcha(self, visit: Visit) -> Outcome | None:
        """The CAPTCHA: a picture cannot be read out, so the accessible "I'm not a robot" check is asked for."""
        step = visit.controller
        if not isinstance(step, CaptchaStep):
            raise TypeError(step)
        picture = step.style is CaptchaStyle.TEXT
        try:
            challenge = await step.load(accessible=picture)
        except AccessibleCaptchaUnavailable as error:
            return Cancel(error.message)  # said on the welcome screen, once
        except BackendError as error:
            return self._problem(step, step.explain(error), (), _Asking())
        if not isinstance(challenge, CheckboxCaptcha):
            raise TypeError("the server sent a picture for the accessible CAPTCHA")
        if picture:
            self.say(strings.LINE_CAPTCHA_NO_PICTURE)
        label = step.profile.texts.captchaCheckboxLabel
        if not self.yes_no(label, words=True):
            self.say(f"{strings.LINE_ERROR} {strings.LINE_CAPTCHA_ANSWER_YES.format(label=label)}")
            return None
        self.say(strings.LINE_CAPTCHA_CHECKING)
        answers = await step.tick(challenge)
        problems = await attempt(step, answers)
        if not problems:
            return Next(answers)
        problem = problems[0]
        if isinstance(problem, Reroute) and problem.step is not StepId.CAPTCHA:
            return problem
        self.say(f"{strings.LINE_ERROR} {problem.message}")
        return None

    async def _contacts(
        self, visit: Visit, step: ContactsStep, values: dict[str, Any], asking: _Asking
    ) -> Outcome | None:
        """Manage contacts: the list, then one action at a time (add, its code, remove) until Done.

        Each pass asks the current phase's fields and submits them like any
        step; a pass that succeeded without Done says what it did and asks
        the next phase (the list again after a code or a removal).
        """
        if step.listed is None:
            try:
                await step.load()
            except BackendError as error:
                return self._problem(step, step.explain(error), (), asking)
        if step.phase is ContactsPhase.LIST and asking.everything:
            for line in step.report(step.listed):
                self.say(line)
        fields = step.fields()
        for question in self._to_ask(fields, asking):
            values[question.name] = await self._field(visit, question, values.get(question.name), refused=question.name in asking.refused)
        asking.refused.clear()
        asking.everything = asking.resend = False
        answers = step.from_values(values)
        reasons = step.validate(answers)
        problems: tuple[Problem, ...] = problems_from_reasons(reasons) if reasons else await attempt(step, answers)
        if not problems:
            if step.finished:
                return Next(answers)
            self._next_phase(step, values, asking)
            return None
        for problem in problems:
            outcome = self._problem(step, problem, fields, asking, answers)
            if outcome is not None:
                return outcome
        return None

    def _next_phase(self, step: ContactsStep, values: dict[str, Any], asking: _Asking) -> None:
        """After an action of the contacts step: say what it did, and the next phase's title and words."""
        values.clear()
        asking.everything = True
        if step.said:
            self.say(step.said)
        if step.phase is not ContactsPhase.LIST:
            self.say()
            self.say(step.title)
            for paragraph in step.intro():
                self.say(paragraph)

    # -- back, cancel, help ---------------------------------------------------------------

    def _word(self, visit: Visit, word: str, values: dict[str, Any]) -> Outcome | None:
        """What `back`, `cancel` or `help` does at a question of `visit`."""
        controller = visit.controller
        if word == "help":
            self._heading(visit)
            for paragraph in controller.help():
                self.say(paragraph)
            self.say(strings.LINE_WORDS_HELP)
            return None
        if word == "back":
            if isinstance(controller, ContactsStep) and controller.step_back():
                values.clear()  # back from a contact's form to the list
                return None
            if visit.can_go_back:
                return Back(controller.from_values(values))
            self.say(strings.CANNOT_GO_BACK)
            return None
        leave = leaving(controller.state, controller)
        if not leave.confirm:  # an optional step: cancel skips it, asking nothing
            if leave.outcome.message:
                self.say(leave.outcome.message)
            return leave.outcome
        if self.yes_no(f"{leave.title} {leave.question}"):
            return leave.outcome
        return None


async def run_lines(
    wizard: Wizard,
    front_end: LineFrontEnd | None = None,
    *,
    wrap: Callable[[FrontEnd], FrontEnd] | None = None,
) -> int:
    """Run the wizard in the line mode until the person quits or input ends; the exit status.

    0 when the person quit at the welcome menu (or input ended there); 1 when
    input ended in the middle of a walk or no server could be reached; 130
    on Ctrl+C.  `wrap` puts an answers file's front end around this one.
    Ctrl+C is made to interrupt a question at once: asyncio's own handler
    would only cancel the walk at its next backend call.
    """
    lines = front_end or LineFrontEnd()
    with contextlib.suppress(ValueError):  # only the main thread may; elsewhere asyncio's handling stays
        signal.signal(signal.SIGINT, signal.default_int_handler)
    runner = Runner(wizard, wrap(lines) if wrap else lines)
    if is_agent(wizard):  # agent mode: the agent signs in, then one call after another
        from smarthub_tui.agent_runner import AgentRunner

        runner = AgentRunner(wizard, wrap(lines) if wrap else lines)
    try:
        await runner.run()
    except (LeaveApp, NotConnected) as ending:
        return 1 if isinstance(ending, NotConnected) else 0
    except EndOfInput as ended:
        lines.say()
        lines.say(f"{strings.LINE_INPUT_ENDED} {ended.words}".strip())
        return 1 if ended.in_walk else 0
    except Interrupted as stopped:
        lines.say(f"{strings.LINE_STOPPED} {stopped.words}".strip())
        return 130
    finally:
        await wizard.aclose()
    return 0


__all__ = ["EndOfInput", "Interrupted", "LeaveApp", "LineFrontEnd", "NotConnected", "run_lines"]
