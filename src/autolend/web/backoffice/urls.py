"""Back-office URLs, included under ``/backoffice/`` (namespace ``backoffice``)."""

from django.urls import path

from autolend.web.backoffice import approval_views, loan_views, views

app_name = "backoffice"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("loans/", views.loans, name="loans"),
    path("loans/<str:number>/", loan_views.loan, name="loan"),
    path("loans/<str:number>/payments/", loan_views.payment, name="payment"),
    path("loans/<str:number>/disbursement-requests/", loan_views.disbursement_request, name="disbursement_request"),
    path("approvals/", approval_views.approvals, name="approvals"),
    path("approvals/<int:request_id>/approve/", approval_views.approve, name="approve"),
    path("approvals/<int:request_id>/reject/", approval_views.reject, name="reject"),
    path("ledger/trial-balance/", views.trial_balance, name="trial_balance"),
]
