from django.apps import AppConfig


class ServicingConfig(AppConfig):
    name = "autolend.servicing"
    label = "servicing"
    verbose_name = "Loan servicing"
