"""Over HTTP the welcome screen comes without "Connecting…" once the settings were fetched while the app started (issue 11, launch).

And when they could not be, the Connecting screen with its reason and Retry
is still what the person sees.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from smarthub_tui import app as app_module
from smarthub_tui.backend.deferred import DeferredBackend
from smarthub_tui.backend.http import HttpBackend
from smarthub_tui.cli import make_app
from smarthub_tui.profiles import load_profile
from smarthub_tui.screens.connect import ConnectScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import Wizard
from tests.support.settings_server import serving_settings


@pytest.fixture
def settings_server() -> Iterator[str]:
    """A plain HTTP server whose settings are PEC's: only the settings path answers."""
    with serving_settings(load_profile("pec").model_dump(mode="json")) as url:
        yield url


@pytest.fixture
def connect_screens(monkeypatch: pytest.MonkeyPatch) -> list[ConnectScreen]:
    """Every Connecting screen the app pushes."""
    shown: list[ConnectScreen] = []

    class Recorded(ConnectScreen):
        def on_mount(self) -> None:
            shown.append(self)
            super().on_mount()

    monkeypatch.setattr(app_module, "ConnectScreen", Recorded)
    return shown


async def test_the_welcome_shows_the_servers_settings_without_connecting(
    settings_server: str, connect_screens: list[ConnectScreen]
) -> None:
    app = make_app(server=settings_server, timeout=5)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Wizard(pilot)
        await driver.at(WelcomeScreen)
        assert connect_screens == []
        assert app.wizard.state.settings is not None
        assert app.wizard.state.settings.profile.profileId == "pec"
        backend = app.wizard.backend
        assert isinstance(backend, DeferredBackend)  # httpx's client is built behind the welcome
        built = await backend.ready()
        assert isinstance(built, HttpBackend)
        assert built.base_url == settings_server


async def test_a_server_that_cannot_be_reached_still_gets_connecting_and_retry(connect_screens: list[ConnectScreen]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, not listening: refused
        app = make_app(server=f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=2)
        async with app.run_test(size=(80, 24)) as pilot:
            driver = Wizard(pilot)
            await driver.at(ConnectScreen)
            await driver.settle()
            assert len(connect_screens) == 1
            assert app.wizard.state.settings is None
            assert "Cannot reach the server" in driver.panel()


# --- the welcome from the server's words read as plain data (profile_data.UncheckedProfile) ---


async def test_the_welcome_shows_the_servers_words_unchecked_then_validated(
    settings_server: str, connect_screens: list[ConnectScreen]
) -> None:
    from smarthub_tui.profile_data import UncheckedProfile
    from smarthub_tui.profiles import CoopProfile

    app = make_app(server=settings_server, timeout=5, unchecked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        driver = Wizard(pilot)
        await driver.at(WelcomeScreen)
        assert connect_screens == []
        from smarthub_tui.widgets import SafeText

        shown = " ".join(str(text.render()) for text in app.screen.query(SafeText))
        assert load_profile("pec").texts.loginIntro in shown
        # Shown unchecked (tests/unit/test_lazy_start_imports.py: no pydantic before the welcome); validated behind it:
        assert await app.wizard.confirm_settings() is None
        assert not isinstance(app.wizard.state.profile, UncheckedProfile)
        assert isinstance(app.wizard.state.profile, CoopProfile) and app.wizard.state.profile == load_profile("pec")


@pytest.fixture
def bad_settings_server() -> Iterator[str]:
    """Settings whose welcome words are fine and whose lockout limit is not valid."""
    with serving_settings(load_profile("pec").model_dump(mode="json") | {"failedLoginLockoutLimit": 0}) as url:
        yield url


async def test_server_settings_that_are_not_valid_stop_the_wizard_before_any_call(bad_settings_server: str) -> None:
    app = make_app(server=bad_settings_server, timeout=5, unchecked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    error = app.wizard.settings_error
    assert error is not None and "server settings: failedLoginLockoutLimit" in str(error)
    backend = app.wizard.backend
    assert isinstance(backend, DeferredBackend) and backend.built is None, "no client was built: nothing was sent"
