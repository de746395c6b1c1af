"""My Profile's Update My Security Phrase: the phrase in force shown to its owner, then a new one.

The phrase is an anti-phishing check the member must recognise, so this is
the one place it is shown back: fetched on arrival (`load`, a secured read
that answers only the session's owner), shown on this screen only, never
kept in the state or logged.  The new phrase is asked and checked as at
registration (the same step underneath).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import NotAuthorized
from smarthub_tui.flow import StepId
from smarthub_tui.state import PhraseAnswers
from smarthub_tui.steps.base import Field
from smarthub_tui.steps.security_phrase import SecurityPhraseStep


class UpdatePhraseStep(SecurityPhraseStep):
    """The current phrase shown, a new one asked."""

    step_id = StepId.UPDATE_PHRASE
    kept_in = ""

    @property
    def title(self) -> str:
        return self.profile.texts.updateSecurityPhraseTitle

    def intro(self) -> list[str]:
        return [self.profile.texts.securityPhraseWarning]

    def fields(self) -> tuple[Field, ...]:
        (field,) = super().fields()
        return (replace(field, label=strings.LABEL_NEW_SECURITY_PHRASE),)

    async def load(self) -> str | None:
        """The phrase in force (None when none is set), for its owner's eyes on this screen only."""
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        return await self.backend.get_security_phrase(auth)

    def report(self, loaded: Any) -> list[str]:
        """The phrase in force, and what to do if it is not the member's."""
        if not loaded:
            return [strings.PHRASE_CURRENT_NONE]
        return [strings.PHRASE_CURRENT.format(phrase=loaded), strings.PHRASE_CURRENT_CHECK]

    async def send(self, answers: PhraseAnswers) -> None:
        await super().send(answers)
        if self.state.summary is not None:
            self.state.summary = replace(self.state.summary, security_phrase_set=True)

    def confirmation(self) -> str:
        return strings.PHRASE_UPDATED
