"""The loan's state machine: the legal moves, and operations refused in the wrong status."""

from __future__ import annotations

import pytest

from autolend.servicing import states
from autolend.servicing.errors import ServicingError
from autolend.servicing.models import Loan, LoanStatus


def _loan(status: str) -> Loan:
    return Loan(number="AL00000009", status=status)


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (LoanStatus.PENDING_DISBURSEMENT, LoanStatus.ACTIVE),
        (LoanStatus.ACTIVE, LoanStatus.PAID_OFF),
        (LoanStatus.ACTIVE, LoanStatus.WRITTEN_OFF),
        (LoanStatus.ACTIVE, LoanStatus.CLOSED_REPOSSESSED),
        (LoanStatus.PAID_OFF, LoanStatus.ACTIVE),  # the paying payment bounced
    ],
)
def test_legal_moves(start: str, to: str) -> None:
    loan = _loan(start)
    states.move(loan, to)
    assert loan.status == to


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (LoanStatus.PENDING_DISBURSEMENT, LoanStatus.PAID_OFF),
        (LoanStatus.WRITTEN_OFF, LoanStatus.ACTIVE),
        (LoanStatus.PAID_OFF, LoanStatus.WRITTEN_OFF),
        (LoanStatus.ACTIVE, LoanStatus.PENDING_DISBURSEMENT),
    ],
)
def test_illegal_moves(start: str, to: str) -> None:
    with pytest.raises(ServicingError) as refused:
        states.move(_loan(start), to)
    assert refused.value.field == "status"


def test_each_operation_names_the_status_that_refused_it() -> None:
    with pytest.raises(ServicingError) as refused:
        states.require(_loan(LoanStatus.PENDING_DISBURSEMENT), "repay")
    assert refused.value.message == "cannot repay loan AL00000009: it is pending_disbursement"
    states.require(_loan(LoanStatus.WRITTEN_OFF), "post a recovery on")
