"""Pure checks of the identifiers KYC needs (no Django, no database, no clock).

* Resident ID (居民身份证号码, GB 11643-1999): 18 characters = region (6) + birth date (8) +
  sequence (3, odd = male) + ISO 7064 MOD 11-2 check character (0-9 or X). The birth date and sex
  are derived; the province comes from the first two digits, the county from python-stdnum's
  region table where it knows the code (a code it lacks is not an error: the table trails the
  official list). 15-digit numbers (first-generation cards, void since 2013-01-01) are **refused**,
  not converted: converting invents a number the person may never have been issued.
* Unified social credit code (统一社会信用代码, GB 32100-2015), via ``stdnum.cn.uscc``.
* Mainland mobile: parsed by ``phonenumbers`` (region CN, "+86" and spaces allowed), 11 digits
  starting 1[3-9].
* Bank card: 12-19 digits with a Luhn check digit.

Every check returns a result with the normalised ``value``, what it derived, and ``errors``: a
tuple of ``KycError`` (code, English message, Chinese message), empty when valid. The API shows
the English message through gettext; the catalog holds the same Chinese text (a test keeps them
equal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import phonenumbers
from stdnum import luhn, numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError


def gettext_noop(message: str) -> str:
    """Marks a message for ``makemessages`` (Django's name) without importing Django."""
    return message


MESSAGES: dict[str, tuple[str, str]] = {
    "name_required": (gettext_noop("Enter the name."), "请输入姓名。"),
    "name_too_long": (gettext_noop("The name can have at most 50 characters."), "姓名最多50个字符。"),
    "name_format": (gettext_noop("The name cannot contain digits."), "姓名不能包含数字。"),
    "resident_id_required": (gettext_noop("Enter the resident ID number."), "请输入居民身份证号码。"),
    "resident_id_old_format": (
        gettext_noop("15-digit ID numbers are no longer valid: enter the 18-digit number."),
        "15位身份证号码已停止使用，请输入18位号码。",
    ),
    "resident_id_length": (
        gettext_noop("The resident ID number must have 18 characters."), "居民身份证号码应为18位。"),
    "resident_id_format": (
        gettext_noop("The resident ID number is 17 digits followed by a digit or X."),
        "居民身份证号码应为17位数字加1位数字或X。",
    ),
    "resident_id_checksum": (
        gettext_noop("The check character of the resident ID number is wrong: check the number."),
        "居民身份证号码校验位不正确，请核对号码。",
    ),
    "resident_id_birth_date": (
        gettext_noop("The resident ID number does not contain a valid birth date."),
        "居民身份证号码中的出生日期无效。",
    ),
    "resident_id_region": (
        gettext_noop("The resident ID number does not start with a valid region code."),
        "居民身份证号码的地区码无效。",
    ),
    "uscc_required": (gettext_noop("Enter the unified social credit code."), "请输入统一社会信用代码。"),
    "uscc_length": (
        gettext_noop("The unified social credit code must have 18 characters."),
        "统一社会信用代码应为18位。",
    ),
    "uscc_format": (
        gettext_noop("The unified social credit code contains characters that are not allowed."),
        "统一社会信用代码包含不允许的字符。",
    ),
    "uscc_checksum": (
        gettext_noop("The check character of the unified social credit code is wrong."),
        "统一社会信用代码校验位不正确。",
    ),
    "mobile_required": (gettext_noop("Enter the mobile number."), "请输入手机号码。"),
    "mobile_format": (
        gettext_noop("Enter an 11-digit mainland mobile number starting with 13 to 19."),
        "请输入以13至19开头的11位大陆手机号码。",
    ),
    "mobile_not_cn": (
        gettext_noop("Enter a mainland China (+86) mobile number."), "请输入中国大陆（+86）手机号码。"),
    "bank_card_required": (gettext_noop("Enter the bank card number."), "请输入银行卡号。"),
    "bank_card_format": (
        gettext_noop("A bank card number has 12 to 19 digits."), "银行卡号应为12至19位数字。"),
    "bank_card_checksum": (
        gettext_noop("The bank card number is not valid: check the digits."),
        "银行卡号无效，请核对。",
    ),
}


@dataclass(frozen=True)
class KycError:
    """Why a value is not valid: a stable ``code`` and the message in English and Chinese."""

    code: str
    message_en: str
    message_zh: str


def kyc_error(code: str) -> KycError:
    """The error with this code (a key of MESSAGES)."""
    english, chinese = MESSAGES[code]
    return KycError(code, english, chinese)


@dataclass(frozen=True)
class KycResult:
    """``value``: the normalised input (what to store); ``errors``: empty when valid."""

    value: str
    errors: tuple[KycError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ResidentIdResult(KycResult):
    birth_date: date | None = None
    sex: str = ""  # "male" (odd sequence) or "female"
    region_code: str = ""
    province: str = ""
    county: str = ""  # "" when stdnum's table lacks the code


@dataclass(frozen=True)
class UsccResult(KycResult):
    region_code: str = ""  # characters 3-8: the registering region
    province: str = ""


def _fail(value: str, code: str) -> KycResult:
    return KycResult(value, (kyc_error(code),))


def name_check(value: str) -> KycResult:
    """A person's or company's name: required, at most 50 characters, no digits."""
    name = " ".join((value or "").split())
    if not name:
        return _fail(name, "name_required")
    if len(name) > 50:
        return _fail(name, "name_too_long")
    if any(ch.isdigit() for ch in name):
        return _fail(name, "name_format")
    return KycResult(name)


@lru_cache(maxsize=1024)  # pure and immutable; an intake checks the same number several times
def resident_id_check(value: str) -> ResidentIdResult:
    """Check an 18-character resident ID (GB 11643-1999) and derive birth date, sex and region."""
    number = re.sub(r"[\s-]", "", value or "").upper()
    code = _resident_id_error(number)
    if code:
        return ResidentIdResult(number, (kyc_error(code),))
    province = _province(number[:2])
    try:
        county = ric.get_birth_place(number).get("county", "")
    except (StdnumError, KeyError, ValueError):  # stdnum 2.2 raises KeyError for a province-only match
        county = ""
    sex = "male" if int(number[16]) % 2 else "female"
    return ResidentIdResult(number, (), _birth_date(number), sex, number[:6], province, county)


def _resident_id_error(number: str) -> str:
    if not number:
        return "resident_id_required"
    if len(number) == 15 and number.isdigit():
        return "resident_id_old_format"
    if len(number) != 18:
        return "resident_id_length"
    if not (number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        return "resident_id_format"
    if ric.calc_check_digit(number) != number[17]:
        return "resident_id_checksum"
    birth = _birth_date(number)
    if birth is None or birth.year < 1900:
        return "resident_id_birth_date"
    if not _province(number[:2]):
        return "resident_id_region"
    return ""


def _birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _province(code: str) -> str:
    """Province (or municipality, region, SAR) of a two-digit code, from stdnum's table."""
    if not code.isdigit():
        return ""
    info = dict(numdb.get("cn/loc").info(code + "0000")[0][1])
    return info.get("province", "")


def uscc_check(value: str) -> UsccResult:
    """Check a unified social credit code (GB 32100-2015) and derive its region and province."""
    number = re.sub(r"[\s-]", "", value or "").upper()
    if not number:
        return UsccResult(number, (kyc_error("uscc_required"),))
    try:
        uscc.validate(number)
    except StdnumError as exc:
        kind = type(exc).__name__
        code = {"InvalidLength": "uscc_length", "InvalidChecksum": "uscc_checksum"}.get(kind, "uscc_format")
        return UsccResult(number, (kyc_error(code),))
    return UsccResult(number, (), number[2:8], _province(number[2:4]))


_MOBILE = re.compile(r"1[3-9]\d{9}")


def mobile_check(value: str) -> KycResult:
    """Check a mainland mobile number; ``value`` is the 11-digit national number."""
    raw = (value or "").strip()
    if not raw:
        return _fail(raw, "mobile_required")
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        return _fail(raw, "mobile_format")
    if parsed.country_code != 86:
        return _fail(raw, "mobile_not_cn")
    national = str(parsed.national_number)
    if not _MOBILE.fullmatch(national):
        return _fail(raw, "mobile_format")
    return KycResult(national)


def bank_card_check(value: str) -> KycResult:
    """Check a bank card number: 12-19 digits, Luhn check digit last; spaces allowed."""
    number = re.sub(r"[\s-]", "", value or "")
    if not number:
        return _fail(number, "bank_card_required")
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return _fail(number, "bank_card_format")
    if not luhn.is_valid(number):
        return _fail(number, "bank_card_checksum")
    return KycResult(number)


def mask(value: str, keep_start: int = 4, keep_end: int = 4) -> str:
    """``110105**********2X``-style masking for logs, audit trails and lists."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
