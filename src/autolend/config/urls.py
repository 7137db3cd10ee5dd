"""The site's URL map. API routers are attached in autolend.api.routers, not here."""

from django.contrib import admin
from django.urls import include, path, re_path

from autolend.api.errors import api_not_found
from autolend.api.routers import api

urlpatterns = [
    path("", include("autolend.web.urls")),
    path("accounts/", include("autolend.identity.urls")),
    path("portal/", include("autolend.portal.urls")),
    path("backoffice/collateral/", include("autolend.collateral.urls")),
    path("backoffice/collections/", include("autolend.collections.urls")),
    path("backoffice/applications/", include("autolend.origination.urls")),
    path("backoffice/products/", include("autolend.products.urls")),
    path("dealer/", include("autolend.dealer_portal.urls")),
    path("backoffice/", include("autolend.web.backoffice.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language at /i18n/setlang/
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),  # JSON, not Django's HTML 404, for unknown API paths
]
