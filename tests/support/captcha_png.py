"""Write captcha.png, the fixed CAPTCHA picture the widget snapshots show.

Stored rather than drawn at test time so that the snapshots do not change
with the Pillow or FreeType version.  Run it again only to change the picture:
``python -m tests.support.captcha_png`` from the repository root.
It lives in tests/support so the unit tests can import the same drawing.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CAPTCHA_PNG_FILE = Path(__file__).resolve().parent.parent / "snapshot" / "widget_apps" / "captcha.png"
"""Where the widget snapshot apps read the picture."""


def captcha_png(text: str = "AB7K", size: tuple[int, int] = (200, 70), seed: int = 7) -> bytes:
    rnd = random.Random(seed)
    image = Image.new("RGB", size, (236, 234, 222))
    draw = ImageDraw.Draw(image)
    for _ in range(size[0] * size[1] // 25):
        grey = rnd.randrange(120, 220)
        draw.point((rnd.randrange(size[0]), rnd.randrange(size[1])), fill=(grey, grey, grey))
    for _ in range(4):
        points = [(rnd.randrange(size[0]), rnd.randrange(size[1])) for _ in range(2)]
        draw.line(points, fill=(150, 150, 170), width=1)
    draw.text((18, 8), text, font=ImageFont.load_default(size=44), fill=(30, 30, 70))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


if __name__ == "__main__":
    CAPTCHA_PNG_FILE.write_bytes(captcha_png())
