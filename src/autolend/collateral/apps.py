from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CollateralConfig(AppConfig):
    name = "autolend.collateral"
    label = "collateral"
    verbose_name = pgettext_lazy("collateral", "Collateral")
