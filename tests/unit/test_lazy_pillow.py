"""Pillow is imported only when a picture CAPTCHA is drawn: the embedded demo of a checkbox profile never pays its memory."""

from __future__ import annotations

import subprocess
import sys

PROBE = (
    "import sys\n"
    "from smarthub_tui.backend.embedded import embedded_backend\n"
    "backend = embedded_backend('default')\n"
    "print('before', 'PIL' in sys.modules)\n"
    "from smarthub_tui.server import captcha\n"
    "captcha.render_png('BCDEF')\n"
    "print('after', 'PIL' in sys.modules)\n"
)


def test_the_embedded_server_imports_pillow_only_to_draw_a_picture() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.split() == ["before", "False", "after", "True"]
