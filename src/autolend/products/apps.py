from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "autolend.products"
    label = "products"
    verbose_name = _("Products")

    def ready(self) -> None:
        from autolend.products.models import Product, ProductVersion, RegulatoryCap
        from autolend.refcache import refcache_watch

        refcache_watch(Product, ProductVersion, RegulatoryCap)  # the versions in force, cached per process
