"""Timing and reporting for benchmarks: medians of repeated runs, compared as ratios.

A benchmark never asserts a wall-clock time: machines differ. It reports how a subject compares
with a baseline computing the same result in the same run (ratio = subject / baseline), and it
fails only when the two disagree on the result.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Timing:
    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def best(self) -> float:
        return min(self.runs)


def measure(
    function: Callable[[], Any],
    *,
    repeat: int = 5,
    warmup: int = 1,
    once_over: float | None = None,
) -> tuple[Timing, Any]:
    """Run ``function`` ``warmup`` times unmeasured, then ``repeat`` times; its last result.

    With ``once_over``, a first warm-up run longer than that many seconds is the only run, and
    its time the measure (a slow subject is not run four times over)."""
    result = None
    for index in range(warmup):
        started = time.perf_counter()
        result = function()
        took = time.perf_counter() - started
        if index == 0 and once_over is not None and took > once_over:
            return Timing((took,)), result
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - started)
    return Timing(tuple(runs)), result


@dataclass(frozen=True)
class Comparison:
    benchmark: str
    case: str
    subject: str
    baseline: str
    subject_time: Timing
    baseline_time: Timing
    agrees: bool
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.subject_time.median / max(self.baseline_time.median, 1e-9)

    def as_dict(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "case": self.case,
            "subject": self.subject,
            "baseline": self.baseline,
            "subject_median_s": round(self.subject_time.median, 6),
            "baseline_median_s": round(self.baseline_time.median, 6),
            "ratio": round(self.ratio, 3),
            "agrees": self.agrees,
            "note": self.note,
        }


@dataclass
class Report:
    comparisons: list[Comparison] = field(default_factory=list)
    setup: dict[str, float] = field(default_factory=dict)

    @property
    def all_agree(self) -> bool:
        return all(comparison.agrees for comparison in self.comparisons)

    def table(self) -> str:
        header = (
            "benchmark",
            "case",
            "subject",
            "baseline",
            "subject s",
            "baseline s",
            "ratio",
            "same result",
            "figures",
        )
        rows = [
            (
                c.benchmark,
                c.case,
                c.subject,
                c.baseline,
                f"{c.subject_time.median:.4f}",
                f"{c.baseline_time.median:.4f}",
                f"{c.ratio:.2f}",
                "yes" if c.agrees else "NO",
                c.note,
            )
            for c in self.comparisons
        ]
        widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
        lines = [
            "  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True))
            for row in (header, *rows)
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines)
