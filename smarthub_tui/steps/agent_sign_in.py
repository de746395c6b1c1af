"""Agent mode's sign-in (and re-authentication after idle): the agent key, checked with the server.

Shown before the first call when the keyring holds no working key, and over
whatever step is open once the agent has been idle too long (PCI DSS 8.2.8):
then the same agent's key is asked again and the member's answers stay.  The
key is a secret: masked while typed, never kept in the member's state, never
audited; `agent.AgentWizard.sign_in` keeps it in the OS keyring where there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smarthub_tui import strings
from smarthub_tui.agent import AGENT_KEY_ERRORS, agent_of
from smarthub_tui.backend.base import BackendError
from smarthub_tui.flow import StepId
from smarthub_tui.steps.base import Field, FieldProblem, Problem, Step, text_value


@dataclass(frozen=True)
class AgentKeyAnswers:
    """The agent key as typed (a secret: never in a repr, a log or the audit)."""

    key: str = field(default="", repr=False)


class AgentSignInStep(Step[AgentKeyAnswers]):
    """The agent key; its submit signs the agent in (or in again, after idle)."""

    step_id = StepId.AGENT_SIGN_IN
    button = "agentSignIn"
    field_names = ("agentKey",)
    secret_fields = ("agentKey",)

    @property
    def reauth(self) -> bool:
        """True when an agent is signed in already (the idle re-authentication)."""
        return agent_of(self.wizard).agent_name is not None

    @property
    def title(self) -> str:
        return strings.AGENT_REAUTH_TITLE if self.reauth else strings.AGENT_SIGN_IN_TITLE

    def intro(self) -> list[str]:
        """Why the key is asked, and, where it applies, the demo key and the lack of a keyring."""
        wizard = agent_of(self.wizard)
        if self.reauth:
            minutes = f"{wizard.settings.idle_minutes:g}"
            lines = [strings.AGENT_REAUTH_TEXT.format(minutes=minutes)]
        else:
            lines = [strings.AGENT_SIGN_IN_INTRO]
        if self.demo:
            from smarthub_tui.server.fixtures import DEMO_AGENT_KEY

            lines.append(strings.AGENT_DEMO_KEY.format(key=DEMO_AGENT_KEY))
        if not self.reauth:
            store = wizard.key_store
            lines.append(strings.AGENT_KEY_KEPT if store.available else strings.AGENT_NO_KEYRING)
        return lines

    def fields(self) -> tuple[Field, ...]:
        return (Field("agentKey", strings.LABEL_AGENT_KEY, secret=True, max_length=200),)

    def values(self, answers: AgentKeyAnswers) -> dict[str, Any]:
        return {"agentKey": answers.key}

    def from_values(self, values: Mapping[str, Any]) -> AgentKeyAnswers:
        return AgentKeyAnswers(text_value(values, "agentKey"))

    def validate(self, answers: AgentKeyAnswers) -> dict[str, str]:
        return {} if answers.key.strip() else {"agentKey": strings.AGENT_KEY_REQUIRED}

    async def send(self, answers: AgentKeyAnswers) -> None:
        await agent_of(self.wizard).sign_in(answers.key.strip(), step="reauth" if self.reauth else "sign_in")

    def said_after(self, answers: AgentKeyAnswers) -> str:
        name = agent_of(self.wizard).agent_name or ""
        return strings.AGENT_SIGNED_IN.format(name=name)

    def explain(self, error: BackendError) -> Problem:
        if isinstance(error, AGENT_KEY_ERRORS):
            return FieldProblem("agentKey", error.message)
        return super().explain(error)
