"""Figure 4's measure: a walk's peak RSS is the walk process's own, whatever the size of the benchmark process that starts it.

Linux carries a parent's high-water mark across fork and exec into the
child's `ru_maxrss`, so reading the peak from `os.wait4` reported a bare
app smaller than bench/run.py at bench/run.py's size, and every ratio
against it came out too low.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import run

BALLAST_MIB = 160


@pytest.mark.slow
def test_a_walk_reports_its_own_peak_not_its_parents(tmp_path: Path) -> None:
    ballast = bytearray(BALLAST_MIB * 2**20)
    ballast[::4096] = b"\1" * len(range(0, len(ballast), 4096))  # every page touched: resident in this process
    profile = tmp_path / "bench.toml"
    profile.write_text(run.BENCH_PROFILE, encoding="utf-8")
    result, peak = run.walk("bare", profile)
    assert result["transitions"], "the bare walk pushed no screen"
    assert 10 < peak < BALLAST_MIB * 0.75, f"{peak:.0f} MiB: the bare app measured at this process's size ({BALLAST_MIB} MiB of ballast)"
