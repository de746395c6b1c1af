"""My Profile's password change, as the set-up guide's "Please change your password" form.

E-Mail Address (shown, not editable), Current Password, New Password and
Confirm Password, with the co-op's checklist: the password step underneath
(same policy, same call), plus the current password, which the server checks
(a wrong one counts toward the lockout) before it ends every other session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError, InvalidCredentials, NotAuthorized, ValidationFailed
from smarthub_tui.flow import StepId
from smarthub_tui.state import ChangePasswordAnswers, PasswordAnswers
from smarthub_tui.steps.base import Field, FieldProblem, Problem, text_value
from smarthub_tui.steps.password import PasswordStep


class ChangePasswordStep(PasswordStep):
    """Current password, then the new one twice."""

    step_id = StepId.CHANGE_PASSWORD

    @property
    def title(self) -> str:
        return self.profile.texts.changePasswordTitle

    @property
    def menu_label(self) -> str:
        return strings.MENU_CHANGE_PASSWORD

    def fields(self) -> tuple[Field, ...]:
        current = Field("currentPassword", strings.LABEL_CURRENT_PASSWORD, secret=True, max_length=1024)
        return (current, *super().fields())

    def values(self, answers: PasswordAnswers) -> dict[str, Any]:
        current = answers.current_password if isinstance(answers, ChangePasswordAnswers) else ""
        return {"currentPassword": current, **super().values(answers)}

    def from_values(self, values: Mapping[str, Any]) -> ChangePasswordAnswers:
        return ChangePasswordAnswers(
            new_password=text_value(values, "newPassword"),
            confirm_password=text_value(values, "confirmPassword"),
            current_password=text_value(values, "currentPassword"),
        )

    def validate(self, answers: PasswordAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        if not (isinstance(answers, ChangePasswordAnswers) and answers.current_password):
            reasons["currentPassword"] = strings.PASSWORD_REQUIRED
        return {**reasons, **super().validate(answers)}

    async def send(self, answers: PasswordAnswers) -> None:
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        current = answers.current_password if isinstance(answers, ChangePasswordAnswers) else ""
        self.state.auth = await self.backend.change_password(
            auth, answers.new_password, answers.confirm_password, current_password=current
        )

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, (ValidationFailed, InvalidCredentials)) and error.field == "currentPassword":
            return FieldProblem("currentPassword", error.message)
        return super().explain(error)

    def confirmation(self) -> str:
        return strings.PASSWORD_CHANGED
