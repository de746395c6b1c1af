"""The first screen: it paints at once, then the backend is started and the co-op settings fetched.

Creating the embedded backend imports the whole reference server (FastAPI,
SQLAlchemy, Pillow); talking to a remote one can hang on a dead address.
Both happen here, in a worker after the first paint, so the person sees
"Connecting…" at once, and a server that cannot be reached gives a one-line
reason and Retry instead of a traceback.  It dismisses with `Next(settings)`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from smarthub_tui import strings
from smarthub_tui.backend.base import BackendError
from smarthub_tui.flow import Next
from smarthub_tui.screens.base import WizardScreen
from smarthub_tui.steps import Problem, Wizard
from smarthub_tui.widgets import SafeText, StepHeader


class ConnectScreen(WizardScreen):
    """"Connecting…" until the settings arrive; Retry if they do not."""

    BINDINGS = [Binding("escape", "back", strings.KEY_STOP)]

    def __init__(self, wizard: Wizard) -> None:
        super().__init__()
        self.wizard = wizard

    def compose(self) -> ComposeResult:
        yield StepHeader("SmartHub", strings.CONNECTING, 0, 0, id="header")
        target = self.wizard.target
        line = strings.CONNECTING_TO.format(url=target) if target else strings.CONNECTING_EMBEDDED
        with VerticalScroll(id="body", can_focus=False):
            yield SafeText(line, id="connecting", classes="intro")
        yield from self.compose_status()

    def on_mount(self) -> None:
        self.run_call(self.wizard.connect, self._connected, busy_text=strings.BUSY_CONNECTING, is_load=True)

    def _connected(self, settings: object) -> None:
        self.dismiss(Next(settings))

    def explain(self, error: BackendError) -> Problem:
        return self.wizard.explain_connect(error)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.busy  # Esc only stops waiting; there is nothing to go back to
        return True
