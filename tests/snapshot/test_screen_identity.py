"""Snapshots of identity verification: default, JECEC (both answers, SSN masked), and a mismatch."""

from __future__ import annotations

from harness import Member, shoot

from smarthub_tui.screens.identity import IdentityScreen


async def _identity(wizard) -> None:
    await wizard.walk_to("identity")


async def _jecec_typed(wizard) -> None:
    await wizard.walk_to("identity")
    await wizard.fill(["78636", "4321"])


async def _mismatch(wizard) -> None:
    await wizard.walk_to("terms")
    await wizard.answer("terms")
    await wizard.at(IdentityScreen)


def test_identity(snap_compare) -> None:
    assert shoot(snap_compare, "default", _identity)


def test_identity_jecec_ssn_masked(snap_compare) -> None:
    assert shoot(snap_compare, "jecec", _jecec_typed)


def test_identity_mismatch(snap_compare) -> None:
    """The server said the answers do not match: back here, with its words."""
    assert shoot(snap_compare, "default", _mismatch, member=Member(identity={"billingZip": "99999"}))
