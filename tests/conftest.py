"""Shared test set-up, kept small.

- The test set-up lives in the `tests.support` package, imported by name
  (``pythonpath = ["."]`` in pyproject.toml puts the repository root on the
  path; nothing edits ``sys.path``): `tests.support.transport` (the
  failing-on-demand test transport), `tests.support.harness` (`build_app` and
  a `Driver` that presses keys like a person, so the snapshot tests reach each
  screen the same way the functional tests do), `tests.support.captcha_png`
  (the noisy CAPTCHA picture the widget tests draw) and
  `tests.support.servers` (the reference server on loopback).
- The tests decide colour themselves (monochrome cases pass ``no_color``), so a
  ``NO_COLOR`` or ``TEXTUAL_*`` setting in the caller's environment must not
  change what the snapshots draw: those variables are cleared here.
"""

from __future__ import annotations

import os

for _variable in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS", "TEXTUAL_COLOR_SYSTEM"):
    os.environ.pop(_variable, None)
