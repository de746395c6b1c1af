"""Screen 3, the "already registered with the same e-mail address" alert.

PEC's guide: some accounts were pre-registered with the member's e-mail; the
alert offers "Forgot Password?" (to reset the temporary password) and
"Cancel".  Forgot Password? walks the Forgot Password screens with the
e-mail filled in; Cancel returns to the form with everything typed, to
correct the e-mail or the account.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer

from smarthub_tui import strings
from smarthub_tui.profiles import Buttons
from smarthub_tui.runner import AlreadyRegisteredChoice
from smarthub_tui.screens.keys import NamedKeys, footer_key
from smarthub_tui.widgets import FieldError, SafeText, safe_content


class AlreadyRegisteredScreen(NamedKeys, ModalScreen[AlreadyRegisteredChoice]):
    """The alert over the form: the e-mail, the co-op's message, Forgot Password? and Cancel."""

    BINDINGS = [Binding("escape", "choose('cancel')", strings.BUTTON_CANCEL)]

    def __init__(self, message: str, email: str, buttons: Buttons) -> None:
        super().__init__()
        self.message = message
        self.email = email
        self.buttons = buttons
        """The co-op's words for Forgot Password? and Cancel."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield SafeText(strings.ALREADY_REGISTERED_TITLE, id="dialog-title")
            yield SafeText(strings.ALREADY_REGISTERED_EMAIL.format(email=self.email), single_line=True)
            yield FieldError(self.message, id="email-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(safe_content(self.buttons.forgotPassword), id="forgot", variant="primary")
                yield Button(safe_content(self.buttons.cancel), id="cancel")
        yield Footer()

    def footer_keys(self) -> list[Binding]:
        """As every screen's, and Esc named with the co-op's word for Cancel (what it does here)."""
        return [*super().footer_keys(), footer_key("escape", self.buttons.cancel, key_display="esc")]

    def on_mount(self) -> None:
        self.query_one("#forgot", Button).focus()

    def action_choose(self, choice: str) -> None:
        """Dismiss with `choice`."""
        self.dismiss(AlreadyRegisteredChoice(choice))

    @on(Button.Pressed, "#forgot")
    def _forgot(self) -> None:
        self.dismiss(AlreadyRegisteredChoice.FORGOT_PASSWORD)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(AlreadyRegisteredChoice.CANCEL)
