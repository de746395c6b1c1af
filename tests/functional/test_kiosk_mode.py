"""Kiosk mode end to end in Pilot: no way out but the operator's, idle warning and wipe, the way back after a registration.

Time is a `kiosk.ManualClock` the tests move by hand, and the app's clock is
read by `KioskApp.kiosk_tick`, which the tests call (under Pilot the app
sets no interval of its own): nothing here waits for real time.
"""

from __future__ import annotations

from typing import Any

import pytest
from argon2 import PasswordHasher
from textual.widgets import Input

from smarthub_tui import strings
from smarthub_tui.cli import make_app
from smarthub_tui.kiosk import CLEAR_TERMINAL, KioskConfig, ManualClock
from smarthub_tui.kiosk_app import HIGH_CONTRAST, KioskApp
from smarthub_tui.modes import UserMode
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.finished import FinishedScreen
from smarthub_tui.screens.identity import IdentityScreen
from smarthub_tui.screens.idle_warning import IdleWarningScreen
from smarthub_tui.screens.operator_exit import OperatorExitScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import Wizard, build_app, chars

PIN = "2468"
PIN_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PIN)
"""A cheap argon2 hash (the PIN check reads its cost from the hash), so the tests do not spend argon2's usual time."""

VISITOR_KEYS = ("ctrl+q", "ctrl+c", "ctrl+z", "ctrl+backslash", "ctrl+p")


def kiosk(profile: str = "default", **settings: Any) -> tuple[KioskApp, Any, ManualClock]:
    clock = ManualClock()
    config = KioskConfig(operator_pin_hash=PIN_HASH, **settings)
    app, transport = build_app(profile, fast=True, mode=UserMode.KIOSK, kiosk_config=config, clock=clock)
    assert isinstance(app, KioskApp)
    return app, transport, clock


def record_writes(app: KioskApp) -> list[str]:
    """What the app writes to the terminal through its driver from now on (headless: nothing else is written)."""
    written: list[str] = []
    driver = app._driver  # the terminal behind the app; only its writes are watched
    assert driver is not None
    original = driver.write

    def write(data: str) -> None:
        written.append(data)
        original(data)

    driver.write = write  # type: ignore[method-assign]
    return written


async def tick(wizard: Wizard) -> None:
    """One tick of the kiosk's clock, then let what it started settle."""
    app = wizard.app
    assert isinstance(app, KioskApp)
    app.kiosk_tick()
    await wizard.settle()


# -- no way out ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", VISITOR_KEYS)
async def test_a_visitors_way_out_does_nothing(key: str) -> None:
    """Ctrl+Q, Ctrl+C, Ctrl+Z, Ctrl+\\ and Ctrl+P: the app runs on, the same screen, the same answers, nothing over it."""
    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        screen = await wizard.walk_to("register")
        await wizard.type("1000234567")
        await wizard.press(key)
        await wizard.press(key)
        assert app.is_running
        assert app.screen is screen
        assert wizard.value("#accountNumber") == "1000234567"
        assert app.return_code is None


async def test_the_footer_does_not_advertise_a_way_out() -> None:
    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        await wizard.walk_to("register")
        shown = {binding.key for _, binding, enabled, *_ in app.screen.active_bindings.values() if binding.show}
        assert shown  # the footer still names the wizard's keys
        assert not shown & {"f12", *VISITOR_KEYS}


async def test_f10_starts_over_and_never_exits() -> None:
    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        await wizard.walk_to("register")
        await wizard.type("1000234567")
        await wizard.press("f10")
        await wizard.at(ConfirmScreen)
        await wizard.press("y")
        await wizard.at(WelcomeScreen)
        assert app.is_running
        assert app.wizard.state.account.account_number == ""


# -- the operator --------------------------------------------------------------------------


async def test_the_operator_leaves_with_f12_and_the_right_pin() -> None:
    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        await wizard.at(WelcomeScreen)
        await wizard.press("f12")
        dialog = await wizard.at(OperatorExitScreen)
        assert isinstance(dialog, OperatorExitScreen)
        assert dialog.query_one("#pin", Input).password  # masked
        await wizard.type(PIN)
        await wizard.press("enter")
        await pilot.pause()
        assert app.return_code == 0
        assert not app.is_running


async def test_a_wrong_pin_stays_and_three_make_the_next_try_wait() -> None:
    app, _, clock = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        await wizard.at(WelcomeScreen)
        await wizard.press("f12")
        dialog = await wizard.at(OperatorExitScreen)
        assert isinstance(dialog, OperatorExitScreen)
        for _ in range(2):
            await wizard.type("1111")
            await wizard.press("enter")
            assert dialog.message == strings.KIOSK_PIN_WRONG
            assert dialog.query_one("#pin", Input).value == ""
        await wizard.type("1111")
        await wizard.press("enter")
        assert dialog.message == strings.KIOSK_PIN_WAIT.format(seconds=2)
        # Even the right PIN waits its turn.
        await wizard.type(PIN)
        await wizard.press("enter")
        assert dialog.message == strings.KIOSK_PIN_WAIT.format(seconds=2)
        assert app.is_running
        # Closing and opening the dialog again does not reset the count.
        await wizard.press("escape")
        await wizard.at(WelcomeScreen)
        await wizard.press("f12")
        dialog = await wizard.at(OperatorExitScreen)
        assert isinstance(dialog, OperatorExitScreen)
        await wizard.type(PIN)
        await wizard.press("enter")
        assert app.is_running
        clock.advance(2)
        await wizard.type(PIN)
        await wizard.press("enter")
        await pilot.pause()
        assert not app.is_running


# -- idle ----------------------------------------------------------------------------------


async def test_idle_warns_with_a_countdown_and_any_key_extends() -> None:
    app, _, clock = kiosk(idle_seconds=60, warning_seconds=30)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        form = await wizard.walk_to("register")
        await wizard.type("1000234567")
        clock.advance(59)
        await tick(wizard)
        assert app.screen is form
        clock.advance(1)
        await tick(wizard)
        warning = await wizard.at(IdleWarningScreen)
        assert isinstance(warning, IdleWarningScreen)
        assert warning.countdown_text == strings.KIOSK_IDLE_COUNTDOWN.format(seconds=30)
        clock.advance(12)
        await tick(wizard)
        assert warning.countdown_text == strings.KIOSK_IDLE_COUNTDOWN.format(seconds=18)
        await wizard.press("x")  # any key: "still here", and it types nothing
        assert app.screen is form
        assert wizard.value("#accountNumber") == "1000234567"
        clock.advance(59)
        await tick(wizard)
        assert app.screen is form


async def test_enter_on_im_still_here_extends() -> None:
    app, _, clock = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        form = await wizard.walk_to("register")
        await wizard.type("1000234567")
        clock.advance(61)
        await tick(wizard)
        await wizard.at(IdleWarningScreen)
        await wizard.press("enter")
        assert app.screen is form
        assert wizard.value("#accountNumber") == "1000234567"


async def test_no_answer_wipes_every_field_and_clears_the_terminal() -> None:
    app, _, clock = kiosk(idle_seconds=60, warning_seconds=30)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        await wizard.walk_to("identity")
        await wizard.type("78636")
        written = record_writes(app)
        clock.advance(60)
        await tick(wizard)
        await wizard.at(IdleWarningScreen)
        clock.advance(30)
        await tick(wizard)
        await wizard.at(WelcomeScreen)
        state = app.wizard.state
        assert state.account.account_number == state.account.email == ""
        assert state.session is None
        assert CLEAR_TERMINAL in "".join(written)
        assert len(app.screen_stack) == 2  # the default screen and the welcome screen: nothing left over
        # The registration form is empty for the next visitor.
        await wizard.press("ctrl+n")
        await wizard.at(RegisterScreen)
        assert [wizard.value(f"#{name}") for name in ("accountNumber", "lastNameOrBusiness", "email")] == ["", "", ""]
        # And the kiosk goes on: a new walk works.
        await wizard.answer("register")
        assert isinstance(await wizard.continue_to("identity"), IdentityScreen)


async def test_an_empty_welcome_screen_never_warns() -> None:
    """Nothing typed, nothing to forget: no "still there?" at an empty kiosk."""
    app, _, clock = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        welcome = await wizard.at(WelcomeScreen)
        clock.advance(1000)
        await tick(wizard)
        assert app.screen is welcome


async def test_a_signed_in_member_who_walks_away_is_signed_out_on_the_server() -> None:
    from smarthub_tui.backend.base import BackendError

    app, transport, clock = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        wizard.transport = transport  # type: ignore[attr-defined]
        await wizard.sign_in_to("my_profile")
        auth = app.wizard.state.auth
        assert auth is not None
        clock.advance(60)
        await tick(wizard)
        clock.advance(30)
        await tick(wizard)
        await wizard.at(WelcomeScreen)
        assert app.wizard.state.auth is None
        with pytest.raises(BackendError):
            await app.wizard.backend.account_summary(auth)


# -- after a registration ------------------------------------------------------------------


async def test_finished_returns_to_the_welcome_screen_by_itself() -> None:
    app, _, clock = kiosk(finished_return_seconds=20)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        finished = await wizard.walk_to("finished")
        await tick(wizard)
        line = finished.query_one("#kiosk-return")
        assert line.text == strings.KIOSK_FINISHED_COUNTDOWN.format(seconds=20)  # type: ignore[attr-defined]
        clock.advance(15)
        await tick(wizard)
        assert line.text == strings.KIOSK_FINISHED_COUNTDOWN.format(seconds=5)  # type: ignore[attr-defined]
        assert isinstance(app.screen, FinishedScreen)
        written = record_writes(app)
        clock.advance(5)
        await tick(wizard)
        await wizard.at(WelcomeScreen)
        assert app.wizard.state.receipt is None
        assert app.wizard.state.auth is None
        assert CLEAR_TERMINAL in "".join(written)


# -- a barcode scanner ---------------------------------------------------------------------


@pytest.mark.parametrize("end", ["enter", "tab"])
async def test_a_scanned_account_number_on_the_first_screen_starts_the_registration(end: str) -> None:
    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        await wizard.at(WelcomeScreen)
        wizard.burst(*chars("1000234567"), end)
        await wizard.settle()
        await wizard.at(RegisterScreen)
        assert wizard.value("#accountNumber") == "1000234567"
        assert app.focused is not None and app.focused.id == "lastNameOrBusiness"
        # The visitor goes on typing the rest.
        wizard.burst(*chars("Doe"), "tab", *chars("jane.doe@example.com"), "tab", *chars("jane.doe@example.com"), "enter")
        await wizard.settle()
        assert not isinstance(app.screen, RegisterScreen), wizard.describe()
        assert app.wizard.state.session is not None  # the account was found


async def test_a_scan_into_the_registration_forms_first_field() -> None:
    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        await wizard.walk_to("register")
        wizard.burst(*chars("1000234567"), "tab")
        await wizard.settle()
        assert wizard.value("#accountNumber") == "1000234567"
        assert app.focused is not None and app.focused.id == "lastNameOrBusiness"


async def test_an_e_mail_on_the_welcome_screen_still_signs_in_as_usual() -> None:
    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        await wizard.at(WelcomeScreen)
        await wizard.type("nobody@example.com")
        await wizard.press("tab")
        assert app.focused is not None and app.focused.id == "password-input"
        await wizard.type("not-a-password-1")
        await wizard.press("enter")
        assert isinstance(app.screen, WelcomeScreen)


# -- looks ---------------------------------------------------------------------------------


async def test_the_kiosk_theme_is_the_high_contrast_one_and_only_in_kiosk_mode() -> None:
    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await Wizard(pilot).at(WelcomeScreen)
        assert app.theme == HIGH_CONTRAST.name
    member, _ = build_app("default", fast=True)
    async with member.run_test(size=(80, 24)) as pilot:
        await Wizard(pilot).at(WelcomeScreen)
        assert member.theme != HIGH_CONTRAST.name


def contrast(foreground: Any, background: Any) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(color: Any) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def lowest_contrast(app: Any) -> tuple[float, str]:
    """The lowest text-on-background contrast of any widget shown on the current screen, and which widget."""
    from textual.color import Color

    found = []
    for node in app.screen.query("*"):
        style = node.rich_style
        if not node.display or style.color is None or style.bgcolor is None:
            continue
        ratio = contrast(Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor))
        found.append((ratio, f"{type(node).__name__}#{node.id}"))
    return min(found)


@pytest.mark.parametrize("step", ["welcome", "register"])
async def test_every_text_on_a_kiosk_screen_has_aaa_contrast(step: str) -> None:
    """WCAG AAA (7:1) for every widget's text on the kiosk's screens (the member's default theme has 3.8:1 buttons)."""
    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await Wizard(pilot).walk_to(step)
        ratio, where = lowest_contrast(app)
        assert ratio >= 7, where


async def test_the_sign_in_offers_no_remember_me() -> None:
    """A public terminal keeps no one signed in: nothing on the welcome screen offers to remember anything."""
    from textual.widgets import Checkbox, Switch

    app, _, _ = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await Wizard(pilot).at(WelcomeScreen)
        assert not app.screen.query(Checkbox) and not app.screen.query(Switch)
        words = " ".join(str(node.render()) for node in app.screen.query("*") if hasattr(node, "render")).casefold()
        assert "remember" not in words and "keep me" not in words


async def test_a_click_also_answers_still_there() -> None:
    app, _, clock = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        form = await wizard.walk_to("register")
        await wizard.type("1000234567")
        clock.advance(61)
        await tick(wizard)
        await wizard.at(IdleWarningScreen)
        await pilot.click(offset=(1, 1))
        await wizard.settle()
        assert app.screen is form
        assert wizard.value("#accountNumber") == "1000234567"


async def test_a_visitor_cannot_reset_the_demo() -> None:
    """Even on the built-in demo: Ctrl+R would wipe every other visitor's practice registration, so a kiosk offers it to no one."""
    config = KioskConfig(operator_pin_hash=PIN_HASH)
    app = make_app(mode=UserMode.KIOSK, kiosk_config=config, clock=ManualClock())  # the built-in demo, as `--mode kiosk` alone runs
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot)
        screen = await wizard.at(WelcomeScreen)
        await app.wizard.backend.ready()  # the demo server, built behind the welcome screen
        await pilot.pause()
        assert screen.check_action("reset_demo", ()) is False
        assert "ctrl+r" not in {binding.key for _, binding, *_ in screen.active_bindings.values() if binding.show}
