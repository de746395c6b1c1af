"""Congratulations: the registration is done; which e-mail to expect, from whom, and what to do with it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.durations import duration  # the server's e-mails say it the same way
from smarthub_tui.flow import StepId
from smarthub_tui.profile_data import VerificationStyle
from smarthub_tui.steps.base import Step


class CongratulationsStep(Step[None]):
    """The registration is done; says which e-mail to expect, from whom, and what to do with it."""

    step_id = StepId.CONGRATULATIONS
    button = "congratulations"

    def lines(self) -> list[str]:
        """The explanation under the co-op's congratulations text."""
        receipt = self.state.receipt
        if receipt is None:
            return []
        if receipt.verification_style is VerificationStyle.LINK:
            as_current = self.state.settings is not None and self.profile.verifyAtPasswordChange
            what = strings.CONGRATS_LINK_AS_CURRENT if as_current else strings.CONGRATS_LINK
        else:
            at_login = self.state.settings is not None and self.profile.verifyAtLogin
            what = strings.CONGRATS_TEMPORARY_AT_LOGIN if at_login else strings.CONGRATS_TEMPORARY
        return [
            strings.CONGRATS_EMAIL.format(email=receipt.email, sender=receipt.sender_email),
            what.format(duration=duration(receipt.expires_minutes)),
            strings.CONGRATS_SPAM,
        ]

    @property
    def title(self) -> str:
        return self.profile.texts.congratulationsTitle

    def intro(self) -> list[str]:
        return [self.profile.texts.congratulationsText, *self.lines()]

    def from_values(self, values: Mapping[str, Any]) -> None:
        return None
