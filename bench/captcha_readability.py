"""Can a person read the text CAPTCHA as the terminal shows it?  Render challenges for a human to read.

The real wizard (profile `pec`, text CAPTCHA) runs on the reference server in
a headless Textual app of the given size; it walks to the CAPTCHA screen,
then presses F5 for each new picture and saves the whole screen as Textual
draws it (`App.export_screenshot`, SVG, converted to PNG when `cairosvg` is
installed).  The texts the server drew are written to `truth.txt` in the
same folder, apart from the pictures: read the PNGs first, write what you
read one per line in `read.txt`, then run with `--score DIR` to compare.

    .venv/bin/python bench/captcha_readability.py [--count 30] [--size 80x24] [--no-color] [--out DIR]
    .venv/bin/python bench/captcha_readability.py --score DIR

Block elements are drawn as the terminal draws them.  Most terminals
(VTE, Konsole, kitty, Alacritty, WezTerm, foot, Windows Terminal) draw
"▀", "▄" and "█" themselves, filling exact halves of the cell; the SVG
instead names a web font that is not there offline, and the fallback font's
blocks are shorter than the line and sit off centre, which breaks every
stroke into floating bars.  So `NN.png` has those characters replaced by the
rectangles a terminal fills; `NN-font.png` is the SVG as a font draws it.

It drives the screens only through keys and the server only through its
HTTP API, so the same script measures older versions of the code too
(run it with that checkout first on PYTHONPATH).  `cairosvg` is not a
dependency of the project: `pip install cairosvg` for the PNGs.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: the test harness's Wizard (tests.support) walks the screens


async def render(count: int, size: tuple[int, int], no_color: bool, out: Path) -> None:
    import httpx

    from smarthub_tui.backend.http import HttpBackend
    from smarthub_tui.cli import make_app
    from smarthub_tui.profiles import load_profile
    from smarthub_tui.screens.captcha import CaptchaScreen
    from smarthub_tui.server import captcha
    from smarthub_tui.server.app import create_app
    from smarthub_tui.widgets import CaptchaImage
    from tests.support.harness import MEMBERS, Wizard

    texts: list[str] = []

    def source() -> str:
        texts.append(captcha.random_text())
        return texts[-1]

    server = create_app(profile=load_profile("pec"), demo=True, captcha_text_source=source)
    backend = HttpBackend("http://bench", transport=httpx.ASGITransport(app=server), retry_pause=0)
    app = make_app(backend=backend, no_color=no_color)
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        wizard = Wizard(pilot, MEMBERS["pec"])
        await wizard.walk_to("captcha")
        for number in range(1, count + 1):
            if number > 1:
                await wizard.press("f5")
            await wizard.settle()
            assert isinstance(app.screen, CaptchaScreen), wizard.describe()
            svg = app.export_screenshot(title=f"challenge {number:02d}")
            picture = app.screen.query_one(CaptchaImage)
            (out / f"{number:02d}-server.png").write_bytes(picture.png or b"")
            (out / f"{number:02d}.svg").write_text(svg, encoding="utf-8")
            try:
                import cairosvg
            except ImportError:
                continue
            cairosvg.svg2png(bytestring=exact_blocks(svg).encode("utf-8"), write_to=str(out / f"{number:02d}.png"))
            cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=str(out / f"{number:02d}-font.png"))
    shown = texts[-count:]  # walking there may have drawn none before the first; F5 draws one each
    (out / "truth.txt").write_text("\n".join(shown) + "\n", encoding="ascii")


CELL_WIDTH, LINE_HEIGHT = 12.2, 24.4  # Textual's SVG export: 20px font, 1.22 line height
BLOCKS = {"▀": (0.0, 0.5), "▄": (0.5, 0.5), "█": (0.0, 1.0)}  # top and height, as parts of the cell


def exact_blocks(svg: str) -> str:
    """`svg` with every run of "▀", "▄", "█" drawn as the rectangles a terminal fills."""
    tops = {
        line: float(top)
        for line, top in re.findall(r'<clipPath id="[^"]*-line-(\d+)">\s*<rect x="0" y="([\d.]+)"', svg)
    }

    def rects(match: re.Match[str]) -> str:
        css, x, clip, line, run = match.groups()
        cells = re.findall(r"&#160;|&#\d+;|&\w+;|.", run)
        if not set(cells) <= {"&#160;", " ", *BLOCKS} or not set(cells) & set(BLOCKS):
            return match.group(0)  # text: leave it to the font
        parts = []
        for index, char in enumerate(cells):
            if char not in BLOCKS:
                continue
            top, height = BLOCKS[char]
            parts.append(
                f'<rect class="{css}" x="{float(x) + index * CELL_WIDTH:.2f}" y="{tops[line] + top * LINE_HEIGHT:.2f}"'
                f' width="{CELL_WIDTH}" height="{height * LINE_HEIGHT:.2f}" shape-rendering="crispEdges" {clip}/>'
            )
        return "".join(parts)

    pattern = r'<text class="([^"]+)" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" (clip-path="url\(#[^)]*-line-(\d+)\)")>([^<]*)</text>'
    return re.sub(pattern, rects, svg)


def score(folder: Path) -> None:
    truth = (folder / "truth.txt").read_text().split()
    read = (folder / "read.txt").read_text().split()
    right = 0
    for number, (want, got) in enumerate(zip(truth, read, strict=True), 1):
        ok = want == got.upper()
        right += ok
        print(f"{number:02d}  {want}  {got.upper()}  {'ok' if ok else 'WRONG'}")
    print(f"{right} of {len(truth)} read right")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=30, help="challenges to render (default 30)")
    parser.add_argument("--size", default="80x24", help="terminal size, COLUMNSxROWS (default 80x24)")
    parser.add_argument("--no-color", action="store_true", help="render as NO_COLOR does")
    parser.add_argument("--out", type=Path, help="folder for the pictures (default: a new temporary folder)")
    parser.add_argument("--score", type=Path, metavar="DIR", help="compare DIR/read.txt with DIR/truth.txt")
    args = parser.parse_args()
    if args.score:
        score(args.score)
        return
    columns, rows = (int(part) for part in args.size.lower().split("x"))
    out = args.out or Path(tempfile.mkdtemp(prefix="captcha-readability-"))
    out.mkdir(parents=True, exist_ok=True)
    asyncio.run(render(args.count, (columns, rows), args.no_color, out))
    print(f"{args.count} screens in {out}; the texts are in {out / 'truth.txt'} (read the pictures first)")


if __name__ == "__main__":
    main()
