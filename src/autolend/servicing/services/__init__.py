"""Servicing writes: one module per verb, every function one transaction (see ``_common``)."""

from autolend.servicing.services.approvals import approval_reject
from autolend.servicing.services.booking import loan_book
from autolend.servicing.services.charges import penalty_charge
from autolend.servicing.services.disbursement import disbursement_approve, disbursement_request
from autolend.servicing.services.gateway import repayment_from_gateway
from autolend.servicing.services.payoff import payoff_post
from autolend.servicing.services.prepayment import prepayment_post
from autolend.servicing.services.refund import overpayment_refund
from autolend.servicing.services.repayment_batch import RepaymentLine, repayments_post_batch
from autolend.servicing.services.repayments import credit_apply, repayment_post
from autolend.servicing.services.repossession_close import loan_close_by_repossession
from autolend.servicing.services.restructure import restructure_approve, restructure_request
from autolend.servicing.services.reversal import repayment_reverse
from autolend.servicing.services.writeoff import recovery_post, writeoff_approve, writeoff_request

__all__ = [
    "approval_reject", "credit_apply", "disbursement_approve", "disbursement_request", "loan_book",
    "loan_close_by_repossession",
    "overpayment_refund", "payoff_post", "penalty_charge", "prepayment_post", "recovery_post",
    "RepaymentLine", "repayment_from_gateway", "repayment_post", "repayments_post_batch", "repayment_reverse", "restructure_approve",
    "restructure_request", "writeoff_approve", "writeoff_request",
]
