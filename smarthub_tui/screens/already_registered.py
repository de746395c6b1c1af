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
from smarthub_tui.runner import AlreadyRegisteredChoice
from smarthub_tui.screens.keys import NamedKeys
from smarthub_tui.widgets import FieldError, SafeText, safe_content


class AlreadyRegisteredScreen(NamedKeys, ModalScreen[AlreadyRegisteredChoice]):
    """The alert over the form: the e-mail, the co-op's message, Forgot Password? and Cancel."""

    BINDINGS = [Binding("escape", "choose('cancel')", strings.BUTTON_CANCEL)]

    def __init__(self, message: str, email: str) -> None:
        super().__init__()
        self.message = message
        self.email = email

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield SafeText(strings.ALREADY_REGISTERED_TITLE, id="dialog-title")
            yield SafeText(strings.ALREADY_REGISTERED_EMAIL.format(email=self.email), single_line=True)
            yield FieldError(self.message, id="email-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(safe_content(strings.BUTTON_FORGOT_PASSWORD), id="forgot", variant="primary")
                yield Button(safe_content(strings.BUTTON_CANCEL), id="cancel")
        yield Footer()

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
