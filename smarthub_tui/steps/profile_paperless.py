"""My Profile's paperless billing: on or off for every account registered with this e-mail, said back after.

The registration's paperless step (same question, same answers, same call:
the server's choice is the login's, so it covers every account of the
e-mail), shown with the choice in force, never optional here (it changes a
setting), and confirmed on return to the menu naming the accounts it covers.
"""

from __future__ import annotations

from dataclasses import replace

from smarthub_tui import strings
from smarthub_tui.flow import StepId
from smarthub_tui.state import PaperlessAnswers
from smarthub_tui.steps.paperless import PaperlessStep
from smarthub_tui.steps.profile_menu import accounts_in_words


class ProfilePaperlessStep(PaperlessStep):
    """Paperless on or off, from My Profile."""

    step_id = StepId.PROFILE_PAPERLESS
    kept_in = ""

    @property
    def optional(self) -> bool:
        """Never: from My Profile the member changes a setting, so Yes or No is asked for."""
        return False

    @property
    def accounts(self) -> str:
        """The accounts the choice covers, in words."""
        summary = self.state.summary
        return accounts_in_words(summary.accounts) if summary else ""

    def answers(self) -> PaperlessAnswers:
        """The choice in force, shown picked."""
        summary = self.state.summary
        return PaperlessAnswers(summary.paperless if summary else None)

    def now(self) -> str:
        """The choice in force, in words."""
        summary = self.state.summary
        if summary is None or summary.paperless is None:
            return strings.PAPERLESS_NOW_UNSET.format(accounts=self.accounts)
        if summary.paperless:
            return strings.PAPERLESS_NOW_ON.format(accounts=self.accounts)
        return strings.PAPERLESS_NOW_OFF.format(accounts=self.accounts)

    def intro(self) -> list[str]:
        return [self.now()]

    async def send(self, answers: PaperlessAnswers) -> None:
        await super().send(answers)
        if self.state.summary is not None and answers.paperless is not None:
            self.state.summary = replace(self.state.summary, paperless=answers.paperless)

    def confirmation(self) -> str:
        result = self.state.paperless_result
        if result is None:
            return ""
        words = strings.PAPERLESS_SAVED_ON if result.paperless else strings.PAPERLESS_SAVED_OFF
        return words.format(accounts=self.accounts)
