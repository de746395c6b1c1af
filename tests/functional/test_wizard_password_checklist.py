"""The password checklist judges only what was typed: neutral on arrival, failed after a submit."""

from __future__ import annotations

from smarthub_tui.widgets import PasswordChecklist
from smarthub_tui.widgets.password_checklist import (
    MET_STATE,
    PENDING_STATE,
    UNMET_STATE,
)
from tests.support.harness import MEMBERS, Wizard, build_app


async def test_arrival_is_neutral_typing_ticks_and_a_submit_shows_what_is_missing() -> None:
    app, _ = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        screen = await wizard.walk_to("password")
        checklist = screen.query_one(PasswordChecklist)
        assert set(checklist.states.values()) == {PENDING_STATE}, "nothing typed: nothing failed"
        assert "✗" not in checklist.render().plain
        await wizard.type("kettle")
        states = checklist.states
        assert states["min"] == MET_STATE and states["upper"] == PENDING_STATE and states["digit"] == PENDING_STATE
        await wizard.press("enter")
        states = checklist.states
        assert states["upper"] == UNMET_STATE and states["digit"] == UNMET_STATE and states["match"] == UNMET_STATE
        assert "✗ not met  An uppercase letter" in checklist.render().plain
