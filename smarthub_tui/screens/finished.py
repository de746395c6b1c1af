"""Screen 13, finished: what is now set up, and what to do next.

The co-op's closing words, then the account summary from the server (e-mail,
masked account numbers, paperless, whether a security phrase is set: never
the password, the phrase or any SSN digit), and where to sign in next
(`portalUrl`).  Done wipes the member's data and returns to the welcome
screen, ready for the next person.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from smarthub_tui import strings
from smarthub_tui.models import AccountSummary
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.steps import FinishedStep
from smarthub_tui.widgets import SafeText


class FinishedScreen(StepScreen):
    """The summary; Enter (Done) ends the walk."""

    controller: FinishedStep

    def compose_body(self) -> ComposeResult:
        yield SafeText(self.profile.texts.finishedText, classes="intro")
        yield SafeText(strings.FINISHED_SUMMARY_TITLE, classes="subtitle")
        yield Vertical(SafeText(strings.FINISHED_LOADING, classes="note"), id="summary")
        yield SafeText(self.controller.closing(), classes="note")

    def focus_first(self) -> None:
        self.query_one("#submit").focus()

    def arrived(self) -> None:
        self.run_call(self.controller.load, self._show, busy_text=strings.FINISHED_LOADING, is_load=True)

    def _show(self, summary: AccountSummary) -> None:
        box = self.query_one("#summary", Vertical)
        box.remove_children()
        box.mount_all([SafeText(line, classes="summary-line", single_line=True) for line in self.controller.lines(summary)])
