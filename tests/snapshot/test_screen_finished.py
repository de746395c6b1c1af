"""Snapshot of the finished screen (reached by signing in): what is set up (no secrets) and what to do next."""

from __future__ import annotations

from tests.support.harness import shoot


async def _finished(wizard) -> None:
    await wizard.sign_in_to("finished")


def test_finished(snap_compare) -> None:
    assert shoot(snap_compare, "default", _finished)
