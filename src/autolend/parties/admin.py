"""Back-office views of parties. Registration and changes go through ``parties.services`` (the
API), so KYC checks and the audit trail always apply: the admin reads, and edits only free text."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from autolend.parties.models import Borrower, ConsentRecord, Dealer, DealerStaff, IdentityCheck


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class IdentityCheckInline(admin.TabularInline):
    model = IdentityCheck
    extra = 0
    can_delete = False
    fields = ("checked_at", "provider", "result", "factors", "mismatched", "reference")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ConsentInline(IdentityCheckInline):
    model = ConsentRecord  # type: ignore[assignment]
    fields = ("kind", "text_version", "text_hash", "granted_at", "channel", "ip", "revoked_at")
    readonly_fields = fields


@admin.register(Borrower)
class BorrowerAdmin(_ReadOnly):
    list_display = ("name", "resident_id", "mobile", "kyc_status", "monthly_income", "created_at")
    list_filter = ("kyc_status", "sex", "id_province")
    search_fields = ("name", "resident_id", "mobile")
    readonly_fields = ("name", "resident_id", "birth_date", "sex", "id_province", "mobile", "monthly_income",
                       "bank_card", "user", "kyc_status", "created_at")
    inlines = [ConsentInline, IdentityCheckInline]


class DealerStaffInline(IdentityCheckInline):
    model = DealerStaff  # type: ignore[assignment]
    fields = ("user", "is_active", "created_at")
    readonly_fields = fields


@admin.register(Dealer)
class DealerAdmin(_ReadOnly):
    list_display = ("name", "uscc", "province", "status", "bank_name", "created_at")
    list_filter = ("status", "province")
    search_fields = ("name", "uscc")
    readonly_fields = ("uscc", "status", "bank_account_name", "bank_account_number", "bank_name", "created_at")
    inlines = [DealerStaffInline]


@admin.register(DealerStaff)
class DealerStaffAdmin(_ReadOnly):
    list_display = ("user", "dealer", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("user__username", "dealer__name")
    readonly_fields = ("dealer", "user", "is_active", "created_at")


@admin.register(ConsentRecord)
class ConsentRecordAdmin(_ReadOnly):
    list_display = ("borrower", "kind", "text_version", "channel", "granted_at", "revoked_at")
    list_filter = ("kind", "channel")
    search_fields = ("borrower__name", "borrower__resident_id", "text_hash")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(IdentityCheck)
class IdentityCheckAdmin(_ReadOnly):
    list_display = ("borrower", "provider", "result", "checked_at", "reference")
    list_filter = ("result", "provider")
    search_fields = ("borrower__name", "reference")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
