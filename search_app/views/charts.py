"""Small charts drawn on the server as SVG: geometry here, markup in templates/charts/.

No JavaScript and no inline styles (the page's CSP forbids them): shapes carry coordinates and
a class the stylesheet colours. Each chart comes with its own text alternative (a title, a
description, and the figures as a table beside it), so the SVG itself is decoration for those
who can see it. Plotting libraries were not a fit: pygal embeds <style> and <script> in its
SVG, matplotlib is a large dependency for a few rectangles and lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Tick:
    at: float  # position along the axis, in SVG units
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str  # a class: the series' colour
    label: str  # "Objective 3, 2010: 27%" (an SVG <title>, shown on hover)


@dataclass(frozen=True)
class Box:
    """The SVG's size and the plotting area inside it."""

    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class BarChart:
    box: Box
    bars: tuple[Bar, ...]
    groups: tuple[Tick, ...]  # x axis: one label per group, at its middle
    y_ticks: tuple[Tick, ...]


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round numbers spanning [low, high]: steps of 1, 2 or 5 times a power of ten."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def grouped_bars(
    groups: Sequence[str],
    series: Sequence[tuple[str, str]],  # (name, css class)
    values: Sequence[Sequence[float]],  # values[group][series], 0..1 shares
    *,
    width: float = 640,
    height: float = 260,
) -> BarChart:
    """Bars side by side per group (a year), one per series (an objective); y is a share."""
    box = Box(width, height, left=44, top=12, right=width - 8, bottom=height - 30)
    top_value = max((v for row in values for v in row), default=0.0)
    y_ticks_values = nice_ticks(0.0, max(top_value, 0.05), 4)
    y_max = y_ticks_values[-1]
    plot_h = box.bottom - box.top
    slot = (box.right - box.left) / max(1, len(groups))
    bar_w = min(22.0, slot * 0.8 / max(1, len(series)))
    bars = []
    for g, row in enumerate(values):
        start = box.left + g * slot + (slot - bar_w * len(series)) / 2
        for s, value in enumerate(row):
            h = plot_h * value / y_max if y_max else 0.0
            name, css = series[s]
            bars.append(
                Bar(
                    x=round(start + s * bar_w, 2),
                    y=round(box.bottom - h, 2),
                    width=round(bar_w - 2, 2),
                    height=round(h, 2),
                    css=css,
                    label=f"{name}, {groups[g]}: {value * 100:.0f}%",
                )
            )
    return BarChart(
        box,
        tuple(bars),
        tuple(Tick(round(box.left + (g + 0.5) * slot, 2), groups[g]) for g in range(len(groups))),
        tuple(
            Tick(round(box.bottom - plot_h * v / y_max, 2), f"{v * 100:.0f}%")
            for v in y_ticks_values
        ),
    )


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # "London, 2010–12: 8.7"


@dataclass(frozen=True)
class Line:
    name: str
    css: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        """The polyline's points attribute."""
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class LineChart:
    box: Box
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def _number(value: float) -> str:
    return f"{value:g}"


def line_chart(
    periods: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],  # (name, css, values)
    *,
    width: float = 320,
    height: float = 170,
    fmt: Callable[[float], str] = _number,
) -> LineChart:
    """One line per series over the periods; the y axis spans the values with round ticks
    (not from zero: the changes of a few tenths are the story)."""
    box = Box(width, height, left=40, top=10, right=width - 14, bottom=height - 26)
    known = [v for _name, _css, vals in series for v in vals if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    pad = (high - low) * 0.15 or max(abs(high) * 0.05, 0.5)
    ticks = nice_ticks(low - pad, high + pad, 3)
    y_min, y_max = ticks[0], ticks[-1]
    span_x = box.right - box.left
    gap = span_x / (len(periods) - 1) if len(periods) > 1 else 0.0

    def x_at(i: int) -> float:
        return round(box.left + (i * gap if len(periods) > 1 else span_x / 2), 2)

    def y_at(v: float) -> float:
        return round(box.bottom - (box.bottom - box.top) * (v - y_min) / (y_max - y_min), 2)

    lines = tuple(
        Line(
            name,
            css,
            tuple(
                Point(x_at(i), y_at(v), f"{name}, {periods[i]}: {fmt(v)}")
                for i, v in enumerate(values)
                if v is not None
            ),
        )
        for name, css, values in series
    )
    return LineChart(
        box,
        lines,
        tuple(Tick(x_at(i), p) for i, p in enumerate(periods)),
        tuple(Tick(y_at(v), _number(v)) for v in ticks),
    )
