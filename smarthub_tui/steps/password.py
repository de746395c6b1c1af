"""The new password: twice, against the co-op's policy; replaces a temporary one if there is one.

Where the co-op's form asks a Current Password of a member who came from the
Verify Account link (`verifyAtPasswordChange`, PEC's set-up guide), the code
from that e-mail is that current password: this step verifies the account
with it, then sets the new password.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import (
    BackendError,
    InvalidCredentials,
    InvalidToken,
    NotAuthorized,
    PasswordPolicyFailed,
    ValidationFailed,
)
from smarthub_tui.flow import StepId
from smarthub_tui.pasted import code_from_paste
from smarthub_tui.state import PasswordAnswers
from smarthub_tui.steps.base import Field, FieldProblem, FormProblem, Problem, Step, check, text_value
from smarthub_tui.validation import Rule, check_password, password_rules


class PasswordStep(Step[PasswordAnswers]):
    """The new password, twice, against the co-op's policy; replaces a temporary one if there is one."""

    step_id = StepId.PASSWORD
    button = "password"
    field_names = ("newPassword", "confirmPassword", "currentPassword")
    secret_fields = ("newPassword", "confirmPassword", "currentPassword")

    @property
    def email(self) -> str:
        """The member's e-mail (the user id), shown and used by the "not your e-mail" rule."""
        auth = self.state.auth
        if auth:
            return auth.user_id
        receipt = self.state.receipt
        return receipt.email if receipt else ""

    @property
    def asks_code(self) -> bool:
        """True where the Current Password is the Verify Account code, still to be given (`verifyAtPasswordChange`)."""
        return self.profile.verifyAtPasswordChange and self.state.auth is None

    @property
    def replaces_temporary(self) -> bool:
        """True when a temporary password (typed earlier) is given as the current one."""
        return bool(self.state.current_password)

    @property
    def current_note(self) -> str:
        """What stands for the current password when it is not asked: the temporary one typed earlier ("": nothing)."""
        return strings.LABEL_CURRENT_PASSWORD_CARRIED if self.replaces_temporary else ""

    def rules(self, password: str) -> list[Rule]:
        """The policy's rules, each marked met or not, for the checklist."""
        return password_rules(self.profile.passwordPolicy, password, email=self.email)

    @property
    def title(self) -> str:
        return self.profile.texts.passwordTitle

    def intro(self) -> list[str]:
        lines = [strings.LABEL_EMAIL_IS.format(email=self.email)]
        if self.current_note:
            lines.append(self.current_note)
        lines.append(strings.LABEL_PASSWORD_RULES.format(rules="; ".join(rule.label for rule in self.rules(""))))
        return lines

    def fields(self) -> tuple[Field, ...]:
        longest = self.profile.passwordPolicy.maximumPasswordLength
        current = (
            (Field("currentPassword", strings.LABEL_CURRENT_PASSWORD, secret=True, max_length=1000, note=strings.LABEL_CURRENT_IS_CODE),)
            if self.asks_code
            else ()
        )
        return (
            *current,
            Field("newPassword", strings.LABEL_NEW_PASSWORD, secret=True, max_length=longest),
            Field("confirmPassword", strings.LABEL_CONFIRM_PASSWORD, secret=True, max_length=longest, confirms="newPassword"),
        )

    def unmet(self, field: str, answers: PasswordAnswers) -> tuple[Rule, ...]:
        if field != "newPassword":
            return ()
        return tuple(rule for rule in self.rules(answers.new_password) if not rule.met)

    def values(self, answers: PasswordAnswers) -> dict[str, Any]:
        values = {"newPassword": answers.new_password, "confirmPassword": answers.confirm_password}
        if self.asks_code:
            values["currentPassword"] = answers.current_password
        return values

    def from_values(self, values: Mapping[str, Any]) -> PasswordAnswers:
        return PasswordAnswers(
            new_password=text_value(values, "newPassword"),
            confirm_password=text_value(values, "confirmPassword"),
            current_password=text_value(values, "currentPassword"),
        )

    def validate(self, answers: PasswordAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        if self.asks_code:
            if not answers.current_password.strip():
                reasons["currentPassword"] = strings.CODE_REQUIRED
            elif not code_from_paste(answers.current_password):
                reasons["currentPassword"] = strings.CODE_LINK_WITHOUT_CODE
        check(reasons, "newPassword", lambda: check_password(self.profile.passwordPolicy, answers.new_password, email=self.email))
        if not answers.confirm_password:
            reasons["confirmPassword"] = strings.EMPTY_FIELD
        elif answers.confirm_password != answers.new_password:
            reasons["confirmPassword"] = strings.PASSWORD_MISMATCH
        return reasons

    async def send(self, answers: PasswordAnswers) -> None:
        if self.asks_code:
            # The account is verified once, here; a later refusal of the new password keeps that.
            self.state.auth = await self.backend.verify_account(code_from_paste(answers.current_password))
            self.state.current_password = ""
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        current = self.state.current_password or None
        self.state.auth = await self.backend.change_password(
            auth, answers.new_password, answers.confirm_password, current_password=current
        )
        self.state.current_password = ""

    def explain(self, error: BackendError) -> Problem:
        if self.asks_code and isinstance(error, (InvalidToken, NotAuthorized)):
            return FieldProblem("currentPassword", error.message)  # the code was refused: nothing else was sent
        if isinstance(error, PasswordPolicyFailed):
            return FieldProblem("newPassword", error.message, tuple(error.rules))
        if isinstance(error, (ValidationFailed, InvalidCredentials)) and error.field == "currentPassword":
            return FormProblem(error.message)
        return super().explain(error)
