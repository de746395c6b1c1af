"""Snapshot of the finished screen, the end of a registration: what is set up (no secrets) and what to do next."""

from __future__ import annotations

from tests.support.harness import shoot


async def _finished(wizard) -> None:
    await wizard.walk_to("finished")  # a member who signs in lands on My Profile instead


def test_finished(snap_compare) -> None:
    assert shoot(snap_compare, "default", _finished)
