"""Figures, targets and the closing table."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of non-empty `samples`."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Row:
    bench: str
    metric: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""  # PASS / MISS / "" when there is no target


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *args: str, **kwargs: str) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        return row

    def table(self) -> str:
        head = ("bench", "metric", "value", "baseline", "ratio", "target", "")
        cells = [head] + [
            (r.bench, r.metric, r.value, r.baseline, r.ratio, r.target, r.verdict) for r in self.rows
        ]
        widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
        lines = []
        for n, c in enumerate(cells):
            lines.append("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def faster(baseline: float, measured: float) -> str:
    """How many times faster `measured` is than `baseline` (both durations)."""
    if measured <= 0:
        return "-"
    ratio = baseline / measured
    return f"{ratio:,.0f}x faster" if ratio >= 1 else f"{1 / ratio:,.1f}x slower"
