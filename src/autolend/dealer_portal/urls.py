"""Dealer-portal URLs, included under ``/dealer/`` (namespace ``dealer``)."""

from django.urls import path

from autolend.dealer_portal import views

app_name = "dealer"

urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application_page, name="application"),
    path("applications/<int:pk>/documents/", views.document_upload_view, name="document_upload"),
    path("funding/", views.funding, name="funding"),
    path("commissions/", views.commissions, name="commissions"),
    path("commissions.csv", views.commissions_csv, name="commissions_csv"),
]
