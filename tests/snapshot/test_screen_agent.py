"""Agent mode at 80x24: a step with the script band above its form (identity), and "registration created" with its status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from smarthub_tui.agent import AgentSettings
from smarthub_tui.cli import make_app
from smarthub_tui.modes import UserMode
from smarthub_tui.screens.identity import IdentityScreen
from smarthub_tui.screens.register import RegisterScreen
from tests.functional.test_agent_mode import Agent, FakeClock
from tests.support.harness import MEMBERS
from tests.support.memory_keyring import MemoryKeyring


def shoot_agent(snap_compare: Any, tmp_path: Path, drive: Any) -> bool:
    settings = AgentSettings(audit_path=tmp_path / "audit.jsonl", keyring=MemoryKeyring(), clock=FakeClock())
    app = make_app(profile="default", mode=UserMode.AGENT, agent=settings)
    app.animation_level = "none"

    async def run_before(pilot: Pilot) -> None:
        agent = Agent(pilot, MEMBERS["default"])
        await agent.sign_in()
        await agent.at(RegisterScreen)
        await drive(agent)
        await agent.settle()
        pilot.app.clear_notifications()
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await agent.settle()

    return bool(snap_compare(app, run_before=run_before, terminal_size=(80, 24)))


def test_agent_identity_step_with_its_script(snap_compare: Any, tmp_path: Path) -> None:
    async def drive(agent: Agent) -> None:
        await agent.answer("register")
        await agent.at(IdentityScreen)

    assert shoot_agent(snap_compare, tmp_path, drive)


def test_agent_registration_created_with_the_members_progress(snap_compare: Any, tmp_path: Path) -> None:
    async def drive(agent: Agent) -> None:
        await agent.call(paperless=True)

    assert shoot_agent(snap_compare, tmp_path, drive)
