"""Kiosk mode's welcome screen: a bill's barcode scanned there starts the registration.

Why: a lobby terminal may have a barcode scanner, which types the account
number printed on the bill followed by Enter or Tab, as fast as a paste.
The first thing a visitor sees is the welcome screen, whose first field is
the e-mail; an e-mail is never digits only, so digits there followed by
Enter or Tab can only be an account number: the kiosk goes to the
registration form with it filled in, and the focus waits at the next field
(the name on the account: `screens.kiosk_register`).  Everything else is as usual.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.widgets import Input

from smarthub_tui.flow import Mode, Next
from smarthub_tui.screens.welcome import WelcomeScreen
from smarthub_tui.state import SignInAnswers

ACCOUNT_DIGITS = range(4, 21)
"""How many digits a scanned account number may have."""


def scanned_account(text: str) -> str | None:
    """The account number if `text` is one (digits only, as a bill's barcode gives), else None."""
    text = text.strip()
    return text if text.isdigit() and len(text) in ACCOUNT_DIGITS else None


class KioskWelcomeScreen(WelcomeScreen):
    """The welcome screen, where an account number typed (or scanned) in the e-mail field starts the registration."""

    BINDINGS = [Binding("tab", "scanned_tab", show=False)]

    def scanned(self) -> str | None:
        """The account number in the e-mail field, if that is what it holds."""
        return scanned_account(self.query_one("#email", Input).value)

    def action_submit(self) -> None:
        if self.scanned() is None:
            super().action_submit()
        else:
            self._to_registration()

    def action_scanned_tab(self) -> None:
        if self.focused is self.query_one("#email", Input) and self.scanned() is not None:
            self._to_registration()
        else:
            self.focus_next()

    def _to_registration(self) -> None:
        number = self.scanned() or ""
        state = self.controller.state
        state.sign_in = SignInAnswers()
        state.account = replace(state.account, account_number=number)
        self.stop_call()
        self.dismiss(Next(Mode.REGISTER))
