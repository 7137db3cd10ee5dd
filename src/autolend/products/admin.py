"""Back-office views of the catalogue. Versions change only through the maker-checker services:
the admin shows them and offers "approve" / "reject" actions run as the signed-in checker; caps are
regulatory data (edited by migration), except the lender's policy value."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from autolend.products.errors import ProductError
from autolend.products.models import Product, ProductVersion, RegulatoryCap
from autolend.products.services import product_version_approve, regulatory_cap_policy_set


class VersionInline(admin.TabularInline):
    model = ProductVersion
    extra = 0
    can_delete = False
    fields = ("version", "status", "effective_from", "effective_to", "rate_min", "rate_max", "maker", "checker")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "name_zh", "name_en", "display_order")
    list_filter = ("kind",)
    search_fields = ("code", "name_zh", "name_en")
    readonly_fields = ("code", "kind", "created_at")
    inlines = [VersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # products_create / the seed: every product gets an audit event

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProductVersion)
class ProductVersionAdmin(admin.ModelAdmin):
    list_display = ("product", "version", "status", "effective_from", "effective_to", "rate_min", "rate_max",
                    "maker", "checker")
    list_filter = ("status", "product__kind")
    search_fields = ("product__code", "product__name_zh", "product__name_en")
    actions = ["approve_selected"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in ProductVersion._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Approve the selected versions (as checker)"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[ProductVersion]) -> None:
        for version in queryset.order_by("pk"):
            try:
                product_version_approve(version, request.user)
            except ProductError as exc:
                self.message_user(request, f"{version}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, gettext("Approved: %(version)s") % {"version": version}, messages.SUCCESS)


@admin.register(RegulatoryCap)
class RegulatoryCapAdmin(admin.ModelAdmin):
    list_display = ("kind", "scope", "value", "policy_value", "effective_from", "effective_to")
    list_filter = ("kind", "scope")
    readonly_fields = ("kind", "scope", "value", "effective_from", "effective_to", "source")
    fields = ("kind", "scope", "value", "policy_value", "effective_from", "effective_to", "source")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RegulatoryCap, form: Any, change: bool) -> None:
        regulatory_cap_policy_set(obj.pk, obj.policy_value, actor=request.user)  # audited
