"""What the contract says, gathered from the application, its accepted offer and the product."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings

from autolend.kernel.schedule import build_schedule
from autolend.origination.contract_pdf import ContractFacts
from autolend.origination.models import Application, Offer
from autolend.parties.kyc import mask
from autolend.products.kernel_settings import loan_setup_json
from autolend.servicing.terms import LoanSetup

FEE_NAMES = {"service": ("服务费", "Service fee"), "gps": ("GPS安装费", "GPS installation fee"),
             "insurance": ("保险费", "Insurance"), "management": ("管理费", "Management fee"),
             "storage": ("停车保管费", "Storage fee")}
METHODS = {"annuity": "等额本息 / equal instalments", "equal-principal": "等额本金 / equal principal",
           "interest-only": "先息后本 / interest only, principal at the end",
           "balloon": "尾款 / balloon", "flat": "平息 / flat rate"}
DEFAULT_LENDER = "autolend 汽车金融（演示） / autolend auto finance (demo)"


def loan_setup_of(app: Application, offer: Offer) -> dict[str, Any]:
    """The loan's ``servicing.terms.LoanSetup`` JSON for the accepted offer (product version's
    schedule settings and servicing rules, the offer's amount, rate, term and balloon)."""
    return loan_setup_json(app.product_version, principal=offer.amount, annual_rate=offer.annual_rate,
                           installments=offer.term_months, method=offer.method,
                           balloon=offer.balloon if offer.balloon > 0 else None)


def contract_facts(app: Application, offer: Offer, number: str, day: date, setup: LoanSetup) -> ContractFacts:
    version = app.product_version
    product = version.product
    fees = []
    for fee in version.fees:
        amount = (Decimal(fee["amount"]) + offer.amount * Decimal(fee["percent"]) / 100).quantize(
            Decimal("0.01"), ROUND_HALF_UP)
        zh, en = FEE_NAMES.get(fee["kind"], (fee["kind"], fee["kind"]))
        if fee["charge"] == "per_installment":
            zh, en = f"{zh}（每期）", f"{en} (each instalment)"
        fees.append((zh, en, amount))
    borrower = app.borrower
    return ContractFacts(
        number=number, date=day.isoformat(),
        lender=getattr(settings, "AUTOLEND_LENDER_NAME", "") or DEFAULT_LENDER,
        borrower_name=borrower.name, borrower_id_masked=mask(borrower.resident_id),
        borrower_mobile_masked=mask(app.mobile, 3, 4), dealer_name=app.dealer.name if app.dealer else "",
        product_name_zh=product.name_zh, product_name_en=product.name_en, product_kind=product.kind,
        vehicle=f"{app.vehicle_make} {app.vehicle_model} {app.vehicle_year}, VIN {app.vin}",
        vehicle_price=app.vehicle_price, down_payment=offer.down_payment, amount=offer.amount,
        term_months=offer.term_months, annual_rate=offer.annual_rate, method=METHODS.get(offer.method, offer.method),
        apr_compound=offer.apr_compound.quantize(Decimal("0.01")), apr_simple=offer.apr_simple.quantize(Decimal("0.01")),
        fees=tuple(fees), total_interest=offer.total_interest, total_cost=offer.total_cost,
        total_repayment=offer.total_repayment, schedule=build_schedule(setup.loan_terms(day)),
    )
