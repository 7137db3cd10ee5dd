"""Reason codes (拒绝/不利原因): the top factors that hurt an applicant, in zh-Hans and English.

A model gives each feature an *impact* per applicant (≥ 0 hurts): for the scorecard the points
below the best bin of that characteristic; for the GBM its positive contribution to the log-odds
of bad. `top_reasons` keeps the N largest and words them through `REASON_TEXTS`; a feature the
table does not know gets the generic R99 wording with its name; a missing value gets R90 ("not
provided"), or R91 for a missing bureau score (a thin credit file).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class ReasonText:
    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class Reason:
    """One reason for one applicant; `impact` in points (scorecard) or log-odds (GBM)."""

    code: str
    feature: str
    zh: str
    en: str
    impact: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "feature": self.feature,
            "zh": self.zh,
            "en": self.en,
            "impact": round(self.impact, 4),
        }


REASON_TEXTS: Mapping[str, ReasonText] = {
    "dti": ReasonText("R01", "负债收入比过高", "Debt-to-income ratio too high"),
    "pti": ReasonText("R02", "月供收入比过高", "Monthly payment too high for the income"),
    "ltv": ReasonText(
        "R03", "贷款价值比过高（首付比例偏低）", "Loan-to-value ratio too high (low down payment)"
    ),
    "bureau_score": ReasonText("R04", "征信评分偏低", "Credit bureau score too low"),
    "delinquencies_24m": ReasonText(
        "R05", "近24个月有逾期记录", "Late payments in the last 24 months"
    ),
    "inquiries_6m": ReasonText(
        "R06", "近6个月征信查询次数较多", "Many credit inquiries in the last 6 months"
    ),
    "employment_years": ReasonText(
        "R07", "现单位工作年限较短", "Short time with the current employer"
    ),
    "applicant_age": ReasonText("R08", "申请人年龄因素", "Applicant's age"),
    "age_at_maturity": ReasonText("R09", "贷款到期时年龄偏高", "Age at the end of the loan"),
    "monthly_income": ReasonText("R10", "月收入偏低", "Monthly income too low"),
    "monthly_debt": ReasonText("R11", "现有月负债较高", "High existing monthly debt payments"),
    "term_months": ReasonText("R12", "贷款期限较长", "Long loan term"),
    "loan_amount": ReasonText("R13", "贷款金额较高", "High loan amount"),
    "down_payment": ReasonText("R14", "首付金额偏低", "Low down payment"),
    "vehicle_condition": ReasonText(
        "R15", "车辆新旧状况（二手车风险较高）", "Vehicle condition (used cars carry more risk)"
    ),
    "new_energy": ReasonText("R16", "车辆动力类型", "Vehicle powertrain type"),
    "vehicle_price": ReasonText("R17", "车辆价格", "Vehicle price"),
    "region": ReasonText("R18", "所在地区风险较高", "Region with higher risk"),
    "dealer_id": ReasonText("R19", "经销商历史表现", "Dealer's track record"),
    # German credit (UCI Statlog) names, so a model trained on it explains itself too.
    "status_of_existing_checking_account": ReasonText(
        "R20", "支票账户状况", "Status of the checking account"
    ),
    "duration_in_month": ReasonText("R21", "贷款期限较长", "Long loan duration"),
    "credit_history": ReasonText("R22", "信用历史记录", "Credit history"),
    "purpose": ReasonText("R23", "贷款用途", "Purpose of the loan"),
    "credit_amount": ReasonText("R24", "贷款金额较高", "High credit amount"),
    "savings_account_and_bonds": ReasonText("R25", "储蓄及债券不足", "Low savings and bonds"),
    "present_employment_since": ReasonText("R26", "工作年限较短", "Short employment history"),
    "age_in_years": ReasonText("R27", "申请人年龄因素", "Applicant's age"),
    "other_installment_plans": ReasonText("R28", "存在其他分期付款", "Other instalment plans"),
    "property": ReasonText("R29", "财产状况", "Property owned"),
    "housing": ReasonText("R30", "住房情况", "Housing situation"),
}
MISSING_TEXT = ReasonText("R90", "「{feature}」信息缺失", "{feature} not provided")
MISSING_TEXTS: Mapping[str, ReasonText] = {
    "bureau_score": ReasonText("R91", "征信记录不足", "Limited credit history (no bureau score)"),
    "monthly_income": ReasonText("R92", "未提供收入信息", "Income not provided"),
    "dti": ReasonText("R92", "未提供收入信息", "Income not provided"),
    "pti": ReasonText("R92", "未提供收入信息", "Income not provided"),
}
GENERIC_TEXT = ReasonText("R99", "「{feature}」对评分不利", "{feature} lowered the score")


def reason_text(feature: str, missing: bool = False) -> ReasonText:
    """The wording of a reason about `feature` (its value `missing` or not)."""
    if missing:
        template = MISSING_TEXTS.get(feature, MISSING_TEXT)
    elif feature in REASON_TEXTS:
        return REASON_TEXTS[feature]
    else:
        template = GENERIC_TEXT
    label = feature.replace("_", " ")
    return ReasonText(
        template.code, template.zh.format(feature=label), template.en.format(feature=label)
    )


def top_reasons(
    impacts: Any,
    features: Sequence[str],
    missing: Any = None,
    top: int = 4,
    min_impact: float = 1e-9,
) -> list[list[Reason]]:
    """Per row, the `top` features with the largest impact above `min_impact`, largest first.

    `impacts` has shape (rows, features); `missing` (same shape, bool) marks missing values.
    """
    matrix = np.atleast_2d(np.asarray(impacts, dtype=float))
    gaps = (
        np.zeros(matrix.shape, dtype=bool)
        if missing is None
        else np.atleast_2d(np.asarray(missing, dtype=bool))
    )
    out: list[list[Reason]] = []
    for row, row_missing in zip(matrix, gaps):
        order = np.argsort(-row, kind="stable")[:top]
        reasons = []
        for j in order:
            if row[j] <= min_impact:
                break
            text = reason_text(features[j], bool(row_missing[j]))
            reasons.append(Reason(text.code, features[j], text.zh, text.en, float(row[j])))
        out.append(reasons)
    return out
