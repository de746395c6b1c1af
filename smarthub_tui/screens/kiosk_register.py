"""Kiosk mode's registration form: after a scanned account number, the focus waits at the name.

Why a screen of its own: the scanner's way in (`screens.kiosk_welcome`)
fills the account number before the form opens, so the first field a
visitor must type is the name on the account; everything else is the
member's own registration form.
"""

from __future__ import annotations

from smarthub_tui.screens.register import RegisterScreen


class KioskRegisterScreen(RegisterScreen):
    """The registration form; with the account number already there (scanned), the focus starts at the name."""

    def focus_first(self) -> None:
        if self.initial.account_number and not self.initial.last_name:
            self.focus_field("lastNameOrBusiness")
