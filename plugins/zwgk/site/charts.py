"""Chart geometry for data interpretations: Python computes, the SVG template draws.

Charts are drawn at build time so they need no JavaScript and no CDN to be read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..content.model import DataSeries

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 24, 56
COLOURS = ("#a51d1d", "#1f5f99", "#2e7d32", "#8a5a00")  # each ≥ 4.5:1 on white


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    width: float
    height: float
    value: float
    label: str
    colour: str


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


HORIZONTAL_FROM = 7  # more categories than this: bars run sideways so labels never overlap
LABEL_W, BAR_H, GAP = 190, 16, 12


def chart(series: DataSeries) -> dict:
    """Bars (or line points) with axis ticks, in SVG user units."""
    if series.chart != "折线图" and len(series.rows) >= HORIZONTAL_FROM:
        return _horizontal(series)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_max(max((v for _, values in series.rows for v in values), default=0))
    groups = max(len(series.rows), 1)
    group_w = plot_w / groups
    n = len(series.values)
    bar_w = group_w * 0.7 / n
    marks, points = [], {name: [] for name in series.values}
    for g, (label, values) in enumerate(series.rows):
        for s, value in enumerate(values):
            h = plot_h * value / top
            x = LEFT + g * group_w + group_w * 0.15 + s * bar_w
            marks.append(Mark(round(x, 1), round(TOP + plot_h - h, 1), round(bar_w, 1), round(h, 1),
                              value, label, COLOURS[s % len(COLOURS)]))
            points[series.values[s]].append((round(LEFT + (g + 0.5) * group_w, 1), round(TOP + plot_h - h, 1)))
    ticks = [(round(TOP + plot_h - plot_h * i / 4, 1), _number(top * i / 4)) for i in range(5)]
    labels = [(round(LEFT + (g + 0.5) * group_w, 1), label) for g, (label, _) in enumerate(series.rows)]
    lines = [{"name": name, "colour": COLOURS[i % len(COLOURS)],
              "points": " ".join(f"{x},{y}" for x, y in points[name])}
             for i, name in enumerate(series.values)]
    legend = [(name, COLOURS[i % len(COLOURS)]) for i, name in enumerate(series.values)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "top": TOP, "plot_w": plot_w, "plot_h": plot_h,
            "bottom": TOP + plot_h, "marks": marks, "ticks": ticks, "labels": labels, "lines": lines,
            "legend": legend, "is_line": series.chart == "折线图", "series": series,
            "number": _number, "horizontal": False}


def _horizontal(series: DataSeries) -> dict:
    """One row per category: label on the left, a bar per value series, the value at its end."""
    n = len(series.values)
    row_h = n * BAR_H + GAP
    plot_w = WIDTH - LABEL_W - 80
    top = _nice_max(max((v for _, values in series.rows for v in values), default=0))
    marks, labels = [], []
    for r, (label, values) in enumerate(series.rows):
        y0 = TOP + r * row_h
        labels.append((round(y0 + n * BAR_H / 2 + 5, 1), label))
        for s, value in enumerate(values):
            marks.append(Mark(LABEL_W, y0 + s * BAR_H, round(plot_w * value / top, 1), BAR_H - 2,
                              value, label, COLOURS[s % len(COLOURS)]))
    bottom = TOP + len(series.rows) * row_h
    legend = [(name, COLOURS[i % len(COLOURS)]) for i, name in enumerate(series.values)]
    return {"width": WIDTH, "height": bottom + 40, "marks": marks, "labels": labels, "legend": legend,
            "series": series, "number": _number, "horizontal": True, "is_line": False,
            "left": LABEL_W, "top": TOP, "bottom": bottom}


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
