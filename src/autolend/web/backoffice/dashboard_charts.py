"""The dashboard's charts: the figures of ``dashboard_queries`` drawn with ``web.bar_charts`` in
the request's language (strings in msgctxt "dashboard"). Each function returns the SVG markup and
the rows of the table shown beside it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext, pgettext_lazy

from autolend.web.backoffice import dashboard_queries as q
from autolend.web.bar_charts import Point, Series, column_chart, row_chart

BRAND, AMBER, BLUE, GREY, RED = "#0b6e4f", "#e8a33d", "#3867d6", "#8a94a6", "#c0392b"
STAGE_LABELS = {
    "submitted": pgettext_lazy("dashboard", "Submitted"),
    "approved": pgettext_lazy("dashboard", "Approved"),
    "accepted": pgettext_lazy("dashboard", "Offer accepted"),
    "signed": pgettext_lazy("dashboard", "Contract signed"),
    "booked": pgettext_lazy("dashboard", "Booked"),
}


def _t(text: str) -> str:
    return pgettext("dashboard", text)


def _wan(value: float) -> str:
    """Axis ticks of amounts in 10,000 yuan (万元) — the unit is in the axis title."""
    return f"{value / 10000:,.0f}" if value >= 10000 or value == 0 else f"{value / 10000:,.2f}"


def _svg(markup: str) -> SafeString:
    return mark_safe(markup)  # noqa: S308  # built by bar_charts, every text escaped there


def funnel() -> dict[str, Any]:
    rows = [(stage, str(STAGE_LABELS[stage]), n, pct) for stage, n, pct in q.application_funnel()]
    points = [Point(label, (float(n),), f"{label}: {n}") for _, label, n, _ in rows]
    svg = row_chart(points, [Series(_t("Applications"), BRAND)], title=_t("Application funnel"),
                    description=_t("Applications that reached each stage, and the share of those submitted."),
                    chart_id="chart-funnel",
                    value_label=lambda p: f"{p.values[0]:,.0f}"
                    + next((f" ({pct}%)" for _, label, _, pct in rows if label == p.label and pct is not None), ""))
    return {"svg": _svg(svg), "rows": rows}


def approval(as_of: date) -> dict[str, Any]:
    weeks = q.approval_rates(as_of)
    points = [Point(w.week.strftime("%m-%d"), (float(w.rate or 0),),
                    f"{w.week:%Y-%m-%d}: {w.approved}/{w.decided} = {w.rate if w.rate is not None else '—'}%")
              for w in weeks]
    svg = column_chart(points, [Series(_t("Approval rate (%)"), BRAND)], title=_t("Approval rate by week"),
                       description=_t("Approved applications as a share of those decided, by the week of the decision."),
                       chart_id="chart-approval", top_value=100.0, tick_label=lambda v: f"{v:.0f}%")
    return {"svg": _svg(svg), "rows": weeks}


def book(as_of: date) -> dict[str, Any]:
    months = q.disbursed_by_month(as_of)
    points = [Point(m.month.strftime("%Y-%m"), (float(m.disbursed),),
                    f"{m.month:%Y-%m}: {m.disbursed} / {m.outstanding}", float(m.outstanding)) for m in months]
    svg = column_chart(points, [Series(_t("Disbursed (10,000 yuan)"), BRAND)], title=_t("Disbursed and outstanding"),
                       description=_t("Principal disbursed each month and the principal outstanding at each month end."),
                       chart_id="chart-book", tick_label=_wan, line=Series(_t("Outstanding (10,000 yuan)"), BLUE),
                       line_tick=_wan)
    return {"svg": _svg(svg), "rows": months}


def dpd(buckets: tuple[str, ...]) -> dict[str, Any]:
    slices = q.dpd_distribution(buckets)
    colours = [BRAND] + [AMBER] * 2 + [RED] * max(len(slices) - 3, 0)  # current, early, late
    points = [Point(s.key, (float(s.loans),), f"{s.key}: {s.loans} · ¥{s.outstanding}", colour=colour)
              for s, colour in zip(slices, colours, strict=False)]
    svg = column_chart(points, [Series(_t("Active loans"), BRAND)], title=_t("Days past due"),
                       description=_t("Active loans by days-past-due bucket as the last end of day left them."),
                       chart_id="chart-dpd")
    return {"svg": _svg(svg), "rows": slices}


def classes(labels: dict[str, str]) -> dict[str, Any]:
    slices = q.classification_provisions()
    points = [Point(labels[s.key], (float(s.outstanding), float(s.provision)),
                    f"{labels[s.key]}: ¥{s.outstanding} · {_t('provision')} ¥{s.provision}") for s in slices]
    svg = row_chart(points, [Series(_t("Principal outstanding"), BLUE), Series(_t("Provision"), RED)],
                    title=_t("Five-tier classification"),
                    description=_t("Principal outstanding of active loans by class, with the provision held."),
                    chart_id="chart-classes", value_label=lambda p: f"{_wan(p.values[0])} · {_wan(p.values[1])} {_t('10,000 yuan')}")
    total_out = sum((s.outstanding for s in slices), Decimal(0))
    total_prov = sum((s.provision for s in slices), Decimal(0))
    return {"svg": _svg(svg), "rows": [(labels[s.key], s) for s in slices],
            "total": {"loans": sum(s.loans for s in slices), "outstanding": total_out, "provision": total_prov,
                      "coverage": q._pct(total_prov, total_out)}}
