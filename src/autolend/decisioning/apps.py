from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisioningConfig(AppConfig):
    name = "autolend.decisioning"
    label = "decisioning"
    verbose_name = _("Decisioning")
