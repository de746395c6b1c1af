"""Screen 2, new user registration: account number, name on the account, e-mail (and its confirmation).

The guides' form (PEC: "Account Number, Last Name or Business, E-Mail
Address"; the set-up guide adds "Confirm E-mail Address" where the co-op
asks, `profile.confirmEmail`), with Submit, Reset and Cancel.  Submit looks
the account up (`Backend.lookup_account`); "not found" is one message for
the whole form (the server will not say which field was wrong), "already
registered" goes to its alert.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen, button
from smarthub_tui.state import AccountAnswers
from smarthub_tui.widgets import FieldError, SafeText


class RegisterScreen(StepScreen):
    """The registration form; dismisses with `Next(AccountAnswers)` once the account is found."""

    initial: AccountAnswers
    busy_text = strings.BUSY_LOOKUP

    def compose_body(self) -> ComposeResult:
        texts = self.profile.texts
        answers = self.initial
        yield SafeText(texts.registrationIntro, classes="intro")
        shown = {field.name for field in self.controller.fields()}
        for name, value in self.controller.values(answers).items():
            if name in shown:
                yield self.field_row(name, Input(value, id=name, max_length=self.max_length(name)))

    def compose_buttons(self):  # noqa: ANN201
        buttons = self.profile.buttons
        yield button(self.submit_label, "submit", variant="primary")
        yield button(buttons.reset, "reset")
        yield button(buttons.cancel, "cancel")

    def collect(self) -> AccountAnswers:
        confirm = self.query("#confirmEmail")
        return AccountAnswers(
            account_number=self.query_one("#accountNumber", Input).value,
            last_name=self.query_one("#lastNameOrBusiness", Input).value,
            email=self.query_one("#email", Input).value,
            confirm_email=confirm.first(Input).value if confirm else "",
        )

    @on(Button.Pressed, "#reset")
    def reset_form(self, event: Button.Pressed | None = None) -> None:
        """Reset: empty every field and error, and start again at the first field."""
        if event is not None:
            event.stop()
        for field in self.query(Input):
            field.clear()
        for error in self.query(FieldError):
            error.clear()
        self.query_one("#accountNumber", Input).focus()
