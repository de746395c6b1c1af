"""Agent mode's last screen: the registration is created; whether the member has verified yet, without a key press.

The agent's call ends here: the member sets the password and security
phrase from the e-mail, never through the agent.  `load()` asks the server
(`agent_registration_status`, only for the agent whose call created the
registration) whether the e-mail is verified, the password set and
paperless chosen; the screen asks again every `POLL_SECONDS`, so the agent
can stay on the line and help.  The identity answers are shown back masked
(ZIP codes as typed, the SSN as its last four only).  Enter ends the call:
the member's data is wiped and the next call starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.agent import agent_of, masked_identity
from smarthub_tui.backend.base import SessionExpired
from smarthub_tui.flow import StepId
from smarthub_tui.models import AgentRegistrationStatus
from smarthub_tui.steps.base import Step
from smarthub_tui.steps.identity import IdentityStep

POLL_SECONDS = 5.0
"""How often the status is asked again while the screen is open."""


class AgentDoneStep(Step[None]):
    """The registration created, and the member's progress since (polled)."""

    step_id = StepId.AGENT_DONE
    button = "agentDone"

    @property
    def title(self) -> str:
        return strings.AGENT_DONE_TITLE

    def intro(self) -> list[str]:
        state = self.state
        email = state.receipt.email if state.receipt else state.account.email.strip()
        lines = [strings.AGENT_DONE_TEXT.format(email=email)]
        shown = masked_identity(state.identity, IdentityStep(self.wizard).label)
        if shown:
            lines.append(strings.AGENT_DONE_IDENTITY.format(answers=shown))
        return lines

    async def load(self) -> AgentRegistrationStatus:
        """The member's progress."""
        session = self.state.session
        if session is None:
            raise SessionExpired(strings.AGENT_PAPERLESS_NO_REGISTRATION)
        return await self.backend.agent_registration_status(session.registration_id)

    def status_lines(self, status: AgentRegistrationStatus) -> list[str]:
        """The status in words, one line each: e-mail verified, password set, paperless."""
        def yes(flag: bool) -> str:
            return strings.AGENT_STATUS_YES if flag else strings.AGENT_STATUS_NOT_YET

        paperless = status.paperless
        bills = strings.AGENT_STATUS_UNSET if paperless is None else (strings.AGENT_STATUS_ON if paperless else strings.AGENT_STATUS_OFF)
        return [
            f"{strings.AGENT_STATUS_EMAIL}: {yes(status.email_verified)}",
            f"{strings.AGENT_STATUS_PASSWORD}: {yes(status.password_set)}",
            f"{strings.AGENT_STATUS_PAPERLESS}: {bills}",
        ]

    def report(self, loaded: Any) -> list[str]:
        return self.status_lines(loaded) if isinstance(loaded, AgentRegistrationStatus) else []

    async def submit(self, answers: None) -> None:
        agent_of(self.wizard).record("call", "ended")

    def from_values(self, values: Mapping[str, Any]) -> None:
        return None
