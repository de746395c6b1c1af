"""Forgot Password, the code: the one from the reset e-mail; on a demo server the demo inbox reads it.

Nothing is sent from here: the code travels with the new password (the
next step), so it is checked, and counted toward the lockout when wrong,
once.  A code the server refuses brings the person back here with the
server's words at the field.  The server's answer to the request ("If that
address is registered ...") is said first, as it came.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.flow import StepId
from smarthub_tui.models import OutboxMessage
from smarthub_tui.state import ResetCodeAnswers
from smarthub_tui.steps.base import Field, Step, text_value
from smarthub_tui.steps.verify import _placeholder_value
from smarthub_tui.validation import Invalid, normalize_email


class ResetCodeStep(Step[ResetCodeAnswers]):
    """The code from the Forgot Password e-mail (kept for the next step, which sends it)."""

    step_id = StepId.RESET_CODE
    button = "resetCode"
    field_names = ("code",)
    kept_in = "forgot_code"
    secret_fields = ("code",)

    @property
    def email(self) -> str:
        """The address the code went to, as the server compares it."""
        typed = self.state.forgot.email
        try:
            return normalize_email(typed)
        except Invalid:
            return typed.strip()

    @property
    def title(self) -> str:
        return strings.TITLE_RESET_CODE

    def intro(self) -> list[str]:
        sent = self.state.forgot_sent
        lines = [sent.message] if sent is not None else []
        lines += [self.profile.texts.resetCodeIntro, strings.LABEL_EMAIL_IS.format(email=self.email)]
        return lines

    def fields(self) -> tuple[Field, ...]:
        return (Field("code", strings.LABEL_RESET_CODE, secret=True, max_length=100),)

    def values(self, answers: ResetCodeAnswers) -> dict[str, Any]:
        return {"code": answers.code}

    def from_values(self, values: Mapping[str, Any]) -> ResetCodeAnswers:
        return ResetCodeAnswers(code=text_value(values, "code"))

    @staticmethod
    def code(answers: ResetCodeAnswers) -> str:
        """The code as sent: the digits typed, without the spaces or dashes a person may put in."""
        return "".join(ch for ch in answers.code if ch not in " -\t")

    def validate(self, answers: ResetCodeAnswers) -> dict[str, str]:
        code = self.code(answers)
        if not code:
            return {"code": strings.CODE_REQUIRED}
        if not (code.isascii() and code.isdigit()):
            return {"code": strings.RESET_CODE_DIGITS}
        return {}

    # -- the demo inbox, as at the Verify step ---------------------------------------------

    async def outbox(self) -> list[OutboxMessage]:
        """The demo inbox: the e-mails the demo server sent to the address."""
        return await self.backend.demo_outbox(self.email)

    def code_in(self, message: OutboxMessage) -> str | None:
        """The reset code in a demo e-mail, read by the profile's template (None in any other e-mail)."""
        found = _placeholder_value(self.profile.texts.passwordResetEmailBody, "code", message.body)
        return found or None

    def newest_code(self, messages: list[OutboxMessage]) -> str | None:
        """The code in the newest reset e-mail (`outbox()` lists the newest first)."""
        return next((code for code in map(self.code_in, messages) if code), None)
