"""Shared test set-up, kept small.

- The wizard's Pilot harness (`tests/functional/harness.py`: a failing-on-demand
  test transport, `build_app`, and a `Driver` that presses keys like a person)
  is importable as ``harness`` from every test folder, so the snapshot tests
  reach each screen the same way the functional tests do.
- `tests/snapshot/widget_apps/make_captcha_png.py` (the noisy CAPTCHA picture
  the widget tests draw) is importable as ``make_captcha_png``.
- The tests decide colour themselves (monochrome cases pass ``no_color``), so a
  ``NO_COLOR`` or ``TEXTUAL_*`` setting in the caller's environment must not
  change what the snapshots draw: those variables are cleared here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

for _variable in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS", "TEXTUAL_COLOR_SYSTEM"):
    os.environ.pop(_variable, None)

for _helpers in (Path(__file__).parent / "functional", Path(__file__).parent / "snapshot" / "widget_apps"):
    if str(_helpers) not in sys.path:
        sys.path.insert(0, str(_helpers))
