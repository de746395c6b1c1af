"""My Profile's paperless billing: the registration's paperless screen, with the choice in force said first.

The choice in force is shown picked, so Enter alone keeps it; the arrows
pick the other.  The step (`ProfilePaperlessStep`) names the accounts it
covers, and the menu says what was saved.
"""

from __future__ import annotations

from textual.app import ComposeResult

from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.steps import ProfilePaperlessStep
from smarthub_tui.widgets import SafeText


class ProfilePaperlessScreen(PaperlessScreen):
    """Paperless on or off; dismisses with `Next(PaperlessAnswers)` once saved, Esc back to My Profile."""

    controller: ProfilePaperlessStep

    def compose_body(self) -> ComposeResult:
        yield SafeText(self.controller.now(), classes="intro", id="paperless-now")
        yield from super().compose_body()
