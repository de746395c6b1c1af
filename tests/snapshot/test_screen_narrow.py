"""Snapshots at 40x12: a form with labels stacked above full-width fields, and the terms with "I accept" on screen."""

from __future__ import annotations

from tests.support.harness import shoot

SMALL = (40, 12)


async def _register_half_filled(wizard) -> None:
    await wizard.walk_to("register")
    await wizard.fill(["1000234567", "Doe"])
    await wizard.press("tab")  # on to the e-mail: the form scrolls to show it whole


async def _terms(wizard) -> None:
    await wizard.walk_to("terms")


def test_register_form_at_40x12(snap_compare) -> None:
    assert shoot(snap_compare, "default", _register_half_filled, size=SMALL)


def test_terms_at_40x12(snap_compare) -> None:
    assert shoot(snap_compare, "default", _terms, size=SMALL)
