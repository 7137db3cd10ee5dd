"""Where each app's API router is attached. config/urls.py imports `api` from here.

Add one line per router, keeping the imports at the top:

    from autolend.api.quotes import router as quotes_router
from autolend.parties.api import router as parties_router
from autolend.products.api import router as products_router
    api.add_router("/quotes/", quotes_router)
api.add_router("/parties/", parties_router)
api.add_router("/", products_router)  # its paths carry their prefixes: /products/, /regulatory-caps
"""

from autolend.api.core import api
from autolend.api.health import router as health_router
from autolend.api.quotes import router as quotes_router
from autolend.collateral.api import router as collateral_router
from autolend.collateral.api_gps import router as gps_router
from autolend.collections.api import router as collections_router
from autolend.origination.api import router as applications_router
from autolend.parties.api import router as parties_router
from autolend.products.api import router as products_router
from autolend.servicing.api import router as servicing_router

api.add_router("/", health_router)

# --- app routers -------------------------------------------------------------------------------
api.add_router("/quotes/", quotes_router)
api.add_router("/parties/", parties_router)
api.add_router("/", products_router)  # its paths carry their prefixes: /products/, /regulatory-caps
api.add_router("/", servicing_router)  # /loans/, /approvals/, /webhooks/payments, /ledger/…, /reconcile, /eod
api.add_router("/collateral/", collateral_router)
api.add_router("/collections/", collections_router)  # cases, promises, watchlist, report
api.add_router("/gps/", gps_router)  # POST /gps/telemetry: the signed GPS webhook
api.add_router("/applications", applications_router)  # origination: submit, decision, documents, contract

__all__ = ["api"]
