"""Snapshots of the security phrase (reached by signing in: the same screen, a shorter way): the help opened, a phrase too short."""

from __future__ import annotations

from tests.support.harness import shoot


async def _with_help(wizard) -> None:
    await wizard.sign_in_to("security_phrase")
    await wizard.press("f1")


async def _too_short(wizard) -> None:
    await wizard.sign_in_to("security_phrase")
    await wizard.type("abc")
    await wizard.press("enter")


def test_security_phrase_help(snap_compare) -> None:
    assert shoot(snap_compare, "default", _with_help)


def test_security_phrase_too_short(snap_compare) -> None:
    assert shoot(snap_compare, "default", _too_short)
