"""Textual's Footer, rebuilt only when the keys it shows change.

Why: Textual's `Footer` throws away and rebuilds all its key widgets
whenever the screen's bindings *may* have changed, which is every focus
change (each Tab, each new screen, each field a refusal focuses).  Each
rebuild mounts and styles a dozen widgets; in a whole registration that
was about a sixth of the wizard's CPU time, most of it on keys that showed
exactly what they showed before.  This footer remembers what it last
composed (key, words, action, enabled, tooltip, group of each shown
binding) and skips the rebuild when that is unchanged.  What it draws is
Textual's own (same class, same CSS), so screens look the same.

Two more costs of a new screen's footer are cut here:
- several binding changes in one frame (a screen's arrival: mount, focus,
  a call's end) each scheduled a rebuild; one pending rebuild now serves
  them all, as it composes what the keys are when it runs;
- each key widget is made "compact" and then bound to the footer's
  non-compact setting after it mounts, so every key restyled itself once
  more (about 40% of all restyling in a registration); the keys are now
  made with the footer's setting from the start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


def shown_keys(screen: Screen) -> tuple[Any, ...]:
    """What a footer on `screen` would show now: every shown binding, with all that its key widget is built from."""
    return tuple(
        (binding.key, binding.key_display, binding.description, binding.action, enabled, tooltip, binding.tooltip, binding.group)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )


class QuietFooter(Footer):
    """A `Footer` that recomposes only when the keys to show differ from the ones shown (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Any, ...] | None = None
        self._rebuild_pending = False

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = shown_keys(self.screen)
        for widget in super().compose():
            if isinstance(widget, FooterKey):  # born with the footer's setting: its data binding then changes nothing
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuild_pending and screen is self.screen:
            return  # the rebuild already scheduled will compose the keys as they are then
        if self._shown is not None and self.is_attached and screen is self.screen and shown_keys(screen) == self._shown:
            return  # the same keys: nothing to rebuild
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached:
            await self.recompose()
