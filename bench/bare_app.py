"""The baseline every wizard figure is compared with: a bare Textual app, a Label and an Input, nothing else.

Started the same way as the wizard (the same interpreter, as a script), so
the ratio shows what the wizard adds to Textual's own start-up and memory,
not what Python or the terminal cost.  `NextScreen` is the bare step
transition: Enter pushes another Label-and-Input screen.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Label


class BareScreen(Screen[None]):
    """A Label and an Input; Enter pushes the next one (a bare step transition)."""

    def __init__(self, number: int = 0) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        yield Label(f"Bare screen {self.number}")
        yield Input(id="field")

    def on_input_submitted(self) -> None:
        self.app.push_screen(BareScreen(self.number + 1))


class BareApp(App[None]):
    """A Label and an Input."""

    def compose(self) -> ComposeResult:
        yield Label("Bare Textual app")
        yield Input(id="field")

    def on_input_submitted(self) -> None:
        self.push_screen(BareScreen(1))


if __name__ == "__main__":
    BareApp().run()
