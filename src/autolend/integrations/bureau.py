"""The credit-bureau port (征信查询): one applicant's report, pulled with their consent.

``CreditBureau`` is the port. ``SimulatedBureau`` is deterministic: the report is derived from
the SHA-256 of the resident ID, so the same person always gets the same report, and the tests
and the demo can produce every kind of file on purpose through the ID's sequence code
(characters 15–17; the identity simulator already uses 98x and 99x):

* ``970``–``979`` → a thin file (征信白户): no score, no accounts;
* ``960``–``969`` → a poor file: score 480–519, 3–5 delinquencies in 24 months, many inquiries;
* ``950``–``959`` → a bureau error (the provider could not answer): ``BureauUnavailable``;
* anything else → an ordinary file: score 600–819, 0–1 delinquencies, 0–3 inquiries.

Monthly debt (existing debt service, yuan a month) is 0 for a third of ordinary files, else
500–4,999. ``credit_bureau()`` returns the adapter named by the setting
``AUTOLEND_CREDIT_BUREAU``: "simulated" (the default) or a dotted path to a class.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class BureauUnavailable(Exception):
    """The bureau gave no answer (timeout, outage): the decision must not pretend it did."""


@dataclass(frozen=True)
class BureauReport:
    """What the bureau says about one person. ``score`` None: a thin file (no score)."""

    provider: str
    reference: str
    score: int | None
    accounts: int  # credit accounts ever opened
    open_accounts: int
    delinquencies_24m: int  # late payments in the last 24 months
    inquiries_6m: int  # hard inquiries in the last 6 months
    monthly_debt: Decimal  # yuan a month of existing debt service

    @property
    def thin_file(self) -> bool:
        return self.score is None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["monthly_debt"] = str(self.monthly_debt)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BureauReport:
        values = dict(data)
        values["monthly_debt"] = Decimal(str(values["monthly_debt"]))
        return cls(**values)


class CreditBureau(Protocol):
    provider: str

    def report(self, resident_id: str, name: str) -> BureauReport:
        """The report of the person with this resident ID; raises BureauUnavailable when the
        bureau cannot answer. The caller has checked the credit-pull consent (征信授权)."""
        ...


class SimulatedBureau:
    """Deterministic bureau (see the module docstring for the rules)."""

    provider = "simulated"

    def report(self, resident_id: str, name: str) -> BureauReport:
        digest = hashlib.sha256(f"bureau|{resident_id}".encode()).digest()
        sequence = resident_id[14:17]
        reference = "CB-" + digest.hex()[:16].upper()

        def pick(index: int, low: int, high: int) -> int:
            """A number in [low, high] from two bytes of the digest."""
            return low + int.from_bytes(digest[index:index + 2], "big") % (high - low + 1)

        if sequence.startswith("95"):
            raise BureauUnavailable("bureau unavailable (simulated)")
        if sequence.startswith("97"):
            return BureauReport(self.provider, reference, None, 0, 0, 0, pick(0, 0, 1), Decimal("0.00"))
        if sequence.startswith("96"):
            return BureauReport(self.provider, reference, pick(0, 480, 519), pick(2, 4, 12), pick(4, 2, 6),
                                pick(6, 3, 5), pick(8, 4, 9), Decimal(pick(10, 1500, 5999)).quantize(Decimal("0.01")))
        accounts = pick(2, 1, 12)
        debt = Decimal(0) if pick(12, 0, 2) == 0 else Decimal(pick(10, 500, 4999))
        return BureauReport(
            self.provider, reference, pick(0, 600, 819), accounts, min(accounts, pick(4, 0, 4)),
            1 if pick(6, 0, 5) == 0 else 0, pick(8, 0, 3), debt.quantize(Decimal("0.01")),
        )


def credit_bureau() -> CreditBureau:
    """The configured adapter (setting ``AUTOLEND_CREDIT_BUREAU``, default the simulator)."""
    name = getattr(settings, "AUTOLEND_CREDIT_BUREAU", "") or "simulated"
    if name == "simulated":
        return SimulatedBureau()
    bureau: CreditBureau = import_string(name)()
    return bureau
