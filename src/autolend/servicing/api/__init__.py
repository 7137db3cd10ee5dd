"""The servicing API (mounted at ``/api/v1/`` by ``api.routers``): ``/loans/…``,
``/approvals/…``, ``/webhooks/payments``, ``/payments/bank-files``, ``/ledger/trial-balance``, ``/reconcile``, ``/eod``.

Staff sign in with Django's session (CSRF-checked writes); each endpoint checks the role's
permission (``identity.permissions``): signed out 401, not allowed 403, both JSON. Refused
operations: 404 / 403 (maker-checker) / 409 (state, decided request, reused idempotency key), bad
input 422 naming the field. Amounts are decimal strings.
"""

from ninja import Router

from autolend.servicing.api.approvals import router as approvals_router
from autolend.servicing.api.bank_files import router as bank_files_router
from autolend.servicing.api.books import router as books_router
from autolend.servicing.api.loans import router as loans_router
from autolend.servicing.api.webhooks import router as webhooks_router

router = Router()
router.add_router("/loans/", loans_router)
router.add_router("/approvals/", approvals_router)
router.add_router("/webhooks/", webhooks_router)
router.add_router("/payments/", bank_files_router)
router.add_router("/", books_router)

__all__ = ["router"]
