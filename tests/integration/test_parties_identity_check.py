"""The three-/four-factor identity check through the simulated verifier: match verifies the
borrower, mismatch fails it, a provider error leaves the status alone."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric

from autolend.audit.models import AuditEvent
from autolend.integrations.identity import IdentityFactors, Outcome, SimulatedIdentityVerifier
from autolend.parties.errors import PartyError
from autolend.parties.models import Borrower, KycStatus
from autolend.parties.services import borrower_register, identity_check_run

pytestmark = pytest.mark.django_db


def person(sequence: str, mobile: str = "13800138000") -> Borrower:
    body = "11010519900307" + sequence
    return borrower_register(name="张伟", resident_id=body + ric.calc_check_digit(body + "0"), mobile=mobile,
                             as_of=date(2025, 3, 1))


def test_the_simulator_is_deterministic() -> None:
    factors = IdentityFactors("张伟", "11010519491231002X", "13800138000")
    first, second = SimulatedIdentityVerifier().verify(factors), SimulatedIdentityVerifier().verify(factors)
    assert first == second and first.outcome is Outcome.MATCH and first.reference.startswith("IDV-")


def test_a_match_verifies_the_borrower() -> None:
    borrower = person("123")
    check = identity_check_run(borrower, SimulatedIdentityVerifier())
    assert (check.result, check.factors, check.mismatched) == ("match", ["name", "resident_id", "mobile"], [])
    borrower.refresh_from_db()
    assert borrower.kyc_status == KycStatus.VERIFIED
    assert AuditEvent.objects.get(action="identity_check_run").after["kyc_status"] == "verified"


def test_a_sequence_from_990_is_a_name_mismatch() -> None:
    borrower = person("995")
    check = identity_check_run(borrower, SimulatedIdentityVerifier())
    assert (check.result, check.mismatched) == ("mismatch", ["name"])
    borrower.refresh_from_db()
    assert borrower.kyc_status == KycStatus.FAILED


def test_a_mobile_ending_0000_is_a_mobile_mismatch() -> None:
    check = identity_check_run(person("124", mobile="13800000000"), SimulatedIdentityVerifier())
    assert (check.result, check.mismatched) == ("mismatch", ["mobile"])


def test_four_factors_with_a_bank_card() -> None:
    borrower = person("125")
    check = identity_check_run(borrower, SimulatedIdentityVerifier(), bank_card="6222021234567890128")
    assert check.factors == ["name", "resident_id", "mobile", "bank_card"] and check.result == "match"
    with pytest.raises(PartyError):
        identity_check_run(borrower, SimulatedIdentityVerifier(), bank_card="6222021234567890123")


def test_a_provider_error_leaves_the_status_unchanged() -> None:
    borrower = person("985")
    check = identity_check_run(borrower, SimulatedIdentityVerifier())
    assert check.result == "error"
    borrower.refresh_from_db()
    assert borrower.kyc_status == KycStatus.PENDING


def test_an_adapter_that_raises_is_recorded_as_no_answer() -> None:
    class Broken:
        provider = "broken"

        def verify(self, factors: IdentityFactors) -> None:
            raise TimeoutError("no route")

    check = identity_check_run(person("126"), Broken())  # type: ignore[arg-type]
    assert (check.provider, check.result) == ("broken", "error")
