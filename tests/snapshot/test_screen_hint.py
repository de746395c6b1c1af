"""Snapshot of PEC's secret hint question, a question picked and the answer masked."""

from __future__ import annotations

from tests.support.harness import shoot


async def _hint(wizard) -> None:
    await wizard.walk_to("hint")
    await wizard.press("down", "down", "enter")  # ↓ picks the first question, ↓ again the second
    await wizard.type("Rex")


def test_hint_question(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _hint)
