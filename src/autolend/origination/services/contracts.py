"""Accepting an offer and signing the contract (合同签订), which books the loan.

``offer_accept``: the applicant picks one open offer of an approved application; the contract
PDF is rendered (Chinese and English, APR first), stored by its SHA-256, and sent for
e-signature; the application moves to offer_accepted. ``contract_sign``: with every stipulation
cleared or waived, the e-signature is recorded and the loan is booked in servicing
(``loan_book``, status pending disbursement: operations then request and approve the payout),
its car is registered as the loan's collateral (``securing``), and the application moves
contract_signed → booked, all in one transaction.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from autolend.integrations.esign import ESignProvider, Signer, esign_provider
from autolend.integrations.storage import DocumentStorage, StorageError, document_storage
from autolend.origination.contract_facts import contract_facts, loan_setup_of
from autolend.origination.contract_pdf import contract_pdf
from autolend.origination.errors import FieldIssue, OriginationError
from autolend.origination.models import (
    Application,
    ApplicationStatus,
    Contract,
    ContractStatus,
    Offer,
    StipulationStatus,
)
from autolend.origination.services._common import business_date_today, locked, now
from autolend.origination.services.securing import vehicle_secure_at_booking
from autolend.origination.states import move, refuse
from autolend.servicing.errors import ServicingError
from autolend.servicing.services import loan_book
from autolend.servicing.terms import LoanSetup

S = ApplicationStatus


def offer_accept(application: Application | int, offer: Offer | int, *, actor: Any = None, as_of: date | None = None,
                 storage: DocumentStorage | None = None, esign: ESignProvider | None = None) -> Contract:
    """Accept ``offer``; returns the contract sent for signature."""
    day = as_of or business_date_today()
    app = Application.objects.select_related("borrower", "dealer", "product_version__product").get(
        pk=application.pk if isinstance(application, Application) else int(application))
    chosen = Offer.objects.filter(pk=offer.pk if isinstance(offer, Offer) else int(offer), application=app).first()
    if app.status != S.APPROVED:
        raise refuse(app, S.OFFER_ACCEPTED)
    if chosen is None or not chosen.is_active or chosen.accepted_at is not None:
        raise OriginationError.of("offer_id", "offer_not_open")
    setup = loan_setup_of(app, chosen)
    number = f"HT{app.number[2:]}{chosen.rank}"
    facts = contract_facts(app, chosen, number, day, LoanSetup.from_json(setup))
    pdf = contract_pdf(facts)
    sha = _sha256(pdf)
    key = (storage or document_storage()).put(pdf)
    provider = esign or esign_provider()
    borrower = app.borrower
    envelope = provider.envelope_create(sha, f"汽车贷款合同 {number}", Signer(borrower.name, borrower.resident_id,
                                                                         app.mobile))
    with transaction.atomic():
        current = locked(app)
        if current.status != S.APPROVED:
            raise refuse(current, S.OFFER_ACCEPTED)
        stamp = now()
        Offer.objects.filter(application=current, is_active=True).exclude(pk=chosen.pk).update(is_active=False)
        Offer.objects.filter(pk=chosen.pk).update(accepted_at=stamp)
        contract = Contract.objects.create(
            application=current, offer=chosen, number=number, storage_key=key, sha256=sha, size=len(pdf),
            loan_setup=setup, esign_provider=envelope.provider, envelope_id=envelope.envelope_id, created_at=stamp,
        )
        move(current, S.OFFER_ACCEPTED, actor=actor, business_date=day, offer_id=chosen.pk, contract=number,
             contract_sha256=sha, envelope_id=envelope.envelope_id, apr_compound=str(chosen.apr_compound))
        current.updated_at = stamp
        current.save(update_fields=["status", "updated_at"])
    return contract


def contract_sign(application: Application | int, *, code: str, actor: Any = None, as_of: date | None = None,
                  storage: DocumentStorage | None = None, esign: ESignProvider | None = None) -> Contract:
    """Record the borrower's e-signature (confirmed by ``code``) and book the loan."""
    day = as_of or business_date_today()
    app = Application.objects.select_related("borrower", "dealer").get(
        pk=application.pk if isinstance(application, Application) else int(application))
    if app.status != S.OFFER_ACCEPTED:
        raise refuse(app, S.CONTRACT_SIGNED)
    contract = app.contracts.filter(status=ContractStatus.SENT).order_by("-pk").first()
    if contract is None:
        raise OriginationError.of("contract", "no_contract")
    if app.stipulations.filter(status__in=(StipulationStatus.REQUESTED, StipulationStatus.RECEIVED)).exists():
        raise OriginationError.of("stipulations", "stipulations_open")
    try:
        stored = (storage or document_storage()).get(contract.storage_key)
    except StorageError as exc:
        raise OriginationError("contract", f"the stored contract cannot be read: {exc}") from None
    if _sha256(stored) != contract.sha256:
        raise OriginationError("contract", "the stored contract does not match its SHA-256")
    borrower = app.borrower
    payee = app.dealer.bank_account_number if app.dealer else borrower.bank_card
    if not payee:  # checked before the signature: a signed contract must be bookable
        raise OriginationError.of("payee_account", "payee_missing")
    result = (esign or esign_provider()).envelope_sign(
        contract.envelope_id, contract.sha256, Signer(borrower.name, borrower.resident_id, app.mobile), code, now())
    if not result.signed:
        raise OriginationError.from_issues([FieldIssue("code", "signature_refused",
                                                       f"The electronic signature was refused: {result.message}",
                                                       "电子签名未通过。")])
    with transaction.atomic():
        current = locked(app)
        if current.status != S.OFFER_ACCEPTED:
            raise refuse(current, S.CONTRACT_SIGNED)
        row = Contract.objects.select_for_update().get(pk=contract.pk)
        try:  # servicing's locks (number sequence, loan) come before any audit event of ours
            loan = loan_book(LoanSetup.from_json(row.loan_setup), borrower_name=borrower.name, borrower=borrower.user,
                             dealer_name=app.dealer.name if app.dealer else "", payee_account=payee,
                             business_date=day, actor=actor)
        except ServicingError as exc:
            raise OriginationError(exc.field, exc.message) from None
        vehicle_secure_at_booking(current, loan, day, actor=actor)  # the car becomes the loan's collateral
        row.status, row.signed_at, row.signature_evidence = ContractStatus.SIGNED, now(), result.evidence
        row.loan_number = loan.number
        row.save(update_fields=["status", "signed_at", "signature_evidence", "loan_number"])
        move(current, S.CONTRACT_SIGNED, actor=actor, business_date=day, contract=row.number,
             evidence=result.evidence, contract_sha256=row.sha256)
        move(current, S.BOOKED, actor=actor, business_date=day, loan_number=loan.number,
             principal=str(loan.principal), lender=getattr(settings, "AUTOLEND_LENDER_NAME", ""))
        current.updated_at = now()
        current.save(update_fields=["status", "updated_at"])
    return row


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()

