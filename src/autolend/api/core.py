"""The one NinjaAPI instance. Routers are attached in autolend.api.routers."""

from ninja import NinjaAPI

from autolend.api.errors import install_exception_handlers

api = NinjaAPI(title="autolend API", version="1", urls_namespace="api-v1")
install_exception_handlers(api)
