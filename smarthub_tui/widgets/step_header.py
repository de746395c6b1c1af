"""The "where am I" line at the top of every wizard step.

A wizard is only bearable when people can see how far they have come and how
much is left (docs/architecture.md section 10: "Step N of M").  `StepHeader`
shows the co-op's short name, the step title, "Step 4 of 9" in words (so it
reads in monochrome and to screen readers) and a drawn progress bar, in two
lines that fit 80 columns.  The co-op name and title come from a profile and
are untrusted: they are cleaned with `inert()` and shown as plain `Content`.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from smarthub_tui.text import inert

__all__ = ["StepHeader"]

_DONE = "━"
_TODO = "─"


class StepHeader(Widget):
    """Two lines: "<co-op> · <title>   Step N of M" and a progress bar.

    Set `step`, `total` and `title` (reactive) as the wizard moves; the bar is
    drawn with two different characters, so it does not depend on colour.
    """

    DEFAULT_CSS = """
    StepHeader {
        height: 2;
        width: 1fr;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    StepHeader > .step-header--coop {
        text-style: bold;
    }
    StepHeader > .step-header--count {
        text-style: bold;
    }
    StepHeader > .step-header--done {
        color: $accent;
    }
    StepHeader > .step-header--todo {
        color: $foreground-muted;
    }
    """

    COMPONENT_CLASSES = {
        "step-header--coop",
        "step-header--count",
        "step-header--done",
        "step-header--todo",
    }

    step: reactive[int] = reactive(1)
    """The current step, counted from 1."""
    total: reactive[int] = reactive(1)
    """How many steps this flow has (0 hides the count and the bar)."""
    title: reactive[str] = reactive("")
    """The current step's title (untrusted: shown literally)."""
    coop: reactive[str] = reactive("")
    """The co-op's short name (untrusted: shown literally)."""

    def __init__(
        self,
        coop: str = "",
        title: str = "",
        step: int = 1,
        total: int = 1,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(StepHeader.coop, coop)
        self.set_reactive(StepHeader.title, title)
        self.set_reactive(StepHeader.step, step)
        self.set_reactive(StepHeader.total, total)

    def set_step(self, step: int, total: int, title: str) -> None:
        """Move to another step in one refresh."""
        self.set_reactive(StepHeader.step, step)
        self.set_reactive(StepHeader.total, total)
        self.title = title
        self.refresh()

    @property
    def count_text(self) -> str:
        """'Step N of M' as shown, or '' when there is no count to show."""
        if self.total <= 0:
            return ""
        step = min(max(self.step, 1), self.total)
        return f"Step {step} of {self.total}"

    def render(self) -> Content:
        width = max(self.content_region.width, 1)
        coop = inert(self.coop, single_line=True).strip()
        title = inert(self.title, single_line=True).strip()
        count = self.count_text
        coop_style = self.get_visual_style("step-header--coop")
        count_style = self.get_visual_style("step-header--count")

        left = Content.assemble(
            *([(coop, coop_style)] if coop else []),
            *([" · "] if coop and title else []),
            title,
        )
        room = width - (len(count) + 2 if count else 0)
        if left.cell_length > room:
            left = left.truncate(max(room, 0), ellipsis=True)
        gap = max(width - left.cell_length - len(count), 0)
        first = Content.assemble(left, " " * gap, (count, count_style))

        if self.total > 0:
            done = round(width * min(max(self.step, 0), self.total) / self.total)
            bar = Content.assemble(
                (_DONE * done, self.get_visual_style("step-header--done")),
                (_TODO * (width - done), self.get_visual_style("step-header--todo")),
            )
        else:
            bar = Content("")
        return Content("\n").join([first, bar])
