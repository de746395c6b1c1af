"""Forgot Password, the new password: the password screen (twice, the co-op's checklist ticking live), sent with the code.

The same fields and checklist as the set-password screen; its controller
(`ResetPasswordStep`) sends them with the e-mailed code instead of a
session.  Once saved, Back cannot undo it.
"""

from __future__ import annotations

from smarthub_tui.screens.password import PasswordScreen
from smarthub_tui.steps import ResetPasswordStep


class ResetPasswordScreen(PasswordScreen):
    """New password and confirmation; dismisses with `Next(PasswordAnswers())` (the password is not kept)."""

    controller: ResetPasswordStep
