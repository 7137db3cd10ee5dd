"""`autolend payments import --file CSV --date D`: a bank file posts line by line; refused lines are
listed with their line number (exit 1) and write nothing; a replayed file posts nothing new; an
unreadable file exits 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.integration.interfaces_fixtures import INSTALMENT, active_loan, run

from autolend.servicing.models import LoanTransaction
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loan() -> None:
    fresh_books()
    active_loan()


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "bank.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_bank_file_posts_and_a_replay_posts_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _file(tmp_path, f"loan,amount,key,external_ref\nAL00000001,{INSTALMENT},bank-1,BOC-778\n")
    status, out, err = run(capsys, "payments", "import", "--file", path, "--date", "2024-02-15")
    assert status == 0 and out.strip() == "1 posted, 0 replayed, 0 refused" and "1/1 lines" in err
    txn = LoanTransaction.objects.get(idempotency_key="bank-1")
    assert (txn.channel, txn.external_ref, str(txn.principal)) == ("bank_transfer", "BOC-778", "7884.88")
    status, out, _ = run(capsys, "payments", "import", "--file", path, "--date", "2024-02-15")
    assert status == 0 and out.strip() == "0 posted, 1 replayed, 0 refused"
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1


def test_refused_lines_are_listed_and_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _file(tmp_path, f"loan,amount,key\nAL00000001,{INSTALMENT},ok\nAL00000999,10.00,nope\nAL00000001,x,bad\n")
    status, out, _ = run(capsys, "payments", "import", "--file", path, "--date", "2024-02-15")
    assert status == 1
    assert out.splitlines() == ["1 posted, 0 replayed, 2 refused", "line 2: loan: no loan AL00000999",
                                "line 3: amount: 'x' is not an amount in yuan"]


def test_a_file_without_the_columns_exits_2_and_writes_nothing(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    path = _file(tmp_path, "account,sum\n1,2\n")
    status, _, err = run(capsys, "payments", "import", "--file", path, "--date", "2024-02-15")
    assert status == 2 and "no column amount, key, loan" in err
    status, _, err = run(capsys, "payments", "import", "--file", str(tmp_path / "missing.csv"), "--date", "2024-02-15")
    assert status == 2 and "cannot read" in err
    assert not LoanTransaction.objects.filter(kind="repayment").exists()
