"""The server's text CAPTCHA picture: drawn for a cell grid, ink apart from clutter, an alphabet without lookalikes."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from smarthub_tui.server import captcha


def picture(text: str = "BK37Z", seed: int = 1, **size: int) -> Image.Image:
    return Image.open(io.BytesIO(captcha.render_png(text, rng=random.Random(seed), **size))).convert("RGB")


def luminance(pixel: tuple[int, int, int]) -> float:
    r, g, b = pixel
    return 0.299 * r + 0.587 * g + 0.114 * b


@pytest.mark.parametrize(("columns", "rows"), [(76, 9), (116, 16), (24, 4), (240, 30)])
def test_the_picture_has_one_pixel_per_half_block(columns: int, rows: int) -> None:
    assert picture(columns=columns, rows=rows).size == (columns, 2 * rows)


def test_without_a_size_the_picture_fits_an_80x24_terminal() -> None:
    assert picture().size == (captcha.DEFAULT_COLUMNS, 2 * captcha.DEFAULT_ROWS) == (76, 18)


def test_sizes_beyond_the_bounds_are_clamped() -> None:
    assert picture(columns=5, rows=1).size == (captcha.MIN_COLUMNS, 2 * captcha.MIN_ROWS)
    assert picture(columns=10_000, rows=10_000).size == (captcha.MAX_COLUMNS, 2 * captcha.MAX_ROWS)


def test_the_same_randomness_draws_the_same_picture() -> None:
    assert picture(seed=3).tobytes() == picture(seed=3).tobytes()
    assert picture(seed=3).tobytes() != picture(seed=4).tobytes()


@pytest.mark.parametrize("seed", range(8))
def test_ink_is_darker_than_any_clutter_so_a_threshold_keeps_only_the_glyphs(seed: int) -> None:
    """Every pixel is ink (dark) or paper and clutter (pale), nothing between: no grey a threshold could misplace."""
    image = picture(seed=seed)
    levels = [luminance(image.getpixel((x, y))) for x in range(image.width) for y in range(image.height)]
    assert all(level <= 95 or level >= 160 for level in levels)
    ink_columns = {x for x in range(image.width) for y in range(image.height) if luminance(image.getpixel((x, y))) <= 95}
    slot = image.width // 5
    assert all(ink_columns & set(range(i * slot, (i + 1) * slot)) for i in range(5)), "each of the five glyphs has ink"


@pytest.mark.parametrize("rows", [4, 9, 16, 30])
def test_every_glyph_fits_the_height_so_none_is_cut(rows: int) -> None:
    """Turned and bolded, each glyph still fits the picture's height (it is then moved inside, never cropped)."""
    height = 2 * rows
    jitter = max(1, height // 14)
    font, stroke = captcha._font_for(height - 2 * jitter)
    rng = random.Random(0)
    for char in captcha.TEXT_ALPHABET * 5:
        assert captcha._glyph_mask(char, font, stroke, 15, rng).height <= height, char


def test_the_alphabet_has_no_lookalikes_and_texts_use_it() -> None:
    lookalikes = ["B8", "S5", "Z2", "G6", "C6", "39", "RA", "MW", "O0", "I1", "L1"]
    for pair in lookalikes:
        assert not set(pair) <= set(captcha.TEXT_ALPHABET), pair
    for _ in range(50):
        text = captcha.random_text()
        assert len(text) == captcha.TEXT_LENGTH == 5
        assert set(text) <= set(captcha.TEXT_ALPHABET)
