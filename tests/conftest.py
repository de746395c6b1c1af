"""Shared test set-up, kept small.

- The wizard's Pilot harness (`tests/functional/harness.py`: a failing-on-demand
  test transport, `build_app`, and a `Driver` that presses keys like a person)
  is importable as ``harness`` from every test folder, so the snapshot tests
  reach each screen the same way the functional tests do.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HARNESS = str(Path(__file__).parent / "functional")
if _HARNESS not in sys.path:
    sys.path.insert(0, _HARNESS)
