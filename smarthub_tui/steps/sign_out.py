"""My Profile's Sign Out: end the session on the server, then back to the welcome screen.

Asked once (Enter signs out, Esc goes back to the menu), because on a shared
terminal the next person must not find the member signed in.  A session the
server already ended counts as signed out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smarthub_tui import strings
from smarthub_tui.backend.base import NotAuthorized
from smarthub_tui.flow import StepId
from smarthub_tui.steps.base import Step


class SignOutStep(Step[None]):
    """Ends the session; the runner then returns to the welcome screen."""

    step_id = StepId.SIGN_OUT
    button = "signOut"

    @property
    def title(self) -> str:
        return strings.SIGN_OUT_TITLE

    @property
    def menu_label(self) -> str:
        return strings.MENU_SIGN_OUT

    def intro(self) -> list[str]:
        return [strings.SIGN_OUT_TEXT]

    def from_values(self, values: Mapping[str, Any]) -> None:
        return None

    async def send(self, answers: None) -> None:
        auth = self.state.auth
        if auth is not None:
            try:
                await self.backend.sign_out(auth)
            except NotAuthorized:
                pass  # the server had ended it already: signed out all the same
        self.state.auth = None

    def confirmation(self) -> str:
        return strings.SIGNED_OUT_DONE
