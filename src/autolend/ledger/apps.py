from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "autolend.ledger"
    label = "ledger"
    verbose_name = "Ledger"
