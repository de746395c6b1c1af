"""Forgot Password, the new password: twice, against the co-op's policy, sent with the e-mailed code.

The password step's machinery (its fields, the live checklist's rules,
`unmet`, the policy check) with another call: `confirm_password_reset`
with the e-mail and the code from the two steps before.  The server then
ends every session of the login and voids every older code and temporary
password.  A code it refuses (mistyped, used, expired) sends the person
back to the code step with its words there; nothing here can be undone,
so Back stops after it.
"""

from __future__ import annotations

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError, InvalidToken
from smarthub_tui.flow import Reroute, StepId
from smarthub_tui.state import PasswordAnswers, ResetCodeAnswers
from smarthub_tui.steps.base import Problem
from smarthub_tui.steps.password import PasswordStep
from smarthub_tui.steps.reset_code import ResetCodeStep, forgotten_email


class ResetPasswordStep(PasswordStep):
    """New Password and Confirm, the profile's checklist; sets the password with the reset code."""

    step_id = StepId.RESET_PASSWORD

    @property
    def email(self) -> str:
        """The login whose password is set (the "not your e-mail" rule uses it too)."""
        return forgotten_email(self.state)

    @property
    def replaces_temporary(self) -> bool:
        """Never here: the code, not a current password, proves the member."""
        return False

    @property
    def asks_code(self) -> bool:
        """Never here: the e-mailed reset code proves the member, not a Verify Account code as the Current Password.

        Where the profile has the registration's password step ask that code
        (`verifyAtPasswordChange`), the password step would ask it here too
        (no one is signed in), and nobody resetting a password has one.
        """
        return False

    @property
    def title(self) -> str:
        return strings.TITLE_RESET_PASSWORD

    async def send(self, answers: PasswordAnswers) -> None:
        code = ResetCodeStep.code(self.state.forgot_code)
        await self.backend.confirm_password_reset(self.email, code, answers.new_password, answers.confirm_password)
        # Used up, and every session of the login ended: nothing of it is worth keeping.
        self.state.forgot_code = ResetCodeAnswers()
        self.state.auth = None
        self.state.current_password = ""

    def refused(self, error: BackendError) -> None:
        """A refused code is worth nothing: the code step comes back empty, with the reason at the field."""
        if isinstance(error, InvalidToken):
            self.state.forgot_code = ResetCodeAnswers()
        super().refused(error)

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, InvalidToken):
            return Reroute(StepId.RESET_CODE, error.message, "code")
        return super().explain(error)
