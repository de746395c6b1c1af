"""Demo mode's F3 on any screen after registration: the demo inbox, read-only where the screen has no code field.

Why an app-wide key: a presenter wants the e-mails one key away on every
screen once the member exists, not only where a code is typed.  A code
screen's own F3 acts first; this one opens the inbox read-only.  Never in
agent mode: the member's e-mailed code is the member's secret, not the agent's.
"""

from __future__ import annotations

from smarthub_tui import strings
from smarthub_tui.agent import is_agent
from smarthub_tui.screens.footer_room import FooterRoom


class DemoInboxKey(FooterRoom):
    """The app's F3 (`demo_inbox` shown where the footer has room, `demo_inbox_quiet` elsewhere)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("demo_inbox", "demo_inbox_quiet"):
            state = self.wizard.state
            if is_agent(self.wizard) or (state.receipt is None and state.auth is None):
                return False  # no account, no mail: said before the inbox's module is imported (not at start, then)
            from smarthub_tui.screens.inbox import inbox_reader_here

            if inbox_reader_here(self.screen) is None:
                return False
            return self.shown_or_quiet(action, "demo_inbox", "f3", strings.KEY_INBOX_SHORT)
        return super().check_action(action, parameters)

    def action_demo_inbox(self) -> None:
        """F3 where the screen has no code field: the demo inbox, read-only."""
        from smarthub_tui.screens.base import StepScreen
        from smarthub_tui.screens.inbox import inbox_reader_here, open_inbox_read_only

        screen = self.screen
        reader = inbox_reader_here(screen)
        if reader is not None and isinstance(screen, StepScreen) and not screen.busy:
            open_inbox_read_only(screen, reader)

    def action_demo_inbox_quiet(self) -> None:
        """F3 where the footer has no room to name it: the same inbox."""
        self.action_demo_inbox()
