"""A CAPTCHA picture drawn with text characters, for terminals without graphics.

Most terminals an agent or a kiosk uses have no image protocol, so the server's
PNG is drawn with Unicode half blocks: each character cell shows two pixels,
the upper one as the foreground colour of "▀" and the lower one as its
background.  Cells are roughly twice as tall as wide, so two pixels per cell
keeps the picture's proportions.

Without colour (``NO_COLOR``, or a terminal that has none) colours would be
lost, so the picture is reduced to ink and paper (see `_ink_mask`) and
drawn with characters that need no colour at all: "▀", "▄", space, and a
reversed space for a cell all ink.  No dithering: a stroke is ink or not.

The server draws the picture for the cells the screen has (one pixel per
half block), so it is normally shown pixel for pixel; see `_fit`.  Finer
cells were weighed: quadrant blocks would double the pixels across but allow
only two colours per cell, and the 2x3 sextants (Unicode 13) are missing
from many terminal fonts (DejaVu Sans Mono among them), so half blocks stay.

The bytes come from the network: they are checked before decoding (size in
bytes, PNG only, at most 2000x2000 pixels, read from the header before any
pixel is decompressed), and anything wrong becomes a readable message, never
a crash.  Pillow is imported on first use, so the app starts without it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from textual.color import Color
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widget import Widget

from smarthub_tui.text import inert

if TYPE_CHECKING:  # Pillow itself is imported on first use only
    from PIL.Image import Image as PILImage

__all__ = [
    "CaptchaImage",
    "CaptchaImageError",
    "HalfBlockPicture",
    "MAX_PNG_BYTES",
    "MAX_SIDE",
    "render_png",
]

MAX_PNG_BYTES = 1_000_000
"""Bytes accepted from the server; a CAPTCHA PNG is a few kilobytes."""
MAX_SIDE = 2000
"""Widest and tallest picture accepted, in pixels (refused before decoding)."""
DEFAULT_COLUMNS = 76
DEFAULT_ROWS = 12
UNREADABLE = "The picture could not be shown; press F5 for a new one."

RGB = tuple[int, int, int]


class CaptchaImageError(ValueError):
    """The bytes are not a picture we can show; `str(error)` says why, in plain words."""


@dataclass(frozen=True)
class HalfBlockPicture:
    """A picture as rows of character cells: each cell is (character, foreground, background).

    In colour, a cell is "▀" with the upper pixel as foreground and the lower
    as background, or, when both pixels are one colour, a space on that
    background.  In monochrome the colours are None and the character alone
    carries the picture ("█" both pixels ink, "▀" upper, "▄" lower, " ";
    `to_content` draws "█" as a reversed space).
    """

    cells: tuple[tuple[tuple[str, RGB | None, RGB | None], ...], ...]
    monochrome: bool

    @property
    def columns(self) -> int:
        """Width in character cells."""
        return len(self.cells[0]) if self.cells else 0

    @property
    def rows(self) -> int:
        """Height in character cells (half the pixel height)."""
        return len(self.cells)

    @property
    def lines(self) -> list[str]:
        """The characters alone, one string per row (the whole picture in monochrome)."""
        return ["".join(char for char, _, _ in row) for row in self.cells]

    def to_content(self) -> Content:
        """The picture as one `Content` (rows joined by newlines), colours as spans.

        In monochrome a cell all ink is drawn as a reversed space rather than
        "█": the terminal then fills the whole cell with its text colour,
        where some fonts' full block leaves a seam between rows.
        """
        parts: list[tuple[str, Style] | str] = []
        if self.monochrome:
            ink = Style(reverse=True)
            for number, line in enumerate(self.lines):
                if number:
                    parts.append("\n")
                for run in _runs(line):
                    parts.append((" " * len(run), ink) if run[0] == "█" else run)
            return Content.assemble(*parts)
        styles: dict[tuple[RGB | None, RGB | None], Style] = {}
        for number, row in enumerate(self.cells):
            if number:
                parts.append("\n")
            for char, fg, bg in row:
                style = styles.get((fg, bg))
                if style is None:
                    style = styles[(fg, bg)] = Style(
                        foreground=Color(*fg) if fg else None,
                        background=Color(*bg) if bg else None,
                    )
                parts.append((char, style))
        return Content.assemble(*parts)


def _runs(line: str) -> list[str]:
    """`line` cut where the character changes: "██▀ " -> ["██", "▀", " "]."""
    runs: list[str] = []
    for char in line:
        if runs and runs[-1][0] == char:
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def _ink_mask(grey: PILImage) -> PILImage:
    """255 where a pixel is ink, 0 where paper: no dithering, a pixel is one or the other.

    Paper is the commonest grey; ink is the far end from it (the level that
    the farthest 2% of pixels reach), dark text on light paper or light on
    dark.  The line between them is half way: clutter paler than the ink
    (noise dots, a faint crossing line) falls on the paper side, as it should
    for a reader, where Otsu's threshold counted it as ink when it was common.
    """
    histogram = grey.histogram()
    paper = max(range(256), key=histogram.__getitem__)
    total = sum(histogram)
    below = sum(histogram[:paper])
    above = total - below - histogram[paper]
    dark_ink = below >= above
    levels = range(256) if dark_ink else range(255, -1, -1)
    seen, far = 0, paper
    for level in levels:
        seen += histogram[level]
        if seen >= 0.02 * total:
            far = level
            break
    threshold = (paper + far) / 2
    if dark_ink:
        return grey.point(lambda value: 255 if value < threshold else 0)
    return grey.point(lambda value: 255 if value > threshold else 0)


def _open_checked(data: bytes) -> PILImage:
    """Open `data` as a PNG, refusing oversized input before pixels are decompressed."""
    from PIL import Image

    if not data:
        raise CaptchaImageError("No picture was received.")
    if len(data) > MAX_PNG_BYTES:
        raise CaptchaImageError("The picture is too large to show.")
    try:
        with warnings.catch_warnings():
            # Our own size limit below is far stricter than Pillow's bomb warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=["PNG"])
    except Image.DecompressionBombError:
        raise CaptchaImageError("The picture is too large to show.") from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds (UnidentifiedImageError, SyntaxError, ...) on bad headers
        raise CaptchaImageError("The picture is not a readable PNG.") from None
    width, height = image.size
    if width < 1 or height < 1:
        raise CaptchaImageError("The picture is empty.")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise CaptchaImageError("The picture is too large to show.")
    try:
        image.load()
    except Exception:  # noqa: BLE001 - as above: any decoder failure is a damaged picture
        raise CaptchaImageError("The picture is damaged.") from None
    return image


def _trim_margins(rgb: PILImage) -> PILImage:
    """Crop empty paper around the characters, so they get more of the few cells we have.

    Noise is filtered out first; then a row or column counts as empty when under
    3% of it is ink.  A 3-pixel margin is kept.
    """
    from PIL import Image, ImageFilter

    # The median filter removes noise dots and hairlines; strokes of characters survive it.
    grey = rgb.convert("L").filter(ImageFilter.MedianFilter(3))
    mask = _ink_mask(grey)
    rows = mask.resize((1, mask.height), Image.Resampling.BOX).tobytes()
    columns = mask.resize((mask.width, 1), Image.Resampling.BOX).tobytes()
    limit = 0.03 * 255
    inked_rows = [y for y, value in enumerate(rows) if value >= limit]
    inked_columns = [x for x, value in enumerate(columns) if value >= limit]
    if not inked_rows or not inked_columns:
        return rgb
    margin = 3
    box = (
        max(inked_columns[0] - margin, 0),
        max(inked_rows[0] - margin, 0),
        min(inked_columns[-1] + 1 + margin, rgb.width),
        min(inked_rows[-1] + 1 + margin, rgb.height),
    )
    return rgb.crop(box)


def _fit(rgb: PILImage, max_columns: int, max_rows: int) -> PILImage:
    """The picture at the size it will be drawn: one pixel per column, two per row.

    A picture that fits (the server drew it for this terminal's cells) is
    drawn pixel for pixel: resampling would blur the strokes it placed on
    whole pixels.  One that has at least twice the room (the window grew) is
    enlarged by a whole factor, each pixel becoming a square of pixels, which
    keeps strokes sharp.  Only one too large for the room (the window shrank,
    or an older server) has its empty margins cropped and is reduced, losing
    detail; a new picture (F5) then fits again.
    """
    from PIL import Image

    width, height = rgb.size
    if width <= max_columns and height <= 2 * max_rows:
        factor = min(max_columns // width, (2 * max_rows) // height)
        if factor >= 2:
            return rgb.resize((width * factor, height * factor), Image.Resampling.NEAREST)
        return rgb
    rgb = _trim_margins(rgb)
    width, height = rgb.size
    scale = min(max_columns / width, (2 * max_rows) / height, 1.0)
    # BOX averages every source pixel: thin noise lines fade, letters stay solid.
    return rgb.resize((max(1, round(width * scale)), max(2, round(height * scale))), Image.Resampling.BOX)


def render_png(
    data: bytes,
    *,
    max_columns: int = DEFAULT_COLUMNS,
    max_rows: int = DEFAULT_ROWS,
    monochrome: bool = False,
) -> HalfBlockPicture:
    """Draw PNG `data` as half-block cells fitting `max_columns` x `max_rows`; a pure function.

    See `_fit` for the size.  Raises `CaptchaImageError` for anything that
    is not a sound PNG of at most `MAX_SIDE` pixels a side.
    """
    from PIL import Image

    if max_columns < 1 or max_rows < 1:
        raise CaptchaImageError("There is no room to show the picture.")
    image = _open_checked(data)
    try:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        rgb = Image.alpha_composite(paper, rgba).convert("RGB")
    except Exception:  # noqa: BLE001 - as above: any decoder failure is a damaged picture
        raise CaptchaImageError("The picture is damaged.") from None

    small = _fit(rgb, max_columns, max_rows)
    if small.height % 2:  # whole cells: one more row of paper
        padded = Image.new("RGB", (small.width, small.height + 1), small.getpixel((0, small.height - 1)))
        padded.paste(small, (0, 0))
        small = padded
    columns, pixel_rows = small.size

    cells: list[tuple[tuple[str, RGB | None, RGB | None], ...]] = []
    if monochrome:
        grey = small.convert("L")
        # Ink is the rarer side of the threshold: dark text on light paper, or light on dark.
        dark = [value == 255 for value in _ink_mask(grey).tobytes()]
        glyphs = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
        for y in range(0, pixel_rows, 2):
            upper = dark[y * columns : (y + 1) * columns]
            lower = dark[(y + 1) * columns : (y + 2) * columns]
            cells.append(tuple((glyphs[(u, d)], None, None) for u, d in zip(upper, lower, strict=True)))
    else:
        raw = small.tobytes()  # R, G, B bytes, row by row
        pixels: list[RGB] = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
        for y in range(0, pixel_rows, 2):
            upper = pixels[y * columns : (y + 1) * columns]
            lower = pixels[(y + 1) * columns : (y + 2) * columns]
            # One colour in the whole cell: a space on that background, which fills the cell in
            # every terminal (a block glyph may leave a seam where a font's block is short).
            cells.append(tuple((" ", None, lo) if up == lo else ("▀", up, lo) for up, lo in zip(upper, lower, strict=True)))
    return HalfBlockPicture(tuple(cells), monochrome)


class CaptchaImage(Widget):
    """Shows a CAPTCHA PNG as half blocks, in colour or (without colour) in ink and paper.

    `set_image(png)` replaces the picture; a picture that cannot be shown
    becomes the sentence in `unreadable_text` and posts `Unreadable`, so the
    screen can fetch a new one.  `monochrome=None` follows the app
    (``NO_COLOR`` or a terminal without colour); True or False forces it.
    The picture takes the space it is given, up to `max_columns` x `max_rows`
    (`set_room` changes them when the window is resized); see `_fit`.
    """

    DEFAULT_CSS = """
    CaptchaImage {
        width: auto;
        height: auto;
        max-width: 100%;
    }
    CaptchaImage.-unreadable {
        color: $text-error;
        width: 1fr;
    }
    """

    class Unreadable(Message):
        """The picture could not be shown; `reason` says why in plain words."""

        def __init__(self, captcha_image: CaptchaImage, reason: str) -> None:
            super().__init__()
            self.captcha_image = captcha_image
            self.reason = reason

        @property
        def control(self) -> CaptchaImage:
            """The `CaptchaImage` (for `@on` selectors)."""
            return self.captcha_image

    def __init__(
        self,
        png: bytes | None = None,
        *,
        monochrome: bool | None = None,
        max_columns: int = DEFAULT_COLUMNS,
        max_rows: int = DEFAULT_ROWS,
        unreadable_text: str = UNREADABLE,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._png = png
        self._monochrome = monochrome
        self._max_columns = max_columns
        self._max_rows = max_rows
        self._unreadable_text = unreadable_text
        self._pictures: dict[tuple[int, bool], Content] = {}
        self._error: str | None = None

    @property
    def png(self) -> bytes | None:
        """The PNG bytes shown, or None."""
        return self._png

    @property
    def monochrome(self) -> bool:
        """Whether the picture is drawn without colour."""
        if self._monochrome is not None:
            return self._monochrome
        app = self.app
        return bool(app.no_color or app.console.color_system is None)

    @property
    def error(self) -> str | None:
        """Why the current picture cannot be shown, or None."""
        return self._error

    def set_room(self, max_columns: int, max_rows: int) -> None:
        """Let the picture take up to `max_columns` x `max_rows` cells (the window was resized)."""
        if (max_columns, max_rows) == (self._max_columns, self._max_rows):
            return
        self._max_columns, self._max_rows = max(1, max_columns), max(1, max_rows)
        self._pictures.clear()
        self.refresh(layout=True)

    def set_image(self, png: bytes | None) -> None:
        """Show another picture (a fresh CAPTCHA); None shows nothing."""
        self._png = png
        if self.is_mounted:
            self._load()

    def on_mount(self) -> None:
        self._load()

    def _load(self) -> None:
        """Check the picture once, so a bad one is reported (once) rather than on every paint."""
        self._pictures.clear()
        self._error = None
        if self._png:
            try:
                self._pictures[(self._max_columns, self.monochrome)] = render_png(
                    self._png, max_columns=self._max_columns, max_rows=self._max_rows, monochrome=self.monochrome
                ).to_content()
            except CaptchaImageError as error:
                self._error = str(error)
        self.set_class(self._error is not None, "-unreadable")
        if self._error is not None:
            self.post_message(self.Unreadable(self, self._error))
        self.refresh(layout=True)

    def _content_for(self, width: int) -> Content:
        if self._error is not None:
            return Content(inert(self._unreadable_text))
        if not self._png:
            return Content("")
        columns = max(1, min(self._max_columns, width))
        key = (columns, self.monochrome)
        content = self._pictures.get(key)
        if content is None:
            try:
                content = render_png(
                    self._png, max_columns=columns, max_rows=self._max_rows, monochrome=key[1]
                ).to_content()
            except CaptchaImageError:  # checked in _load; only a size too small for any picture
                content = Content("")
            self._pictures[key] = content
        return content

    def get_content_width(self, container, viewport) -> int:  # noqa: ANN001 (Textual's signature)
        content = self._content_for(container.width)
        if self._error is not None:
            return container.width
        return max((len(line) for line in content.plain.split("\n")), default=0)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        if not width:
            return 0
        content = self._content_for(width)
        if self._error is not None:
            return content.get_height(self.styles, width)
        return len(content.plain.split("\n")) if content.plain else 0

    def render(self) -> Content:
        return self._content_for(self.content_region.width or self._max_columns)
