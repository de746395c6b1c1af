"""Snapshots of the two questions that ask before acting: Cancel and Quit."""

from __future__ import annotations

from smarthub_tui.screens.confirm import ConfirmScreen
from tests.support.harness import shoot


async def _cancel(wizard) -> None:
    await wizard.walk_to("identity")
    await wizard.press("f10")
    await wizard.at(ConfirmScreen)


async def _quit(wizard) -> None:
    await wizard.walk_to("register")
    await wizard.press("ctrl+q")
    await wizard.at(ConfirmScreen)


def test_confirm_cancel(snap_compare) -> None:
    assert shoot(snap_compare, "default", _cancel)


def test_confirm_quit(snap_compare) -> None:
    assert shoot(snap_compare, "default", _quit)
