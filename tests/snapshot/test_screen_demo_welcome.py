"""The demo welcome screen at 80x24: the demo accounts to register with, Login and the links still on screen, Ctrl+R in the footer."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from smarthub_tui import cli
from smarthub_tui.backend.embedded import embedded_backend
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import Wizard


@pytest.mark.parametrize("profile", ["default", "pec"])
def test_demo_welcome(snap_compare, profile) -> None:
    app = cli.make_app(backend=embedded_backend(profile))
    app.animation_level = "none"

    async def run_before(pilot: Pilot) -> None:
        wizard = Wizard(pilot)
        await wizard.at(WelcomeScreen)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await wizard.settle()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
