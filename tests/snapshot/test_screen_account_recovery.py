"""Snapshot of the "not available yet" screen behind Forgot Password? and Can't access your account?."""

from __future__ import annotations

from smarthub_tui.screens.account_recovery import AccountRecoveryScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import shoot


async def _recovery(wizard) -> None:
    await wizard.at(WelcomeScreen)
    await wizard.pilot.click("#cant-access")
    await wizard.at(AccountRecoveryScreen)


def test_account_recovery(snap_compare) -> None:
    assert shoot(snap_compare, "default", _recovery)
