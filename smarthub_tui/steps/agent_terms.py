"""Agent mode's terms: read aloud word for word, the member's spoken yes ticked, the registration created.

The same submit as a member's (`TermsStep`: the hint and the terms, one
idempotency key across Retry), sent as ``termsAcceptance: "spoken"`` so the
server records that the member accepted on the phone, not by a click.  The
box the agent ticks says what it stands for ("The member said yes to these
terms").  Audited as "registration created" once the server has it.
"""

from __future__ import annotations

from dataclasses import replace

from smarthub_tui import strings
from smarthub_tui.agent import audited, key_refused
from smarthub_tui.backend.base import BackendError
from smarthub_tui.flow import StepId
from smarthub_tui.models import RegistrationRequest, TermsAcceptance
from smarthub_tui.state import TermsAnswers
from smarthub_tui.steps.base import Field, FieldKind, Problem
from smarthub_tui.steps.terms import TermsStep


class AgentTermsStep(TermsStep):
    """The terms for verbatim reading, the spoken acceptance, and the submit that creates the registration."""

    step_id = StepId.AGENT_TERMS

    def intro(self) -> list[str]:
        return [strings.AGENT_TERMS_READ, *super().intro()]

    def fields(self) -> tuple[Field, ...]:
        return (Field("termsAccepted", strings.AGENT_TERMS_SPOKEN, FieldKind.CHECKBOX),)

    def validate(self, answers: TermsAnswers) -> dict[str, str]:
        return {} if answers.accepted else {"termsAccepted": strings.AGENT_TERMS_REQUIRED}

    def request(self) -> RegistrationRequest:
        """The member's request, marked as accepted aloud (the idempotency key is the same as without the mark)."""
        return replace(super().request(), terms_acceptance=TermsAcceptance.SPOKEN.value)

    async def submit(self, answers: TermsAnswers) -> None:
        await audited(self, "registration", super().submit(answers), ok="created")

    def explain(self, error: BackendError) -> Problem:
        return key_refused(self, error) or super().explain(error)
