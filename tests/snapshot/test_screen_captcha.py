"""Snapshots of the CAPTCHA: the picture in colour and without, the checkbox before and after, a wrong answer, a failed fetch."""

from __future__ import annotations

from smarthub_tui.screens.captcha import CaptchaScreen
from tests.support.harness import PATHS, shoot


async def _captcha(wizard) -> None:
    await wizard.walk_to("captcha")


async def _ticked(wizard) -> None:
    await wizard.walk_to("captcha")
    await wizard.press("space")


async def _wrong_answer(wizard) -> None:
    await wizard.walk_to("captcha")
    await wizard.type("WRONG1")
    await wizard.press("enter")
    await wizard.at(CaptchaScreen)


async def _fetch_failed(wizard) -> None:
    await wizard.walk_to("register")
    wizard.transport.fail(PATHS["captcha"], "500")
    await wizard.answer("register")  # the CAPTCHA comes next in this profile
    await wizard.at(CaptchaScreen)


def test_captcha_text_picture(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _captcha)


def test_captcha_text_picture_no_color(snap_compare) -> None:
    assert shoot(snap_compare, "pec", _captcha, no_color=True)


def test_captcha_checkbox(snap_compare) -> None:
    assert shoot(snap_compare, "default", _captcha)


def test_captcha_checkbox_ticked(snap_compare) -> None:
    assert shoot(snap_compare, "default", _ticked)


def test_captcha_wrong_answer(snap_compare) -> None:
    """The answer was wrong: a fresh picture, the reason at the field."""
    assert shoot(snap_compare, "pec", _wrong_answer)


def test_captcha_fetch_failed(snap_compare) -> None:
    assert shoot(snap_compare, "default", _fetch_failed)
