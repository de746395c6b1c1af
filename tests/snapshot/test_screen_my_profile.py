"""Snapshots of My Profile at 80x24: the menu, each item's screen, and a failed call's Retry panel.

The phrase shown back on Update My Security Phrase is an obviously fake test
phrase (the member's own, on its owner's screen: the one place it appears).
"""

from __future__ import annotations

from dataclasses import replace

from smarthub_tui.screens.confirm import ConfirmScreen
from tests.support.harness import MEMBERS, shoot
from tests.support.transport import PATHS

MEMBER = replace(MEMBERS["default"], paperless=True, phrase="TEST-PHRASE purple otter")


def _to(item: str):
    """Sign in with nothing pending, then open the menu's `item` (a `profileMenu` name; "" stays on the menu)."""

    async def drive(wizard) -> None:
        screen = await wizard.sign_in_to("my_profile")
        if item:
            items = [choice.value for choice in screen.controller.field("item").choices]
            await wizard.press(*(["down"] * items.index(item)), "enter")

    return drive


def test_my_profile_menu(snap_compare) -> None:
    assert shoot(snap_compare, "default", _to(""), member=MEMBER)


def test_my_profile_paperless(snap_compare) -> None:
    assert shoot(snap_compare, "default", _to("paperless"), member=MEMBER)


def test_my_profile_update_phrase(snap_compare) -> None:
    assert shoot(snap_compare, "default", _to("security_phrase"), member=MEMBER)


def test_my_profile_change_password(snap_compare) -> None:
    assert shoot(snap_compare, "default", _to("change_password"), member=MEMBER)


def test_my_profile_unsubscribe(snap_compare) -> None:
    assert shoot(snap_compare, "default", _to("unsubscribe"), member=MEMBER)


def test_my_profile_unsubscribe_confirmation(snap_compare) -> None:
    """The co-op's words before the registration is deleted; No has the focus."""

    async def drive(wizard) -> None:
        await _to("unsubscribe")(wizard)
        # The screen's own action (what Enter on the button runs): a pressed button stays lit for
        # a moment, which would make the picture depend on timing.
        await wizard.app.screen.run_action("submit")
        await wizard.at(ConfirmScreen)

    assert shoot(snap_compare, "default", drive, member=MEMBER)


def test_my_profile_sign_out(snap_compare) -> None:
    assert shoot(snap_compare, "default", _to("sign_out"), member=MEMBER)


def test_my_profile_after_an_item(snap_compare) -> None:
    """Back on the menu after paperless off: the notice names the account, the summary shows the change."""

    async def drive(wizard) -> None:
        await _to("paperless")(wizard)
        await wizard.press("down", "enter")

    assert shoot(snap_compare, "default", drive, member=MEMBER)


def test_my_profile_phrase_read_fails(snap_compare) -> None:
    """The phrase in force could not be read: the Retry panel, and no phrase anywhere."""

    async def drive(wizard) -> None:
        await wizard.sign_in_to("my_profile")
        wizard.transport.fail(PATHS["phrase"], "500")
        await wizard.press("down", "enter")

    assert shoot(snap_compare, "default", drive, member=MEMBER)
