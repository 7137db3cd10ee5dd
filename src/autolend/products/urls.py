"""Product and pricing configuration pages, under ``/backoffice/products/`` (namespace ``products``)."""

from django.urls import path

from autolend.products import views

app_name = "products"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("<str:code>/", views.product_page, name="detail"),
    path("<str:code>/versions/", views.version_submit, name="version_submit"),
    path("versions/<int:pk>/approve/", views.version_approve, name="version_approve"),
    path("versions/<int:pk>/reject/", views.version_reject, name="version_reject"),
]
