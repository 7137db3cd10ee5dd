from django.urls import path

from autolend.web.views import CalculatorView, HomeView

app_name = "web"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("calculator/", CalculatorView.as_view(), name="calculator"),
]
