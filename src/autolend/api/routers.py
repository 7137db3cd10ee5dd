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
from autolend.parties.api import router as parties_router
from autolend.products.api import router as products_router

api.add_router("/", health_router)

# --- app routers -------------------------------------------------------------------------------
api.add_router("/quotes/", quotes_router)
api.add_router("/parties/", parties_router)
api.add_router("/", products_router)  # its paths carry their prefixes: /products/, /regulatory-caps

__all__ = ["api"]
