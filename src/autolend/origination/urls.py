"""Back-office application pages, included under ``/backoffice/applications/`` (namespace ``origination``)."""

from django.urls import path

from autolend.origination import views

app_name = "origination"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("<int:pk>/", views.application_page, name="detail"),
    path("<int:pk>/review/", views.application_review_view, name="review"),
    path("<int:pk>/stipulations/", views.stipulation_request_view, name="stipulation_request"),
    path("<int:pk>/stipulations/<int:stipulation_id>/", views.stipulation_action_view, name="stipulation_action"),
    path("<int:pk>/documents/<int:document_id>/", views.document_download, name="document"),
    path("<int:pk>/contract.pdf", views.contract_download, name="contract"),
]
