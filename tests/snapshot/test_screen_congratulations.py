"""Snapshots of the congratulations: a Verify Account code (default) or a temporary password (PEC)."""

from __future__ import annotations

from tests.support.harness import shoot


async def _congratulations(wizard) -> None:
    await wizard.walk_to("congratulations")


def test_congratulations(snap_compare) -> None:
    assert shoot(snap_compare, "default", _congratulations)


def test_congratulations_pec(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _congratulations)
