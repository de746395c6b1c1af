"""How long one whole `default` registration takes through each of the three front ends, from the same answers file.

The answers file is `examples/answers/default.toml` (its secrets set here).
Each run builds a fresh reference server in the process (the test harness's
`build_app`, proof of work lowered to 8 bits so its random cost does not
swamp the figures; argon2id as configured), then times the walk from the
first screen or line to the end:

- answers: the headless answers runner (`smarthub-tui --answers`), no person;
- lines:   the plain line mode, its stdin answering each question it prints;
- textual: the Textual app under Pilot at 80x24, the same answers typed one
           key event at a time, settling after each step.

The answers runner is the baseline: it makes exactly the backend calls and
nothing else, so each ratio is what that front end adds.  Runs alternate
between the front ends; each figure is the median of `--runs` (default 10),
with the spread (min-max).

    .venv/bin/python bench/front_ends.py [--runs 10]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: the test harness lives in the repository, not the package

from smarthub_tui.answers_file import parse_answers  # noqa: E402 - after the path is set
from tests.support.front_ends import FRONT_ENDS, register_with  # noqa: E402

SECRETS = {"SMARTHUB_NEW_PASSWORD": "Kettle-Blue-Gate-42", "SMARTHUB_PHRASE": "green gate at dawn", "SMARTHUB_SSN4": "4321"}


async def measure(runs: int) -> dict[str, list[float]]:
    answers = parse_answers((ROOT / "examples" / "answers" / "default.toml").read_text(encoding="utf-8"), environ=SECRETS)
    times: dict[str, list[float]] = {front_end: [] for front_end in FRONT_ENDS}
    for _ in range(runs):
        for front_end in FRONT_ENDS:
            _, seconds = await register_with(front_end, answers)
            times[front_end].append(seconds)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    times = asyncio.run(measure(args.runs))
    baseline = statistics.median(times["answers"])
    print(f"{'front end':<10} {'median s':>9} {'min-max s':>14} {'ratio':>6}")
    for front_end, values in times.items():
        median = statistics.median(values)
        print(f"{front_end:<10} {median:>9.3f} {min(values):>6.3f}-{max(values):<7.3f} {median / baseline:>6.2f}")


if __name__ == "__main__":
    main()
