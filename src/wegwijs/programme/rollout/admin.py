"""Admin pages of the programme's rollout area.

Adding and changing goes through the rollout pages (their services check dates, rights and
the privacy guard); the admin shows the records, and may delete a wave's plan or a step.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegwijs.core.admin import ReadOnlyAdmin
from wegwijs.programme.rollout.models import (
    LibraryRollout,
    RolloutStep,
    RolloutStepProgress,
    RolloutWave,
)


class DeletableAdmin(ReadOnlyAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(RolloutWave)
class RolloutWaveAdmin(DeletableAdmin):
    list_display = ["code", "planned_libraries", "planned_start"]


@admin.register(RolloutStep)
class RolloutStepAdmin(DeletableAdmin):
    list_display = ["title", "position", "due_offset_days", "suggestion", "active"]
    list_filter = ["active"]


@admin.register(LibraryRollout)
class LibraryRolloutAdmin(ReadOnlyAdmin):
    list_display = ["library", "planned_opening", "actual_opening", "area_kind"]
    list_filter = ["library__wave", "library__province", "area_kind"]
    search_fields = ["library__name"]


@admin.register(RolloutStepProgress)
class RolloutStepProgressAdmin(ReadOnlyAdmin):
    list_display = ["library", "step", "due_date", "done_on", "done_by"]
    list_filter = ["step", "library__province"]
    search_fields = ["library__name"]
    exclude = ["evidence_file"]
