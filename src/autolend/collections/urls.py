"""Back-office pages for collections, included at /backoffice/collections/ (namespace "collections")."""

from django.urls import path

from autolend.collections import views

app_name = "collections"

urlpatterns = [
    path("", views.cases, name="cases"),
    path("cases/<int:case_id>/", views.case, name="case"),
    path("cases/<int:case_id>/<str:action>/", views.case_action, name="case_action"),
    path("watchlist/", views.watchlist, name="watchlist"),
    path("report/", views.report, name="report"),
]
