"""Snapshots of the terms: on arrival, refused until ticked, and a submit whose answer never came."""

from __future__ import annotations

from smarthub_tui.screens.terms import TermsScreen
from tests.support.harness import PATHS, shoot


async def _terms(wizard) -> None:
    await wizard.walk_to("terms")


async def _refused(wizard) -> None:
    await wizard.walk_to("terms")
    await wizard.press("enter")


async def _timed_out(wizard) -> None:
    await wizard.walk_to("terms")
    wizard.transport.fail(PATHS["complete"], "timeout")
    await wizard.answer("terms")
    await wizard.at(TermsScreen)


def test_terms(snap_compare) -> None:
    assert shoot(snap_compare, "default", _terms)


def test_terms_refused_until_ticked(snap_compare) -> None:
    assert shoot(snap_compare, "default", _refused)


def test_terms_submit_timed_out(snap_compare) -> None:
    """Retry is offered, and said to be safe."""
    assert shoot(snap_compare, "default", _timed_out)


async def _back_ticked(wizard) -> None:
    await wizard.walk_to("terms")
    await wizard.press("space", "escape")  # ticked, then back to the CAPTCHA
    await wizard.answer("captcha")
    await wizard.at(TermsScreen)


def test_terms_coming_back_ticked(snap_compare) -> None:
    """Coming back with the box ticked: the keys line says so, Enter continues, Space would withdraw."""
    assert shoot(snap_compare, "default", _back_ticked)
