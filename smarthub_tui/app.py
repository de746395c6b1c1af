"""The Textual app: it owns the screen stack and walks the flow, nothing more.

One worker (`run_wizard`) walks the whole wizard with `push_screen_wait`,
the Textual guide's pattern: connect, welcome, then the plan of steps
(`flow.plan`) one screen at a time, moving by the `Outcome` each screen
returns.  What a step asks and does is in `steps`, what it looks like in
`screens`, the order in `flow`; this module only connects them.  Quit
(Ctrl+Q, and Ctrl+C, which people press by reflex) asks first.
"""

from __future__ import annotations

from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding

from smarthub_tui import strings
from smarthub_tui.flow import Back, Cancel, Mode, Next, Notice, Reroute, StepId, Walk, plan
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.connect import ConnectScreen
from smarthub_tui.screens.focus_cursor import FocusCursor
from smarthub_tui.screens.key_queue import KeyQueue
from smarthub_tui.state import SignInAnswers
from smarthub_tui.steps import Wizard, controller_for

STYLES = Path(__file__).parent / "styles" / "app.tcss"


class SmartHubApp(FocusCursor, App[None]):
    """The registration wizard for one co-op, on one backend (see `cli.make_app`)."""

    CSS_PATH = STYLES
    TITLE = strings.APP_TITLE
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "request_quit", strings.KEY_QUIT, priority=True),
        Binding("ctrl+c", "request_quit", strings.KEY_QUIT, show=False, priority=True),
    ]

    def __init__(self, wizard: Wizard, *, no_color: bool = False) -> None:
        super().__init__()
        self.wizard = wizard
        if no_color and not self.no_color:
            # The same monochrome filter Textual applies for NO_COLOR, chosen by flag.
            from textual.filter import Monochrome

            self.no_color = True
            self._filters.append(Monochrome())
        self._quit_asked = False
        self.key_queue = KeyQueue(self)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes go through `key_queue` (one at a time, in order: see `screens.key_queue`); the rest as usual."""
        if not self.key_queue.take(event):
            await super().on_event(event)

    def on_mount(self) -> None:
        self.run_wizard()

    async def on_unmount(self) -> None:
        await self.wizard.aclose()

    # -- walking the flow ----------------------------------------------------------------

    @work(exclusive=True, group="wizard")
    async def run_wizard(self) -> None:
        """Connect, then loop: welcome, a walk, back to welcome (the next member)."""
        await self.push_screen_wait(ConnectScreen(self.wizard))
        notice: Notice | None = None
        while True:
            notice = await self._welcome_and_walk(notice)

    async def _welcome_and_walk(self, notice: Notice | None) -> Notice | None:
        """Show the welcome screen, then walk what the person chose; returns a notice for the next welcome."""
        from smarthub_tui.screens import screen_for

        welcome = controller_for(StepId.WELCOME, self.wizard)
        outcome = await self.push_screen_wait(screen_for(StepId.WELCOME, welcome, can_go_back=False, notice=notice))
        if isinstance(outcome, Reroute):
            await self._account_recovery()
            return None
        if isinstance(outcome, Next) and isinstance(outcome.answers, Mode):
            return await self._walk(outcome.answers)
        return None

    async def _walk(self, mode: Mode) -> Notice | None:
        """Walk the plan for `mode` until it ends, is cancelled, or sends the person back to the start."""
        from smarthub_tui.screens import screen_for

        state = self.wizard.state
        steps = plan(mode, state.profile, state)
        if not steps:
            state.reset()
            return None
        walk = Walk(steps, skip=lambda step: controller_for(step, self.wizard).skipped())
        while True:
            step = walk.current
            controller = controller_for(step, self.wizard)
            screen = screen_for(
                step,
                controller,
                number=walk.number,
                total=walk.total,
                # Back from the first registration step returns to the welcome screen, answers kept.
                can_go_back=walk.can_go_back or (walk.at_start and mode is Mode.REGISTER),
                notice=walk.notice,
            )
            outcome = await self.push_screen_wait(screen)
            if isinstance(outcome, Next):
                controller.remember(outcome.answers)
                if not walk.forward():
                    state.reset()  # finished: nothing of this member stays for the next
                    return None
            elif isinstance(outcome, Back):
                controller.remember(outcome.answers)
                if walk.at_start:
                    return None
                walk.back()
            elif isinstance(outcome, Cancel):
                state.reset()  # only what is here: a registration already made stays on the server
                return Notice(outcome.message) if outcome.message else None
            elif isinstance(outcome, Reroute):
                if outcome.step is StepId.WELCOME:
                    email = state.auth.user_id if state.auth else state.sign_in.email
                    state.reset()
                    state.sign_in = SignInAnswers(email=email)
                    return Notice(outcome.message)
                if outcome.step is StepId.ALREADY_REGISTERED:
                    if await self._already_registered(outcome.message):
                        return None
                    continue  # back to the form, everything typed kept
                if not walk.go_to(outcome.step, Notice(outcome.message, outcome.field)):
                    state.reset()
                    return Notice(outcome.message)

    async def _already_registered(self, message: str) -> bool:
        """The alert; True when the person left for account recovery (the walk ends)."""
        from smarthub_tui.screens.already_registered import AlreadyRegisteredChoice, AlreadyRegisteredScreen

        state = self.wizard.state
        choice = await self.push_screen_wait(AlreadyRegisteredScreen(message, state.account.email.strip()))
        if choice is AlreadyRegisteredChoice.FORGOT_PASSWORD:
            email = state.account.email.strip()
            state.reset()
            state.sign_in = SignInAnswers(email=email)
            await self._account_recovery()
            return True
        return False

    async def _account_recovery(self) -> None:
        """The "not available yet" screen; returns when the person leaves it."""
        from smarthub_tui.screens.account_recovery import AccountRecoveryScreen

        await self.push_screen_wait(AccountRecoveryScreen(self.wizard.state.profile.shortName))

    # -- quitting -------------------------------------------------------------------------

    def action_request_quit(self) -> None:
        """Ctrl+Q / Ctrl+C: ask, then quit (everything typed goes with the process)."""
        if self._quit_asked:
            return
        self._quit_asked = True

        def answered(yes: bool | None) -> None:
            self._quit_asked = False
            if yes:
                self.wizard.state.reset()
                self.exit()

        state = self.wizard.state
        # Once the account exists, quitting loses nothing of it: say so, as F10 does.
        text = strings.CONFIRM_QUIT_TEXT_KEPT if state.receipt or state.auth else strings.CONFIRM_QUIT_TEXT
        self.push_screen(ConfirmScreen(strings.CONFIRM_QUIT_TITLE, text), answered)
