"""Snapshots of the security phrase: the help opened, and a phrase too short."""

from __future__ import annotations

from harness import shoot


async def _with_help(wizard) -> None:  # noqa: ANN001
    await wizard.walk_to("security_phrase")
    await wizard.press("f1")


async def _too_short(wizard) -> None:  # noqa: ANN001
    await wizard.walk_to("security_phrase")
    await wizard.type("abc")
    await wizard.press("enter")


def test_security_phrase_help(snap_compare) -> None:  # noqa: ANN001
    assert shoot(snap_compare, "default", _with_help)


def test_security_phrase_too_short(snap_compare) -> None:  # noqa: ANN001
    assert shoot(snap_compare, "default", _too_short)
