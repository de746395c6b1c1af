"""The CAPTCHA screen asks for a picture the size of the terminal it is on, and shows it pixel for pixel."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from smarthub_tui.screens.captcha import CaptchaScreen, picture_room
from smarthub_tui.widgets import CaptchaImage
from tests.support.harness import MEMBERS, Wizard, build_app


def shown_picture_size(app) -> tuple[int, int]:
    captcha = app.wizard.state.captcha
    return Image.open(io.BytesIO(captcha.image_png)).size


@pytest.mark.parametrize(
    ("size", "cells"),
    [((80, 24), (76, 9)), ((120, 24), (116, 9)), ((120, 30), (116, 15)), ((200, 60), (196, 16))],
    ids=["80x24", "wider", "wider-and-taller", "huge"],
)
async def test_the_picture_is_made_for_the_terminal_and_drawn_without_scaling(size, cells) -> None:
    app, _ = build_app("pec")
    async with app.run_test(size=size) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("captcha")
        await wizard.settle()
        assert picture_room(*size) == cells
        columns, rows = cells
        assert shown_picture_size(app) == (columns, 2 * rows)
        widget = app.screen.query_one(CaptchaImage)
        assert (widget.size.width, widget.size.height) == cells, "one cell per pixel across, two pixels per cell down"


async def test_at_80x24_the_whole_form_stays_on_screen_with_a_reason_at_the_answer() -> None:
    """After a wrong answer (a reason of two lines under the field) nothing scrolls: no scroll bar eats the picture's columns."""
    app, _ = build_app("pec")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("captcha")
        await wizard.type("WRONG1")
        await wizard.press("enter")  # judged here: a fresh picture and the reason at the answer
        await wizard.at(CaptchaScreen)
        await wizard.settle()
        body = app.screen.query_one("#body")
        assert body.virtual_size.height <= body.size.height
        assert app.screen.query_one("#captchaAnswer-error").render().plain.strip()
        assert app.screen.query_one("#submit").region.bottom <= 23


async def test_f5_asks_for_the_size_of_the_window_as_it_is_now() -> None:
    app, _ = build_app("pec")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("captcha")
        await wizard.settle()
        await pilot.resize_terminal(120, 30)
        await wizard.settle()
        first = app.wizard.state.captcha.captcha_id
        await wizard.type("AB")
        await wizard.press("f5")
        await wizard.settle()
        assert app.wizard.state.captcha.captcha_id != first
        assert shown_picture_size(app) == (116, 30)
        assert wizard.value("#captchaAnswer") == "", "a new picture, a new answer"


async def test_a_resize_shows_the_same_challenge_in_the_room_there_is_now() -> None:
    """No new challenge (what was typed stays valid); a narrower window gets the picture reduced to fit."""
    app, _ = build_app("pec")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("captcha")
        await wizard.settle()
        first = app.wizard.state.captcha.captcha_id
        await wizard.type("BK3")
        await pilot.resize_terminal(50, 24)
        await wizard.settle()
        widget = app.screen.query_one(CaptchaImage)
        assert 0 < widget.size.width <= 46
        assert app.wizard.state.captcha.captcha_id == first
        assert wizard.value("#captchaAnswer") == "BK3"


async def test_a_window_too_small_for_a_readable_picture_says_so_and_a_larger_one_does_not() -> None:
    app, _ = build_app("pec")
    async with app.run_test(size=(40, 12)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("captcha")
        await wizard.settle()
        assert app.screen.query_one("#captcha-small").display
        await pilot.resize_terminal(80, 24)
        await wizard.settle()
        assert not app.screen.query_one("#captcha-small").display


async def test_f5_clears_the_reason_given_for_the_old_picture() -> None:
    app, _ = build_app("pec")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("captcha")
        await wizard.type("WRONG1")
        await wizard.press("enter")
        await wizard.at(CaptchaScreen)
        assert wizard.error_at("captchaAnswer")
        await wizard.press("f5")
        await wizard.settle()
        assert not wizard.error_at("captchaAnswer")
