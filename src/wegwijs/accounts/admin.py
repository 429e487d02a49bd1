from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "get_full_name",
        "role",
        "organisation",
        "branch",
        "is_active",
        "is_demo",
    ]
    list_filter = ["role", "is_active", "is_demo", "organisation__kind"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "branch"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Wegwijs"), {"fields": ("organisation", "role", "branch", "is_demo")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Wegwijs"), {"fields": ("organisation", "role", "branch")}),
    )
