"""The security phrase: the anti-phishing phrase shown on payment forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import NotAuthorized
from smarthub_tui.flow import StepId
from smarthub_tui.state import PhraseAnswers
from smarthub_tui.steps.base import Field, Step, check, text_value
from smarthub_tui.validation import check_security_phrase


class SecurityPhraseStep(Step[PhraseAnswers]):
    """The anti-phishing phrase shown on payment forms, at least the co-op's minimum length."""

    step_id = StepId.SECURITY_PHRASE
    button = "securityPhrase"
    field_names = ("phrase",)
    kept_in = "phrase"
    secret_fields = ("phrase",)

    @property
    def minimum(self) -> int:
        """The co-op's minimum length."""
        return self.profile.securityPhraseMinimumLength

    @property
    def maximum(self) -> int:
        """The co-op's maximum length."""
        return self.profile.securityPhraseMaximumLength

    @property
    def title(self) -> str:
        return self.profile.texts.securityPhraseTitle

    def intro(self) -> list[str]:
        texts = self.profile.texts
        return [texts.securityPhraseIntro, texts.securityPhraseWarning, *filter(None, [texts.securityPhraseUpdateNote])]

    def help(self) -> list[str]:
        """The co-op's "What's a good security phrase?" and its answer."""
        texts = self.profile.texts
        return [texts.securityPhraseHelpTitle, texts.securityPhraseHelp]

    def fields(self) -> tuple[Field, ...]:
        note = strings.LABEL_PHRASE_MINIMUM.format(minimum=self.minimum)
        return (Field("phrase", strings.LABEL_SECURITY_PHRASE, secret=True, max_length=self.maximum, note=note),)

    def values(self, answers: PhraseAnswers) -> dict[str, Any]:
        return {"phrase": answers.phrase}

    def from_values(self, values: Mapping[str, Any]) -> PhraseAnswers:
        return PhraseAnswers(text_value(values, "phrase"))

    def validate(self, answers: PhraseAnswers) -> dict[str, str]:
        reasons: dict[str, str] = {}
        check(reasons, "phrase", lambda: check_security_phrase(answers.phrase, self.minimum, self.maximum))
        return reasons

    async def send(self, answers: PhraseAnswers) -> None:
        auth = self.state.auth
        if auth is None:
            raise NotAuthorized(strings.SIGNED_OUT)
        phrase = check_security_phrase(answers.phrase, self.minimum, self.maximum)
        await self.backend.set_security_phrase(auth, phrase)
