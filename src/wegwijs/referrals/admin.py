"""Referrals in the admin: read-only, and never the (encrypted) contact details."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegwijs.core.admin import ReadOnlyAdmin
from wegwijs.referrals.models import Referral, ReferralEvent


class ReferralEventInline(admin.TabularInline):
    model = ReferralEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_status", "to_status", "reason", "user")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "kind", "status", "service_name", "branch", "partner"]
    list_filter = ["kind", "status"]
    date_hierarchy = "created_at"
    exclude = ["contact_encrypted"]
    inlines = [ReferralEventInline]


@admin.register(ReferralEvent)
class ReferralEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "referral", "action", "from_status", "to_status", "reason", "user"]
    list_filter = ["action"]
    date_hierarchy = "at"
