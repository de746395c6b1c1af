"""Forgot Password: the login's e-mail, and the account number or secret hint answer where the co-op asks them.

Reached from the welcome screen's "Can't access your account?" and from the
"already registered" alert's "Forgot Password?", there with the e-mail
filled in.  "Send code" asks the server to e-mail a reset code; its answer
is the same whether or not the address is registered, and the next screen
says it.  Esc goes back to where the person came from, the e-mail kept.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.state import ResetAnswers
from smarthub_tui.steps import ForgotPasswordStep
from smarthub_tui.widgets import SafeText, SecretInput


class ForgotPasswordScreen(StepScreen):
    """E-mail (and the profile's extra questions); dismisses with `Next(ResetAnswers)` once the code is asked for."""

    controller: ForgotPasswordStep
    initial: ResetAnswers
    busy_text = strings.BUSY_SENDING_CODE

    def compose_body(self) -> ComposeResult:
        for paragraph in self.controller.intro():
            yield SafeText(paragraph, classes="intro")
        asked = {field.name for field in self.controller.fields()}
        yield self.field_row("email", Input(self.initial.email, id="email", max_length=self.max_length("email")))
        if "accountNumber" in asked:
            number = Input(self.initial.account_number, id="accountNumber", max_length=self.max_length("accountNumber"))
            yield self.field_row("accountNumber", number)
        if "hintAnswer" in asked:
            hint = SecretInput(self.initial.hint_answer, id="hintAnswer", max_length=self.max_length("hintAnswer"))
            yield self.field_row("hintAnswer", hint)

    def focus_first(self) -> None:
        """With the e-mail already there (from the alert or the welcome screen), start at what is still to type."""
        if self.initial.email:
            empty = [widget for widget in self.query("#accountNumber, #hintAnswer") if not getattr(widget, "value", "")]
            if empty:
                empty[0].focus()
            else:
                self.query_one("#submit").focus()

    def collect(self) -> ResetAnswers:
        number = self.query("#accountNumber")
        hint = self.query("#hintAnswer")
        return ResetAnswers(
            email=self.query_one("#email", Input).value,
            account_number=number.first(Input).value if number else "",
            hint_answer=hint.first(SecretInput).value if hint else "",
        )
