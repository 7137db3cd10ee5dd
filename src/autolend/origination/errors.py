"""The one error origination raises for bad input or a refused operation.

An ``OriginationError`` is a ``ValueError`` with ``field`` and ``message`` (English), as the API's
generic handler expects, and ``issues``: every field problem at once, each with a stable code
and the message in English and Chinese (``parties.errors.FieldIssue``). The API answers 422
naming each field, in the request's language (``localized``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language

from autolend.parties.errors import FieldIssue, PartyError
from autolend.parties.kyc import gettext_noop

MESSAGES: dict[str, tuple[str, str]] = {
    "price_invalid": (gettext_noop("Enter the vehicle price in yuan: more than 0, to the fen."),
                      "请输入车辆价格（元）：大于0，精确到分。"),
    "amount_invalid": (gettext_noop("Enter the loan amount in yuan: more than 0, to the fen."),
                       "请输入贷款金额（元）：大于0，精确到分。"),
    "down_payment_invalid": (gettext_noop("Enter the down payment in yuan: 0 or more, to the fen."),
                             "请输入首付金额（元）：不小于0，精确到分。"),
    "down_payment_too_high": (gettext_noop("The down payment must be less than the price."), "首付金额须低于车辆价格。"),
    "amount_over_price": (gettext_noop("The loan amount cannot exceed the price less the down payment."),
                          "贷款金额不能超过车辆价格减去首付。"),
    "new_price_invalid": (gettext_noop("Enter the new-car price in yuan: more than 0, to the fen."),
                          "请输入新车指导价（元）：大于0，精确到分。"),
    "income_invalid": (gettext_noop("Enter a monthly income of 0 or more, in yuan to the fen."),
                       "请输入不小于0的月收入（元，精确到分）。"),
    "term_invalid": (gettext_noop("Enter a term of 1 to 120 months."), "请输入1至120个月的期限。"),
    "year_invalid": (gettext_noop("Enter a model year from 1990 to next year."), "请输入1990年至明年之间的车型年份。"),
    "mileage_invalid": (gettext_noop("Enter the mileage in km: a whole number of 0 or more."),
                        "请输入行驶里程（公里）：不小于0的整数。"),
    "employment_invalid": (gettext_noop("Enter the years with the current employer: 0 to 60."),
                           "请输入现单位工作年限：0至60年。"),
    "condition_invalid": (gettext_noop("Choose new or used."), "请选择新车或二手车。"),
    "use_invalid": (gettext_noop("Choose self-use or commercial."), "请选择自用或商用。"),
    "text_required": (gettext_noop("This field is required."), "此项为必填项。"),
    "too_long": (gettext_noop("This text is too long."), "内容过长。"),
    "product_unknown": (gettext_noop("This product is not offered on the application date."),
                        "该产品在申请日期不提供。"),
    "dealer_unknown": (gettext_noop("No such dealer."), "经销商不存在。"),
    "dealer_not_yours": (gettext_noop("You cannot apply for this dealer."), "您无权代表该经销商申请。"),
    "dealer_suspended": (gettext_noop("This dealer is suspended."), "该经销商已暂停合作。"),
    "consent_required": (gettext_noop("The applicant's credit report authorization is required."),
                         "须提供申请人的征信查询授权。"),
    "name_mismatch": (gettext_noop("The name does not match the borrower registered with this resident ID."),
                      "姓名与该身份证号码登记的借款人不一致。"),
    "applicant_not_you": (gettext_noop("You can apply only for yourself."), "您只能为本人申请。"),
    "status_illegal": (gettext_noop("This application is not in a state that allows this."),
                       "该申请当前状态不允许此操作。"),
    "reason_required": (gettext_noop("Write the reason for this decision."), "请填写该决定的理由。"),
    "override_forbidden": (gettext_noop("Only a senior underwriter may override a declined application."),
                           "只有高级审批员可以推翻已拒绝的申请。"),
    "review_action_invalid": (gettext_noop("Choose approve, decline or refer."), "请选择批准、拒绝或转人工。"),
    "offer_not_open": (gettext_noop("This offer is not open for acceptance."), "该方案当前不可接受。"),
    "stipulations_open": (gettext_noop("Every stipulation must be cleared or waived before signing."),
                          "签约前须核实或豁免所有补充条件。"),
    "stipulation_state": (gettext_noop("This stipulation cannot change that way."), "该补充条件不能进行此变更。"),
    "doc_type_invalid": (gettext_noop("Choose a document type."), "请选择文件类型。"),
    "document_empty": (gettext_noop("The file is empty."), "文件为空。"),
    "document_too_large": (gettext_noop("The file is too large."), "文件过大。"),
    "document_kind_not_allowed": (gettext_noop("Only PDF, JPEG and PNG files are accepted."),
                                  "仅接受PDF、JPEG和PNG文件。"),
    "document_content_mismatch": (gettext_noop("The file's content does not match its name or type."),
                                  "文件内容与文件名或类型不符。"),
    "signature_refused": (gettext_noop("The electronic signature was refused."), "电子签名未通过。"),
    "payee_missing": (gettext_noop("There is no account to pay the loan to: the dealer's account or the "
                                   "borrower's bank card is needed."),
                      "没有收款账户：需要经销商账户或借款人银行卡。"),
    "no_contract": (gettext_noop("There is no contract to sign."), "没有待签署的合同。"),
}


def issue(field: str, code: str) -> FieldIssue:
    english, chinese = MESSAGES[code]
    return FieldIssue(field, code, english, chinese)


class OriginationError(ValueError):
    """Bad input or a refused operation; nothing was written."""

    def __init__(self, field: str, message: str, *, issues: Iterable[FieldIssue] = ()) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.issues: tuple[FieldIssue, ...] = tuple(issues) or (FieldIssue(field, "invalid", message, message),)

    @classmethod
    def of(cls, field: str, code: str) -> OriginationError:
        return cls.from_issues([issue(field, code)])

    @classmethod
    def from_issues(cls, issues: Iterable[FieldIssue]) -> OriginationError:
        found = tuple(issues)
        return cls(found[0].field, found[0].message_en, issues=found)

    @classmethod
    def from_party(cls, exc: PartyError) -> OriginationError:
        return cls.from_issues(exc.issues)


def localized(english: str, chinese: str) -> str:
    """The message in the active language (简体中文 unless English was asked for)."""
    return english if (get_language() or "zh-hans").startswith("en") else chinese


def issue_json(item: FieldIssue, prefix: tuple[str, ...] = ("body", "payload")) -> dict[str, Any]:
    """One 422 detail item: ``loc`` ends with the field name, ``msg`` in the active language."""
    return {"type": "value_error", "loc": [*prefix, *item.field.split(".")],
            "msg": localized(item.message_en, item.message_zh), "code": item.code}
