"""One-time codes by SMS (短信验证码) and trusted devices.

``code_send`` makes a 6-digit code, stores its salted HMAC only and sends it through the
messaging port (the simulator logs it and keeps it in its outbox: that is how the demo reads it).
``code_verify`` accepts it once, before it expires, within ``MAX_ATTEMPTS`` tries. Times here are
security metadata (wall clock), not business dates.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from autolend.integrations.messaging import Message, sender
from autolend.portal.models import CodePurpose, PhoneCode, TrustedDevice

LIFETIME = timedelta(minutes=5)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=30)
TEXT = {
    CodePurpose.REGISTER: _("autolend: your registration code is %(code)s, valid for 5 minutes."),
    CodePurpose.LOGIN: _("autolend: your sign-in code is %(code)s, valid for 5 minutes."),
    CodePurpose.SIGN: _("autolend: your contract signing code is %(code)s, valid for 5 minutes."),
}


class CodeError(ValueError):
    """A code refused (wrong, expired, used up, not sent); ``message`` is translated lazily."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def _digest(salt: str, code: str) -> str:
    key = f"autolend.portal.code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, f"{salt}:{code}".encode(), hashlib.sha256).hexdigest()


def code_send(phone: str, purpose: str) -> None:
    """Send a new code to ``phone`` for ``purpose``; earlier open codes stop working.
    Refused (CodeError) when asked again within ``RESEND_AFTER`` or the carrier rejects it."""
    stamp = timezone.now()
    code = str(100_000 + secrets.randbelow(900_000))  # six digits, never the simulator-refused 000000
    salt = secrets.token_hex(8)
    with transaction.atomic():
        last = PhoneCode.objects.select_for_update().filter(phone=phone, purpose=purpose).order_by("-created_at").first()
        if last is not None and last.used_at is None and stamp - last.created_at < RESEND_AFTER:
            raise CodeError(_("A code was sent less than 30 seconds ago: wait a moment before asking again."))
        PhoneCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True).update(replaced=True)
        PhoneCode.objects.create(phone=phone, purpose=purpose, salt=salt, code_hash=_digest(salt, code),
                                 created_at=stamp, expires_at=stamp + LIFETIME)
    result = sender("sms").send(Message("sms", phone, str(TEXT[CodePurpose(purpose)]) % {"code": code}))
    if not result.accepted:
        raise CodeError(_("The SMS could not be delivered to this number."))


def code_verify(phone: str, purpose: str, code: str) -> None:
    """Accept ``code`` for ``phone`` and ``purpose`` once; CodeError says why it is refused."""
    stamp = timezone.now()
    with transaction.atomic():  # the lock makes two tries of one code count twice, never pass twice
        refusal = _check(phone, purpose, code, stamp)
    if refusal is not None:  # raised after the commit: a wrong try stays counted
        raise CodeError(refusal)


def _check(phone: str, purpose: str, code: str, stamp: Any) -> Any:
    row = (PhoneCode.objects.select_for_update().filter(phone=phone, purpose=purpose, replaced=False,
                                                       used_at__isnull=True).order_by("-created_at").first())
    if row is None:
        return _("No code is waiting: ask for a new one.")
    if row.expires_at <= stamp:
        return _("The code has expired: ask for a new one.")
    if row.attempts >= MAX_ATTEMPTS:
        return _("Too many wrong codes: ask for a new one.")
    if not hmac.compare_digest(row.code_hash, _digest(row.salt, "".join(str(code or "").split()))):
        row.attempts += 1
        row.save(update_fields=["attempts"])
        return _("Too many wrong codes: ask for a new one.") if row.attempts >= MAX_ATTEMPTS \
            else _("The code is not right.")
    row.used_at = stamp
    row.save(update_fields=["used_at"])
    return None


@dataclass(frozen=True)
class DeviceToken:
    raw: str  # goes into the signed cookie; never stored


def device_trust(user: Any) -> DeviceToken:
    """Remember this browser for ``user``: the next sign-in from it needs no code."""
    raw = secrets.token_urlsafe(32)
    stamp = timezone.now()
    TrustedDevice.objects.create(user=user, token_hash=hashlib.sha256(raw.encode()).hexdigest(),
                                 created_at=stamp, last_used_at=stamp)
    return DeviceToken(raw)


def device_is_trusted(user: Any, raw: str | None) -> bool:
    if not raw:
        return False
    found = TrustedDevice.objects.filter(user=user, token_hash=hashlib.sha256(raw.encode()).hexdigest())
    return bool(found.update(last_used_at=timezone.now()))
