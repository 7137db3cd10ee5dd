"""Staff-only parties endpoints: 401 signed out, 403 for a non-staff role; a consent can be
recorded by staff or by the borrower's own login, with the request's IP."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from autolend.api.errors import install_exception_handlers
from autolend.identity.models import Role, User
from autolend.identity.testing import login
from autolend.parties.api import router
from autolend.parties.models import Borrower
from autolend.parties.services import borrower_register

api = NinjaAPI(urls_namespace="test-parties-staff")
install_exception_handlers(api)
api.add_router("/parties/", router)
urlpatterns = [path("api/v1/", api.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

DEALER = {"name": "北京某某汽车销售服务有限公司", "uscc": "91110000600037341L",
          "bank_account_name": "北京某某汽车销售服务有限公司", "bank_account_number": "110060149018800012345",
          "bank_name": "交通银行北京分行"}
CONSENT = {"kind": "credit_pull", "text": "本人授权查询征信。", "text_version": "2025.1", "channel": "web"}


def signed_in(username: str, role: Role) -> Client:
    client = Client()
    login(client, User.objects.create_user(username=username, password="x", role=role))
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/parties/{url}", data=body, content_type="application/json")


@pytest.fixture
def borrower() -> Borrower:
    return borrower_register(name="张伟", resident_id="11010519491231002X", mobile="13800138000",
                             as_of=date(2025, 3, 1))


def test_dealer_registration_needs_staff() -> None:
    assert post(Client(), "dealers", DEALER).status_code == 401
    assert post(signed_in("buyer", Role.BORROWER), "dealers", DEALER).status_code == 403
    response = post(signed_in("ops", Role.OPERATIONS), "dealers", DEALER)
    assert response.status_code == 201 and response.json()["province"] == "北京市"


def test_dealer_field_errors_are_422() -> None:
    response = post(signed_in("ops", Role.OPERATIONS), "dealers", {**DEALER, "uscc": "123"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "uscc"]


def test_consent_by_staff_records_the_ip(borrower: Borrower) -> None:
    response = post(signed_in("uw", Role.UNDERWRITER), f"borrowers/{borrower.pk}/consents", CONSENT)
    assert response.status_code == 201
    assert borrower.consents.get().ip == "127.0.0.1"


def test_consent_by_the_borrower_but_not_by_another(borrower: Borrower) -> None:
    own = User.objects.create_user(username="zhangwei", password="x", role=Role.BORROWER)
    Borrower.objects.filter(pk=borrower.pk).update(user=own)
    client = Client()
    login(client, own)
    assert post(client, f"borrowers/{borrower.pk}/consents", CONSENT).status_code == 201
    assert post(signed_in("other", Role.BORROWER), f"borrowers/{borrower.pk}/consents", CONSENT).status_code == 403
    assert post(Client(), f"borrowers/{borrower.pk}/consents", CONSENT).status_code == 401


def test_identity_check_by_staff(borrower: Borrower) -> None:
    response = post(signed_in("uw", Role.UNDERWRITER), f"borrowers/{borrower.pk}/identity-checks", {})
    assert response.status_code == 201
    assert (response.json()["result"], response.json()["kyc_status"]) == ("match", "verified")
    assert post(signed_in("seller", Role.DEALER), f"borrowers/{borrower.pk}/identity-checks", {}).status_code == 403
