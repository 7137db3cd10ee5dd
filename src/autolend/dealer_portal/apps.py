from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealerPortalConfig(AppConfig):
    name = "autolend.dealer_portal"
    label = "dealer_portal"
    verbose_name = _("Dealer portal")
