from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from autolend.identity.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "role", "email", "phone", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "email", "phone", "first_name", "last_name")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Platform"), {"fields": ("role", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Platform"), {"fields": ("role", "phone")}),
    )


def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin site signs in through /accounts/login/ (lockout, audit, the staff code step)
    rather than its own password form, which would bypass them."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _admin_login  # type: ignore[method-assign]
