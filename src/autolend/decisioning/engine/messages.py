"""Wording of every policy rule hit, in English and 简体中文 (``{limit}``, ``{actual}`` filled in).

Shown to underwriters in full; an applicant sees only the adverse-action wording of the hard
rules and the model's reason codes (fraud rules are named to staff only).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "age_below_min": ("The applicant is {actual}; the minimum age is {limit}.", "申请人{actual}岁，低于最低年龄{limit}岁。"),
    "age_at_maturity": ("The applicant would be {actual} at the end of the loan; the maximum is {limit}.",
                        "贷款到期时申请人将满{actual}岁，超过上限{limit}岁。"),
    "blacklist_resident_id": ("The resident ID is on the blacklist.", "身份证号码在黑名单中。"),
    "blacklist_mobile": ("The mobile number is on the blacklist.", "手机号码在黑名单中。"),
    "blacklist_device": ("The device is on the blacklist.", "设备在黑名单中。"),
    "blacklist_vin": ("The vehicle (VIN) is on the blacklist.", "车辆识别代号在黑名单中。"),
    "identity_mismatch": ("The identity check found that name, ID and mobile do not belong together.",
                          "身份核验不一致：姓名、身份证号与手机号不属于同一人。"),
    "identity_unverified": ("The identity could not be verified yet.", "身份尚未核验通过。"),
    "vin_financed": ("This vehicle already secures another accepted or booked application.",
                     "该车辆已为其他已接受或已放款的申请提供担保。"),
    "fraud_shared_mobile": ("{actual} other applicants gave this mobile number.", "另有{actual}名申请人使用该手机号码。"),
    "fraud_shared_mobile_decline": ("{actual} other applicants gave this mobile number (limit {limit}).",
                                    "另有{actual}名申请人使用该手机号码（上限{limit}）。"),
    "fraud_shared_device": ("{actual} other applicants applied from this device.", "另有{actual}名申请人使用该设备申请。"),
    "fraud_shared_device_decline": ("{actual} other applicants applied from this device (limit {limit}).",
                                    "另有{actual}名申请人使用该设备申请（上限{limit}）。"),
    "id_many_mobiles": ("This resident ID applied with {actual} other mobile numbers.",
                        "该身份证号码曾使用另外{actual}个手机号码申请。"),
    "velocity_id": ("{actual} other applications by this person in 30 days.", "该申请人30天内另有{actual}笔申请。"),
    "velocity_dealer": ("{actual} other applications from this dealer today.", "该经销商今日另有{actual}笔申请。"),
    "price_far_from_valuation": ("The price is {actual} away from our valuation (limit {limit}).",
                                 "车辆价格与估值相差{actual}（上限{limit}）。"),
    "bureau_unavailable": ("The credit bureau did not answer.", "征信查询未返回结果。"),
    "thin_file": ("No credit bureau score (thin file).", "无征信评分（征信白户）。"),
    "bureau_score_low": ("Credit bureau score {actual} is below the minimum of {limit}.", "征信评分{actual}低于最低要求{limit}。"),
    "delinquencies_over_max": ("{actual} late payments in 24 months (maximum {limit}).", "近24个月逾期{actual}次（上限{limit}次）。"),
    "delinquencies_refer": ("{actual} late payments in 24 months.", "近24个月逾期{actual}次。"),
    "inquiries_refer": ("{actual} credit inquiries in 6 months.", "近6个月征信查询{actual}次。"),
    "short_employment": ("{actual} years with the current employer (less than {limit}).",
                         "现单位工作{actual}年（不足{limit}年）。"),
    "income_missing": ("No income was declared.", "未申报收入。"),
    "dti_high": ("Debt-to-income of {actual} on the requested terms (review above {limit}).",
                 "按申请条件负债收入比为{actual}（超过{limit}需人工审核）。"),
    "pd_over_max": ("Probability of default {actual} is at or over the maximum of {limit}.",
                    "违约概率{actual}达到或超过上限{limit}。"),
    "pd_refer": ("Probability of default {actual} needs review (from {limit}).", "违约概率{actual}，需人工审核（阈值{limit}）。"),
    "no_offer": ("No terms within our limits fit this application.", "在我方限额内没有适合该申请的贷款条件。"),
    "pricing_shortfall": ("The risk-based rate is above what the product and the APR cap allow.",
                          "风险定价利率高于产品及年化利率上限所允许的水平。"),
}
