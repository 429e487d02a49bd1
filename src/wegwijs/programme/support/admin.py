"""Admin pages of the programme's support area.

The catalogue can be kept here; trajectories and Soob meetings are viewable and deletable
only: their free text passes the privacy guard in the pages, which the admin would bypass.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegwijs.programme.support.models import (
    SoobMaterial,
    SoobMeeting,
    SoobParticipation,
    SupportActivityType,
    SupportItem,
)


class _ViewAndDelete(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SupportActivityType)
class SupportActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "tier", "category", "offered_everywhere", "active", "position"]
    list_filter = ["tier", "category", "active", "offered_everywhere"]
    filter_horizontal = ["provinces"]
    readonly_fields = ["is_builtin"]


@admin.register(SupportItem)
class SupportItemAdmin(_ViewAndDelete):
    list_display = ["library", "activity", "planned_on", "done_on", "consultant", "updated_at"]
    list_filter = ["activity__tier", "activity"]
    search_fields = ["library__name"]
    date_hierarchy = "planned_on"


class SoobParticipationInline(admin.TabularInline):
    model = SoobParticipation
    extra = 0


class SoobMaterialInline(admin.TabularInline):
    model = SoobMaterial
    extra = 0
    fields = ("title", "filename", "size", "url", "created_at")
    readonly_fields = ("title", "filename", "size", "url", "created_at")


@admin.register(SoobMeeting)
class SoobMeetingAdmin(_ViewAndDelete):
    list_display = ["date", "topic", "organiser", "online", "place"]
    list_filter = ["organiser", "online"]
    date_hierarchy = "date"
    inlines = [SoobParticipationInline, SoobMaterialInline]
