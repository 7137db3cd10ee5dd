"""Server-rendered SVG bar charts for the dashboards: pure Python, no Django, no JavaScript, no CDN.

``column_chart`` draws vertical bars per category (one or more series side by side), optionally
with a line on a right-hand axis (e.g. disbursed per month with the outstanding balance).
``row_chart`` draws horizontal bars with the category names on the left (a funnel, classes),
each row one or more series stacked as overlapping bars (the first the widest).

Callers pass the words (already translated) and the formatters; values are floats because they
are drawing positions only: the exact figures go in the table beside the chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from autolend.web.charts import _em_width, _r, _ticks

WIDTH = 720


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class Point:
    """One category: its axis label, a value per series, the line's value (if any), a tooltip."""

    label: str
    values: tuple[float, ...]
    tooltip: str = ""
    line: float | None = None
    colour: str = ""  # overrides the (single) series' colour for this category


def _open(chart_id: str, height: float, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart dash-chart" id="{chart_id}" '
        f'viewBox="0 0 {WIDTH} {_r(height)}" role="img" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif" font-size="14">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _legend(series: Sequence[Series], line: Series | None) -> str:
    spans = []
    for k, item in enumerate(series):
        gap = ' dx="1.2em"' if k else ""
        spans.append(f'<tspan fill="{item.colour}"{gap}>\u25a0</tspan><tspan dx="0.3em">{escape(item.name)}</tspan>')
    if line is not None:
        spans.append(f'<tspan fill="{line.colour}" dx="1.2em">\u2501</tspan><tspan dx="0.3em">{escape(line.name)}</tspan>')
    return f'<text class="legend" x="{WIDTH / 2:.0f}" y="22" text-anchor="middle" fill="#1c2430">{"".join(spans)}</text>'


def column_chart(
    points: Sequence[Point], series: Sequence[Series], *, title: str, description: str, chart_id: str,
    tick_label: Callable[[float], str] = lambda v: f"{v:,.0f}", line: Series | None = None,
    line_tick: Callable[[float], str] = lambda v: f"{v:,.0f}", top_value: float | None = None,
) -> str:
    """Vertical bars, series side by side within each category; ``top_value`` fixes the scale
    (e.g. 100 for percentages). Category labels slant when they would not fit."""
    left, right, top, bottom_margin = 76, 76 if line else 20, 48, 70
    height = 340
    plot_w, plot_h = WIDTH - left - right, height - top - bottom_margin
    bottom = top + plot_h
    highest = max([v for p in points for v in p.values] + [0.0])
    step, intervals = _ticks(max(top_value or highest, 1e-9))
    scale = top_value if top_value else step * intervals
    if top_value:
        step, intervals = top_value / 4, 4
    out = _open(chart_id, height, title, description)
    out.append(_legend(series, line))
    line_step = line_max = 0.0
    if line is not None:
        line_step, line_n = _ticks(max([p.line or 0.0 for p in points] + [1e-9]))
        line_step = line_step * line_n / intervals
        line_max = line_step * intervals
    out.append('<g class="grid" aria-hidden="true">')
    for k in range(intervals + 1):
        y = _r(bottom - plot_h * k / intervals)
        out.append(f'<line x1="{left}" y1="{y}" x2="{WIDTH - right}" y2="{y}" stroke="#e2e6ec"/>')
        out.append(f'<text class="tick" x="{left - 8}" y="{y}" dy="0.35em" text-anchor="end" fill="#5b6675">'
                   f"{escape(tick_label(step * k))}</text>")
        if line is not None:
            out.append(f'<text class="tick" x="{WIDTH - right + 8}" y="{y}" dy="0.35em" fill="#5b6675">'
                       f"{escape(line_tick(line_step * k))}</text>")
    out.append("</g>")
    slot = plot_w / max(len(points), 1)
    bar_w = min(slot * 0.7 / max(len(series), 1), 48.0)
    slant = any(_em_width(p.label) * 12 > slot for p in points)
    out.append('<g class="bars">')
    for i, point in enumerate(points):
        x0 = left + slot * i + (slot - bar_w * len(series)) / 2
        out.append(f'<g class="bar" data-label="{escape(point.label)}"><title>{escape(point.tooltip or point.label)}</title>')
        for j, value in enumerate(point.values):
            h = plot_h * min(value, scale) / scale if scale else 0.0
            out.append(f'<rect x="{_r(x0 + bar_w * j)}" y="{_r(bottom - h)}" width="{_r(bar_w)}" height="{_r(h)}" '
                       f'fill="{point.colour or series[j].colour}"/>')
        cx = left + slot * (i + 0.5)
        if slant:
            out.append(f'<text class="tick" x="{_r(cx)}" y="{bottom + 16}" text-anchor="end" fill="#5b6675" '
                       f'transform="rotate(-35 {_r(cx)} {bottom + 16})">{escape(point.label)}</text>')
        else:
            out.append(f'<text class="tick" x="{_r(cx)}" y="{bottom + 20}" text-anchor="middle" fill="#5b6675">'
                       f"{escape(point.label)}</text>")
        out.append("</g>")
    out.append("</g>")
    if line is not None and line_max > 0:
        coords = " ".join(f"{_r(left + slot * (i + 0.5))},{_r(bottom - plot_h * (p.line or 0.0) / line_max)}"
                          for i, p in enumerate(points))
        out.append(f'<polyline class="line" points="{coords}" fill="none" stroke="{line.colour}" stroke-width="2.5" '
                   'stroke-linejoin="round"/>')
    out.append(f'<g class="axes" aria-hidden="true" stroke="#5b6675"><line x1="{left}" y1="{bottom}" '
               f'x2="{WIDTH - right}" y2="{bottom}"/><line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/></g>')
    out.append("</svg>")
    return "\n".join(out)


def row_chart(
    points: Sequence[Point], series: Sequence[Series], *, title: str, description: str, chart_id: str,
    value_label: Callable[[Point], str],
) -> str:
    """Horizontal bars, one row per category: the series overlap from the widest (first) to the
    narrowest, the category name on the left and ``value_label(point)`` at the bar's end."""
    label_w = min(max([_em_width(p.label) for p in points] + [4.0]) * 14 + 16, 240.0)
    left, right, top, row_h = label_w, 150, 44, 34
    height = top + row_h * len(points) + 16
    plot_w = WIDTH - left - right
    highest = max([v for p in points for v in p.values] + [1e-9])
    out = _open(chart_id, height, title, description)
    out.append(_legend(series, None))
    out.append('<g class="rows">')
    for i, point in enumerate(points):
        y = top + row_h * i
        out.append(f'<g class="row" data-label="{escape(point.label)}"><title>{escape(point.tooltip or point.label)}</title>')
        out.append(f'<text class="tick" x="{_r(left - 10)}" y="{y + row_h / 2 - 2}" dy="0.35em" text-anchor="end" '
                   f'fill="#1c2430">{escape(point.label)}</text>')
        for j, value in enumerate(point.values):
            inset = 5 + 5 * j
            w = plot_w * value / highest
            out.append(f'<rect x="{_r(left)}" y="{_r(y + inset - 2)}" width="{_r(w)}" '
                       f'height="{_r(row_h - 2 * inset)}" fill="{series[j].colour}"/>')
        end = left + plot_w * (point.values[0] if point.values else 0) / highest
        out.append(f'<text class="bar-value" x="{_r(end + 8)}" y="{y + row_h / 2 - 2}" dy="0.35em" fill="#1c2430">'
                   f"{escape(value_label(point))}</text>")
        out.append("</g>")
    out.append("</g></svg>")
    return "\n".join(out)
