"""Snapshots of the paperless choice: default wording, and JECEC's "Yes, Go Paperless" / "Not now"."""

from __future__ import annotations

from tests.support.harness import shoot


async def _paperless(wizard) -> None:
    await wizard.walk_to("paperless")


async def _paperless_signed_in(wizard) -> None:
    await wizard.sign_in_to("paperless")


def test_paperless(snap_compare) -> None:
    assert shoot(snap_compare, "default", _paperless)


def test_paperless_jecec(snap_compare) -> None:
    """Reached by signing in: step 1 of 3."""
    assert shoot(snap_compare, "jecec", _paperless_signed_in)


def test_paperless_pec_optional(snap_compare) -> None:
    """PEC makes the step optional: the keys line says Enter without a choice keeps paper bills."""
    assert shoot(snap_compare, "pec", _paperless_signed_in)
