from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisioningConfig(AppConfig):
    name = "autolend.decisioning"
    label = "decisioning"
    verbose_name = _("Decisioning")

    def ready(self) -> None:
        from autolend.decisioning.models import PolicyVersion
        from autolend.refcache import refcache_watch

        refcache_watch(PolicyVersion)  # the versions in force, cached per process
