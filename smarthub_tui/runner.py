"""The walk through the wizard, for any front end: no Textual here.

A front end (the Textual app, the answers file, the plain line mode) only
shows one step and returns its `Outcome`; the `Runner` decides everything
else: connect, the welcome screen, which plan to walk (`flow.plan`), Back,
Cancel, a `Reroute` with its notice, the "already registered" side trip,
the return to the welcome screen with the e-mail kept, and wiping the
member's data when a walk ends.  Forgot Password ("Can't access your
account?" on the welcome screen, "Forgot Password?" on the alert) is a walk
of its own (`Mode.RECOVER`), which ends on the welcome screen with the
e-mail waiting.  docs/architecture.md section 5 has the picture and what a
new front end implements.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Any, Protocol

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError
from smarthub_tui.flow import Back, Cancel, Mode, Next, Notice, Outcome, Reroute, Skip, StepId, Walk, plan
from smarthub_tui.lazy_dataclass import dataclass  # built at first use during the start
from smarthub_tui.registry import controller_for
from smarthub_tui.state import PhraseAnswers, RegistrationState, ResetAnswers, SignInAnswers
from smarthub_tui.steps import Step, Wizard, problems_from_reasons
from smarthub_tui.steps.base import FieldProblem, FormProblem, Problem


@dataclass(frozen=True)
class Visit:
    """One step to show: its controller, the answers to show, its place in the walk, why we are here."""

    step: StepId
    controller: Step[Any]
    answers: Any
    number: int = 0
    total: int = 0
    can_go_back: bool = True
    notice: Notice | None = None


class AlreadyRegisteredChoice(StrEnum):
    """What the person chose on the "already registered" alert."""

    FORGOT_PASSWORD = "forgot_password"
    CANCEL = "cancel"
    """Back to the form, everything typed kept."""


class Ending(StrEnum):
    """How one walk ended."""

    FINISHED = "finished"
    """Every step done (the member's data then wiped)."""
    LEFT = "left"
    """Cancelled, signed out or sent back to the start (a notice says why)."""
    TO_LOGIN = "to_login"
    """Registered where the temporary password is typed at the login (`verifyAtLogin`): the welcome screen is next, the e-mail waiting."""


class FrontEnd(Protocol):
    """What a front end does for the runner: connect, show one step, show the side trips."""

    async def connect(self, wizard: Wizard) -> None:
        """Return once `wizard.connect()` succeeded (offering Retry as the front end can)."""

    async def show(self, visit: Visit) -> Outcome:
        """Show `visit` until the person (or the file) is done with it; its outcome."""

    async def already_registered(self, message: str, email: str) -> AlreadyRegisteredChoice:
        """The "already registered with the same e-mail address" alert."""


class Runner:
    """Walks welcome, then a plan, then welcome again, by the outcomes a `FrontEnd` returns."""

    def __init__(self, wizard: Wizard, front_end: FrontEnd) -> None:
        self.wizard = wizard
        self.front_end = front_end
        self.notice: Notice | None = None
        """What the next welcome screen says (why the last walk ended)."""
        self.last_ending: Ending | None = None

    @property
    def state(self) -> RegistrationState:
        """The member's state."""
        return self.wizard.state

    async def run(self, *, walks: int | None = None) -> Ending | None:
        """Connect, then loop: welcome, a walk, back to welcome; stop after `walks` walks (None: for ever).

        Returns how the last walk ended.  The member's data is wiped however
        the run ends (an error or an interrupt included).
        """
        try:
            await self.front_end.connect(self.wizard)
            done = 0
            while walks is None or done < walks:
                self.last_ending = await self.welcome_and_walk()
                if self.last_ending is not Ending.TO_LOGIN:  # half a registration: the log-in walk is its other half
                    done += 1
            return self.last_ending
        finally:
            if self.wizard.connected:
                self.state.reset()

    async def welcome_and_walk(self) -> Ending:
        """Show the welcome screen, then walk what the person chose."""
        welcome = controller_for(StepId.WELCOME, self.wizard)
        notice, self.notice = self.notice, None
        outcome = await self.front_end.show(Visit(StepId.WELCOME, welcome, welcome.answers(), can_go_back=False, notice=notice))
        if isinstance(outcome, Reroute):
            self.notice = Notice(outcome.message) if outcome.message else None
            return Ending.LEFT
        if isinstance(outcome, Next) and isinstance(outcome.answers, Mode):
            if outcome.answers is Mode.RECOVER and self.state.sign_in.email.strip():
                # The e-mail on the welcome screen now is the one to reset (what else was typed before stays).
                self.state.forgot = replace(self.state.forgot, email=self.state.sign_in.email.strip())
            return await self.walk(outcome.answers)
        return Ending.LEFT

    async def walk(self, mode: Mode) -> Ending:
        """Walk the plan for `mode` until it ends, is cancelled, or sends the person back to the start.

        A Forgot Password walk (`Mode.RECOVER`) that ends keeps only the
        e-mail, for the welcome screen's log-in, and says the password is set.
        """
        state = self.state
        steps = plan(mode, state.profile, state)
        if not steps:
            state.reset()
            return Ending.FINISHED
        walk = Walk(steps, skip=lambda step: controller_for(step, self.wizard).skipped())
        while True:
            step = walk.current
            if step is StepId.MY_PROFILE:
                return await self.my_profile()
            controller = controller_for(step, self.wizard)
            visit = Visit(
                step,
                controller,
                controller.answers(),
                number=walk.number,
                total=walk.total,
                # Back from the first registration step returns to the welcome screen, answers kept.
                can_go_back=walk.can_go_back or (walk.at_start and mode in (Mode.REGISTER, Mode.RECOVER, Mode.VERIFY_LATER)),
                notice=walk.notice,
            )
            outcome = await self.front_end.show(visit)
            if isinstance(outcome, Next):
                controller.remember(outcome.answers)
                if not walk.forward():
                    if mode is Mode.REGISTER and step is StepId.CONGRATULATIONS:
                        return self.to_login()
                    email = state.forgot.email.strip()
                    await self.end_session()  # the registration's sign-in too, not only its token here
                    state.reset()  # finished: nothing of this member stays for the next
                    if mode is Mode.RECOVER:
                        state.sign_in = SignInAnswers(email=email)  # waiting at Login, as the guide's screens do
                        self.notice = Notice(strings.RESET_SIGN_IN_NOW)
                    return Ending.FINISHED
            elif isinstance(outcome, Back):
                controller.remember(outcome.answers)
                if walk.at_start:
                    return Ending.LEFT
                walk.back()
            elif isinstance(outcome, Skip):
                if not controller.optional:
                    raise ValueError(f"{step} is not optional: it cannot be skipped")
                controller.skip()  # nothing saved there; the bills (or whatever it asks) stay as they were
                if not walk.forward():
                    await self.end_session()
                    state.reset()
                    return Ending.FINISHED
            elif isinstance(outcome, Cancel):
                await self.end_session()  # "Signed out": on the server too, not only forgotten here
                state.reset()  # only what is here: a registration already made stays on the server
                self.notice = Notice(outcome.message) if outcome.message else None
                return Ending.LEFT
            elif outcome.step is StepId.WELCOME:
                email = state.auth.user_id if state.auth else state.sign_in.email
                state.reset()
                state.sign_in = SignInAnswers(email=email)
                self.notice = Notice(outcome.message)
                return Ending.LEFT
            elif outcome.step is StepId.ALREADY_REGISTERED:
                if await self.went_to_recovery(outcome.message):
                    return await self.walk(Mode.RECOVER)
                if walk.current is not StepId.REGISTER:
                    # Found at the submit: back to the form, where the e-mail can be changed.
                    walk.go_to(StepId.REGISTER, Notice(outcome.message, outcome.field))
            elif not walk.go_to(outcome.step, Notice(outcome.message, outcome.field)):
                state.reset()
                self.notice = Notice(outcome.message)
                return Ending.LEFT

    def to_login(self) -> Ending:
        """Registered, and the co-op's member logs in with the temporary password: back to the login screen.

        As PEC's guide says of its Login button: it "takes you back to the
        login screen, where the email address you provided should be waiting
        for you".  Nothing else of the registration is kept; the notice says
        what to type there (guidance, not an error: it is not put at a field).
        """
        state = self.state
        email = state.receipt.email if state.receipt else state.account.email.strip()
        state.reset()
        state.sign_in = SignInAnswers(email=email)
        self.notice = Notice(strings.LOGIN_WITH_TEMPORARY_PASSWORD)
        return Ending.TO_LOGIN

    async def went_to_recovery(self, message: str) -> bool:
        """The "already registered" alert; True when the person chose Forgot Password? (with the e-mail kept for it)."""
        state = self.state
        email = state.account.email.strip()
        choice = await self.front_end.already_registered(message, email)
        if choice is AlreadyRegisteredChoice.FORGOT_PASSWORD:
            state.reset()
            state.sign_in = SignInAnswers(email=email)
            state.forgot = ResetAnswers(email=email)
            return True
        return False

    # --- My Profile ---------------------------------------------------------------------

    async def my_profile(self) -> Ending:
        """The My Profile menu, until the member signs out, unsubscribes or leaves.

        Each item the member picks walks its steps (`flow.PROFILE_ITEMS`).
        Back from an item comes back here saying nothing; finishing it comes
        back with the item's confirmation as the menu's notice.  An item that
        ends the sign-in (sign out, unsubscribe) goes to the welcome screen
        with its words instead.
        """
        # The phrase typed at a pending step is on the server now: it does not wait in memory with the menu.
        self.state.phrase = PhraseAnswers()
        self.state.in_profile = True
        notice: Notice | None = None
        while True:
            menu = controller_for(StepId.MY_PROFILE, self.wizard)
            visit = Visit(StepId.MY_PROFILE, menu, menu.answers(), can_go_back=False, notice=notice)
            outcome = await self.front_end.show(visit)
            notice = None
            from smarthub_tui.steps.profile_menu import ProfileMenuStep  # not at start (`steps` loads its modules lazily)

            if isinstance(outcome, Next) and isinstance(menu, ProfileMenuStep):
                menu.remember(outcome.answers)
                result = await self.walk_item(menu.chosen(outcome.answers))
                if isinstance(result, Ending):
                    return result
                notice = result
            elif isinstance(outcome, Back):
                continue
            else:
                return await self.left_profile(outcome)

    async def walk_item(self, steps: tuple[StepId, ...]) -> Notice | Ending | None:
        """Walk one My Profile item; what the menu then says, or how the sign-in ended."""
        state = self.state
        walk = Walk(steps)
        while True:
            controller = controller_for(walk.current, self.wizard)
            visit = Visit(walk.current, controller, controller.answers(), can_go_back=True, notice=walk.notice)
            outcome = await self.front_end.show(visit)
            if isinstance(outcome, Next):
                controller.remember(outcome.answers)
                if state.auth is None:
                    # The item ended the sign-in (sign out, unsubscribe): its words on the welcome screen.
                    said = controller.confirmation()
                    state.reset()
                    self.notice = Notice(said) if said else None
                    return Ending.LEFT
                if not walk.forward():
                    said = controller.confirmation()
                    return Notice(said, done=True) if said else None
            elif isinstance(outcome, Back):
                controller.remember(outcome.answers)
                if walk.at_start:
                    return None
                walk.back()
            elif isinstance(outcome, Reroute) and walk.go_to(outcome.step, Notice(outcome.message, outcome.field)):
                continue
            else:
                return await self.left_profile(outcome)

    async def end_session(self) -> None:
        """End the member's session on the server, if there is one, before its token is forgotten here.

        Why: a token only forgotten by this terminal stays valid on the
        server until it expires.  Best effort: leaving must not wait on the
        server, so a refusal or a lost answer changes nothing here.
        """
        auth = self.state.auth
        if auth is None:
            return
        try:
            await self.wizard.backend.sign_out(auth)
        except BackendError:
            pass  # the token is forgotten here either way

    async def left_profile(self, outcome: Outcome) -> Ending:
        """Leaving My Profile by F10 or an error that ends the sign-in: end the session on the server if it can, then the welcome screen."""
        state = self.state
        auth = state.auth
        if isinstance(outcome, Cancel):
            await self.end_session()
        message = outcome.message if isinstance(outcome, (Cancel, Reroute)) else ""
        email = auth.user_id if auth is not None and isinstance(outcome, Reroute) else ""
        state.reset()
        state.sign_in = SignInAnswers(email=email)  # sent back to sign in again: the e-mail is kept
        self.notice = Notice(message) if message else None
        return Ending.LEFT


@dataclass(frozen=True)
class Leaving:
    """What leaving now means, for the question a front end asks first: its title, its text, its outcome.

    With `confirm` False nothing is asked (Cancel on an optional step skips
    it): the front end says the outcome's message and returns the outcome.
    """

    title: str
    question: str
    outcome: Cancel | Skip
    confirm: bool = True


def leaving(state: RegistrationState, step: Step[Any] | None = None) -> Leaving:
    """F10 / `cancel` (at `step`): skip an optional step; else before the account exists wipe everything, after it only stop.

    On an optional step (`Step.optional`: the paperless question where the
    co-op's guide says it may be skipped) Cancel passes over it, with no
    question and nothing wiped.  Before the account is verified there is no
    sign-in to end, and the way back in is the e-mail that was sent: the
    question says which.
    """
    if step is not None and step.optional:
        return Leaving("", "", Skip(step.skip_note()), confirm=False)
    if state.receipt is None and state.auth is None:
        return Leaving(strings.CONFIRM_CANCEL_TITLE, strings.CONFIRM_CANCEL_TEXT, Cancel())
    if state.auth is None:
        return Leaving(strings.CONFIRM_STOP_TITLE, strings.CONFIRM_STOP_TEXT, Cancel(strings.STOPPED_REGISTERED))
    if state.in_profile:  # My Profile: nothing is left to finish, so leaving only signs out
        return Leaving(strings.SIGN_OUT_TITLE, strings.SIGN_OUT_TEXT, Cancel(strings.SIGNED_OUT_DONE))
    return Leaving(strings.CONFIRM_SIGN_OUT_TITLE, strings.CONFIRM_SIGN_OUT_TEXT, Cancel(strings.STOPPED_SIGNED_OUT))


async def attempt(controller: Step[Any], answers: Any) -> tuple[Problem, ...]:
    """Validate `answers`, then submit them: the problems in the way, empty when the step is done.

    What the Textual screens do in a worker with a busy line, for the front
    ends that simply wait: the answers file and the plain line mode.
    """
    reasons = controller.validate(answers)
    if reasons:
        found: tuple[FieldProblem | FormProblem, ...] = problems_from_reasons(reasons)
        return found
    try:
        await controller.submit(answers)
    except BackendError as error:
        return (controller.explain(error),)
    return ()
