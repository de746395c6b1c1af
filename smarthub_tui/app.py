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
from smarthub_tui.flow import Outcome
from smarthub_tui.runner import AlreadyRegisteredChoice, FrontEnd, Runner, Visit
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.connect import ConnectScreen
from smarthub_tui.screens.focus_cursor import FocusCursor
from smarthub_tui.screens.key_queue import KeyQueue
from smarthub_tui.steps import Wizard

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
        self.key_queue = KeyQueue(self)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes go through `key_queue` (one at a time, in order: see `screens.key_queue`); the rest as usual."""
        if not self.key_queue.take(event):
            await super().on_event(event)

    def on_mount(self) -> None:
        self.run_wizard()

    async def on_unmount(self) -> None:
        await self.wizard.aclose()

    # -- the front end the runner drives -------------------------------------------------

    @work(exclusive=True, group="wizard")
    async def run_wizard(self) -> None:
        """Walk the wizard (`runner.Runner`) for one member after another, until the app quits."""
        await Runner(self.wizard, self.front_end(self)).run()

    async def connect(self, wizard: Wizard) -> None:
        """The "Connecting…" screen, with Retry, until the co-op's settings are known (none for the embedded demo: nothing to wait for)."""
        if wizard.connects_locally:
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
