"""One screen per wizard step (docs/architecture.md section 2), and which screen shows which step.

Every screen gets its controller, its initial answers and its place in the
walk through the constructor, and returns an `Outcome` through `dismiss`.
The step screens are imported when first shown, not with this package, so
the first screen ("Connecting…") paints without waiting for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from smarthub_tui.flow import StepId

if TYPE_CHECKING:
    from smarthub_tui.runner import Visit
    from smarthub_tui.screens.base import StepScreen



def screen_class(step: StepId) -> type[StepScreen]:
    """The screen class that shows `step` (named in `smarthub_tui.registry`)."""
    from smarthub_tui.registry import STEPS

    module, name = STEPS[step].screen
    return getattr(import_module(f"smarthub_tui.screens.{module}"), name)


def screen_for(visit: Visit, kind: type[StepScreen] | None = None) -> StepScreen:
    """The screen that shows `visit` (its step, with the visit's answers), of the step's own class unless `kind` says."""
    return (kind or screen_class(visit.step))(
        visit.controller,
        initial=visit.answers,
        number=visit.number,
        total=visit.total,
        can_go_back=visit.can_go_back,
        notice=visit.notice,
    )


def preload() -> None:
    """Import every step's screen module now (in a thread, behind the welcome screen), not at its first visit.

    A registration visits each screen once, so each first visit used to pay
    its module's imports (Textual widgets, masks) inside the step transition.
    """
    from smarthub_tui.registry import STEPS

    for row in STEPS.values():
        import_module(f"smarthub_tui.screens.{row.screen[0]}")
        row.controller  # noqa: B018 - its step's module too (the registry names it, imported at first use)


__all__ = ["preload", "screen_class", "screen_for"]
