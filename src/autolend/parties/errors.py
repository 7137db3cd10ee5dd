"""The one error the parties app raises for bad input or a refused operation.

A ``PartyError`` is a ``ValueError`` carrying ``field`` and ``message`` (English, one line), as
the API's generic handler expects, plus ``issues``: every field error found at once, each with a
stable code and the message in English and Chinese. Services raise it before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from autolend.parties.kyc import MESSAGES as KYC_MESSAGES
from autolend.parties.kyc import KycError, gettext_noop

MESSAGES: dict[str, tuple[str, str]] = {
    "resident_id_taken": (
        gettext_noop("A borrower with this resident ID number is already registered."),
        "该身份证号码的借款人已登记。",
    ),
    "uscc_taken": (
        gettext_noop("A dealer with this unified social credit code is already registered."),
        "该统一社会信用代码的经销商已登记。",
    ),
    "borrower_minor": (
        gettext_noop("The borrower must be at least 18 years old."), "借款人须年满18周岁。"),
    "user_taken": (
        gettext_noop("This user account already belongs to another borrower."),
        "该用户账号已关联其他借款人。",
    ),
    "income_invalid": (
        gettext_noop("Enter a monthly income of 0 or more, in yuan to the fen."),
        "请输入不小于0的月收入（元，精确到分）。",
    ),
    "too_long": (gettext_noop("This text is too long."), "内容过长。"),
    "bank_account_required": (
        gettext_noop("Enter the bank account name, number and bank."), "请输入开户名、账号和开户行。"),
    "bank_account_format": (
        gettext_noop("A bank account number has 8 to 32 digits."), "银行账号应为8至32位数字。"),
    "staff_not_dealer": (
        gettext_noop("Only a user with the dealer role can be dealer staff."),
        "只有经销商角色的用户才能成为经销商员工。",
    ),
    "staff_taken": (
        gettext_noop("This user is already staff of this dealer."), "该用户已是该经销商的员工。"),
    "consent_kind": (gettext_noop("Choose a kind of consent."), "请选择授权类型。"),
    "consent_channel": (gettext_noop("Choose a channel."), "请选择渠道。"),
    "consent_text_required": (
        gettext_noop("The consent needs the text the borrower agreed to and its version."),
        "授权须提供借款人同意的文本及其版本号。",
    ),
    "ip_invalid": (gettext_noop("Enter a valid IP address."), "请输入有效的IP地址。"),
    "consent_revoked": (
        gettext_noop("This consent was already revoked."), "该授权已撤回。"),
    "consent_revoke_before_grant": (
        gettext_noop("A consent cannot be revoked before it was granted."), "撤回时间不能早于授权时间。"),
}


@dataclass(frozen=True)
class FieldIssue:
    """One field's problem: ``field`` (input name), ``code``, message in English and Chinese."""

    field: str
    code: str
    message_en: str
    message_zh: str


def issue(field: str, code: str) -> FieldIssue:
    """The issue with this code (from this module's or the KYC messages) on ``field``."""
    english, chinese = MESSAGES.get(code) or KYC_MESSAGES[code]
    return FieldIssue(field, code, english, chinese)


def kyc_issue(field: str, error: KycError) -> FieldIssue:
    return FieldIssue(field, error.code, error.message_en, error.message_zh)


class PartyError(ValueError):
    """Bad input or a refused operation; nothing was written."""

    def __init__(self, field: str, message: str, *, issues: Iterable[FieldIssue] = ()) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.issues: tuple[FieldIssue, ...] = tuple(issues) or (FieldIssue(field, "invalid", message, message),)

    @classmethod
    def of(cls, field: str, code: str) -> PartyError:
        """The error for one coded issue."""
        return cls.from_issues([issue(field, code)])

    @classmethod
    def from_issues(cls, issues: Iterable[FieldIssue]) -> PartyError:
        """One error carrying every issue; ``field``/``message`` are the first one's."""
        found = tuple(issues)
        return cls(found[0].field, found[0].message_en, issues=found)
