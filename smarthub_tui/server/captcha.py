"""The two CAPTCHA styles a profile can choose: a text image, or "I'm not a robot" proof-of-work.

Why both: PEC's guide asks members to "Type the text" from a picture; the
default profile and JECEC use a checkbox, which in a terminal is honest only
if something real stands behind it, so the client proves work
(`smarthub_tui.proof_of_work`).  Either way the server stores the challenge,
and any answer, right or wrong, uses it up; it expires after five minutes.

Text answers are stored only as an HMAC under the server key, so nothing in
the database or in any answer reveals them.  Tests cannot read the image, so
`create_app(captcha_text_source=...)` lets them choose the text; the HTTP
API offers no such door.
"""

from __future__ import annotations

import base64
import hmac
import io
import math
import random
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from smarthub_tui import proof_of_work
from smarthub_tui.contract import CAPTCHA_COLUMNS, CAPTCHA_ROWS

# Letters and digits that cannot be mistaken for one another when drawn in a
# terminal's cells (glyphs 16 pixels tall): no 0/O, 1/I/L, and of the pairs
# that stayed alike when read off the screen (B/8, S/5, Z/2, G/6/C, 3/9,
# R/A, M/W) only one of each.
TEXT_ALPHABET = "BCDEFHJKMNPRSTUVXYZ347"
TEXT_LENGTH = 5
"""Five, not six: at 80x24 a picture has 76 pixels across, and six glyphs of 12 pixels
squeezed M, W, N and H into one shape.  Its 22**5 (5 million) texts stay far
beyond guessing, since each answer, right or wrong, uses the challenge up."""
MAX_ANGLE = 6
"""Degrees a glyph may turn either way: more, at 16 pixels tall, turned R into A and 7 into T."""
MAX_TEXT_LENGTH = 12
EXPIRES_SECONDS = 5 * 60

# The picture's size in character cells (one pixel across, two down in each).
DEFAULT_COLUMNS = 76
"""Without a size from the client: the room an 80x24 terminal gives the picture."""
DEFAULT_ROWS = 9
MIN_COLUMNS, MAX_COLUMNS = CAPTCHA_COLUMNS
MIN_ROWS, MAX_ROWS = CAPTCHA_ROWS

if TYPE_CHECKING:
    # Pillow is imported by the functions that draw (`render_png` and its helpers), not here: the default
    # profile's CAPTCHA is a checkbox, and Pillow's modules cost the embedded demo's process several MiB and
    # its start-up their import time for a picture it never draws.
    from PIL import Image, ImageFont

TextSource = Callable[[], str]


def random_text() -> str:
    """The default source of CAPTCHA texts: six characters drawn with `secrets`."""
    return "".join(secrets.choice(TEXT_ALPHABET) for _ in range(TEXT_LENGTH))


def normalize_text_answer(value: str) -> str:
    """How a typed answer is compared: case and spaces ignored."""
    return "".join(value.split()).upper()


def checked_text(source: TextSource) -> str:
    """Ask `source` for a text and make sure it is something people can type."""
    text = normalize_text_answer(source())
    if not (1 <= len(text) <= MAX_TEXT_LENGTH) or not text.isascii() or not text.isalnum():
        raise ValueError("the CAPTCHA text source must return 1-12 ASCII letters or digits")
    return text


def new_challenge() -> str:
    """A fresh proof-of-work challenge: 128 random bits, hex."""
    return secrets.token_hex(16)


def text_answer_matches(expected_hash: str, answer: str, hasher: Callable[[str], str]) -> bool:
    """True when the typed `answer` hashes to `expected_hash` (constant-time comparison)."""
    return hmac.compare_digest(expected_hash, hasher(normalize_text_answer(answer)))


def checkbox_answer_matches(challenge: str, difficulty_bits: int, answer: str) -> bool:
    """True when `answer` is a nonce that solves `challenge`."""
    return proof_of_work.is_solution(challenge, answer.strip(), difficulty_bits)


def render_png(
    text: str,
    *,
    columns: int | None = None,
    rows: int | None = None,
    rng: random.Random | None = None,
) -> bytes:
    """Draw `text` for a terminal: a PNG of at most `columns` x 2*`rows` pixels, one per half block.

    Why this shape: a terminal without graphics shows the picture with half
    blocks, one pixel across and two down per character cell.  A picture made
    bigger and scaled down there loses strokes (B became 8, S became 5), so
    the glyphs are drawn at the cell grid itself: each one is rendered large,
    bolded, stretched a little, turned, then reduced once here to whole pixels
    of ink, so the client shows every pixel as it is.  Against OCR: each glyph
    has its own angle, height and dark colour, a thin line waves behind them
    all, and dots speckle the paper.  The line and the dots are paler than any
    ink: an ink line one pixel thick read as a stroke at this size (a line
    under a 7 made it a Z), so they stay clutter a person looks past, and the
    client's ink-and-paper form without colour leaves them out.  (This resists
    off-the-shelf OCR, not a model trained on these pictures; the limits on
    attempts are what bound guessing.)

    `columns`/`rows` (the cells the client can give the picture; None: the
    room an 80x24 terminal has) are clamped to `MIN_`/`MAX_COLUMNS` and
    `MIN_`/`MAX_ROWS`.  `rng` makes pictures repeatable for tests and the
    benchmark; by default the system's randomness.
    """
    from PIL import Image, ImageDraw

    rng = rng or secrets.SystemRandom()
    width = min(max(columns or DEFAULT_COLUMNS, MIN_COLUMNS), MAX_COLUMNS)
    height = 2 * min(max(rows or DEFAULT_ROWS, MIN_ROWS), MAX_ROWS)
    count = max(len(text), 1)
    jitter = max(1, height // 14)  # how far a glyph may sit above or below the middle
    cap_height = height - 2 * jitter
    slot = max(3, min(width // count, round(cap_height * 0.95)))  # each glyph's share of the width
    left = max(0, (width - slot * count) // 2)
    paper = tuple(rng.randint(236, 250) for _ in range(3))
    image = Image.new("RGB", (width, height), paper)
    draw = ImageDraw.Draw(image)
    for _ in range(width * height // 12):
        draw.point((rng.randrange(width), rng.randrange(height)), fill=_random_colour(rng, 185, 220))
    amplitude = rng.uniform(1.5, max(1.5, height / 6))
    period = rng.uniform(width / 3, width / 1.5)
    phase = rng.uniform(0, 2 * math.pi)
    middle = height / 2 + rng.uniform(-height / 8, height / 8)
    wave = [
        (x, round(middle + amplitude * math.sin(2 * math.pi * x / period + phase)))
        for x in range(max(left - 2, 0), min(left + slot * count + 2, width))
    ]
    draw.line(wave, fill=_random_colour(rng, 175, 200), width=1)  # under the glyphs: it never cuts a stroke
    font, stroke = _font_for(cap_height)
    for index, char in enumerate(text):
        mask = _glyph_mask(char, font, stroke, slot, rng)
        x = left + index * slot + (slot - mask.width) // 2 + rng.randint(-1, 1)
        y = (height - mask.height) // 2 + rng.randint(-jitter, jitter)
        x = min(max(x, 0), max(width - mask.width, 0))
        y = min(max(y, 0), max(height - mask.height, 0))
        image.paste(Image.new("RGB", mask.size, _random_colour(rng, 10, 90)), (x, y), mask)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def png_base64(text: str, *, columns: int | None = None, rows: int | None = None) -> str:
    """`render_png` as base64 text for the JSON answer."""
    return base64.b64encode(render_png(text, columns=columns, rows=rows)).decode("ascii")


_SUPERSAMPLE = 4
"""Glyphs are drawn this many times larger, then reduced once to the cell grid."""


def _font_for(cap_height: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, int]:
    """Pillow's bundled font at the size whose capitals are `cap_height` pixels tall (supersampled), and a bolding stroke.

    The bundled font is the same everywhere Pillow is, so pictures do not
    depend on the fonts a server happens to have.
    """
    from PIL import ImageFont

    probe = ImageFont.load_default(size=100)
    top, bottom = probe.getbbox("H")[1], probe.getbbox("H")[3]
    size = max(8, round(100 * cap_height * _SUPERSAMPLE / max(bottom - top, 1)))
    stroke = max(1, round(cap_height * _SUPERSAMPLE * 0.025))
    return ImageFont.load_default(size=size), stroke


def _glyph_mask(char: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, stroke: int, slot: int, rng: random.Random) -> Image.Image:
    """One glyph as whole pixels of ink (255) on nothing (0): bold, a little wider, up to 15% shorter, turned up to `MAX_ANGLE`."""
    from PIL import Image, ImageDraw

    left, top, right, bottom = (math.floor(edge) for edge in font.getbbox(char, stroke_width=stroke))
    glyph_width = max(right - left, 1)
    pad = 4 * _SUPERSAMPLE
    big = Image.new("L", (glyph_width + 2 * pad, bottom - top + 2 * pad), 0)
    ImageDraw.Draw(big).text((pad - left, pad - top), char, font=font, fill=255, stroke_width=stroke, stroke_fill=255)
    wanted = min(slot - 2, max(1, round(glyph_width / _SUPERSAMPLE * 1.2)))
    taller = rng.uniform(0.85, 1.0)  # glyphs of unequal heights are harder to cut apart by machine
    big = big.resize(
        (max(1, round(big.width * wanted * _SUPERSAMPLE / glyph_width)), max(1, round(big.height * taller))),
        Image.Resampling.BICUBIC,
    )
    big = big.rotate(rng.uniform(-MAX_ANGLE, MAX_ANGLE), resample=Image.Resampling.BICUBIC, expand=True)
    big = big.crop(big.getbbox() or (0, 0, 1, 1))
    small = big.resize(
        (max(1, round(big.width / _SUPERSAMPLE)), max(1, round(big.height / _SUPERSAMPLE))), Image.Resampling.BOX
    )
    return small.point(lambda value: 255 if value >= 110 else 0)


def _random_colour(rng: random.Random, low: int, high: int) -> tuple[int, int, int]:
    return (rng.randint(low, high), rng.randint(low, high), rng.randint(low, high))
