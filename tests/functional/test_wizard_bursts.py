"""Keys that arrive in a burst land where slow typing puts them.

A paste, a barcode scanner at a kiosk, a password manager's auto-type, a
fast agent or `tmux send-keys` deliver keys faster than the wizard handles
them.  Textual routes each key to the widget focused when the app reads it,
so without the app's key queue (`smarthub_tui.screens.key_queue`) the keys after
a Tab still reach the old field, and the keys after an Enter reach the old
screen while the step's call runs.  These tests send keys with nothing
awaited between them (`Driver.burst`) or a few milliseconds apart
(`Driver.paced`), and check each field, each screen, and in the end the
registration the server holds against the one slow typing makes.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual import events

from smarthub_tui import strings
from smarthub_tui.flow import Mode, plan
from smarthub_tui.screens.captcha import CaptchaScreen
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.finished import FinishedScreen
from smarthub_tui.screens.register import RegisterScreen
from smarthub_tui.screens.welcome import WelcomeScreen
from tests.support.harness import MEMBERS, PATHS, FaultyTransport, Member, Wizard, build_app, chars, registration


def register_fields(profile: str) -> list[str]:
    """The register form's fields in Tab order."""
    fields = ["accountNumber", "lastNameOrBusiness", "email"]
    return [*fields, "confirmEmail"] if profile == "default" else fields


def register_values(member: Member, profile: str) -> list[str]:
    values = [member.account_number, member.last_name, member.email]
    return [*values, member.email] if profile == "default" else values


def form_keys(values: list[str]) -> list[str]:
    """The values typed one after the other with a Tab between them (no Enter)."""
    keys: list[str] = []
    for value in values:
        if keys:
            keys.append("tab")
        keys += chars(value)
    return keys


async def slow_registration(profile: str, member: Member) -> dict[str, Any]:
    """The registration a person typing one key at a time (the app settled after each) leaves on the server."""
    app, transport = build_app(profile, fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("finished")
        await wizard.answer("finished")
        await wizard.at(WelcomeScreen)
        return await registration(transport, member)


# -- one form ------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["default", "pec"])
async def test_a_form_sent_as_one_burst_fills_each_field(profile: str) -> None:
    """`1000234567<Tab>Doe<Tab>jane@…` at once: each value in its own field, as slow typing gives."""
    member = MEMBERS[profile]
    app, _ = build_app(profile, fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("register")
        wizard.burst(*form_keys(register_values(member, profile)))
        await wizard.settle()
        assert [wizard.value(f"#{field}") for field in register_fields(profile)] == register_values(member, profile)
        assert app.focused is not None and app.focused.id == register_fields(profile)[-1]


async def test_keys_sent_one_by_one_while_the_app_works_fill_each_field() -> None:
    """Keys sent one at a time, each after the app had one turn: the next key comes before the Tab has moved the focus."""
    member = MEMBERS["default"]
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("register")
        await wizard.paced(*form_keys(register_values(member, "default")), gap=0)
        await wizard.settle()
        assert [wizard.value(f"#{field}") for field in register_fields("default")] == register_values(member, "default")


async def test_a_pasted_tab_moves_to_the_next_field() -> None:
    """A bracketed paste is one event: its tabs move on like a scanner's, no value is smeared across fields."""
    member = MEMBERS["default"]
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("register")
        app.post_message(events.Paste(f"{member.account_number}\t{member.last_name}\t{member.email}"))
        wizard.burst("tab", *chars(member.email))
        await wizard.settle()
        assert [wizard.value(f"#{field}") for field in register_fields("default")] == register_values(member, "default")


async def test_keys_after_a_refused_submit_stay_on_the_form() -> None:
    """Enter on a form the app refuses, then more keys: they go to the refused field, as slow typing gives."""
    member = MEMBERS["default"]
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("register")
        # No last name: Enter is refused at that field, where the rest of the burst must go.
        wizard.burst(*chars(member.account_number), "tab", "enter", *chars(member.last_name))
        await wizard.settle()
        assert isinstance(app.screen, RegisterScreen)
        assert wizard.value("#accountNumber") == member.account_number
        assert wizard.value("#lastNameOrBusiness") == member.last_name


# -- across screens ------------------------------------------------------------------------


async def test_type_ahead_while_the_lookup_runs_reaches_the_next_screen() -> None:
    """Enter on a valid form, then at once the next answers: none of them reaches the old form."""
    member = MEMBERS["default"]
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        form = await wizard.walk_to("register")
        held = transport.hold(PATHS["lookup"])
        wizard.burst(*wizard.keys_for("register"), *wizard.keys_for("captcha"), *chars(member.identity["billingZip"]))
        for _ in range(200):
            await pilot.pause()
            if transport.count(PATHS["lookup"]):
                break
        # The look-up is out; what was typed after its Enter waits instead of landing on this form.
        assert app.screen is form
        assert wizard.value("#confirmEmail") == member.email
        held.set()
        await wizard.settle()
        assert wizard.value("#billingZip") == member.identity["billingZip"]


@pytest.mark.parametrize("hold", [False, True], ids=["burst", "burst-with-every-call-held"])
async def test_the_whole_registration_sent_as_one_burst(hold: bool) -> None:
    """Every key of a `default` registration queued at once on the welcome screen; with `hold`, each call waits.

    With every call held, the app sits on each step with the next steps'
    answers already typed; each call is let go in turn once it is seen.  The
    server must end with the same registration as slow typing leaves.
    """
    member = MEMBERS["default"]
    expected = await slow_registration("default", member)
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.at(WelcomeScreen)
        steps = ["welcome", *(step.value for step in plan(Mode.REGISTER, wizard.profile, app.wizard.state))]
        held = {path: transport.hold(path) for name, path in PATHS.items() if name != "settings"} if hold else {}
        keys = [key for step in steps for key in wizard.keys_for(step)]
        wizard.burst(*keys)
        released = []
        while held:
            for _ in range(500):
                await pilot.pause()
                waiting = [path for path in held if transport.count(path)]
                if waiting:
                    break
            else:
                raise AssertionError(f"no call came; at {wizard.describe()}, released {released}")
            for path in waiting:
                released.append((path, type(app.screen).__name__))
                held.pop(path).set()
            if any(isinstance(screen, FinishedScreen) for screen in app.screen_stack) or isinstance(app.screen, WelcomeScreen):
                break
        for event in held.values():
            event.set()
        await wizard.at(WelcomeScreen)
        if hold:
            # Each call was seen from its own step (the type-ahead waited for it).
            assert [screen for _, screen in released][:3] == ["RegisterScreen", "CaptchaScreen", "CaptchaScreen"], released
        assert await registration(transport, member) == expected


async def test_the_pec_registration_up_to_the_captcha_as_one_burst() -> None:
    """PEC's register, identity, hint and text CAPTCHA answers queued at once: the CAPTCHA is passed and the terms show."""
    member = MEMBERS["pec"]
    app, _ = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.at(WelcomeScreen)
        keys = [key for step in ("welcome", "register", "identity", "hint", "captcha") for key in wizard.keys_for(step)]
        wizard.burst(*keys)
        await wizard.settle()
        assert type(app.screen).__name__ == "TermsScreen", wizard.describe()
        state = app.wizard.state
        assert (state.account.account_number, state.account.last_name, state.account.email) == (
            member.account_number,
            member.last_name,
            member.email,
        )


# -- interrupts and the mouse ----------------------------------------------------------------


async def sent_and_held(wizard: Wizard, transport: FaultyTransport, *keys: str) -> Any:
    """On the register form: hold the look-up, send `keys` at once, return once the look-up is out."""
    held = transport.hold(PATHS["lookup"])
    wizard.burst(*keys)
    for _ in range(200):
        await wizard.pilot.pause()
        if transport.count(PATHS["lookup"]):
            return held
    raise AssertionError(f"the look-up never went out: {wizard.describe()}")


async def test_esc_during_the_call_stops_it_at_once_and_drops_the_type_ahead() -> None:
    """Esc while the look-up runs acts now (as typed slowly) and the ZIP typed ahead for the next step goes nowhere."""
    member = MEMBERS["default"]
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        form = await wizard.walk_to("register")
        held = await sent_and_held(wizard, transport, *wizard.keys_for("register"), *chars("78636"))
        assert app.key_queue.pending == 5
        wizard.burst("escape")
        for _ in range(200):
            await pilot.pause()
            if not form.busy:
                break
        assert app.screen is form and not form.busy
        assert app.key_queue.pending == 0
        assert wizard.error_at("form") == strings.CALL_STOPPED
        assert [wizard.value(f"#{field}") for field in register_fields("default")] == register_values(member, "default")
        held.set()
        await wizard.settle()
        assert app.screen is form


async def test_ctrl_q_during_the_call_asks_at_once_and_type_ahead_cannot_answer() -> None:
    """A "y" typed ahead must not answer the quit question that Ctrl+Q brings up while the look-up runs."""
    member = MEMBERS["default"]
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("register")
        held = await sent_and_held(wizard, transport, *wizard.keys_for("register"), "y")
        wizard.burst("ctrl+q")
        for _ in range(200):
            await pilot.pause()
            if isinstance(app.screen, ConfirmScreen):
                break
        assert isinstance(app.screen, ConfirmScreen), wizard.describe()
        assert app.key_queue.pending == 0
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ConfirmScreen)
        held.set()
        await pilot.press("n")
        await wizard.at(CaptchaScreen)


async def test_the_mouse_is_not_held_with_the_keys() -> None:
    """While keys wait for the look-up, a click acts at once; the dialog it brings up gets none of the type-ahead."""
    member = MEMBERS["default"]
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("register")
        # A "y" typed ahead would answer the dialog the click brings up, were it let through.
        held = await sent_and_held(wizard, transport, *wizard.keys_for("register"), *chars("78636y"))
        await pilot.click("#cancel")
        assert isinstance(app.screen, ConfirmScreen), wizard.describe()
        await wizard.settle()
        assert app.key_queue.pending == 0
        assert isinstance(app.screen, ConfirmScreen)
        held.set()
        await pilot.press("n")
        assert isinstance(app.screen, RegisterScreen)
        assert [wizard.value(f"#{field}") for field in register_fields("default")] == register_values(member, "default")


async def test_keys_after_an_interrupt_answer_what_it_brings_up() -> None:
    """Ctrl+Q then "n" in one burst during the call: the question is answered No, the look-up goes on to the next step."""
    member = MEMBERS["default"]
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.walk_to("register")
        held = await sent_and_held(wizard, transport, *wizard.keys_for("register"), *chars("786"))
        wizard.burst("ctrl+q", "n")
        for _ in range(200):
            await pilot.pause()
            if app.key_queue.pending == 0 and not isinstance(app.screen, ConfirmScreen):
                break
        assert isinstance(app.screen, RegisterScreen), wizard.describe()
        held.set()
        await wizard.at(CaptchaScreen)


async def test_type_ahead_waits_while_the_captcha_box_finishes_its_work() -> None:
    """At the real difficulty Enter comes before the proof-of-work is found: the ZIP typed after it waits for the next step."""
    member = MEMBERS["default"]
    app, _ = build_app("default")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, member)
        await wizard.at(WelcomeScreen)
        wizard.burst(*(key for step in ("welcome", "register", "captcha", "identity") for key in wizard.keys_for(step)))
        await wizard.settle()
        assert type(app.screen).__name__ == "TermsScreen", wizard.describe()
