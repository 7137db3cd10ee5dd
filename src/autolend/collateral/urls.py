"""Back-office pages for collateral, included at /backoffice/collateral/ (namespace "collateral")."""

from django.urls import path

from autolend.collateral import views

app_name = "collateral"

urlpatterns = [
    path("", views.index, name="index"),
    path("mortgages/", views.mortgages, name="mortgages"),
    path("mortgages/<int:reg_id>/<str:action>/", views.mortgage_action, name="mortgage_action"),
    path("pledges/", views.pledges, name="pledges"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:alert_id>/close/", views.alert_action, name="alert_close"),
    path("repossessions/", views.repossessions, name="repossessions"),
    path("listings/", views.listings, name="listings"),
    path("vehicles/<int:vehicle_id>/", views.vehicle, name="vehicle"),
]
