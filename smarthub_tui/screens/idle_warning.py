"""Kiosk mode: "Are you still there?" over whatever the visitor left, with a live countdown.

Why a dialog and not a silent timeout: WCAG 2.2.1 (Timing Adjustable) asks
that a person be warned before a time limit ends and get at least 20
seconds to extend it with one simple action.  Here any key extends (the
kiosk app closes this dialog on the first key it reads and swallows that
key, so it types nothing into the form underneath); Enter or a click on
"I'm still here" does the same.  The countdown itself is driven by the app's
ticks (`KioskApp.kiosk_tick`), so tests move a clock instead of waiting.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from smarthub_tui import strings
from smarthub_tui.widgets import SafeText, safe_content


class IdleWarningScreen(ModalScreen[None]):
    """The idle warning; dismissed (with nothing) when the visitor answers, popped when the kiosk starts over."""

    def __init__(self, seconds_left: int) -> None:
        super().__init__()
        self.seconds_left = seconds_left

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield SafeText(strings.KIOSK_IDLE_TITLE, id="dialog-title")
            yield SafeText(strings.KIOSK_IDLE_TEXT, id="dialog-text")
            yield SafeText(self._countdown(), id="idle-countdown")
            with Horizontal(id="dialog-buttons"):
                yield Button(safe_content(strings.KIOSK_STILL_HERE), id="still-here", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#still-here", Button).focus()

    def _countdown(self) -> str:
        return strings.KIOSK_IDLE_COUNTDOWN.format(seconds=self.seconds_left)

    def show_left(self, seconds: int) -> None:
        """The countdown line, now `seconds` to go."""
        if seconds != self.seconds_left:
            self.seconds_left = seconds
            self.query_one("#idle-countdown", SafeText).update(self._countdown())

    @property
    def countdown_text(self) -> str:
        return self.query_one("#idle-countdown", SafeText).text

    @on(Button.Pressed, "#still-here")
    def _still_here(self) -> None:
        self.dismiss(None)
