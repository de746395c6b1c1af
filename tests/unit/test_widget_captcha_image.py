"""CaptchaImage: a PNG drawn legibly with half blocks, in colour and without; hostile bytes never crash it."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib

import pytest
from PIL import Image, ImageDraw, ImageFont
from textual import on
from textual.app import App, ComposeResult

from smarthub_tui.widgets import CaptchaImage, CaptchaImageError, render_png
from smarthub_tui.widgets.captcha_image import MAX_PNG_BYTES, UNREADABLE
from tests.support.captcha_png import captcha_png  # the snapshots' picture maker


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` pixels but carries almost no data (a decompression bomb's shape)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + png_chunk(b"IEND", b"")


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = rgb
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_colour_rendering_has_the_right_shape_and_both_ink_and_paper() -> None:
    picture = render_png(captcha_png(), max_columns=76, max_rows=12)
    assert not picture.monochrome
    assert 60 <= picture.columns <= 76
    assert 8 <= picture.rows <= 12
    assert all(len(row) == picture.columns for row in picture.cells)
    assert {char for row in picture.cells for char, _, _ in row} == {"▀", " "}
    # A cell of one colour is a space on that background (it fills the cell in every terminal).
    assert all(fg is None and bg is not None for row in picture.cells for char, fg, bg in row if char == " ")
    pixels = [pixel for row in picture.cells for char, upper, lower in row for pixel in ((upper, lower) if upper else (lower, lower))]
    dark = sum(luminance(pixel) < 100 for pixel in pixels)
    light = sum(luminance(pixel) > 180 for pixel in pixels)
    assert dark > len(pixels) * 0.05, "the characters must survive the downscale"
    assert light > len(pixels) * 0.4, "the paper must stay light"


def test_monochrome_rendering_needs_no_colour_and_keeps_the_characters() -> None:
    picture = render_png(captcha_png(), max_columns=76, max_rows=12, monochrome=True)
    assert picture.monochrome
    cells = [cell for row in picture.cells for cell in row]
    assert all(fg is None and bg is None for _, fg, bg in cells)
    chars = "".join(picture.lines)
    assert set(chars) <= set("█▀▄ ")
    ink = sum(char != " " for char in chars)
    assert 0.08 * len(chars) < ink < 0.6 * len(chars)
    # Four characters side by side: the ink falls into at least four separate column runs.
    inked = [any(line[x] != " " for line in picture.lines) for x in range(picture.columns)]
    runs = sum(1 for x in range(picture.columns) if inked[x] and (x == 0 or not inked[x - 1]))
    assert runs >= 4
    assert picture.to_content().plain == "\n".join(picture.lines).replace("█", " ")  # full cells: reversed spaces


def test_picture_shrinks_to_the_room_given_and_grows_only_by_whole_factors() -> None:
    small = render_png(captcha_png(), max_columns=40, max_rows=8)
    assert small.columns <= 40 and small.rows <= 8
    tiny_png = io.BytesIO()
    Image.new("RGB", (10, 4), "white").save(tiny_png, "PNG")
    tiny = render_png(tiny_png.getvalue())
    assert (tiny.columns, tiny.rows) == (60, 12)  # six times: 60 <= 76 columns, 24 <= 2 * 12 pixel rows


def test_light_on_dark_is_drawn_with_the_characters_as_ink() -> None:
    image = Image.new("RGB", (120, 40), (10, 10, 10))
    ImageDraw.Draw(image).text((5, 2), "XY", font=ImageFont.load_default(size=30), fill=(250, 250, 250))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    chars = "".join(render_png(buffer.getvalue(), monochrome=True).lines)
    assert chars.count(" ") > len(chars) / 2


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"garbage",
        b"\x89PNG\r\n\x1a\n" + b"\0" * 40,
        captcha_png()[:200],  # cut off mid-way
        b"GIF89a" + b"\0" * 20,
        b"\x1b]52;c;SGVsbG8=\x07",
    ],
    ids=["empty", "garbage", "bad-header", "truncated", "gif", "escape"],
)
def test_garbage_raises_a_plain_words_error(data: bytes) -> None:
    with pytest.raises(CaptchaImageError) as caught:
        render_png(data)
    assert str(caught.value).endswith(".")


@pytest.mark.parametrize("size", [(2001, 10), (10, 2001), (100_000, 100_000), (2**31 - 1, 2**31 - 1)])
def test_oversized_pictures_are_refused_before_decoding(size: tuple[int, int]) -> None:
    with pytest.raises(CaptchaImageError, match="too large"):
        render_png(png_header_only(*size))


def test_too_many_bytes_are_refused() -> None:
    with pytest.raises(CaptchaImageError, match="too large"):
        render_png(b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_PNG_BYTES)


def test_transparent_png_is_drawn_on_white() -> None:
    image = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((10, 5, 30, 15), fill=(0, 0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    picture = render_png(buffer.getvalue())
    char, fg, bg = picture.cells[0][0]
    assert (char, fg, bg) == (" ", None, (255, 255, 255))


def test_importing_the_widgets_does_not_import_pillow() -> None:
    code = "import sys, smarthub_tui.widgets; sys.exit('PIL' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


class ImageApp(App[None]):
    def __init__(self, png: bytes | None, **kwargs: object) -> None:
        super().__init__()
        self.png = png
        self.kwargs = kwargs
        self.unreadable: list[str] = []

    def compose(self) -> ComposeResult:
        yield CaptchaImage(self.png, **self.kwargs)

    @on(CaptchaImage.Unreadable)
    def record(self, message: CaptchaImage.Unreadable) -> None:
        self.unreadable.append(message.reason)


async def test_widget_shows_the_picture_at_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = ImageApp(captcha_png())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(CaptchaImage)
        assert not widget.monochrome
        picture = render_png(captcha_png())
        assert (widget.size.width, widget.size.height) == (picture.columns, picture.rows)
        assert widget.render_line(0).text == picture.lines[0]


async def test_widget_follows_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ImageApp(captcha_png())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(CaptchaImage)
        assert widget.monochrome
        shown = [widget.render_line(y).text for y in range(widget.size.height)]
        assert shown == render_png(captcha_png(), monochrome=True).to_content().plain.split("\n")


async def test_widget_fits_a_narrow_terminal() -> None:
    app = ImageApp(captcha_png())
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        widget = app.query_one(CaptchaImage)
        assert widget.size.width <= 40
        assert widget.render_line(0).text.strip()


async def test_widget_says_what_to_do_with_garbage_and_recovers_with_a_new_picture() -> None:
    app = ImageApp(b"\x89PNG garbage")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(CaptchaImage)
        assert widget.error is not None
        assert app.unreadable == [widget.error]
        text = " ".join(widget.render_line(y).text.strip() for y in range(widget.size.height))
        assert text == UNREADABLE
        widget.set_image(png_header_only(5000, 5000))
        await pilot.pause()
        assert len(app.unreadable) == 2 and "too large" in app.unreadable[-1]
        widget.set_image(captcha_png("ZQ42"))
        await pilot.pause()
        assert widget.error is None and not widget.has_class("-unreadable")
        assert "▀" in widget.render_line(1).text
        widget.set_image(None)
        await pilot.pause()
        assert widget.size.height == 0


async def test_forced_monochrome_overrides_the_app() -> None:
    app = ImageApp(captcha_png(), monochrome=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(CaptchaImage)
        assert widget.monochrome
        strips = [widget.render_line(y) for y in range(widget.size.height)]
        shown = "".join(strip.text for strip in strips)
        assert set(shown) <= set("▀▄ ")
        assert any(segment.style and segment.style.reverse for strip in strips for segment in strip), "full cells: reversed spaces"


def png_of(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_a_picture_that_fits_is_drawn_pixel_for_pixel() -> None:
    """The server drew it for these cells: no cropping, no resampling, every pixel where it was."""
    rng = __import__("random").Random(5)
    image = Image.new("RGB", (30, 10), (240, 240, 235))
    for _ in range(60):
        image.putpixel((rng.randrange(30), rng.randrange(10)), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    picture = render_png(png_of(image), max_columns=50, max_rows=9)
    assert (picture.columns, picture.rows) == (30, 5)
    for row, cells in enumerate(picture.cells):
        for x, (_char, fg, bg) in enumerate(cells):
            upper, lower = image.getpixel((x, 2 * row)), image.getpixel((x, 2 * row + 1))
            assert (fg or bg, bg) == (upper, lower), (x, row)


def test_a_picture_with_twice_the_room_grows_by_whole_pixels() -> None:
    """A wider or taller terminal than the picture was made for: each pixel becomes a square, strokes stay sharp."""
    image = Image.new("RGB", (20, 8), "white")
    image.putpixel((3, 2), (0, 0, 0))
    picture = render_png(png_of(image), max_columns=76, max_rows=12)
    assert (picture.columns, picture.rows) == (60, 12)  # three times: 60 <= 76, 24 <= 2 * 12
    ink = {(x, y) for y, row in enumerate(picture.cells) for x, (_, fg, bg) in enumerate(row) if (fg or bg) == (0, 0, 0)}
    assert ink == {(x, y) for x in range(9, 12) for y in range(3, 5)}


def test_monochrome_shows_exactly_the_servers_ink() -> None:
    """Pale dots and the pale crossing line are paper; every glyph pixel is ink; no dithering."""
    import random

    from smarthub_tui.server import captcha

    for seed in range(5):
        png = captcha.render_png("BK37Z", columns=76, rows=9, rng=random.Random(seed))
        image = Image.open(io.BytesIO(png)).convert("L")
        picture = render_png(png, max_columns=76, max_rows=9, monochrome=True)
        upper_ink = {"█": True, "▀": True, "▄": False, " ": False}
        lower_ink = {"█": True, "▀": False, "▄": True, " ": False}
        for row, line in enumerate(picture.lines):
            for x, char in enumerate(line):
                assert upper_ink[char] == (image.getpixel((x, 2 * row)) < 128), (seed, x, row)
                assert lower_ink[char] == (image.getpixel((x, 2 * row + 1)) < 128), (seed, x, row)


def test_monochrome_full_cells_are_reversed_spaces_that_fill_the_cell() -> None:
    image = Image.new("RGB", (4, 4), "white")
    for x in range(4):
        image.putpixel((x, 0), (0, 0, 0))
        image.putpixel((x, 1), (0, 0, 0))
    content = render_png(png_of(image), max_columns=4, max_rows=2, monochrome=True).to_content()
    assert "█" not in content.plain
    assert content.plain.split("\n")[0] == "    "
    assert any(span.style.reverse for span in content.spans if not isinstance(span.style, str))


async def test_a_smaller_room_after_a_resize_shrinks_the_picture() -> None:
    app = ImageApp(png_of(Image.new("RGB", (76, 18), "white")), max_columns=76, max_rows=9)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.query_one(CaptchaImage)
        assert (widget.size.width, widget.size.height) == (76, 9)
        widget.set_room(38, 9)
        await pilot.pause()
        assert widget.size.width <= 38
