"""Keys do what they say, and nothing the member did not give is saved (issue 6).

Each test drives the whole wizard through Pilot, as a person pressing keys.
"""

from __future__ import annotations

import pytest
from harness import MEMBERS, PATHS, Wizard, build_app

from smarthub_tui import strings
from smarthub_tui.screens.paperless import PaperlessScreen
from smarthub_tui.screens.security_phrase import SecurityPhraseScreen


def _notifications(app) -> list[str]:  # noqa: ANN001
    return [str(note.message) for note in app._notifications]


# --- paperless: no choice is never a yes ---------------------------------------------------


@pytest.mark.parametrize("profile", ["default", "jecec"])
async def test_enter_with_no_paperless_choice_asks_for_one_where_the_step_is_required(profile: str) -> None:
    app, transport = build_app(profile, fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS[profile])
        wizard.transport = transport
        await wizard.sign_in_to("paperless")
        await wizard.press("enter")
        await wizard.at(PaperlessScreen)
        assert wizard.error_at("paperless") == strings.PAPERLESS_REQUIRED
        assert transport.count(PATHS["paperless"]) == 0
        await wizard.press("down", "down", "enter")  # No
        await wizard.at(SecurityPhraseScreen)
        assert app.wizard.state.paperless_result is not None and app.wizard.state.paperless_result.paperless is False


async def test_enter_with_no_paperless_choice_keeps_paper_bills_where_the_coop_makes_it_optional() -> None:
    app, transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        wizard.transport = transport
        screen = await wizard.sign_in_to("paperless")
        assert "without a choice keeps paper bills" in str(screen.query_one("#paperless-keys").content)
        await wizard.press("enter")
        await wizard.at(SecurityPhraseScreen)
        assert transport.count(PATHS["paperless"]) == 0, "no call may turn paperless on"
        assert app.wizard.state.paperless_result is None
        assert strings.PAPERLESS_KEPT_PAPER in _notifications(app)


async def test_the_arrows_pick_the_answer_that_enter_saves() -> None:
    app, transport = build_app("pec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        wizard.transport = transport
        await wizard.sign_in_to("paperless")
        await wizard.press("down")
        assert app.screen.query_one("#paperless").picked_index == 0, "↓ picks Yes, shown (●)"
        await wizard.press("enter")
        await wizard.at(SecurityPhraseScreen)
        assert app.wizard.state.paperless_result is not None and app.wizard.state.paperless_result.paperless is True


# --- after a refusal, what is typed next replaces the refused value -------------------------


async def test_typing_after_a_refused_phrase_replaces_it_in_the_masked_field() -> None:
    app, transport = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        wizard.transport = transport
        await wizard.sign_in_to("security_phrase")
        await wizard.type("abcd")
        await wizard.press("enter")
        await wizard.at(SecurityPhraseScreen)
        assert wizard.error_at("phrase")
        field = app.screen.query_one("#phrase").input
        assert field.selected_text == "abcd", "the refused value is shown selected"
        await wizard.type("blue kettle")
        assert wizard.value("#phrase") == "blue kettle"


async def test_typing_after_a_refused_email_replaces_it() -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        await wizard.walk_to("register")
        await wizard.fill(["1000234567", "Doe", "jane.example.com"])
        await wizard.press("enter")
        assert wizard.error_at("email")
        assert app.screen.focused is app.screen.query_one("#email"), "the field keeps the focus"
        await wizard.type("jane@example")
        assert wizard.value("#email") == "jane@example"
