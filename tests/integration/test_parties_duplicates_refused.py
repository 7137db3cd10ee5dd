"""Duplicates are refused with a clear error: a resident ID, a USCC, a login linked twice; and two
registrations of one ID racing on PostgreSQL end with exactly one borrower."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connections

from autolend.identity.models import Role, User
from autolend.parties.errors import PartyError
from autolend.parties.models import Borrower
from autolend.parties.services import borrower_register, dealer_register

TODAY = date(2025, 3, 1)
DEALER = {"name": "北京某某汽车销售服务有限公司", "bank_account_name": "北京某某汽车销售服务有限公司",
          "bank_account_number": "110060149018800012345", "bank_name": "交通银行北京分行"}


@pytest.mark.django_db
def test_the_same_resident_id_cannot_register_twice_in_any_spelling() -> None:
    borrower_register(name="张伟", resident_id="11010519491231002X", mobile="13800138000", as_of=TODAY)
    with pytest.raises(PartyError) as caught:
        borrower_register(name="张伟", resident_id="110105 19491231 002x", mobile="13900139000", as_of=TODAY)
    assert (caught.value.field, caught.value.issues[0].code) == ("resident_id", "resident_id_taken")
    assert caught.value.message == "A borrower with this resident ID number is already registered."
    assert Borrower.objects.count() == 1


@pytest.mark.django_db
def test_the_same_uscc_cannot_register_twice() -> None:
    dealer_register(uscc="91110000600037341L", **DEALER)
    with pytest.raises(PartyError) as caught:
        dealer_register(uscc="91110000600037341l", **DEALER)
    assert caught.value.issues[0].code == "uscc_taken"


@pytest.mark.django_db
def test_a_login_belongs_to_one_borrower() -> None:
    user = User.objects.create_user(username="zhangwei", password="x", role=Role.BORROWER)
    borrower_register(name="张伟", resident_id="11010519491231002X", mobile="13800138000", as_of=TODAY, user=user)
    with pytest.raises(PartyError) as caught:
        borrower_register(name="李娜", resident_id="360426199101010071", mobile="13900139000", as_of=TODAY, user=user)
    assert [(i.field, i.code) for i in caught.value.issues] == [("user", "user_taken")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_registrations_of_one_id_make_one_borrower() -> None:
    start = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def register() -> None:
        try:
            start.wait()
            borrower_register(name="张伟", resident_id="11010519491231002X", mobile="13800138000", as_of=TODAY)
            outcomes.append("registered")
        except PartyError as exc:
            outcomes.append(exc.issues[0].code)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(outcomes) == ["registered", "resident_id_taken"]
    assert Borrower.objects.count() == 1
