"""Snapshots of the registration form: empty, refused here, not found, already registered, timed out."""

from __future__ import annotations

from smarthub_tui.contract import ErrorCode
from smarthub_tui.screens.already_registered import AlreadyRegisteredScreen
from smarthub_tui.screens.register import RegisterScreen
from tests.support.harness import PATHS, Member, shoot

ANA = Member(account_number="8000901234", last_name="Álvarez", email="ana.alvarez@example.com")


async def _form(wizard) -> None:
    await wizard.walk_to("register")


async def _refused_here(wizard) -> None:
    await wizard.walk_to("register")
    await wizard.fill(["12", "", "jane@example", "jane@example.org"])
    await wizard.press("enter")


async def _not_found(wizard) -> None:
    await wizard.walk_to("register")
    wizard.member = Member(account_number="1000234567", last_name="Smith")
    await wizard.answer("register")
    await wizard.at(RegisterScreen)
    assert wizard.error_at("form")


async def _already_registered(wizard) -> None:
    await wizard.walk_to("register")
    await wizard.answer("register")
    await wizard.at(AlreadyRegisteredScreen)


async def _timed_out(wizard) -> None:
    await wizard.walk_to("terms")
    wizard.transport.reply(PATHS["complete"], 410, {"code": ErrorCode.SESSION_EXPIRED, "message": "Session expired.", "field": None})
    await wizard.answer("terms")
    await wizard.at(RegisterScreen)


def test_register_form(snap_compare) -> None:
    assert shoot(snap_compare, "default", _form)


def test_register_form_pec(snap_compare) -> None:
    """PEC asks no e-mail confirmation and calls it "Account Number"."""
    assert shoot(snap_compare, "pec", _form)


def test_register_refused_at_the_fields(snap_compare) -> None:
    assert shoot(snap_compare, "default", _refused_here)


def test_register_account_not_found(snap_compare) -> None:
    assert shoot(snap_compare, "default", _not_found)


def test_register_already_registered_alert(snap_compare) -> None:
    assert shoot(snap_compare, "default", _already_registered, member=ANA)


def test_register_after_the_session_timed_out(snap_compare) -> None:
    assert shoot(snap_compare, "default", _timed_out)
