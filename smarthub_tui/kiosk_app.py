"""Kiosk mode's Textual app: the wizard on a public terminal in a co-op lobby.

Why a subclass of the wizard's app rather than flags in it: everything a
kiosk adds is around the steps, not in them, and it is easier to check that
a visitor cannot get out when all of it is in one place:

- No way out: Ctrl+Q, Ctrl+C, Ctrl+Z, Ctrl+\\ and Ctrl+P (the command
  palette) are bound, with priority and unshown, to nothing.  Textual's
  Linux driver already clears ISIG in raw mode, so the terminal sends those
  as keys, not signals; the command line drops ``TEXTUAL_ALLOW_SIGNALS``
  (which would put ISIG back) and ignores SIGINT, SIGQUIT and SIGTSTP for
  the moments outside raw mode, and `on_mount` ignores SIGTSTP again after
  the driver put its own suspend handler in place.  F10 still starts over
  (the runner wipes and shows the welcome screen); it never exits.
- The operator leaves with F12 (a key a tmux pane, an xterm and the Linux
  console all send, shown nowhere) and the PIN (`screens.operator_exit`).
- Idle: after ``idle_seconds`` without a key, "Are you still there?"
  (`screens.idle_warning`) counts ``warning_seconds`` down; any key extends;
  no answer starts over: the walk is stopped, every screen closed, the state
  wiped, a signed-in member signed out on the server, and the runner starts
  again at the welcome screen.  After a finished registration the same
  happens by itself after ``finished_return_seconds``, with a visible
  countdown line.  The clocks are `kiosk.IdleClock` and `kiosk.Countdown`
  over an injectable clock; `kiosk_tick` (once a second here, called by
  hand in tests) reads them.
- Forgetting: each time the welcome screen comes up (a visitor's session
  ended) the terminal's screen and scrollback are erased
  (`kiosk.CLEAR_TERMINAL`, through the driver), and nothing is written to
  disk: the wizard keeps no log and no history in any mode.
- Readable from a step away: a high-contrast theme (white and yellow on
  black, above WCAG AAA's 7:1) and ``styles/kiosk.tcss`` (more space).
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events, work
from textual.binding import Binding
from textual.theme import Theme
from textual.worker import WorkerCancelled, WorkerFailed

from smarthub_tui.app import SmartHubApp
from smarthub_tui.backend.base import BackendError
from smarthub_tui.flow import Outcome, StepId
from smarthub_tui.kiosk import CLEAR_TERMINAL, Clock, Countdown, IdleClock, IdlePhase, KioskConfig, PinGate, require_pin
from smarthub_tui.runner import FrontEnd, Visit
from smarthub_tui.steps import Wizard

KIOSK_STYLES = Path(__file__).parent / "styles" / "kiosk.tcss"

HIGH_CONTRAST = Theme(
    name="kiosk-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#FFFFFF",
    warning="#FFFF00",
    error="#FF9090",
    success="#90FF90",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "input-selection-background": "#FFFF00 40%",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "border": "#FFFFFF",
    },
)
"""White text on black with yellow for what has the focus: contrast 21:1 and 19.6:1 (WCAG AAA asks 7:1)."""

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGQUIT", "SIGTSTP") if hasattr(signal, name))
TICK_SECONDS = 1.0


def ignore_stop_signals() -> None:
    """Ctrl+C, Ctrl+\\ and Ctrl+Z as signals (outside raw mode) do nothing to a kiosk."""
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)


class KioskApp(SmartHubApp):
    """The wizard for visitors: no way out but the operator's, forgets each visitor (see the module's docstring)."""

    BINDINGS = [
        Binding("ctrl+q", "kiosk_nothing", show=False, priority=True),
        Binding("ctrl+c", "kiosk_nothing", show=False, priority=True),
        Binding("ctrl+z", "kiosk_nothing", show=False, priority=True),
        Binding("ctrl+backslash", "kiosk_nothing", show=False, priority=True),
        Binding("ctrl+p", "kiosk_nothing", show=False, priority=True),
        Binding("f12", "operator_exit", show=False, priority=True),
    ]

    def __init__(
        self,
        wizard: Wizard,
        config: KioskConfig,
        *,
        clock: Clock | None = None,
        no_color: bool = False,
        front_end: Callable[[FrontEnd], FrontEnd] | None = None,
    ) -> None:
        super().__init__(wizard, no_color=no_color, front_end=front_end)
        import time

        self.css_path.append(KIOSK_STYLES)
        self.register_theme(HIGH_CONTRAST)
        self.kiosk_config = config
        self.pin_hash = require_pin(config)
        clock = clock or time.monotonic
        self.idle = IdleClock(config.idle_seconds, config.warning_seconds, clock)
        self.finished = Countdown(config.finished_return_seconds, clock)
        self.pin_gate = PinGate(clock)
        self.shown: StepId | None = None
        """The step on screen now (None while the walk is between steps)."""
        self.starting_over = False

    def on_mount(self) -> None:
        self.theme = HIGH_CONTRAST.name
        super().on_mount()
        if not self.is_headless:
            ignore_stop_signals()  # again: the driver has just put its own Ctrl+Z (SIGTSTP) handler in place
            self.set_interval(TICK_SECONDS, self.kiosk_tick)

    async def on_event(self, event: events.Event) -> None:
        """Any key, paste or click is the visitor being there; the one that answers "still there?" goes no further."""
        if isinstance(event, (events.Key, events.Paste, events.MouseDown)):
            self.idle.touch()
            warning = self.warning
            if warning is not None:
                warning.dismiss(None)
                return
        await super().on_event(event)

    def action_kiosk_nothing(self) -> None:
        """Ctrl+Q, Ctrl+C, Ctrl+Z, Ctrl+\\, Ctrl+P: nothing, on purpose (a visitor's way out would be the shell)."""

    # -- the front end, with the kiosk's clocks around each step ---------------------------

    async def connect(self, wizard: Wizard) -> None:
        """Once connected, starting over does not show "Connecting…" again."""
        if not wizard.connected:
            await super().connect(wizard)

    async def show(self, visit: Visit) -> Outcome:
        """Each step as usual; the welcome screen also erases the terminal, the finished one starts the way back."""
        self.shown = visit.step
        self.idle.touch()
        self.finished.stop()
        if visit.step is StepId.WELCOME:
            self.clear_terminal()
        elif visit.step is StepId.FINISHED:
            self.finished.start()
            self.call_after_refresh(self.kiosk_tick)
        try:
            kiosk_screen = self._kiosk_screen(visit)
            if kiosk_screen is None:
                return await super().show(visit)
            outcome: Outcome = await self.push_screen_wait(kiosk_screen)
            return outcome
        finally:
            self.shown = None

    @staticmethod
    def _kiosk_screen(visit: Visit) -> Any:
        """The welcome and registration screens with the barcode scanner's way in (`screens.kiosk_welcome`), else None."""
        from smarthub_tui.screens import screen_for
        from smarthub_tui.screens.kiosk_register import KioskRegisterScreen
        from smarthub_tui.screens.kiosk_welcome import KioskWelcomeScreen

        kinds = {StepId.WELCOME: KioskWelcomeScreen, StepId.REGISTER: KioskRegisterScreen}
        kind = kinds.get(visit.step)
        if kind is None:
            return None
        return screen_for(visit, kind)

    def clear_terminal(self) -> None:
        """Erase the terminal's screen and scrollback, then have Textual draw everything again."""
        driver = self._driver
        if driver is not None:
            driver.write(CLEAR_TERMINAL)
            driver.flush()
        self.refresh(repaint=True, layout=True)

    # -- the clocks -------------------------------------------------------------------------

    @property
    def warning(self) -> Any:
        """The idle warning if it is on screen, else None."""
        from smarthub_tui.screens.idle_warning import IdleWarningScreen

        return next((s for s in self.screen_stack if isinstance(s, IdleWarningScreen)), None)

    def visitor_present(self) -> bool:
        """Whether there is anything of a visitor to forget: a step past the welcome screen, or something typed on it."""
        if self.shown is None or self.shown is not StepId.WELCOME:
            return True
        from smarthub_tui.screens.welcome import WelcomeScreen

        welcome = next((s for s in self.screen_stack if isinstance(s, WelcomeScreen)), None)
        if welcome is None:
            return False
        typed = welcome.collect()
        return bool(typed.email or typed.password) or self.screen is not welcome

    def kiosk_tick(self) -> None:
        """Read the clocks: show or update the warning or the finished countdown, or start over."""
        if self.starting_over:
            return
        if self.finished.running:
            self._show_return_countdown()
            if self.finished.over():
                self.start_over()
                return
        if not self.visitor_present():
            self.idle.touch()
            return
        phase = self.idle.phase()
        warning = self.warning
        if phase is IdlePhase.ACTIVE:
            if warning is not None:
                warning.dismiss(None)  # answered some other way than a key (the clock was touched)
            return
        if phase is IdlePhase.EXPIRED:
            self.start_over()
            return
        if warning is None:
            from smarthub_tui.screens.idle_warning import IdleWarningScreen

            self.push_screen(IdleWarningScreen(self.idle.warning_left()))
        else:
            warning.show_left(self.idle.warning_left())

    def _show_return_countdown(self) -> None:
        from smarthub_tui import strings
        from smarthub_tui.screens.finished import FinishedScreen
        from smarthub_tui.widgets import SafeText

        screen = next((s for s in self.screen_stack if isinstance(s, FinishedScreen)), None)
        if screen is None or not screen.is_mounted:
            return
        text = strings.KIOSK_FINISHED_COUNTDOWN.format(seconds=self.finished.left())
        lines = screen.query("#kiosk-return")
        if lines:
            line = lines.first(SafeText)
            if line.text != text:
                line.update(text)
        else:
            body = screen.query("#body")
            if body:
                body.first().mount(SafeText(text, id="kiosk-return", classes="notice"))

    @work(exclusive=True, group="kiosk-start-over")
    async def start_over(self) -> None:
        """The visitor is gone: stop the walk, close every screen, wipe, sign out, and begin again at the welcome screen."""
        self.starting_over = True
        try:
            state = self.wizard.state
            auth = state.auth
            self.finished.stop()
            # The old walk must have ended (its own wipe included) before the new one begins.
            for worker in self.workers.cancel_group(self, "wizard"):
                try:
                    await worker.wait()
                except (WorkerCancelled, WorkerFailed):
                    pass
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            state.reset()
            self.idle.touch()
            self.run_wizard()
            if auth is not None:
                try:
                    await self.wizard.backend.sign_out(auth)  # the kiosk never leaves a member signed in
                except BackendError:
                    pass  # best effort: the token is forgotten here either way
        finally:
            self.starting_over = False

    # -- the operator's way out -------------------------------------------------------------

    def action_operator_exit(self) -> None:
        """F12: the PIN dialog; the right PIN wipes and exits."""
        from smarthub_tui.screens.operator_exit import OperatorExitScreen

        if any(isinstance(s, OperatorExitScreen) for s in self.screen_stack):
            return

        def answered(right: bool | None) -> None:
            if right:
                self.wizard.state.reset()
                self.exit()

        self.push_screen(OperatorExitScreen(self.pin_hash, self.pin_gate), answered)
