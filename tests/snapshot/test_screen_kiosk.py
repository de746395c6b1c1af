"""Snapshots of kiosk mode's two dialogs at 80x24, in its high-contrast theme: "Are you still there?" and the operator's PIN."""

from __future__ import annotations

from argon2 import PasswordHasher

from smarthub_tui.kiosk import KioskConfig, ManualClock
from smarthub_tui.modes import UserMode
from smarthub_tui.screens.idle_warning import IdleWarningScreen
from smarthub_tui.screens.operator_exit import OperatorExitScreen
from tests.support.harness import shoot

PIN_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("2468")


def kiosk_options() -> dict[str, object]:
    clock = ManualClock()
    return {"mode": UserMode.KIOSK, "kiosk_config": KioskConfig(operator_pin_hash=PIN_HASH), "clock": clock}


async def _idle(wizard) -> None:
    await wizard.walk_to("register")
    await wizard.type("1000234567")
    clock = wizard.app.idle.clock
    clock.advance(60 + 12)  # twelve seconds into the warning
    wizard.app.kiosk_tick()
    await wizard.at(IdleWarningScreen)
    wizard.app.kiosk_tick()


async def _operator(wizard) -> None:
    await wizard.walk_to("register")
    await wizard.press("f12")
    await wizard.at(OperatorExitScreen)
    await wizard.type("1111")
    await wizard.press("enter")


def test_kiosk_idle_warning(snap_compare) -> None:
    assert shoot(snap_compare, "default", _idle, app_options=kiosk_options())


def test_kiosk_operator_exit(snap_compare) -> None:
    assert shoot(snap_compare, "default", _operator, app_options=kiosk_options())
