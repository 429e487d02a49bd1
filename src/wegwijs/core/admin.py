"""Admin pieces shared by the apps, and the record of scheduled runs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegwijs.core.models import ScheduledRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only the software writes (audit trails, logs): viewable, never edited."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin):
    list_display = ["job", "due_at", "status", "finished_at", "message"]
    list_filter = ["job", "status"]
    date_hierarchy = "due_at"
