"""A bank file of repayments posts exactly what the same repayments posted one by one would:
the same dues, balances and journal lines; bad lines are refused alone, keys replay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal as D

import pytest

from autolend.audit.models import AuditEvent
from autolend.audit.selectors import audit_verify
from autolend.servicing.models import Loan, LoanTransaction
from autolend.servicing.services import RepaymentLine, repayment_post, repayments_post_batch
from autolend.servicing.testing import (
    assert_books_clean,
    book,
    disbursed_loan,
    dues,
    fresh_books,
    lines,
)

pytestmark = pytest.mark.django_db
FEB15, MAR15, APR15 = date(2024, 2, 15), date(2024, 3, 15), date(2024, 4, 15)


@pytest.fixture(autouse=True)
def clean_books() -> Iterator[None]:
    fresh_books()
    yield
    assert_books_clean()


def _state(loan: Loan) -> tuple[object, ...]:
    loan.refresh_from_db()
    rows = [(r.n, r.principal_paid, r.interest_paid, r.fee_paid, r.penalty_paid, r.interest_accrued, r.settled_on)
            for r in dues(loan)]
    money = (loan.status, loan.principal_outstanding, loan.interest_receivable, loan.credit_balance, loan.closed_on)
    entries = [
        [(side, code, amount) for side, code, amount in lines(t.journal_entry)]
        for t in LoanTransaction.objects.filter(loan=loan, kind="repayment").order_by("pk")
    ]
    return money, rows, entries


def test_a_file_posts_what_single_postings_post() -> None:
    one, other = disbursed_loan(), disbursed_loan()
    payments = [("8884.88", FEB15), ("5000.00", MAR15), ("3884.88", MAR15), ("9000.00", APR15)]
    for n, (amount, day) in enumerate(payments):
        repayment_post(one.number, amount, day, f"single-{n}")
    for n, (amount, day) in enumerate(payments):
        result = repayments_post_batch([RepaymentLine(other.number, amount, f"file-{n}")], day)
        assert len(result.posted) == 1 and not result.refused
    assert _state(one) == _state(other)
    assert _state(other)[0][3] == D("115.12")  # 9,000.00 − 8,884.88 kept as credit balance


def test_several_lines_for_one_loan_in_one_file_apply_in_order() -> None:
    one, other = disbursed_loan(), disbursed_loan()
    repayment_post(one.number, "4000.00", FEB15, "a")
    repayment_post(one.number, "4884.88", FEB15, "b")
    result = repayments_post_batch([RepaymentLine(other.number, "4000.00", "c"),
                                    RepaymentLine(other.number, "4884.88", "d")], FEB15)
    assert sorted(result.posted) == [0, 1]
    assert _state(one) == _state(other)
    assert dues(other)[0].settled_on == FEB15


def test_bad_lines_are_refused_alone_with_the_reason_and_write_nothing() -> None:
    good = disbursed_loan()
    pending = book()
    before = AuditEvent.objects.count()
    result = repayments_post_batch([
        RepaymentLine(good.number, "8884.88", "ok-1"),
        RepaymentLine("AL99999999", "100.00", "no-loan"),
        RepaymentLine(good.number, "-5", "negative"),
        RepaymentLine(good.number, "1.001", "three-decimals"),
        RepaymentLine(pending.number, "100.00", "pending"),
        RepaymentLine(good.number, "10.00", "bad-channel", channel="pigeon"),
    ], FEB15)
    assert sorted(result.posted) == [0]
    assert {n: e.field for n, e in result.refused.items()} == {
        1: "loan", 2: "amount", 3: "amount", 4: "status", 5: "channel"}
    assert "no loan AL99999999" in result.refused[1].message
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1
    assert AuditEvent.objects.count() == before + 1
    assert result.as_json()["refusals"][0] == {"line": 2, "field": "loan", "message": "no loan AL99999999"}


def test_backdated_lines_are_refused_like_single_postings() -> None:
    loan = disbursed_loan()
    repayment_post(loan.number, "100.00", MAR15, "later")
    result = repayments_post_batch([RepaymentLine(loan.number, "100.00", "earlier")], FEB15)
    assert result.refused[0].field == "business_date"


def test_keys_replay_across_files_and_within_one_and_a_changed_body_is_refused() -> None:
    loan = disbursed_loan()
    first = repayments_post_batch([RepaymentLine(loan.number, "8884.88", "k1"),
                                   RepaymentLine(loan.number, "8884.88", "k1")], FEB15)
    assert sorted(first.posted) == [0] and first.replayed[1].pk == first.posted[0].pk
    again = repayments_post_batch([RepaymentLine(loan.number, "8884.88", "k1"),
                                   RepaymentLine(loan.number, "1.00", "k1")], FEB15)
    assert again.replayed[0].pk == first.posted[0].pk
    assert again.refused[1].field == "idempotency_key"
    single = repayment_post(loan.number, "8884.88", FEB15, "k1", channel="bank_transfer")
    assert single.pk == first.posted[0].pk
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1


def test_many_loans_in_chunks_balance_and_keep_the_audit_chain() -> None:
    loans = [disbursed_loan() for _ in range(5)]
    file = [RepaymentLine(loan.number, "8884.88", f"m-{n}") for n, loan in enumerate(loans)]
    file += [RepaymentLine(loan.number, "8884.88", f"m2-{n}") for n, loan in enumerate(loans)]
    seen: list[tuple[int, int]] = []
    result = repayments_post_batch(file, FEB15, chunk=3, progress=lambda done, total: seen.append((done, total)))
    assert len(result.posted) == 10 and seen[-1] == (10, 10) and len(seen) == 4
    for loan in loans:
        loan.refresh_from_db()
        assert loan.credit_balance == D("8884.88")  # instalment 2 is not due yet: kept as credit
    assert audit_verify().ok


def test_the_last_payment_pays_the_loan_off_and_a_later_line_of_the_file_is_refused() -> None:
    one, other = disbursed_loan(installments=2), disbursed_loan(installments=2)
    instalment = dues(one)[0].principal + dues(one)[0].interest
    last = dues(one)[1].principal + dues(one)[1].interest
    repayment_post(one.number, instalment, FEB15, "s1")
    repayment_post(one.number, last, MAR15, "s2")
    repayments_post_batch([RepaymentLine(other.number, instalment, "b1")], FEB15)
    result = repayments_post_batch([RepaymentLine(other.number, last, "b2"),
                                    RepaymentLine(other.number, "10.00", "b3")], MAR15)
    assert sorted(result.posted) == [0] and result.refused[1].field == "status"
    assert _state(one) == _state(other)
    assert _state(other)[0][0] == "paid_off" and _state(other)[0][4] == MAR15


def test_a_file_writes_the_same_transactions_lines_and_audit_as_single_postings() -> None:
    """The file's rows are written as plain tuples (COPY with reserved keys on PostgreSQL); read
    back they equal what ``repayment_post`` writes through the ORM."""
    one, other = disbursed_loan(), disbursed_loan()
    payments = [("8884.88", FEB15), ("9000.00", MAR15), ("1.00", MAR15)]
    for n, (amount, day) in enumerate(payments):
        repayment_post(one.number, amount, day, f"s-{n}", channel="bank_transfer", external_ref=f"ref-{n}")
        repayments_post_batch([RepaymentLine(other.number, amount, f"f-{n}", external_ref=f"ref-{n}")], day)

    def txns(loan: Loan) -> list[tuple[object, ...]]:
        out = []
        for t in LoanTransaction.objects.filter(loan=loan, kind="repayment").order_by("pk"):
            rows = [{k: v for k, v in row.items() if k != "due"} for row in t.allocation["rows"]]
            entry = t.journal_entry
            out.append((t.business_date, t.amount, t.principal, t.interest, t.fee, t.penalty, t.overpayment,
                        t.channel, t.external_ref, t.created_by_id, rows, entry.entry_date, entry.kind,
                        entry.description.replace(loan.number, "L"), entry.reference.replace(loan.number, "L"),
                        entry.idempotency_key,
                        [(line.account_id, line.entry_date, line.debit, line.credit, line.currency,
                          line.subledger.replace(loan.number, "L"))
                         for line in entry.lines.order_by("pk")]))
        return out

    def events(loan: Loan) -> list[tuple[object, ...]]:
        return [(e.action, e.business_date, e.actor_name, e.before,
                 {k: v for k, v in (e.after or {}).items() if k not in ("transaction", "batch")})
                for e in AuditEvent.objects.filter(object_id=loan.number, action="loan.repayment_post").order_by("seq")]

    assert txns(one) == txns(other) and len(txns(other)) == 3
    assert events(one) == events(other) and len(events(other)) == 3
    last = AuditEvent.objects.filter(object_id=other.number, action="loan.repayment_post").order_by("seq").last()
    assert last is not None and last.after["transaction"] == LoanTransaction.objects.filter(loan=other).latest("pk").pk
    assert audit_verify().ok
