"""The terminal's own cursor sits on the focused control, on every screen.

Why: a screen reader on a text console (Speakup, BRLTTY, a braille display)
and a screen magnifier follow the terminal's cursor to know where the
person is; that is how they read a menu or a dialog.  Textual hides the
cursor and leaves it wherever an `Input` last put it (its position is
otherwise only used for IME pop-ups), so Tab to a checkbox or a button moved
nothing a reader could follow.  As archinstall does for Speakup, and as
blind developers ask of TUI libraries: the cursor goes where the focus is
and stays hidden, so a sighted person sees nothing new.

Where: in an `Input` (a `SecretInput`'s inner field too) at its text
cursor; on a radio set at its highlighted option (else its picked one, else
its first); on anything else (checkbox, radio option, button, the "I'm not
a robot" box) at the start of its content, which is where its box or label
begins.  With nothing focused, wherever a widget last asked for it.

How: Textual moves the terminal's cursor to `App.cursor_position` after
every frame it draws.  `FocusCursor` turns that attribute into a property
computed from the focus at the moment of drawing, so it is right after a
Tab, a scroll, a resize, a picture loading above the field or a new screen
(modal ones included) without any screen doing anything: every change that
moves the focus or the highlight redraws the focused control, and with it
the cursor.  Widgets that set the position (Input does, for IME) are heard
only when nothing is focused.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.cells import cell_len
from textual.app import App, ScreenError
from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Input


def focus_cursor(widget: Widget) -> Offset | None:
    """Where the terminal's cursor belongs for the focused `widget`, in screen cells; None if it is not shown."""
    if not widget.is_attached or not widget.display:
        return None
    if isinstance(widget, Input):
        return _text_cursor(widget)
    # a radio set only if its module is loaded (the welcome, which the start waits for, has none)
    radio_set = sys.modules.get("textual.widgets._radio_set")
    if radio_set is not None and isinstance(widget, radio_set.RadioSet):
        from textual.widgets import RadioButton

        options = list(widget.query_children(RadioButton))
        highlighted = [option for option in options if option.has_class("-selected")]
        target = highlighted[0] if highlighted else widget.pressed_button or (options[0] if options else None)
        if target is not None and target.region:
            widget = target
    region = widget.content_region if widget.content_region else widget.region
    if not region:
        return None  # scrolled out of sight or not laid out yet
    return region.offset


def _text_cursor(field: Input) -> Offset | None:
    """The cell where `field` draws its block cursor.

    Not `Input.cursor_screen_offset`: at the end of the text that is one cell
    further on (room kept for scrolling), past the cursor the person sees.
    A password is drawn one "•" per character, whatever the characters' width.
    """
    region = field.content_region
    if not region:
        return None
    before = field.value[: field.cursor_position]
    cells = len(before) if field.password else cell_len(before)
    return Offset(region.x + cells - field.scroll_offset.x, region.y)


class FocusCursor(App[Any]):
    """Mix into the app (before `App`): `cursor_position` follows the focused control."""

    _cursor_asked = Offset(0, 0)

    @property
    def cursor_position(self) -> Offset:
        """The focused control's cursor (see `focus_cursor`), else where a widget last set it."""
        try:
            focused = self.screen.focused
        except ScreenError:  # no screen yet (starting, or shutting down)
            return self._cursor_asked
        if focused is not None:
            place = focus_cursor(focused)
            if place is not None:
                return place
        return self._cursor_asked

    @cursor_position.setter
    def cursor_position(self, offset: Offset) -> None:
        self._cursor_asked = offset
