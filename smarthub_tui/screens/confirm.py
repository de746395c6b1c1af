"""A yes/no question over the current screen, for the choices that wipe or end things.

Cancel wipes everything typed and Quit ends the program; both are one key
away, so both ask first (docs/architecture.md section 10).  "No" has the focus, so a
stray Enter changes nothing; Y and N answer directly, Esc means no.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer

from smarthub_tui import strings
from smarthub_tui.screens.keys import NamedKeys, with_key
from smarthub_tui.widgets import SafeText, safe_content


class ConfirmScreen(NamedKeys, ModalScreen[bool]):
    """Asks `question`; dismisses with True (yes) or False (no)."""

    BINDINGS = [
        Binding("n", "answer(False)", strings.BUTTON_NO),
        Binding("escape", "answer(False)", strings.BUTTON_NO, show=False),  # the footer names N for No
        Binding("y", "answer(True)", strings.BUTTON_YES),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield SafeText(self.title_text, id="dialog-title")
            yield SafeText(self.question, id="dialog-text")
            with Horizontal(id="dialog-buttons"):
                yield Button(safe_content(with_key(strings.BUTTON_YES, "Y")), id="yes", variant="error")
                yield Button(safe_content(with_key(strings.BUTTON_NO, "N")), id="no", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        """Answer the question."""
        self.dismiss(yes)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
