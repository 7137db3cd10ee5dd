"""Back-office pages for collections, included at /backoffice/collections/ (namespace "collections")."""

from django.urls import path

from autolend.collections import views, views_agencies, views_strategy

app_name = "collections"

urlpatterns = [
    path("", views.cases, name="cases"),
    path("cases/<int:case_id>/", views.case, name="case"),
    path("cases/<int:case_id>/<str:action>/", views.case_action, name="case_action"),
    path("watchlist/", views.watchlist, name="watchlist"),
    path("report/", views.report, name="report"),
    path("agencies/", views_agencies.agencies, name="agencies"),
    path("agencies/<int:agency_id>/pay/", views_agencies.agency_pay, name="agency_pay"),
    path("strategy/", views_strategy.strategy, name="strategy"),
    path("strategy/propose/", views_strategy.strategy_propose, name="strategy_propose"),
    path("strategy/<int:strategy_id>/<str:action>/", views_strategy.strategy_decide, name="strategy_decide"),
]
