"""Agent mode's sign-in screen: the agent key (masked, F2 shows it), before the first call and after idle.

The intro says what the step says (`AgentSignInStep.intro`): why the key is
asked, the demo agent's key on the built-in demo backend (so a presenter
can type or paste it), and whether the key will be kept in the system
keyring or, where there is none, asked each session and never written to a
file.  A wrong or revoked key is refused at the field in the server's words;
nothing else is reachable until a key works.  There is no Back and no
Cancel here: the agent signs in or quits (Ctrl+Q).
"""

from __future__ import annotations

from textual.app import ComposeResult

from smarthub_tui import strings
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.steps.agent_sign_in import AgentKeyAnswers, AgentSignInStep
from smarthub_tui.widgets import SafeText, SecretInput


class AgentSignInScreen(StepScreen):
    """The agent key; dismisses with `Next(AgentKeyAnswers())` once signed in (the key itself is not handed on)."""

    controller: AgentSignInStep
    busy_text = strings.BUSY_AGENT_CHECKING

    def compose_body(self) -> ComposeResult:
        for paragraph in self.controller.intro():
            yield SafeText(paragraph, classes="intro")
        key = SecretInput(id="agentKey", max_length=self.max_length("agentKey"))
        yield self.field_row("agentKey", key, note=strings.AGENT_KEY_NOTE)

    def collect(self) -> AgentKeyAnswers:
        return AgentKeyAnswers(self.query_one("#agentKey", SecretInput).value)

    def kept(self, answers: AgentKeyAnswers) -> AgentKeyAnswers:
        """The key stays in this screen (and the keyring): nothing of it goes back to the runner."""
        return AgentKeyAnswers()

    def go_back(self) -> None:
        """Nothing comes before the sign-in."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cancel", "stop_here", "skip", "back"):
            return False  # the key, or Ctrl+Q
        return super().check_action(action, parameters)
