"""The messaging port (短信 / 邮件 / 站内信): SMS, email and in-app adapters.

``MessageSender`` is the Protocol; ``SimulatedSender`` (the default, for demo, tests and bench) is
deterministic: it accepts every message to a non-empty address except numbers ending 0000 (a
simulated carrier rejection), logs it and keeps it in a class-level outbox. ``sender(channel)``
follows ``AUTOLEND_MESSAGING`` (a dotted path of a factory ``(channel) -> MessageSender``).
Rules on whether a message may be sent at all live in ``collections.policy``, not here.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("autolend.messaging")
MESSAGE_CHANNELS = ("sms", "email", "in_app")


@dataclass(frozen=True)
class Message:
    channel: str
    to: str  # mobile number, email address or user id (in-app)
    body: str
    subject: str = ""


@dataclass(frozen=True)
class SendResult:
    accepted: bool
    provider_ref: str
    error: str = ""


class MessageSender(Protocol):
    def send(self, message: Message) -> SendResult: ...


class SimulatedSender:
    """Deterministic stand-in for an SMS gateway, mail server or in-app inbox."""

    outbox: ClassVar[list[Message]] = []

    def __init__(self, channel: str) -> None:
        if channel not in MESSAGE_CHANNELS:
            raise ValueError(f"unknown message channel {channel!r}")
        self.channel = channel

    def send(self, message: Message) -> SendResult:
        ref = hashlib.sha256(f"{message.channel}|{message.to}|{message.body}".encode()).hexdigest()[:16]
        if not message.to or message.to.endswith("0000"):
            log.info("simulated %s to %r rejected", message.channel, message.to)
            return SendResult(False, ref, "rejected")
        type(self).outbox.append(message)
        log.info("simulated %s to %s: %s", message.channel, message.to, message.body)
        return SendResult(True, ref)

    @classmethod
    def reset(cls) -> None:
        cls.outbox.clear()


def sender(channel: str) -> MessageSender:
    """The configured adapter for ``channel`` (sms | email | in_app)."""
    path = getattr(settings, "AUTOLEND_MESSAGING", "")
    if not path or path == "simulated":
        return SimulatedSender(channel)
    factory = import_string(path)
    return factory(channel)  # type: ignore[no-any-return]
