"""My Profile's password change, as the set-up guide's "Please change your password" form.

E-Mail Address (shown, not editable), Current Password, New Password and
Confirm Password, all masked (F2 shows the focused one), with the co-op's
checklist ticking as the new one is typed.  A wrong current password is
said at its field; Esc goes back to My Profile.
"""

from __future__ import annotations

from textual.app import ComposeResult

from smarthub_tui import strings
from smarthub_tui.screens.password import PasswordScreen
from smarthub_tui.state import ChangePasswordAnswers
from smarthub_tui.steps import ChangePasswordStep
from smarthub_tui.widgets import PasswordChecklist, SafeText, SecretInput


class ChangePasswordScreen(PasswordScreen):
    """Current, new and confirm; dismisses with `Next(PasswordAnswers())` (nothing kept)."""

    controller: ChangePasswordStep

    def compose_body(self) -> ComposeResult:
        email = self.controller.email
        yield SafeText(strings.LABEL_EMAIL_IS.format(email=email), id="email", classes="note", single_line=True)
        yield self.field_row("currentPassword", SecretInput(id="currentPassword"))
        yield self.field_row("newPassword", SecretInput(id="newPassword"))
        yield self.field_row("confirmPassword", SecretInput(id="confirmPassword"))
        yield PasswordChecklist(self.profile.passwordPolicy, email=email, id="checklist")

    def collect(self) -> ChangePasswordAnswers:
        return ChangePasswordAnswers(
            new_password=self.query_one("#newPassword", SecretInput).value,
            confirm_password=self.query_one("#confirmPassword", SecretInput).value,
            current_password=self.query_one("#currentPassword", SecretInput).value,
        )
