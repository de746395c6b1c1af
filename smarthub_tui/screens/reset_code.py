"""Forgot Password, the code: the server's one answer to the request, then the code from the e-mail.

As on the verify screen, a demo backend opens the demo inbox on F3, where
the reset e-mail can be read and its code taken into the field.  The code is
masked like every secret typed here (F2 shows it).  Continue keeps it for
the next screen, which sends it with the new password; a code the server
refuses brings the person back here with the reason at the field.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from smarthub_tui import strings
from smarthub_tui.screens.inbox import CodeFromInboxScreen
from smarthub_tui.state import ResetCodeAnswers
from smarthub_tui.steps import ResetCodeStep
from smarthub_tui.widgets import SafeText, SecretInput


class ResetCodeScreen(CodeFromInboxScreen):
    """The reset code; dismisses with `Next(ResetCodeAnswers)` (nothing is sent from here)."""

    BINDINGS = [Binding("f3", "inbox", strings.KEY_INBOX)]

    controller: ResetCodeStep
    initial: ResetCodeAnswers

    def compose_body(self) -> ComposeResult:
        for paragraph in self.controller.intro():
            yield SafeText(paragraph, classes="intro")
        yield self.field_row("code", SecretInput(self.initial.code, id="code", max_length=self.max_length("code")))
        if self.controller.demo:
            yield SafeText(strings.LABEL_VERIFY_DEMO_HINT, classes="note")

    def collect(self) -> ResetCodeAnswers:
        return ResetCodeAnswers(code=self.query_one("#code", SecretInput).value)

