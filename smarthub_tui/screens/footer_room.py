"""An app-wide key named in the footer only where it fits, and acting everywhere.

Why: an 80-column footer already lists a step's own keys; adding an app-wide
key (demo mode's F3, agent mode's Ctrl+N) on every screen would push "^q
Quit" off its end.  So such a key has two bindings, one shown and one quiet,
and `check_action` enables exactly one of them: the shown one where the
footer has room (`footer_has_room`), the quiet one elsewhere.  While the
room is measured, every such key counts as hidden, so measuring one key
never counts another.
"""

from __future__ import annotations

from typing import Any

from textual.app import App


class FooterRoom(App[Any]):
    """The footer-room measure shared by the app-wide keys (`screens.agent_call_keys`, `screens.demo_inbox_key`)."""

    wizard: Any
    """The app's wizard (`SmartHubApp` sets it): the keys ask its mode and state."""
    _measuring_footer = False

    def shown_or_quiet(self, action: str, shown: str, key: str, description: str) -> bool:
        """For the shown binding (`action == shown`): whether it fits; for the quiet one: whether it does not."""
        if self._measuring_footer:
            return False
        return self.footer_has_room(key, description) == (action == shown)

    def footer_has_room(self, key: str, description: str) -> bool:
        """Whether `key` `description` fits in the footer beside the keys shown already (no cut-off Quit)."""
        self._measuring_footer = True
        try:
            shown = [active.binding for active in self.screen.active_bindings.values() if active.binding.show]
        finally:
            self._measuring_footer = False
        width = 1 + sum(len(self.get_key_display(binding)) + 1 + len(binding.description) + 2 for binding in shown)
        return width + len(key) + 1 + len(description) <= self.size.width
