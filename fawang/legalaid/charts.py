"""Chart geometry for the report page, drawn server-side as inline SVG (no chart library, nothing from a
CDN, nothing inline for the CSP to refuse: colours come from classes in legalaid.css). Pure functions:
numbers in, rectangles out; the template draws them with a <title> and <desc>, and the same numbers
stand in a table beside each chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROW_HEIGHT = 22
LABEL_WIDTH = 150
BAR_AREA = 320
VALUE_GAP = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    x: float
    y: float
    width: float
    height: float
    series: int = 0  # which series (CSS class chart-s0, chart-s1 ...)

    @property
    def text_x(self) -> float:
        return self.x + self.width + VALUE_GAP

    @property
    def text_y(self) -> float:
        return self.y + self.height - 5

    @property
    def label_y(self) -> float:
        return self.y + self.height - 5


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[str, float, float]]  # (text, x, y) of the axis labels
    series: list[str]


def horizontal_bars(
    rows: Sequence[tuple[str, float]], *, maximum: float | None = None, unit: str = ""
) -> Chart:
    """One bar per row, longest for the largest value (or `maximum`, e.g. 100 for rates)."""
    top = maximum if maximum is not None else max((v for _, v in rows), default=0)
    scale = BAR_AREA / top if top else 0
    bars = []
    labels = []
    for i, (label, value) in enumerate(rows):
        y = i * ROW_HEIGHT + 4
        bars.append(
            Bar(
                label=label,
                value=value,
                display=f"{value:g}{unit}",
                x=LABEL_WIDTH,
                y=y,
                width=round(value * scale, 1),
                height=ROW_HEIGHT - 6,
            )
        )
        labels.append((label, LABEL_WIDTH - VALUE_GAP, y + ROW_HEIGHT - 11))
    return Chart(
        width=LABEL_WIDTH + BAR_AREA + 60,
        height=max(len(rows), 1) * ROW_HEIGHT + 8,
        bars=bars,
        labels=labels,
        series=[],
    )


def grouped_columns(
    groups: Sequence[tuple[str, Sequence[float]]], series: Sequence[str], *, height: int = 180
) -> Chart:
    """Columns per group (a month), one per series (applications, approvals, refusals)."""
    n = max(len(series), 1)
    column = 10
    group_width = n * column + 12
    top = max((v for _, values in groups for v in values), default=0)
    scale = (height - 30) / top if top else 0
    bars = []
    labels = []
    for g, (label, values) in enumerate(groups):
        x0 = 30 + g * group_width
        for s, value in enumerate(values):
            h = round(value * scale, 1)
            bars.append(
                Bar(
                    label=f"{label} {series[s]}",
                    value=value,
                    display=f"{value:g}",
                    x=x0 + s * column,
                    y=height - 20 - h,
                    width=column - 1,
                    height=h,
                    series=s,
                )
            )
        labels.append((label, x0 + (n * column) / 2, height - 6))
    return Chart(
        width=30 + len(groups) * group_width + 10,
        height=height,
        bars=bars,
        labels=labels,
        series=list(series),
    )
