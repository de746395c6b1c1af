"""Agent mode's paperless question: asked only if the member states a choice; the agent may pass over it.

The member's choice is saved on the registration the agent's call created
(`set_agent_paperless`: only that agent may), with no sign-in of the
member's, whose password the agent never learns.  Passing over it (F10, or
Enter with nothing picked) saves nothing: bills stay on paper and the member
can choose later.  Audited: set (on or off) or skipped.
"""

from __future__ import annotations

from smarthub_tui import strings
from smarthub_tui.agent import agent_of, audited, key_refused
from smarthub_tui.backend.base import BackendError, SessionExpired
from smarthub_tui.flow import StepId
from smarthub_tui.state import PaperlessAnswers
from smarthub_tui.steps.base import Problem
from smarthub_tui.steps.paperless import PaperlessStep


class AgentPaperlessStep(PaperlessStep):
    """Yes or no to paperless, as the member says it; optional."""

    step_id = StepId.AGENT_PAPERLESS

    @property
    def title(self) -> str:
        return strings.AGENT_PAPERLESS_TITLE

    @property
    def optional(self) -> bool:
        """Always: the member may not want to say, and the agent must not choose for them."""
        return True

    def skip_note(self) -> str:
        return strings.AGENT_PAPERLESS_SKIP

    def said_after(self, answers: PaperlessAnswers) -> str:
        return strings.AGENT_PAPERLESS_SKIP if answers.paperless is None else ""

    def skip(self) -> None:
        super().skip()
        agent_of(self.wizard).record("paperless", "skipped")

    async def submit(self, answers: PaperlessAnswers) -> None:
        if answers.paperless is None:
            self.remember(answers)
            agent_of(self.wizard).record("paperless", "skipped")
            return
        await audited(self, "paperless", super().submit(answers), ok="on" if answers.paperless else "off")

    def explain(self, error: BackendError) -> Problem:
        return key_refused(self, error) or super().explain(error)

    async def send(self, answers: PaperlessAnswers) -> None:
        session = self.state.session
        if session is None or self.state.receipt is None:
            raise SessionExpired(strings.AGENT_PAPERLESS_NO_REGISTRATION)
        if answers.paperless is not None:
            await self.backend.set_agent_paperless(session.registration_id, answers.paperless)
