"""Kiosk mode: the operator's way out, a PIN over the current screen.

Why a PIN: a kiosk's visitor must never reach the shell, yet the operator
has to leave it (to update, to shut down) without a keyboard trick a visitor
could learn from the footer, so the key that opens this dialog is not shown
anywhere and the dialog itself asks the PIN whose argon2 hash is in the
kiosk config.  The PIN is masked and never revealed (no F2 here, unlike the
wizard's password fields), it is cleared after each try, and after three
wrong ones each next try waits longer (`kiosk.PinGate`, kept by the app so
that closing and reopening this dialog does not reset it).  The check runs
in a thread: argon2 is slow on purpose.
"""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from smarthub_tui import strings
from smarthub_tui.kiosk import PinGate, pin_matches
from smarthub_tui.widgets import SafeText, safe_content


class OperatorExitScreen(ModalScreen[bool]):
    """Dismisses with True when the right PIN was given (the app then exits), False on Esc or Back."""

    BINDINGS = [Binding("escape", "back", strings.KIOSK_BACK, show=False)]

    def __init__(self, pin_hash: str, gate: PinGate) -> None:
        super().__init__()
        self.pin_hash = pin_hash
        self.gate = gate
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield SafeText(strings.KIOSK_OPERATOR_TITLE, id="dialog-title")
            yield SafeText(strings.KIOSK_OPERATOR_TEXT, id="dialog-text")
            with Horizontal(id="pin-row"):
                yield SafeText(strings.KIOSK_PIN_LABEL, classes="label")
                yield Input(password=True, id="pin", max_length=64)
            yield SafeText("", id="pin-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(safe_content(strings.KIOSK_LEAVE), id="leave", variant="error")
                yield Button(safe_content(strings.KIOSK_BACK), id="back", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()

    @property
    def message(self) -> str:
        """What the dialog says under the PIN ("" for nothing)."""
        return self.query_one("#pin-error", SafeText).text

    def action_back(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#back")
    def _back(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#leave")
    def _try(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        box = self.query_one("#pin", Input)
        pin, box.value = box.value, ""
        wait = self.gate.wait_left()
        if wait > 0:
            self._say(strings.KIOSK_PIN_WAIT.format(seconds=-int(-wait // 1)))
            return
        if not pin or self.checking:
            return
        self.checking = True
        self._say(strings.KIOSK_PIN_CHECKING)
        self._check(pin)

    @work(exclusive=True, group="operator-pin")
    async def _check(self, pin: str) -> None:
        right = await asyncio.to_thread(pin_matches, self.pin_hash, pin)
        self.checking = False
        self.gate.record(right)
        if right:
            self.dismiss(True)
            return
        wait = self.gate.wait_left()
        self._say(strings.KIOSK_PIN_WAIT.format(seconds=-int(-wait // 1)) if wait > 0 else strings.KIOSK_PIN_WRONG)

    def _say(self, text: str) -> None:
        self.query_one("#pin-error", SafeText).update(text)
