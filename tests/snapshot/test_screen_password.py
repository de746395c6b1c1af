"""Snapshots of the password step: the checklist ticking, PEC's rules with the carried temporary password, the server's verdict."""

from __future__ import annotations

from smarthub_tui.contract import ErrorCode
from smarthub_tui.screens.password import PasswordScreen
from tests.support.harness import PATHS, shoot


async def _half_typed(wizard) -> None:
    await wizard.walk_to("password")
    await wizard.type("kettle")


async def _pec(wizard) -> None:
    await wizard.sign_in_to("password")  # signed in with the temporary password
    await wizard.fill(["Kettle42", "Kettle4"])


async def _server_verdict(wizard) -> None:
    await wizard.walk_to("password")
    wizard.transport.reply(
        PATHS["password"],
        422,
        {
            "code": ErrorCode.PASSWORD_POLICY,
            "message": "The password does not meet the policy.",
            "field": "newPassword",
            "rules": [{"key": "history", "label": "Not one of your last 5 passwords", "met": False}],
        },
    )
    await wizard.answer("password")
    await wizard.at(PasswordScreen)


def test_password_checklist_ticking(snap_compare) -> None:
    assert shoot(snap_compare, "default", _half_typed)


def test_password_pec_after_temporary_password(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _pec)


def test_password_refused_by_the_server(snap_compare) -> None:
    assert shoot(snap_compare, "default", _server_verdict)


async def _pec_setup(wizard) -> None:
    await wizard.walk_to("password")


def test_password_pec_setup_current_password_is_the_code(snap_compare) -> None:
    """pec-setup (guide 002, Step 5): E-Mail Address, Current Password (the Verify Account code), New and Confirm Password."""
    assert shoot(snap_compare, "pec-setup", _pec_setup)
