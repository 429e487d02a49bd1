"""The monitor's records in the admin: who gets the quarterly report, what was sent, and the
open data as published (read-only: a release must stay as first published)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegwijs.monitor.models import OpenDataRelease, ReportDelivery, ReportSubscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["user", "year", "quarter", "sent_at", "attempts", "last_error"]
    list_filter = ["year", "quarter"]
    search_fields = ["user__username"]


@admin.register(OpenDataRelease)
class OpenDataReleaseAdmin(ReadOnlyAdmin):
    list_display = ["year", "quarter", "created_at"]
    exclude = ["content"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
