"""One snapshot per widget state that matters, at 80x24.

The apps live in widget_apps/apps.py, loaded by path so this folder needs no
package.  Review a changed snapshot before accepting it (--snapshot-update).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from textual.pilot import Pilot

_SPEC = importlib.util.spec_from_file_location("widget_snapshot_apps", Path(__file__).parent / "widget_apps" / "apps.py")
assert _SPEC is not None and _SPEC.loader is not None
apps = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(apps)


async def _workers_done(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_widget_hostile_text(snap_compare) -> None:
    """Markup and escape sequences from a server show as plain characters."""
    assert snap_compare(apps.HostileTextApp())


def test_widget_secret_input_masked_with_error(snap_compare) -> None:
    """The password is masked (no secret in the snapshot); Show sits beside it."""
    assert snap_compare(apps.SecretInputApp())


def test_widget_password_checklist_half_met(snap_compare) -> None:
    """Met and unmet rules read differently without colour: glyph and word."""
    assert snap_compare(apps.ChecklistApp())


def test_widget_captcha_image_colour(snap_compare) -> None:
    assert snap_compare(apps.CaptchaColourApp())


def test_widget_captcha_image_monochrome(snap_compare) -> None:
    assert snap_compare(apps.CaptchaMonochromeApp())


def test_widget_captcha_image_unreadable(snap_compare) -> None:
    assert snap_compare(apps.CaptchaUnreadableApp())


def test_widget_captcha_checkbox_unticked(snap_compare) -> None:
    assert snap_compare(apps.CheckboxApp(), run_before=_workers_done)


def test_widget_captcha_checkbox_solved(snap_compare) -> None:
    assert snap_compare(apps.CheckboxApp(), press=["tab", "space"], run_before=_workers_done)


def test_widget_busy_and_error_panel(snap_compare) -> None:
    assert snap_compare(apps.BusyAndErrorApp())
