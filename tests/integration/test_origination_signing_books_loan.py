"""Signing the contract (all stipulations cleared or waived, the e-signature accepted) books the
loan in servicing with the product version's terms, pending disbursement approval; the
application ends booked. Refused signatures and open stipulations leave everything unchanged."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.audit.models import AuditEvent
from autolend.identity.models import Role
from autolend.origination import testing as t
from autolend.origination.errors import OriginationError
from autolend.origination.models import ApplicationStatus as S
from autolend.origination.models import ContractStatus
from autolend.origination.services import (
    contract_sign,
    offer_accept,
    partner_token_issue,
    stipulation_waive,
)
from autolend.servicing.models import Loan, LoanStatus
from autolend.servicing.services import disbursement_approve, disbursement_request
from autolend.servicing.testing import fresh_books

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def accepted() -> Any:
    app = t.submit(dealer_row=t.dealer())
    offer_accept(app, app.offers.order_by("rank").first(), as_of=t.AS_OF)
    app.refresh_from_db()
    return app


def waive_all(app: Any) -> None:
    ops = t.user("ops", Role.OPERATIONS)
    for stipulation in app.stipulations.all():
        stipulation_waive(stipulation, actor=ops, reason="checked at the dealer")


def test_signing_books_a_loan_pending_disbursement() -> None:
    fresh_books()  # the payment simulator forgets earlier tests' payouts (loan numbers restart)
    app = accepted()
    waive_all(app)
    contract = contract_sign(app, code="123456", as_of=t.AS_OF)
    app.refresh_from_db()
    assert app.status == S.BOOKED and contract.status == ContractStatus.SIGNED
    assert contract.signature_evidence.startswith("SIG-") and contract.signed_at is not None
    loan = Loan.objects.get(number=contract.loan_number)
    offer = contract.offer
    assert loan.status == LoanStatus.PENDING_DISBURSEMENT
    assert (loan.principal, loan.annual_rate, loan.installments) == (offer.amount, offer.annual_rate, offer.term_months)
    assert loan.product_code == "NEWCAR" and loan.terms["product_version"] == str(app.product_version.version)
    assert Decimal(loan.terms["fee_upfront"]) == offer.fee_upfront
    assert loan.payee_account == app.dealer.bank_account_number and loan.borrower_name == app.borrower.name
    actions = list(AuditEvent.objects.filter(object_type="application", object_id=str(app.pk))
                   .values_list("action", flat=True).order_by("seq"))
    assert actions[-2:] == ["application_contract_signed", "application_booked"]
    # operations then request and approve the payout in servicing (maker ≠ checker)
    request = disbursement_request(loan, t.user("maker", Role.OPERATIONS), t.AS_OF)
    assert disbursement_approve(request, t.user("checker", Role.FINANCE), t.AS_OF).status == LoanStatus.ACTIVE


def test_open_stipulations_block_signing() -> None:
    app = accepted()
    with pytest.raises(OriginationError) as refused:
        contract_sign(app, code="123456", as_of=t.AS_OF)
    assert refused.value.field == "stipulations"
    app.refresh_from_db()
    assert app.status == S.OFFER_ACCEPTED and not Loan.objects.exists()


def test_a_refused_signature_books_nothing() -> None:
    app = accepted()
    waive_all(app)
    with pytest.raises(OriginationError) as refused:
        contract_sign(app, code="000000", as_of=t.AS_OF)
    assert refused.value.field == "code"
    app.refresh_from_db()
    assert app.status == S.OFFER_ACCEPTED and not Loan.objects.exists()


def test_the_whole_path_through_the_api(client: Client) -> None:
    token, raw = partner_token_issue("Partner")
    app = t.submit(channel="partner_api", applicant_changes={"bank_card": "6222020200112233446"})
    app.partner_token = token
    app.save(update_fields=["partner_token"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    offer = app.offers.order_by("rank").first()
    accepted_now = client.post(f"/api/v1/applications/{app.pk}/offers/{offer.pk}/accept", **auth)
    assert accepted_now.status_code == 200 and accepted_now.json()["status"] == "offer_accepted"
    assert accepted_now.json()["contract"]["sha256"]
    again = client.post(f"/api/v1/applications/{app.pk}/offers/{offer.pk}/accept", **auth)
    assert again.status_code == 422 and again.json()["detail"][0]["loc"][-1] == "status"
    waive_all(app)
    signed = client.post(f"/api/v1/applications/{app.pk}/contract/sign", {"code": "246810"},
                         content_type="application/json", **auth)
    assert signed.status_code == 200, signed.content
    body = signed.json()
    assert body["status"] == "booked" and body["contract"]["loan_number"].startswith("AL")
    assert Loan.objects.get(number=body["contract"]["loan_number"]).payee_account == "6222020200112233446"
    assert client.get(f"/api/v1/applications/{app.pk}/contract.pdf", **auth).content.startswith(b"%PDF-")
