"""Pasting the whole Verify Account link into the code field signs the member in, as the code does."""

from __future__ import annotations

import pytest
from textual import events

from smarthub_tui.screens.password import PasswordScreen
from smarthub_tui.screens.verify import VerifyScreen
from smarthub_tui.server.mail import DEFAULT_PUBLIC_URL, verify_link
from smarthub_tui.steps import code_in_email
from tests.support.harness import MEMBERS, Wizard, build_app


async def _emailed_link(app) -> tuple[str, str]:
    """The code and the Verify Account link of the newest demo e-mail, as the member's mail client shows them."""
    state = app.wizard.state
    messages = await app.wizard.backend.demo_outbox(state.receipt.email)
    code = code_in_email(state.profile, state.receipt.verification_style, messages[0].body)
    assert code and verify_link(DEFAULT_PUBLIC_URL, code) in messages[0].body
    return code, verify_link(DEFAULT_PUBLIC_URL, code)


@pytest.mark.parametrize("wrapped", [False, True], ids=["one-line", "wrapped-by-the-mail-client"])
async def test_pasting_the_link_signs_in(wrapped: bool) -> None:
    app, _ = build_app("default", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["default"])
        screen = await wizard.walk_to("verify")
        assert isinstance(screen, VerifyScreen)
        code, link = await _emailed_link(app)
        pasted = f"<{link[:40]}\n{link[40:]}>\n" if wrapped else f" <{link}>\n"
        field = screen.query_one("#code")
        assert app.focused is field
        field.post_message(events.Paste(pasted))
        await wizard.settle()
        assert wizard.value("#code") == code, "the field shows the code the link carries"
        await wizard.press("enter")
        await wizard.at(PasswordScreen)


async def test_a_typed_link_is_read_on_submit() -> None:
    app, _ = build_app("jecec", fast=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["jecec"])
        await wizard.walk_to("verify")
        _, link = await _emailed_link(app)
        await wizard.type(link + ".")
        await wizard.press("enter")
        await wizard.at(PasswordScreen)
