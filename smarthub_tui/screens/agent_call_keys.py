"""Agent mode's app-wide keys: Ctrl+N for a new call, and the key asked again after the agent is idle.

Why on the app: both act over whatever step screen is open.  New call
dismisses the open step as cancelled (the runner wipes the call and starts
the next); the idle check (`IDLE_CHECK_SECONDS`, the limit being
`AgentSettings.idle_minutes`, PCI DSS 8.2.8) puts the sign-in over the open
screen, which keeps everything typed.
"""

from __future__ import annotations

from smarthub_tui import strings
from smarthub_tui.agent import AgentWizard, is_agent
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.footer_room import FooterRoom

IDLE_CHECK_SECONDS = 5.0
"""How often the idle clock is looked at (the limit itself is `AgentSettings.idle_minutes`)."""


class AgentCallKeys(FooterRoom):
    """Ctrl+N (`new_call` shown where the footer has room, `new_call_quiet` elsewhere) and the idle re-authentication."""

    _reauth_open = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_call", "new_call_quiet"):
            if not self.new_call_here():
                return False
            return self.shown_or_quiet(action, "new_call", "^n", strings.KEY_NEW_CALL)
        return super().check_action(action, parameters)

    def new_call_here(self) -> bool:
        """Agent mode only, on a step of a call (not at the sign-in, not over a question already asked)."""
        if not is_agent(self.wizard):
            return False  # the agent's screens are not imported outside agent mode
        from smarthub_tui.screens.agent_sign_in import AgentSignInScreen
        from smarthub_tui.screens.base import StepScreen

        screen = self.screen
        return is_agent(self.wizard) and isinstance(screen, StepScreen) and not isinstance(screen, AgentSignInScreen)

    def action_new_call(self) -> None:
        """Ctrl+N (agent mode): after a confirmation, wipe every field of this call and start the next one."""
        from smarthub_tui.flow import Cancel
        from smarthub_tui.screens.base import StepScreen

        screen = self.screen
        if not isinstance(screen, StepScreen):
            return

        def answered(yes: bool | None) -> None:
            if yes and screen.is_current:
                screen.stop_call()
                self.notify(strings.NEW_CALL_STARTED, markup=False)
                screen.dismiss(Cancel())

        self.push_screen(ConfirmScreen(strings.NEW_CALL_TITLE, strings.NEW_CALL_TEXT), answered)

    def action_new_call_quiet(self) -> None:
        """Ctrl+N where the footer has no room to name it: the same."""
        self.action_new_call()

    def check_agent_idle(self) -> None:
        """Agent mode, every few seconds (and from tests, after moving their clock): idle too long, ask the key again.

        The sign-in step goes over whatever screen is open, which stays as
        it is with everything typed; once the same agent's key is checked
        it closes and the agent carries on there.
        """
        wizard = self.wizard
        if not isinstance(wizard, AgentWizard) or not wizard.idle_expired() or self._reauth_open:
            return
        from smarthub_tui.flow import StepId
        from smarthub_tui.registry import controller_for
        from smarthub_tui.screens.agent_sign_in import AgentSignInScreen

        if isinstance(self.screen, AgentSignInScreen):
            return
        controller = controller_for(StepId.AGENT_SIGN_IN, wizard)
        self._reauth_open = True

        def done(outcome: object) -> None:
            self._reauth_open = False
            self.check_agent_idle()  # still not signed in again (cannot happen today): ask once more

        self.push_screen(AgentSignInScreen(controller, initial=controller.answers(), can_go_back=False), done)
