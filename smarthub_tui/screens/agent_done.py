"""Agent mode's "registration created" screen: the member's progress, refreshed without a key press.

The registration exists; the member finishes the password and security
phrase from the e-mail, never through the agent.  The status lines (e-mail
verified, password set, paperless) are asked of the server on arrival and
then every `POLL_SECONDS` by a timer, in a quiet worker (no busy line: the
agent is talking, not waiting), so the agent can stay on the line and see
when the member is through.  A status that cannot be fetched says so on its
line and is asked again at the next tick.  Enter ("Next call") ends the call.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.timer import Timer

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.steps.agent_done import POLL_SECONDS, AgentDoneStep
from smarthub_tui.widgets import SafeText


class AgentDoneScreen(StepScreen):
    """What was done, and the member's progress since (polled); Enter starts the next call."""

    controller: AgentDoneStep
    busy_text = strings.BUSY

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status: Any = None
        """The last status the server gave (None before the first answer)."""
        self.poll_timer: Timer | None = None

    def compose_body(self) -> ComposeResult:
        for paragraph in self.controller.intro():
            yield SafeText(paragraph, classes="intro")
        yield SafeText(strings.AGENT_STATUS_EVERY.format(every=POLL_SECONDS), classes="subtitle")
        yield SafeText("…", id="agent-status", classes="summary-line")

    def focus_first(self) -> None:
        self.query_one("#submit").focus()

    def arrived(self) -> None:
        self.poll()
        self.poll_timer = self.set_interval(POLL_SECONDS, self.poll)

    @work(exclusive=True, group="agent-status", exit_on_error=False)
    async def poll(self) -> None:
        """Ask the server how far the member has got, and show it (the timer calls this; so may a test)."""
        line = self.query_one("#agent-status", SafeText)
        try:
            self.status = await self.controller.load()
        except BackendError as error:
            line.update(strings.AGENT_STATUS_UNKNOWN.format(reason=error.message))
            return
        line.update("\n".join(self.controller.report(self.status)))
