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
    """A `RadioSet` where what is shown picked is what counts: arrows and Space pick, Enter posts `Chosen`.

    Textual's set highlights its first option on mount, and Enter pressed
    the highlighted option: Enter on arrival picked "Yes" the member never
    chose.  Here nothing is highlighted until the member moves (or an
    option was picked before, coming Back), the arrows pick the option they
    move to, so the "(●)" always shows what Enter will send, and Enter
    never picks anything itself: it posts `Chosen` with the picked option,
    or None when there is none.
    """

    BINDINGS = [
        Binding("enter", "choose", show=False),
        Binding("space", "toggle_button", show=False),
        Binding("down,right", "pick(1)", show=False),
        Binding("up,left", "pick(-1)", show=False),
    ]

    class Chosen(Message):
        """Enter was pressed; `index` is the picked option (None when nothing is picked)."""

        def __init__(self, radio_set: SubmitRadioSet, index: int | None) -> None:
            super().__init__()
            self.radio_set = radio_set
            self.index = index

        @property
        def control(self) -> SubmitRadioSet:
            """The radio set (for `@on` selectors)."""
            return self.radio_set

    def on_mount(self) -> None:
        """Highlight only an option already picked (coming Back to a step), never one by default."""
        self.call_after_refresh(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        self._selected = self.picked_index

    @property
    def picked_index(self) -> int | None:
        """The option shown picked, read from the buttons themselves (their messages may still be on the way)."""
        return next((index for index, node in enumerate(self._nodes) if getattr(node, "value", False)), None)

    def action_pick(self, direction: int) -> None:
        """↓/↑: move to the next or previous option and pick it (Textual's own move, on mount, only highlights).

        With nothing picked yet, the move starts from no option, whether or
        not `_highlight_pressed` has run: a ↓ typed at once (type-ahead, a
        burst) picks the first option, as a ↓ typed later does.
        """
        if self.picked_index is None:
            self._selected = None
        if direction < 0:
            self.action_previous_button()
        else:
            self.action_next_button()
        if self._selected is not None and self.picked_index != self._selected:
            self.action_toggle_button()

    def action_choose(self) -> None:
        """Enter: post `Chosen` with the option shown picked (None if there is none); nothing is picked here."""
        self.post_message(self.Chosen(self, self.picked_index))


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
