"""Admin pages of the programme's training area.

The trainings on offer and the threshold can be kept here. People, their dates and sessions
are viewable and deletable only: the pages check who may see names and keep them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegwijs.programme.training.models import (
    TrainingPerson,
    TrainingPolicy,
    TrainingRecord,
    TrainingSession,
    TrainingType,
)


class _ViewAndDelete(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TrainingType)
class TrainingTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "required", "active", "position"]
    list_filter = ["kind", "required", "active"]
    readonly_fields = ["is_builtin"]


@admin.register(TrainingPolicy)
class TrainingPolicyAdmin(admin.ModelAdmin):
    list_display = ["min_trained_per_hour", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not TrainingPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TrainingRecordInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0
    fields = ("training", "started_on", "completed_on", "session")
    readonly_fields = ("training", "started_on", "completed_on", "session")


@admin.register(TrainingPerson)
class TrainingPersonAdmin(_ViewAndDelete):
    list_display = ["pk", "library", "role", "left_on", "updated_at"]
    list_filter = ["role", ("left_on", admin.EmptyFieldListFilter)]
    search_fields = ["library__name"]
    exclude = ["name"]  # the name is for the library's coordinator and its POI
    inlines = [TrainingRecordInline]


@admin.register(TrainingSession)
class TrainingSessionAdmin(_ViewAndDelete):
    list_display = ["date", "training", "place", "organiser"]
    list_filter = ["training", "organiser__kind"]
    date_hierarchy = "date"
