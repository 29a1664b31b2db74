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
class PageRow:
    """One page timed by the scale bench: times in ms, its ratio to the floor, PASS/MISS."""

    page: str
    role: str
    level: str
    p50: str
    p95: str
    rows: str
    ratio: str
    verdict: str


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: list[PageRow] = field(default_factory=list)

    def page(self, *args: str) -> PageRow:
        row = PageRow(*args)
        self.pages.append(row)
        return row

    def pages_table(self) -> str:
        head = ("page", "role", "level", "p50 ms", "p95 ms", "rows", "vs floor", "")
        return _columns(
            head, [(r.page, r.role, r.level, r.p50, r.p95, r.rows, r.ratio, r.verdict) for r in self.pages]
        )

    def as_json(self) -> dict:
        from dataclasses import asdict

        return {
            "rows": [asdict(r) for r in self.rows],
            "notes": self.notes,
            "pages": [asdict(p) for p in self.pages],
        }

    def merge_json(self, data: dict) -> None:
        self.rows += [Row(**r) for r in data.get("rows", [])]
        self.notes += list(data.get("notes", []))
        self.pages += [PageRow(**p) for p in data.get("pages", [])]

    def add(self, *args: str, **kwargs: str) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        return row

    def table(self) -> str:
        head = ("bench", "metric", "value", "baseline", "ratio", "target", "")
        return _columns(
            head, [(r.bench, r.metric, r.value, r.baseline, r.ratio, r.target, r.verdict) for r in self.rows]
        )


def _columns(head: tuple[str, ...], body: list[tuple[str, ...]]) -> str:
    """Left-aligned columns under a ruled header."""
    cells = [head, *body]
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
