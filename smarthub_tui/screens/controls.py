"""Form controls on which Enter submits the form, and whose state reads without colour.

Textual's `Checkbox`, `RadioSet` and the "I'm not a robot" box toggle on both
Space and Enter.  In a wizard, Enter means "submit this step" everywhere
(docs/architecture.md section 10), and a second Enter must never silently untick "I
accept".  These subclasses keep Space (and the arrow keys) for choosing and
leave Enter to the screen.

Textual also draws a ticked and an unticked box with the same character,
told apart by colour only, and marks the highlighted radio option by
background only; under NO_COLOR both vanish.  `SubmitCheckbox` and
`ChoiceButton` draw "[✓]"/"[ ]" and "(●)"/"( )", and a "›" points at the
highlighted option, so the state is in the characters themselves.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Checkbox, RadioButton, RadioSet

from smarthub_tui.widgets import ProofOfWorkCheckbox


def _mark(widget: Checkbox | RadioButton, left: str, on: str, right: str) -> Content:
    """The box drawn with characters: `left` + (`on` or a space) + `right`, in the toggle's colours."""
    style = widget.get_visual_style("toggle--button")
    return Content.assemble(left, (on if widget.value else " ", style), right)


class SubmitCheckbox(Checkbox):
    """A `Checkbox` drawn "[✓]"/"[ ]" that Space toggles; Enter submits the screen."""

    BINDINGS = [Binding("enter", "screen.submit", show=False), Binding("space", "toggle_button", show=False)]

    @property
    def _button(self) -> Content:  # Textual draws the box here; ours reads without colour
        return _mark(self, "[", "✓", "]")


class ChoiceButton(RadioButton):
    """A radio option drawn "(●)"/"( )", with "›" before it while it is the highlighted one."""

    @property
    def _button(self) -> Content:  # as above
        return _mark(self, "(", "●", ")")

    def render(self) -> Content:
        highlighted = self.has_class("-selected") and self.parent is not None and self.parent.has_focus
        return Content.assemble("› " if highlighted else "  ", super().render())

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return super().get_content_width(container, viewport) + 2


class SubmitRadioSet(RadioSet):
    """A `RadioSet`: arrows move, Space picks; Enter picks the highlighted option and posts `Chosen`.

    The screen answers `Chosen` by submitting with that option: the index
    travels in the message because the set's own `pressed_index` is updated
    by a message of its own, which may not have arrived yet.
    """

    BINDINGS = [Binding("enter", "choose", show=False), Binding("space", "toggle_button", show=False)]

    class Chosen(Message):
        """Enter was pressed on option `index` (None when nothing is highlighted or picked)."""

        def __init__(self, radio_set: SubmitRadioSet, index: int | None) -> None:
            super().__init__()
            self.radio_set = radio_set
            self.index = index

        @property
        def control(self) -> SubmitRadioSet:
            """The radio set (for `@on` selectors)."""
            return self.radio_set

    def on_mount(self) -> None:
        """Highlight the option already picked (coming Back to a step), so Enter keeps it."""
        self.call_after_refresh(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_choose(self) -> None:
        """Enter: pick the highlighted option (if it is not picked already) and post `Chosen`."""
        index = self._selected if self._selected is not None else (self.pressed_index if self.pressed_index >= 0 else None)
        if index is not None and self.pressed_index != index:
            self.action_toggle_button()
        self.post_message(self.Chosen(self, index))


class SubmitProofOfWorkCheckbox(ProofOfWorkCheckbox):
    """"I'm not a robot": Space ticks or unticks; Enter ticks it if needed, then submits the screen.

    The screen waits for the proof-of-work when Enter comes before it is found.
    """

    BINDINGS = [Binding("enter", "tick_and_submit", show=False), Binding("space", "toggle", show=False)]

    async def action_tick_and_submit(self) -> None:
        """Enter: tick the box if it is not ticked, then ask the screen to submit."""
        if not self.checked:
            self.action_toggle()
        await self.run_action("screen.submit")
