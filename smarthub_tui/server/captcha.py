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
import secrets
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from smarthub_tui import proof_of_work

# Letters and digits that cannot be mistaken for one another in the image.
TEXT_ALPHABET = "ABCDEFGHJKMNPRSTUVWXYZ23456789"
TEXT_LENGTH = 6
MAX_TEXT_LENGTH = 12
EXPIRES_SECONDS = 5 * 60

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


def render_png(text: str) -> bytes:
    """Draw `text` as a distorted PNG: each glyph turned and shifted, over noise lines and dots."""
    rng = secrets.SystemRandom()
    width, height = 40 + 32 * len(text), 72
    image = Image.new("RGB", (width, height), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        points = [(rng.randint(0, width), rng.randint(0, height)) for _ in range(2)]
        draw.line(points, fill=_random_colour(rng, 120, 200), width=2)
    font = ImageFont.load_default(size=40)
    x = 20
    for char in text:
        glyph = Image.new("RGBA", (48, 60), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((8, 4), char, font=font, fill=_random_colour(rng, 10, 90))
        glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC, expand=False)
        image.paste(glyph, (x + rng.randint(-3, 3), rng.randint(2, 12)), glyph)
        x += 32
    for _ in range(width * height // 40):
        draw.point((rng.randrange(width), rng.randrange(height)), fill=_random_colour(rng, 60, 180))
    amplitude, period = rng.uniform(1.5, 3.0), rng.uniform(30, 60)
    image = _wave(image, amplitude, period).filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def png_base64(text: str) -> str:
    """`render_png` as base64 text for the JSON answer."""
    return base64.b64encode(render_png(text)).decode("ascii")


def _random_colour(rng: secrets.SystemRandom, low: int, high: int) -> tuple[int, int, int]:
    return (rng.randint(low, high), rng.randint(low, high), rng.randint(low, high))


def _wave(image: Image.Image, amplitude: float, period: float) -> Image.Image:
    """Shift each column up or down along a sine wave, so glyph outlines are not straight."""
    width, height = image.size
    result = Image.new("RGB", image.size, (245, 245, 240))
    for x in range(width):
        offset = int(amplitude * math.sin(2 * math.pi * x / period))
        column = image.crop((x, 0, x + 1, height))
        result.paste(column, (x, offset))
    return result
