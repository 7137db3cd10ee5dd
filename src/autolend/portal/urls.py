"""The borrower portal, included under ``/portal/`` (namespace ``portal``)."""

from django.urls import path

from autolend.portal.views import accounts, applications, apply, loans

app_name = "portal"

urlpatterns = [
    path("", applications.home, name="home"),
    path("register/", accounts.register, name="register"),
    path("login/", accounts.login_view, name="login"),
    path("verify/", accounts.verify, name="verify"),
    path("logout/", accounts.logout_view, name="logout"),
    path("sms/", accounts.sms_outbox, name="sms_outbox"),
    path("apply/", apply.apply_start, name="apply"),
    path("apply/<slug:step>/", apply.apply_step, name="apply_step"),
    path("applications/<int:pk>/", applications.application_page, name="application"),
    path("applications/<int:pk>/documents/", applications.document_add, name="document_add"),
    path("applications/<int:pk>/offers/<int:offer_id>/accept/", applications.offer_choose, name="offer_accept"),
    path("applications/<int:pk>/sign/", applications.sign, name="sign"),
    path("applications/<int:pk>/contract.pdf", applications.contract_pdf, name="contract"),
    path("loans/<str:number>/", loans.loan, name="loan"),
    path("loans/<str:number>/pay/<slug:kind>/", loans.pay, name="pay"),
    path("messages/", loans.inbox, name="messages"),
]
