"""Accepting an offer renders the contract PDF (Chinese and English, CJK font, APR first and in
full, fees, collateral terms, schedule), stores it by content and records its SHA-256, which
matches the stored and the downloaded bytes; the same contract renders to the same bytes."""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.identity.models import Role
from autolend.identity.testing import login
from autolend.integrations.storage import LocalFileStorage, document_storage
from autolend.origination import testing as t
from autolend.origination.contract_facts import contract_facts
from autolend.origination.contract_pdf import contract_pdf
from autolend.origination.models import ApplicationStatus as S
from autolend.origination.services import offer_accept
from autolend.servicing.terms import LoanSetup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def text_of(pdf: bytes) -> str:
    """Every content stream, decoded (ASCII85, then Flate, as reportlab writes them), as Latin-1
    text: the English parts are plain strings there."""
    out = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\n?endstream", pdf, re.S):
        data = raw.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2])
        try:
            data = zlib.decompress(data)
        except zlib.error:
            pass
        out.append(data.decode("latin-1").replace("\\(", "(").replace("\\)", ")"))  # PDF string escapes
    return "\n".join(out)


def test_the_contract_shows_the_apr_and_its_hash_matches(settings: Any, client: Client) -> None:
    app = t.submit()
    offer = app.offers.order_by("rank").first()
    contract = offer_accept(app, offer, as_of=t.AS_OF)
    app.refresh_from_db()
    assert app.status == S.OFFER_ACCEPTED
    stored = LocalFileStorage(settings.AUTOLEND_DOCUMENTS_DIR).get(contract.storage_key)
    assert hashlib.sha256(stored).hexdigest() == contract.sha256 and len(stored) == contract.size
    assert stored.startswith(b"%PDF-")
    text = text_of(stored)
    apr = f"{offer.apr_compound:.2f}"
    assert f"Annual percentage rate (APR, compound, IRR method): {apr}%" in text
    assert f"Simple annualised rate (monthly IRR x 12): {offer.apr_simple:.2f}%" in text
    assert "GPS installation fee" in text and "registers a mortgage of the vehicle" in text
    assert b"/FontFile2" in stored and b"WenQuanYi" in stored  # the Chinese font, embedded
    assert contract.loan_setup["principal"] == str(offer.amount) and contract.envelope_id.startswith("ENV-")

    login(client, t.user("uw", Role.UNDERWRITER))
    download = client.get(f"/backoffice/applications/{app.pk}/contract.pdf")
    assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == contract.sha256


def test_the_same_contract_renders_the_same_bytes() -> None:
    app = t.submit()
    offer = app.offers.order_by("rank").first()
    contract = offer_accept(app, offer, as_of=t.AS_OF)
    facts = contract_facts(app, offer, contract.number, t.AS_OF, LoanSetup.from_json(contract.loan_setup))
    assert hashlib.sha256(contract_pdf(facts)).hexdigest() == contract.sha256


def test_a_pledge_contract_has_pledge_terms() -> None:
    """(The demo pledge product's storage fee of 300 a month keeps small loans over the 24 % APR
    cap: the engine offers nothing below about 150,000, so the test borrows 200,000.)"""
    app = t.submit(product_code="PLEDGE", dealer_row=None, channel="borrower_web", vehicle_condition="used",
                   vehicle_price="400000", down_payment="0", amount="200000", term_months=12,
                   applicant_changes={"bank_card": "6222020200112233446", "monthly_income": "60000"})
    assert app.status == S.APPROVED, [h["code"] for h in app.decisions.first().rule_hits]
    contract = offer_accept(app, app.offers.order_by("rank").first(), as_of=t.AS_OF)
    text = text_of(document_storage().get(contract.storage_key))
    assert "custody (pledge)" in text and "registers a mortgage" not in text
