"""`seed-demo` makes one user per role, password autolend-demo, and running it again changes nothing."""

from __future__ import annotations

import pytest
from django.utils import translation

from autolend.cli import main
from autolend.identity.models import Role, User
from autolend.identity.services import DEMO_PASSWORD, demo_users_seed

pytestmark = pytest.mark.django_db


def test_one_user_per_role() -> None:
    seeded = demo_users_seed()
    assert [u.username for u in seeded] == [role.value for role in Role]
    assert all(u.created for u in seeded)
    for role in Role:
        user = User.objects.get(username=role.value)
        assert user.role == role
        assert user.check_password(DEMO_PASSWORD)
        assert user.is_superuser is (role is Role.ADMIN)
    assert User.objects.get(username="admin").password.startswith("argon2$")


def test_seeding_twice_changes_nothing() -> None:
    demo_users_seed()
    before = list(User.objects.order_by("pk").values_list("pk", "username", "password"))
    again = demo_users_seed()
    assert not any(u.created for u in again)
    assert list(User.objects.order_by("pk").values_list("pk", "username", "password")) == before


def test_command_prints_the_accounts(capsys: pytest.CaptureFixture[str]) -> None:
    with translation.override("zh-hans"):  # the default language, whatever earlier tests activated
        assert main(["seed-demo", "--no-book"]) == 0  # the book: test_seed_demo_book.py
        out = capsys.readouterr().out
        assert "[10/10]" in out
        assert "senior_underwriter" in out and "高级审批员" in out and DEMO_PASSWORD in out
        assert main(["seed-demo", "--no-book"]) == 0
        assert "0 created, 10 already present" in capsys.readouterr().out


def test_role_labels_are_chinese_in_chinese() -> None:
    with translation.override("zh-hans"):
        labels = [str(role.label) for role in Role]
    assert labels == [
        "借款人", "经销商", "审批员", "高级审批员", "运营", "财务", "催收员", "风险经理", "审计", "管理员",
    ]
