"""Finished: what is now set up (no secrets), and what to do next."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import NotAuthorized
from smarthub_tui.flow import StepId
from smarthub_tui.models import AccountSummary
from smarthub_tui.steps.base import Step


class FinishedStep(Step[None]):
    """What is now set up (no secrets), and what to do next."""

    step_id = StepId.FINISHED
    button = "finished"

    async def load(self) -> AccountSummary:
        """Fetch the account summary."""
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        self.state.summary = await self.backend.account_summary(auth)
        return self.state.summary

    def lines(self, summary: AccountSummary) -> list[str]:
        """The summary in words: e-mail, masked accounts, paperless, phrase set or not."""
        if summary.paperless is None:
            paperless = strings.FINISHED_PAPERLESS_UNSET
        else:
            paperless = strings.FINISHED_PAPERLESS_YES if summary.paperless else strings.FINISHED_PAPERLESS_NO
        return [
            strings.FINISHED_EMAIL.format(email=summary.email),
            strings.FINISHED_ACCOUNTS.format(accounts=", ".join(summary.accounts) or "-"),
            paperless,
            strings.FINISHED_PHRASE_SET if summary.security_phrase_set else strings.FINISHED_PHRASE_UNSET,
        ]

    @property
    def title(self) -> str:
        return self.profile.texts.finishedTitle

    def intro(self) -> list[str]:
        return [self.profile.texts.finishedText]

    def report(self, loaded: Any) -> list[str]:
        """The summary in words, then where to go next."""
        if not isinstance(loaded, AccountSummary):
            return []
        return [strings.FINISHED_SUMMARY_TITLE, *self.lines(loaded), self.closing()]

    def closing(self) -> str:
        """Where to go next: this wizard's login and My Profile (never the co-op's own site, which knows nothing of them)."""
        return strings.FINISHED_NEXT

    def from_values(self, values: Mapping[str, Any]) -> None:
        return None
