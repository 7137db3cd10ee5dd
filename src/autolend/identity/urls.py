"""Sign-in (password, then for staff a two-factor code) and sign-out, under /accounts/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from autolend.identity import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("two-factor/", views.two_factor_verify, name="two_factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),  # POST only
]
