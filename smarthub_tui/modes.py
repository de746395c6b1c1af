"""Who sits at the keyboard: a member at their own terminal, a call-centre agent, or a kiosk visitor.

Why a mode rather than three programs: the three users walk the same steps
(`flow`, `steps`) through the same front ends, and differ only in what the
wizard allows and remembers around the steps: an agent signs in, reads a
script and leaves an audit trail, and never sees the member's secrets; a
kiosk never lets a visitor out and forgets each one.  The runner, the front
ends and the command line all read the mode from here (docs/architecture.md
section 5).
"""

from __future__ import annotations

from enum import StrEnum


class UserMode(StrEnum):
    """The ``--mode`` of ``smarthub-tui``."""

    MEMBER = "member"
    """A member registering themselves (the default)."""
    AGENT = "agent"
    """A call-centre agent registering a member over the phone."""
    KIOSK = "kiosk"
    """A public terminal in a co-op lobby."""
