"""Forgot Password, done: the new password is set; Login returns to the welcome screen with the e-mail waiting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui.flow import StepId
from smarthub_tui.steps.base import Step


class ResetDoneStep(Step[None]):
    """Says the password is set and every other session ended; the runner then shows the welcome screen."""

    step_id = StepId.RESET_DONE
    button = "login"

    @property
    def title(self) -> str:
        return self.profile.texts.resetDoneTitle

    def intro(self) -> list[str]:
        return [self.profile.texts.resetDoneText]

    def from_values(self, values: Mapping[str, Any]) -> None:
        return None
