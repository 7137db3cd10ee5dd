"""Staff two-factor sign-in (双因素认证) with django-otp TOTP devices: who needs it, the device,
its enrolment QR code, the current code of a demo device.

Staff roles (everyone but borrowers and dealer users) finish signing in with a 6-digit code from
an authenticator app; the session is then "verified" (django-otp keeps the device id in the
session). ``AUTOLEND_STAFF_2FA=false`` turns the second step off.
"""

from __future__ import annotations

import hashlib
import time
from base64 import b32encode
from io import BytesIO
from typing import Any

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from autolend.identity.permissions import is_staff_user

DEVICE_NAME = "authenticator"
DEMO_DEVICE_NAME = "autolend demo"  # only these devices' codes are printed by `autolend demo otp`


def two_factor_required(user: Any) -> bool:
    """True when ``user`` must pass the code step: a staff role while AUTOLEND_STAFF_2FA is on."""
    return bool(settings.AUTOLEND_STAFF_2FA) and is_staff_user(user)


def session_verified(user: Any) -> bool:
    """True when the request's user may act: customers always; staff after the code step.

    A user object not from a request (no ``is_verified``, e.g. a service's actor) counts as
    verified: the check belongs to the request, not to the person.
    """
    if not two_factor_required(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    return True if is_verified is None else bool(is_verified())


def confirmed_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if they enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled (made on first use; its secret stays the same on
    reloads so a scanned QR code keeps working)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in (base32, no padding)."""
    return b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(text: str) -> str:
    """An inline SVG QR code of ``text`` (the otpauth:// URI), no XML declaration."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]


def demo_key(username: str) -> str:
    """The demo device's secret for ``username`` (hex, 20 bytes): derived from the name so the
    demo's codes can be computed anywhere. Never used for real accounts."""
    return hashlib.sha1(f"autolend-demo-totp:{username}".encode()).hexdigest()


def code_at(device: TOTPDevice, unix_time: float | None = None) -> str:
    """The device's code at ``unix_time`` (now by default), zero-padded to its digits."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() if unix_time is None else unix_time
    return str(generator.token()).zfill(device.digits)


def seconds_left(device: TOTPDevice, unix_time: float | None = None) -> int:
    """Seconds until the current code changes."""
    at = time.time() if unix_time is None else unix_time
    return int(device.step - (at - device.t0) % device.step)
