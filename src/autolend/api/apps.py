from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "autolend.api"
    label = "api"
    verbose_name = "API"
