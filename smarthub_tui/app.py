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
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.widget import Widget

from smarthub_tui import strings
from smarthub_tui.agent import is_agent
from smarthub_tui.flow import Outcome
from smarthub_tui.profile_data import ProfileError
from smarthub_tui.runner import AlreadyRegisteredChoice, FrontEnd, Runner, Visit
from smarthub_tui.screens.agent_call_keys import IDLE_CHECK_SECONDS, AgentCallKeys
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.connect import ConnectScreen
from smarthub_tui.screens.demo_inbox_key import DemoInboxKey
from smarthub_tui.screens.focus_cursor import FocusCursor
from smarthub_tui.screens.key_queue import KeyQueue
from smarthub_tui.screens.styled_on_mount import StyledOnMount
from smarthub_tui.steps import Wizard

if TYPE_CHECKING:
    from textual.css.types import CSSLocation

STYLES = Path(__file__).parent / "styles" / "app.tcss"


class SmartHubApp(AgentCallKeys, DemoInboxKey, FocusCursor, StyledOnMount, App[None]):
    """The registration wizard for one co-op, on one backend (see `cli.make_app`).

    Agent mode's keys (New call, the idle check) are `AgentCallKeys`, demo
    mode's F3 is `DemoInboxKey`; their bindings stay listed here, where their
    order sets the footer's.  Nodes outside the DOM are styled only as they
    mount (`StyledOnMount`).
    """

    CSS_PATH = STYLES
    TITLE = strings.APP_TITLE
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "request_quit", strings.KEY_QUIT, priority=True),
        Binding("ctrl+c", "request_quit", strings.KEY_QUIT, show=False, priority=True),
        # agent mode: New call, named in the footer where it fits (the quiet one acts elsewhere)
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

    def _get_default_css(self) -> list[tuple[CSSLocation, str, int, str]]:
        """The app's default CSS, and the welcome screen's (Screen's and Widget's among it), parsed once.

        Why: Textual keeps one copy of a class's default CSS at the lowest
        tie-breaker any subclass registers it with, and parses it again when
        that changes.  Its own default screen registered Screen's and
        Widget's CSS first, the welcome (deeper in their subclasses) again
        lower: both parsed twice before the welcome took keys.  Given here,
        before the default screen, at the welcome's tie-breakers, the rules
        are the same and each is parsed once.
        """
        from smarthub_tui.screens.welcome import WelcomeScreen

        shim = SimpleNamespace(_node_bases=Widget._css_bases(WelcomeScreen))  # what `_get_default_css` reads of an instance
        return [*super()._get_default_css(), *Widget._get_default_css(cast(Widget, shim))]

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
        try:
            await Runner(self.wizard, self.front_end(self)).run()
        except ProfileError as error:
            # the welcome's unchecked profile was not valid, found by a walk that began before its check ended
            self.wizard.settings_error = error
            self.exit(return_code=2)

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
