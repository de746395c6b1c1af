"""One row of the benchmark table, shared by bench/run.py and the figure sources it calls (bench/load.py).

A figure is a measured value next to the baseline measured in the same run,
so that the ratio says what the wizard adds on this machine today rather than
comparing against a number recorded on another one.  `budget` is the rule as
printed (e.g. "<= 1.3x"), `passed` whether this run met it; `spread` shows how
much the runs behind the median varied, so a pass by a hair is visible.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None
    ratio: float | None
    budget: str
    passed: bool
    spread: str = ""
    note: str = ""
