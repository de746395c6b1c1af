"""The member's own lookup, identity and hint steps as an agent walks them: the same questions, audited.

Agent mode asks these exactly as a member's registration does (the same
fields, rules and server calls), so these are thin: each submit is audited
(`agent.audited`: ok, or refused with the server's error code, never an
answer), and the lookup notes that the server waived the CAPTCHA for the
agent's key (`RegistrationSession.captcha_waived`), so the session counts as
having passed it.  `registry.controller_for` picks them in agent mode.
"""

from __future__ import annotations

from smarthub_tui.agent import audited, key_refused
from smarthub_tui.backend.base import BackendError
from smarthub_tui.state import AccountAnswers, HintAnswers, IdentityAnswers
from smarthub_tui.steps.base import Problem
from smarthub_tui.steps.hint import HintStep
from smarthub_tui.steps.identity import IdentityStep
from smarthub_tui.steps.register import RegisterStep


class AgentLookupStep(RegisterStep):
    """The lookup (account number, name on it, e-mail), audited; a waived CAPTCHA counts as passed."""

    async def submit(self, answers: AccountAnswers) -> None:
        await audited(self, "lookup", super().submit(answers))

    def explain(self, error: BackendError) -> Problem:
        return key_refused(self, error) or super().explain(error)

    async def send(self, answers: AccountAnswers) -> None:
        await super().send(answers)
        session = self.state.session
        if session is not None and session.captcha_waived:
            self.state.captcha_passed = True  # the server judges identity answers at once, as after a CAPTCHA


class AgentIdentityStep(IdentityStep):
    """The identity questions, audited (the outcome only: an answer is never written)."""

    async def submit(self, answers: IdentityAnswers) -> None:
        await audited(self, "identity", super().submit(answers))

    def explain(self, error: BackendError) -> Problem:
        return key_refused(self, error) or super().explain(error)


class AgentHintStep(HintStep):
    """The secret hint question, audited (the outcome only)."""

    async def submit(self, answers: HintAnswers) -> None:
        await audited(self, "hint", super().submit(answers))

    def explain(self, error: BackendError) -> Problem:
        return key_refused(self, error) or super().explain(error)
