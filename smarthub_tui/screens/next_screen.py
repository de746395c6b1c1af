"""The next step's screen, built while the current step's call runs.

Why: from Enter on a valid form to the next screen ready for keys, the
main thread first waits for the step's call (argon2 in the embedded
server's thread, which lets go of the GIL, or a network round trip), then
builds the next screen: constructing its widgets (its `compose`) was about
a quarter of that build.  The call's wait is idle time on the main thread,
and the runner knows where a Next most likely leads (`Runner.likely_next`).
So once a call has run `PREPARE_DELAY` (a call that answers sooner needs no
help), `NextScreen.prepare` constructs the likely next screen and its
widgets there and then; when the runner asks for the screen it actually
wants, `NextScreen.take` hands over the prepared one only if it is the very
same visit (step, answers, place in the walk, notice) and what the screen
reads while composing beyond the visit (`StepScreen.compose_inputs`) is
still the same; otherwise it is thrown away and the screen is built as
always.

A prepared screen is only constructed: it is not mounted, not installed,
not in the screen stack, so it shows nothing, takes no keys, is not styled
and makes no call (a screen's loads start when it mounts).  It is made from
the state as it was before the current step's answers were remembered, so
nothing typed on the current step (a password, an SSN4) is put in it.  Only
screens whose composition depends on nothing but the visit and what
`compose_inputs` names opt in (`StepScreen.prepares_ahead`), and never in
agent mode (the script band reads the member's data).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from smarthub_tui.runner import Visit

if TYPE_CHECKING:  # the app makes a `NextScreen` at start: the screens' modules load later, behind the welcome screen
    from textual.app import App

    from smarthub_tui.screens.base import StepScreen

PREPARE_DELAY = 0.01
"""Seconds a step's call runs before the likely next screen is built: by then the call waits on something else than this thread."""


def _same_visit(a: Visit, b: Visit) -> bool:
    """The same step shown the same way (the controllers are new objects each time: not compared)."""
    return (a.step, a.answers, a.number, a.total, a.can_go_back, a.notice) == (b.step, b.answers, b.number, b.total, b.can_go_back, b.notice)


class NextScreen:
    """At most one prepared screen, with the visit and the inputs it was composed from."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._prepared: tuple[Visit, StepScreen, object] | None = None

    def prepare(self, likely_next: Callable[[], Visit | None]) -> None:
        """Construct and compose the screen of the visit `likely_next` names, if its screen may be prepared."""
        from smarthub_tui.screens import screen_class, screen_for

        self.drop()
        visit = likely_next()
        if visit is None or not screen_class(visit.step).prepares_ahead:
            return
        screen = screen_for(visit)
        inputs = screen.compose_inputs()
        # Mounted as `App.push_screen` mounts a screen (Textual has no public call for a screen not pushed), but not
        # pushed: it is composed, mounted and styled now, laid out only once it is current.
        self.app._register(self.app, screen)
        self._prepared = (visit, screen, inputs)

    def take(self, visit: Visit) -> StepScreen | None:
        """The prepared screen if it shows exactly `visit` (now driven by `visit`'s controller); None otherwise (it is dropped)."""
        prepared, self._prepared = self._prepared, None
        if prepared is None:
            return None
        guessed, screen, inputs = prepared
        kept = _same_visit(guessed, visit)
        if kept:
            screen.controller = visit.controller
            kept = screen.compose_inputs() == inputs
        if not kept:
            self._throw_away(screen)
            return None
        return screen

    def drop(self) -> None:
        """Throw the prepared screen away (nothing of it was ever shown)."""
        prepared, self._prepared = self._prepared, None
        if prepared is not None:
            self._throw_away(prepared[1])

    @staticmethod
    def _throw_away(screen: StepScreen) -> None:
        """Unmount a screen that was never pushed, as Textual removes a screen popped for good."""
        if screen.is_attached:
            screen.remove()
