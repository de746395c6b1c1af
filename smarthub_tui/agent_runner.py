"""Agent mode's walk: sign the agent in, then one call after another (lookup to "registration created").

`AgentRunner` is the `runner.Runner` for ``--mode agent``: no welcome
screen and no member sign-in; before the first call the agent signs in
(with the key kept in the OS keyring when it still works, else on the
sign-in step), then each call walks `flow.AGENT_STEPS` (`Mode.AGENT`) and
ends with the member's data wiped, ready for the next.  Between two steps,
an agent idle too long signs in again first (PCI DSS 8.2.8; the Textual
app also asks over an open screen), the member's answers kept.  Works with
every front end; no Textual here.
"""

from __future__ import annotations

from dataclasses import replace

from smarthub_tui import strings
from smarthub_tui.agent import AgentWizard, agent_of
from smarthub_tui.flow import Cancel, Mode, Next, Notice, Outcome, StepId
from smarthub_tui.registry import controller_for
from smarthub_tui.runner import AlreadyRegisteredChoice, Ending, FrontEnd, Runner, Visit
from smarthub_tui.steps import Wizard


class IdleGuard:
    """Wraps a front end: before each step, an agent idle too long signs in again; each answer restarts the idle clock."""

    def __init__(self, inner: FrontEnd, runner: AgentRunner) -> None:
        self.inner = inner
        self.runner = runner

    async def connect(self, wizard: Wizard) -> None:
        await self.inner.connect(wizard)

    async def show(self, visit: Visit) -> Outcome:
        agent = self.runner.agent
        if visit.step is not StepId.AGENT_SIGN_IN:
            if agent.idle_expired():
                await self.runner.sign_in()
            if self.runner.pending is not None and visit.notice is None:
                # Why the last call ended (or that the lookup came from the CRM export), said on the next step shown.
                visit, self.runner.pending = replace(visit, notice=self.runner.pending), None
        outcome = await self.inner.show(visit)
        agent.touch()
        if isinstance(outcome, Cancel):
            agent.record("call", "new_call")  # F10 or "New call": the member's data is wiped next
        return outcome

    async def already_registered(self, message: str, email: str) -> AlreadyRegisteredChoice:
        return await self.inner.already_registered(message, email)


class AgentRunner(Runner):
    """The agent signs in, then walks one call after another."""

    def __init__(self, wizard: Wizard, front_end: FrontEnd) -> None:
        super().__init__(wizard, IdleGuard(front_end, self))
        self.pending: Notice | None = None
        """What the next call's first step says (there is no welcome screen to say it)."""

    @property
    def agent(self) -> AgentWizard:
        """The wizard, with the agent's sign-in and audit."""
        return agent_of(self.wizard)

    async def welcome_and_walk(self) -> Ending:
        """No welcome screen: the agent signs in (once), then a call."""
        agent = self.agent
        if agent.agent_name is None:
            # Signed out mid-call (the key revoked): the sign-in says why.
            why, self.notice = self.notice, None
            await self.sign_in(Notice(why.message, "agentKey") if why else None)
        self.pending, self.notice = self.notice, None
        if agent.prefill:
            # A CRM export (--answers) fills the first call's lookup; the agent checks it and presses Enter.
            lookup = controller_for(StepId.REGISTER, agent)
            values = dict(agent.prefill)
            values.setdefault("confirmEmail", values.get("email", ""))  # one address on file: no second typing of it
            lookup.remember(lookup.from_values(values))
            agent.prefill = {}
            self.pending = Notice(strings.AGENT_PREFILLED, done=True)
        return await self.walk(Mode.AGENT)

    async def sign_in(self, notice: Notice | None = None) -> None:
        """Until the agent is signed in (or, after idle, signed in again): the kept key first, then the sign-in step."""
        agent = self.agent
        if agent.agent_name is None and notice is None:
            why = await agent.sign_in_with_stored_key()
            if agent.agent_name is not None:
                return
            notice = Notice(why, "agentKey") if why else None
        was_idle = agent.idle_expired()
        while agent.agent_name is None or (was_idle and agent.idle_expired()):
            controller = controller_for(StepId.AGENT_SIGN_IN, agent)
            outcome = await self.front_end.show(
                Visit(StepId.AGENT_SIGN_IN, controller, controller.answers(), can_go_back=False, notice=notice)
            )
            notice = None
            if not isinstance(outcome, Next):
                continue  # no way past the sign-in but the key (quitting is the app's)
