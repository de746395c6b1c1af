"""The Textual app: one front end of the wizard; it owns the screen stack, nothing more.

One worker (`run_wizard`) runs the Textual-free `runner.Runner`, which
decides the walk; this app is its `FrontEnd`: it shows each step's screen
with `push_screen_wait` (the Textual guide's pattern) and returns the
`Outcome` the screen dismisses with.  What a step asks and does is in
`steps`, what it looks like in `screens`, the order in `flow`, the walk in
`runner`.  Quit (Ctrl+Q, and Ctrl+C, which people press by reflex) asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding

from smarthub_tui import strings
from smarthub_tui.agent import AgentWizard, is_agent
from smarthub_tui.flow import Outcome
from smarthub_tui.runner import AlreadyRegisteredChoice, FrontEnd, Runner, Visit
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.connect import ConnectScreen
from smarthub_tui.screens.focus_cursor import FocusCursor
from smarthub_tui.screens.key_queue import KeyQueue
from smarthub_tui.steps import Wizard

STYLES = Path(__file__).parent / "styles" / "app.tcss"
IDLE_CHECK_SECONDS = 5.0
"""Agent mode: how often the idle clock is looked at (the limit itself is `AgentSettings.idle_minutes`)."""


class SmartHubApp(FocusCursor, App[None]):
    """The registration wizard for one co-op, on one backend (see `cli.make_app`)."""

    CSS_PATH = STYLES
    TITLE = strings.APP_TITLE
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "request_quit", strings.KEY_QUIT, priority=True),
        Binding("ctrl+c", "request_quit", strings.KEY_QUIT, show=False, priority=True),
        # --- agent mode: New call, named in the footer where it fits (the quiet one acts elsewhere) ---
        Binding("ctrl+n", "new_call", strings.KEY_NEW_CALL, priority=True),
        Binding("ctrl+n", "new_call_quiet", strings.KEY_NEW_CALL, show=False, priority=True),
        # Demo mode: the demo inbox on every screen after registration (a code screen's own F3 comes first);
        # named in the footer where it fits, so it never pushes Quit off an 80-column footer.
        Binding("f3", "demo_inbox", strings.KEY_INBOX_SHORT),
        Binding("f3", "demo_inbox_quiet", strings.KEY_INBOX_SHORT, show=False),
    ]

    def __init__(
        self,
        wizard: Wizard,
        *,
        no_color: bool = False,
        front_end: Callable[[FrontEnd], FrontEnd] | None = None,
    ) -> None:
        super().__init__()
        self.wizard = wizard
        self.front_end: Callable[[FrontEnd], FrontEnd] = front_end or (lambda app: app)
        """Wraps this app as the runner's front end (an answers file answering some steps, this app the rest)."""
        if no_color and not self.no_color:
            # The same monochrome filter Textual applies for NO_COLOR, chosen by flag.
            from textual.filter import Monochrome

            self.no_color = True
            self._filters.append(Monochrome())
        self._quit_asked = False
        self._reauth_open = False
        self.key_queue = KeyQueue(self)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes go through `key_queue` (one at a time, in order: see `screens.key_queue`); the rest as usual."""
        if isinstance(event, (events.Key, events.Paste)) and is_agent(self.wizard):
            self.wizard.touch()  # agent mode: the idle clock starts again
        if not self.key_queue.take(event):
            await super().on_event(event)

    def on_mount(self) -> None:
        self.run_wizard()
        if is_agent(self.wizard):
            self.set_interval(IDLE_CHECK_SECONDS, self.check_agent_idle)

    async def on_unmount(self) -> None:
        await self.wizard.aclose()

    # -- the front end the runner drives -------------------------------------------------

    @work(exclusive=True, group="wizard")
    async def run_wizard(self) -> None:
        """Walk the wizard (`runner.Runner`) for one member after another, until the app quits."""
        if is_agent(self.wizard):
            from smarthub_tui.agent_runner import AgentRunner

            await AgentRunner(self.wizard, self.front_end(self)).run()
            return
        await Runner(self.wizard, self.front_end(self)).run()

    async def connect(self, wizard: Wizard) -> None:
        """The "Connecting…" screen, with Retry, until the co-op's settings are known (none when at hand: the demo's, or prefetched)."""
        if await wizard.connect_at_once():
            await wizard.connect()
            return
        await self.push_screen_wait(ConnectScreen(wizard))

    async def show(self, visit: Visit) -> Outcome:
        """The step's screen, until it dismisses with its outcome."""
        from smarthub_tui.screens import screen_for

        return await self.push_screen_wait(screen_for(visit))

    async def already_registered(self, message: str, email: str) -> AlreadyRegisteredChoice:
        """The alert over the form."""
        from smarthub_tui.screens.already_registered import AlreadyRegisteredScreen

        return await self.push_screen_wait(AlreadyRegisteredScreen(message, email, self.wizard.state.profile.buttons))

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

    # --- demo mode (issue 10): F3 reads the demo inbox on any screen after registration ---

    _measuring_footer = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_call", "new_call_quiet"):  # agent mode
            if self._measuring_footer or not self.new_call_here():
                return False
            return self._footer_has_room("^n", strings.KEY_NEW_CALL) == (action == "new_call")
        if action in ("demo_inbox", "demo_inbox_quiet"):
            from smarthub_tui.screens.inbox import inbox_reader_here

            # Agent mode: never the member's e-mails (their code is the member's secret, not the agent's).
            if self._measuring_footer or is_agent(self.wizard) or inbox_reader_here(self.screen) is None:
                return False
            return self._footer_has_room() == (action == "demo_inbox")
        return super().check_action(action, parameters)

    def _footer_has_room(self, key: str = "f3", description: str = strings.KEY_INBOX_SHORT) -> bool:
        """Whether "F3 Inbox" (or `key` `description`) fits in the footer beside the keys shown already (no cut-off Quit)."""
        self._measuring_footer = True
        try:
            shown = [active.binding for active in self.screen.active_bindings.values() if active.binding.show]
        finally:
            self._measuring_footer = False
        width = 1 + sum(len(self.get_key_display(binding)) + 1 + len(binding.description) + 2 for binding in shown)
        return width + len(key) + 1 + len(description) <= self.size.width

    def action_demo_inbox(self) -> None:
        """F3 where the screen has no code field: the demo inbox, read-only."""
        from smarthub_tui.screens.base import StepScreen
        from smarthub_tui.screens.inbox import inbox_reader_here, open_inbox_read_only

        screen = self.screen
        reader = inbox_reader_here(screen)
        if reader is not None and isinstance(screen, StepScreen) and not screen.busy:
            open_inbox_read_only(screen, reader)

    def action_demo_inbox_quiet(self) -> None:
        """F3 where the footer has no room to name it: the same inbox."""
        self.action_demo_inbox()

    # --- agent mode (issue 10) -------------------------------------------------------------

    def new_call_here(self) -> bool:
        """Agent mode only, on a step of a call (not at the sign-in, not over a question already asked)."""
        from smarthub_tui.screens.agent_sign_in import AgentSignInScreen
        from smarthub_tui.screens.base import StepScreen

        screen = self.screen
        return is_agent(self.wizard) and isinstance(screen, StepScreen) and not isinstance(screen, AgentSignInScreen)

    def action_new_call(self) -> None:
        """Ctrl+N (agent mode): after a confirmation, wipe every field of this call and start the next one."""
        from smarthub_tui.flow import Cancel
        from smarthub_tui.screens.base import StepScreen

        screen = self.screen
        if not isinstance(screen, StepScreen):
            return

        def answered(yes: bool | None) -> None:
            if yes and screen.is_current:
                screen.stop_call()
                self.notify(strings.NEW_CALL_STARTED, markup=False)
                screen.dismiss(Cancel())

        self.push_screen(ConfirmScreen(strings.NEW_CALL_TITLE, strings.NEW_CALL_TEXT), answered)

    def action_new_call_quiet(self) -> None:
        """Ctrl+N where the footer has no room to name it: the same."""
        self.action_new_call()

    def check_agent_idle(self) -> None:
        """Agent mode, every few seconds (and from tests, after moving their clock): idle too long, ask the key again.

        The sign-in step goes over whatever screen is open, which stays as
        it is with everything typed; once the same agent's key is checked
        it closes and the agent carries on there.
        """
        wizard = self.wizard
        if not isinstance(wizard, AgentWizard) or not wizard.idle_expired() or self._reauth_open:
            return
        from smarthub_tui.flow import StepId
        from smarthub_tui.registry import controller_for
        from smarthub_tui.screens.agent_sign_in import AgentSignInScreen

        if isinstance(self.screen, AgentSignInScreen):
            return
        controller = controller_for(StepId.AGENT_SIGN_IN, wizard)
        self._reauth_open = True

        def done(outcome: object) -> None:
            self._reauth_open = False
            self.check_agent_idle()  # still not signed in again (cannot happen today): ask once more

        self.push_screen(AgentSignInScreen(controller, initial=controller.answers(), can_go_back=False), done)
