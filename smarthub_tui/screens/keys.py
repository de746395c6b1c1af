"""The footer names every key that acts on a screen, in the same order on every screen.

Textual's footer lists shown bindings only, and the keys a person uses most
are handled by widgets without one: Enter in a field or on a button, Tab to
the next control, Space on a box, the arrows on a choice.  `NamedKeys`, mixed
into every screen of the wizard, adds those to what the footer reads
(`active_bindings`), display only: keys are still dispatched by Textual's
binding chain, so nothing listed here changes what a key does.  Clicking one
in the footer presses that key.
"""

from __future__ import annotations

from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button

from smarthub_tui import strings

FOOTER_FIRST = ("enter", "tab", "up", "space")
"""Keys named first (what acts on the focused control), in this order."""
FOOTER_LAST = ("escape", "f10", "ctrl+q")
"""Keys named last (leaving), in this order."""
SHORT_LABEL = 20
"""A focused button whose label is at most this long is named in the footer's Enter ("enter Retry")."""


def footer_key(key: str, description: str, *, key_display: str | None = None) -> Binding:
    """A key the footer names although the binding that handles it is a widget's own, not shown."""
    return Binding(key, f"app.simulate_key('{key}')", description, key_display=key_display or key)


def with_key(label: str, key: str) -> str:
    """A button's label with the key that presses it ("Yes (Y)"): the words from the profile or `strings`, `key` a key's name."""
    return strings.BUTTON_WITH_KEY.format(label=label, key=key)


def button_word(button: Button) -> str:
    """What Enter on `button` does, in the footer: its label if short, otherwise "Press"."""
    label = button.label.plain if isinstance(button.label, Content) else str(button.label)
    return label if len(label) <= SHORT_LABEL else strings.KEY_PRESS


class NamedKeys:
    """Mixin, before the `Screen` class, for a screen whose footer names Enter and Tab (and what `footer_keys` adds)."""

    _chain: list[Widget] | None = None
    """The focus chain while `active_bindings` is being worked out (see `keys_chain`)."""

    @property
    def keys_chain(self) -> list[Widget]:
        """The focus chain, walked once per `active_bindings` however often the footer's keys ask for it.

        Textual walks the whole screen for each `focus_chain`; working out the
        footer asked for it three or four times (and again from the app's
        check of room for F3), for every binding change of every screen.
        """
        return self._chain if self._chain is not None else self.focus_chain  # type: ignore[attr-defined]

    @property
    def shown_focus(self) -> Widget | None:
        """The focused widget if it is on show (a button in a hidden panel may keep the focus)."""
        focused = self.focused  # type: ignore[attr-defined]
        return focused if focused is not None and focused in self.keys_chain else None

    def footer_keys(self) -> list[Binding]:
        """Keys handled by widgets without a shown binding that the footer names here.

        By default: Enter on a focused button, and Tab when there is more
        than one control to move between.
        """
        keys = []
        if isinstance(self.shown_focus, Button):
            keys.append(footer_key("enter", button_word(self.shown_focus)))
        if len(self.keys_chain) > 1:
            keys.append(footer_key("tab", strings.KEY_NEXT_BUTTON))
        return keys

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys the footer lists: the live bindings plus `footer_keys`, in the same order on every screen."""
        outermost = self._chain is None
        if outermost:
            self._chain = self.focus_chain  # type: ignore[attr-defined]
        try:
            bindings = dict(super().active_bindings)  # type: ignore[misc]
            for binding in self.footer_keys():
                bindings[binding.key] = ActiveBinding(self, binding, True, binding.tooltip)
        finally:
            if outermost:
                self._chain = None
        first = [key for key in FOOTER_FIRST if key in bindings]
        last = [key for key in FOOTER_LAST if key in bindings]
        middle = [key for key in bindings if key not in first and key not in last]
        return {key: bindings[key] for key in first + middle + last}
