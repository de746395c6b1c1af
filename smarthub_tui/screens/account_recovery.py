"""Where "Forgot Password?" and "Can't access your account?" lead: not available yet, said plainly.

Account recovery is later work.  Rather than a dead button or a crash, this
screen says so in plain words, points to member services, and returns to the
welcome screen on Enter or Esc.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer

from smarthub_tui import strings
from smarthub_tui.screens.keys import NamedKeys
from smarthub_tui.widgets import SafeText, StepHeader, safe_content


class AccountRecoveryScreen(NamedKeys, Screen[None]):
    """"Not available yet"; dismisses (back to the welcome screen) on Enter, Esc or the button."""

    BINDINGS = [Binding("escape", "leave", strings.BUTTON_BACK_TO_START)]

    def __init__(self, coop: str) -> None:
        super().__init__()
        self.coop = coop

    def compose(self) -> ComposeResult:
        yield StepHeader(self.coop, strings.RECOVERY_TITLE, 0, 0, id="header")
        with VerticalScroll(id="body", can_focus=False):
            yield SafeText(strings.RECOVERY_TEXT, classes="intro")
            with Horizontal(id="buttons"):
                yield Button(safe_content(strings.BUTTON_BACK_TO_START), id="leave", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#leave", Button).focus()

    def action_leave(self) -> None:
        """Return to the welcome screen."""
        self.dismiss(None)

    @on(Button.Pressed, "#leave")
    def _leave(self) -> None:
        self.dismiss(None)
