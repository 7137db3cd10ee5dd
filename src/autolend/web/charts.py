"""Server-rendered SVG charts: pure Python, no Django, no JavaScript, nothing from a CDN.

``schedule_chart`` draws a repayment schedule as stacked bars (principal, interest and, when there
are any, fees per instalment) with the remaining balance as a line on a right-hand axis. The SVG
scales with its ``viewBox``; colours and font sizes come from CSS classes (``calculator.css``) with
presentation attributes as a fallback, so a stylesheet can enlarge the text on narrow screens.

Callers pass the words (already translated) and the number formats: this module knows geometry only.
Coordinates are floats; they are drawing positions, not money.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 720, 440
LEFT, RIGHT, TOP, BOTTOM = 84, 80, 92, 62  # margins around the plot area
LEGEND_EM, LEGEND_LINE = 23, 30  # the legend's largest font size (phones) and line height
OUTLIER = 3  # a bar more than 3x the next tallest (a balloon, a bullet) is drawn cut off
_NICE = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


@dataclass(frozen=True)
class Bar:
    """One instalment: what it pays and the balance left after it. ``label`` is its tooltip."""

    n: int
    principal: Decimal
    interest: Decimal
    fees: Decimal
    balance: Decimal
    label: str


@dataclass(frozen=True)
class ChartText:
    """Every word the chart shows, already translated."""

    title: str
    description: str
    principal: str
    interest: str
    fees: str
    balance: str
    payment_axis: str
    balance_axis: str
    term_axis: str


def schedule_chart(
    bars: Sequence[Bar],
    opening_balance: Decimal,
    text: ChartText,
    tick_label: Callable[[float], str] = lambda value: f"{value:,.0f}",
    value_label: Callable[[Decimal], str] = lambda value: f"{value:,.2f}",
    chart_id: str = "schedule-chart",
) -> str:
    """The SVG markup (a string safe to embed in HTML) of ``bars`` under ``text``.

    ``tick_label`` writes the axis numbers, ``value_label`` the amount of a bar cut off at the top.
    """
    if not bars:
        raise ValueError("a chart needs at least one instalment")
    has_fees = any(bar.fees > 0 for bar in bars)
    legend = _legend(text, has_fees)
    top = TOP + LEGEND_LINE * (len(legend) - 1)  # a legend on two lines pushes the plot down
    height = HEIGHT + top - TOP
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bottom = top + plot_h
    totals = [float(bar.principal + bar.interest + (bar.fees if has_fees else 0)) for bar in bars]
    axis_top, clip = _payment_scale(totals)
    pay_step, intervals = _ticks(axis_top)
    pay_max = pay_step * intervals
    bal_step = _nice(max(float(opening_balance), 1e-9) / intervals)
    bal_max = bal_step * intervals

    def y_pay(value: float) -> float:
        return bottom - plot_h * min(value, pay_max) / pay_max

    def y_bal(value: float) -> float:
        return bottom - plot_h * value / bal_max

    slot = plot_w / len(bars)
    bar_w = min(slot * 0.72, 56.0)
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif" font-size="14">',
        f'<title id="{chart_id}-title">{escape(text.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(text.description)}</desc>',
    ]
    out.extend(legend)
    out.append(f'<text class="axis-title" x="8" y="{top - 30}" fill="#5b6675">{escape(text.payment_axis)}</text>')
    out.append(
        f'<text class="axis-title" x="{WIDTH - 8}" y="{top - 30}" text-anchor="end" fill="#5b6675">'
        f"{escape(text.balance_axis)}</text>"
    )
    # Gridlines with the payment scale on the left and the balance scale on the right.
    out.append('<g class="grid" aria-hidden="true">')
    for k in range(intervals + 1):
        y = _r(bottom - plot_h * k / intervals)
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#e2e6ec"/>')
        out.append(
            f'<text class="tick" x="{LEFT - 8}" y="{y}" dy="0.35em" text-anchor="end" fill="#5b6675">'
            f"{escape(tick_label(pay_step * k))}</text>"
        )
        out.append(
            f'<text class="tick" x="{WIDTH - RIGHT + 8}" y="{y}" dy="0.35em" fill="#5b6675">'
            f"{escape(tick_label(bal_step * k))}</text>"
        )
    out.append("</g>")
    # Bars: one group per instalment, principal at the bottom, interest (and fees) on top.
    out.append('<g class="bars">')
    for i, bar in enumerate(bars):
        x = LEFT + slot * i + (slot - bar_w) / 2
        out.append(f'<g class="bar" data-n="{bar.n}"><title>{escape(bar.label)}</title>')
        base = 0.0
        parts = [("seg-principal", bar.principal, "#0b6e4f"), ("seg-interest", bar.interest, "#e8a33d")]
        if has_fees:
            parts.append(("seg-fees", bar.fees, "#8a94a6"))
        for css, amount, colour in parts:
            value = float(amount)
            top_y, low_y = y_pay(base + value), y_pay(base)
            base += value
            if low_y - top_y < 0.05:
                continue
            out.append(
                f'<rect class="{css}" x="{_r(x)}" y="{_r(top_y)}" width="{_r(bar_w)}" '
                f'height="{_r(low_y - top_y)}" fill="{colour}"/>'
            )
        if clip is not None and totals[i] > pay_max:
            out.append(_cut_mark(x, bar_w, top + 14))
            anchor_x = x - 4 if x > WIDTH / 2 else x + bar_w + 4
            anchor = "end" if x > WIDTH / 2 else "start"
            out.append(
                f'<text class="bar-value" x="{_r(anchor_x)}" y="{top + 14}" dy="0.35em" '
                f'text-anchor="{anchor}" fill="#1c2430">{escape(value_label(_bar_total(bar, has_fees)))}</text>'
            )
        out.append("</g>")
    out.append("</g>")
    # Remaining balance: from the full loan at the start to what is left after each instalment.
    points = [(float(LEFT), y_bal(float(opening_balance)))]
    points += [(LEFT + slot * (i + 0.5), y_bal(float(bar.balance))) for i, bar in enumerate(bars)]
    path = " ".join(f"{_r(px)},{_r(py)}" for px, py in points)
    out.append(
        f'<polyline class="balance-line" points="{path}" fill="none" stroke="#3867d6" '
        'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
    )
    # Axes and the instalment numbers.
    out.append(
        f'<g class="axes" aria-hidden="true" stroke="#5b6675">'
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}"/>'
        f'<line x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{bottom}"/>'
        f'<line x1="{WIDTH - RIGHT}" y1="{top}" x2="{WIDTH - RIGHT}" y2="{bottom}"/></g>'
    )
    out.append('<g class="x-ticks" aria-hidden="true">')
    for n in _term_ticks(len(bars)):
        x = _r(LEFT + slot * (n - 0.5))
        out.append(f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 5}" stroke="#5b6675"/>')
        out.append(f'<text class="tick" x="{x}" y="{bottom + 24}" text-anchor="middle" fill="#5b6675">{n}</text>')
    out.append("</g>")
    out.append(
        f'<text class="axis-title" x="{LEFT + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle" '
        f'fill="#5b6675">{escape(text.term_axis)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out)


def _bar_total(bar: Bar, has_fees: bool) -> Decimal:
    return bar.principal + bar.interest + (bar.fees if has_fees else 0)


def _legend(text: ChartText, has_fees: bool) -> list[str]:
    """Lines of text with coloured glyphs as swatches, so they flow at any font size.

    The items are wrapped onto a second line when they would not fit at the largest font size the
    stylesheet uses (on phones).
    """
    items = [("sw-principal", "#0b6e4f", "\u25a0", text.principal), ("sw-interest", "#e8a33d", "\u25a0", text.interest)]
    if has_fees:
        items.append(("sw-fees", "#8a94a6", "\u25a0", text.fees))
    items.append(("sw-balance", "#3867d6", "\u2501", text.balance))
    lines: list[list[tuple[str, str, str, str]]] = [[]]
    width = 0.0
    for item in items:
        item_width = (_em_width(item[3]) + 2.5) * LEGEND_EM  # glyph, gaps and label
        if lines[-1] and width + item_width > WIDTH - 16:
            lines.append([])
            width = 0.0
        lines[-1].append(item)
        width += item_width
    out = []
    for row, line in enumerate(lines):
        spans = []
        for k, (css, colour, glyph, label) in enumerate(line):
            gap = ' dx="1.2em"' if k else ""
            spans.append(
                f'<tspan class="{css}" fill="{colour}"{gap}>{glyph}</tspan><tspan dx="0.3em">{escape(label)}</tspan>'
            )
        out.append(
            f'<text class="legend" x="{WIDTH / 2:.0f}" y="{28 + LEGEND_LINE * row}" text-anchor="middle" '
            f'fill="#1c2430">{"".join(spans)}</text>'
        )
    return out


def _em_width(label: str) -> float:
    """Rough width of ``label`` in em: wide (CJK) characters 1, others about 0.58."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58 for ch in label)


def _cut_mark(x: float, width: float, y: float) -> str:
    """Two slanted strokes across a bar that is taller than the axis."""
    strokes = []
    for offset in (-3.5, 3.5):
        strokes.append(
            f'<line class="cut" x1="{_r(x - 2)}" y1="{_r(y + offset + 3)}" x2="{_r(x + width + 2)}" '
            f'y2="{_r(y + offset - 3)}" stroke="#ffffff" stroke-width="2.5"/>'
        )
    return "".join(strokes)


def _payment_scale(totals: list[float]) -> tuple[float, float | None]:
    """(top of the payment axis, the value cut off or None). One outlier does not flatten the rest."""
    ranked = sorted(totals, reverse=True)
    if len(ranked) >= 3 and ranked[1] > 0 and ranked[0] > OUTLIER * ranked[1]:
        return ranked[1] * 1.25, ranked[0]
    return max(ranked[0], 1e-9), None


def _ticks(top: float, target: int = 4) -> tuple[float, int]:
    """A nice step and the number of intervals it takes to reach ``top``."""
    step = _nice(top / target)
    return step, max(1, math.ceil(top / step - 1e-9))


def _nice(raw: float) -> float:
    """The smallest 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten not below ``raw``."""
    exponent = math.floor(math.log10(raw))
    scale = 10.0**exponent
    for factor in _NICE:
        if factor * scale >= raw * (1 - 1e-12):
            return factor * scale
    return 10 * scale


def _term_ticks(count: int) -> list[int]:
    """Instalment numbers to label: every one up to 12, then steps of 2, 3, 6, 12 or 24 (and 1)."""
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120) if count / s <= 12.5)
    ticks = [n for n in range(step, count + 1, step)]
    if step > 2:
        ticks.insert(0, 1)
    return ticks or [1]


def _r(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
