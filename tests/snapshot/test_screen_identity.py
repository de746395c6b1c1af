"""Snapshots of identity verification: default, JECEC (both answers, SSN masked), and a mismatch."""

from __future__ import annotations

from smarthub_tui.screens.identity import IdentityScreen
from tests.support.harness import Member, shoot


async def _identity(wizard) -> None:
    await wizard.walk_to("identity")


async def _jecec_typed(wizard) -> None:
    await wizard.walk_to("identity")
    await wizard.fill(["78636", "4321"])


async def _mismatch(wizard) -> None:
    await wizard.walk_to("identity")
    await wizard.answer("identity")
    await wizard.at(IdentityScreen)


async def _held_mismatch(wizard) -> None:
    await wizard.walk_to("captcha")
    await wizard.answer("captcha")
    await wizard.at(IdentityScreen)


def test_identity(snap_compare) -> None:
    assert shoot(snap_compare, "default", _identity)


def test_identity_jecec_ssn_masked(snap_compare) -> None:
    assert shoot(snap_compare, "jecec", _jecec_typed)


def test_identity_mismatch(snap_compare) -> None:
    """The server said the answers do not match, at once: its words and the attempts left."""
    assert shoot(snap_compare, "default", _mismatch, member=Member(identity={"billingZip": "99999"}))


def test_identity_mismatch_held_until_the_captcha(snap_compare) -> None:
    """PEC asks the CAPTCHA after the questions: its verdict brings the person back here."""
    assert shoot(snap_compare, "pec", _held_mismatch, member=Member(identity={"mailingZip": "99999"}, password="Kettle42"))
