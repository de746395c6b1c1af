"""My Profile's Manage My Registered Accounts: the accounts of this e-mail, and the red Unsubscribe button.

As the PEC guide has it: Unsubscribe opens the co-op's confirmation
(digital notifications stop, paper bills resume) with Yes and No; No is
focused, so a stray Enter deletes nothing.  Yes deletes the registration and
the member is taken to the welcome screen; No keeps everything and goes back
to My Profile.  Esc goes back too.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.widget import Widget

from smarthub_tui import strings
from smarthub_tui.flow import Next
from smarthub_tui.screens.base import StepScreen, button
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.state import UnsubscribeAnswers
from smarthub_tui.steps import UnsubscribeStep
from smarthub_tui.widgets import FieldError, SafeText


class UnsubscribeScreen(StepScreen):
    """Unsubscribe, confirmed; dismisses with `Next(UnsubscribeAnswers)`."""

    controller: UnsubscribeStep
    busy_text = strings.BUSY_UNSUBSCRIBING

    def compose_body(self) -> ComposeResult:
        yield SafeText(self.controller.registered(), classes="intro")
        yield FieldError(id="unsubscribe-error")

    def compose_buttons(self) -> Iterable[Widget]:
        yield button(self.submit_label, "submit", variant="error")

    def focus_first(self) -> None:
        self.query_one("#submit").focus()

    def collect(self) -> UnsubscribeAnswers:
        return UnsubscribeAnswers()

    def action_submit(self) -> None:
        """Enter / Unsubscribe: the co-op's confirmation first; Yes deletes, No goes back to My Profile."""
        if self.busy:
            return

        def answered(yes: bool | None) -> None:
            answers = UnsubscribeAnswers(bool(yes))
            if not yes:
                self.dismiss(Next(answers))
                return
            self.clear_errors()
            self.run_call(lambda: self.controller.submit(answers), lambda result: self.succeeded(answers, result), busy_text=self.busy_text)

        self.app.push_screen(ConfirmScreen(strings.UNSUBSCRIBE_QUESTION, self.profile.texts.unsubscribeConfirm), answered)
