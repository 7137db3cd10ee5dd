"""Back-office pages for collateral, included at /backoffice/collateral/ (namespace "collateral")."""

from django.urls import path

from autolend.collateral import views, views_pledge, views_repossession

app_name = "collateral"

urlpatterns = [
    path("", views.index, name="index"),
    path("mortgages/", views.mortgages, name="mortgages"),
    path("mortgages/<int:reg_id>/<str:action>/", views.mortgage_action, name="mortgage_action"),
    path("pledges/", views.pledges, name="pledges"),
    path("pledges/<int:pledge_id>/", views_pledge.pledge, name="pledge"),
    path("pledges/<int:pledge_id>/<str:action>/", views_pledge.pledge_action, name="pledge_action"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:alert_id>/close/", views.alert_action, name="alert_close"),
    path("alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge_view, name="alert_acknowledge"),
    path("repossessions/", views.repossessions, name="repossessions"),
    path("repossessions/<int:order_id>/", views_repossession.order_page, name="repossession"),
    path("repossessions/<int:order_id>/<str:action>/", views_repossession.order_action, name="repossession_action"),
    path("listings/", views.listings, name="listings"),
    path("vehicles/<int:vehicle_id>/", views.vehicle, name="vehicle"),
    path("vehicles/<int:vehicle_id>/pledge/", views_pledge.intake, name="pledge_intake"),
    path("vehicles/<int:vehicle_id>/repossess/", views_repossession.order_create, name="repossession_order"),
]
