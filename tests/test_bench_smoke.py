"""CI's smoke test of the benchmark: `python bench/run.py --quick` runs and prints its table (whether budgets pass is not checked here).

The budgets depend on the machine and on what else runs on it; what CI can
hold is that every figure is still measured and reported, so a change that
breaks the benchmark (a screen renamed, the walk stuck) shows at once.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIGURES = (
    "launch, HTTP",
    "launch, embedded demo",
    "step transition, median",
    "step transition, p95",
    "whole registration",
    "peak RSS, HTTP",
    "peak RSS, embedded demo",
    "keys per registration",
)


@pytest.mark.slow
def test_quick_bench_prints_its_table() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick"],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )
    lines = run.stdout.strip().splitlines()
    assert lines, run.stderr[-3000:]
    last = re.fullmatch(r"budgets: (\d+) passed, (\d+) failed", lines[-1])
    assert last is not None, run.stdout[-3000:] + run.stderr[-3000:]
    passed, failed = int(last.group(1)), int(last.group(2))
    assert run.returncode == (1 if failed else 0)
    header = next(i for i, line in enumerate(lines) if line.startswith("figure "))
    rows = [line for line in lines[header + 2 :] if re.search(r"  (pass|FAIL)(  |$)", line)]
    assert passed + failed == len(rows) >= len(FIGURES)
    for name in FIGURES:
        assert any(row.startswith(name) for row in rows), f"no row for {name!r}:\n{run.stdout}"
