"""Snapshots of the first screens: connecting, cannot connect, welcome, and a refused log-in."""

from __future__ import annotations

from smarthub_tui.screens.connect import ConnectScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import PATHS, Member, shoot


async def _connecting(wizard) -> None:
    for _ in range(50):
        await wizard.pilot.pause()
        if wizard.app.wizard._backend is not None:  # created; its first answer is held back
            break
    assert isinstance(wizard.app.screen, ConnectScreen)


async def _cannot_connect(wizard) -> None:
    await wizard.at(ConnectScreen)
    assert wizard.panel()


async def _welcome(wizard) -> None:
    await wizard.at(WelcomeScreen)


async def _wrong_password(wizard) -> None:
    await wizard.sign_in("wrong password")
    await wizard.at(WelcomeScreen)
    assert wizard.error_at("password")


def test_connecting(snap_compare) -> None:
    """The first paint: the server is not there yet (its answer is held back)."""
    assert shoot(snap_compare, "default", _connecting, prepare=lambda t: t.hold(PATHS["settings"]), settle=False)


def test_cannot_connect(snap_compare) -> None:
    """A server that cannot be reached at start: one line and Retry."""
    assert shoot(snap_compare, "default", _cannot_connect, prepare=lambda t: t.fail(PATHS["settings"], "unreachable"))


def test_welcome(snap_compare) -> None:
    assert shoot(snap_compare, "default", _welcome)


def test_welcome_pec(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _welcome)


def test_welcome_wrong_password(snap_compare) -> None:
    """The password (masked) is refused at its field."""
    ana = Member(email="ana.alvarez@example.com")
    assert shoot(snap_compare, "default", _wrong_password, member=ana)


async def _link_focused(wizard) -> None:
    await wizard.at(WelcomeScreen)
    await wizard.press("tab", "tab", "tab")  # password, Login, the first link
    assert wizard.app.screen.focused.id == "register"


def test_welcome_link_focused_no_color(snap_compare) -> None:
    """Focus reads without colour: the focused link is in reverse video, as buttons are."""
    assert shoot(snap_compare, "default", _link_focused, no_color=True)


async def _pec_login_after_congratulations(wizard) -> None:
    await wizard.walk_to("login")


def test_welcome_pec_after_congratulations(snap_compare) -> None:
    """pec (guide 001): Login on Congratulations returns here, the e-mail waiting, the temporary password asked at Password."""
    assert shoot(snap_compare, "pec", _pec_login_after_congratulations)


def test_welcome_pec_setup(snap_compare) -> None:
    """pec-setup (guide 002, Step 1): E-Mail, Password, Login, "Can't access your account?", "New User? Register to use SmartHub!"."""
    assert shoot(snap_compare, "pec-setup", _welcome)
