"""Every API error is JSON, shaped like ninja's 422: {"detail": [...]} or {"detail": "..."}.

Ninja already answers 422 (validation), 404 and HttpError. Added here: 400 for a ValueError that
names the offending `field` and `message` (the kernel's input errors), and JSON 500 for anything
else, also in debug, where ninja would otherwise send a plain-text traceback and Django an HTML page.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI

logger = logging.getLogger("autolend.api")


def install_exception_handlers(api: NinjaAPI) -> None:
    """Register the handlers below on `api` (ninja picks the closest class in the MRO)."""

    def on_value_error(request: HttpRequest, exc: ValueError) -> HttpResponse:
        field = getattr(exc, "field", None)
        message = getattr(exc, "message", None)
        if not isinstance(field, str) or not isinstance(message, str):
            return on_unexpected(request, exc)
        detail = [{"type": "value_error", "loc": ["body", field], "msg": message}]
        return api.create_response(request, {"detail": detail}, status=400)

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("Unhandled error on %s %s", request.method, request.path, exc_info=exc)
        return api.create_response(request, {"detail": "Internal server error"}, status=500)

    api.add_exception_handler(ValueError, on_value_error)
    api.add_exception_handler(Exception, on_unexpected)


def api_not_found(request: HttpRequest) -> HttpResponse:
    """JSON 404 for a path under /api/ that no router serves."""
    return JsonResponse({"detail": "Not Found"}, status=404)
