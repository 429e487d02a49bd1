"""Admin pages of the programme's subsidy area.

Schemes and their funding schedule are kept here by the programme office (and
administrators); applications, their amounts, the audit trail and the decision letters are
read-only: they change only through the services (and so always with an audit row).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegwijs.core.admin import ReadOnlyAdmin
from wegwijs.programme.subsidy.models import (
    SubsidyApplication,
    SubsidyApplicationLine,
    SubsidyBudgetYear,
    SubsidyDecisionLetter,
    SubsidyEvent,
    SubsidyLineAmount,
    SubsidyScheme,
)


class SubsidyBudgetYearInline(admin.TabularInline):
    model = SubsidyBudgetYear
    extra = 0
    fields = ("year", "amount")


@admin.register(SubsidyScheme)
class SubsidySchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "deadline", "is_demo"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [SubsidyBudgetYearInline]


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SubsidyLineInline(_ReadOnlyInline):
    model = SubsidyApplicationLine
    fields = ("library", "start_year", "live")
    readonly_fields = fields


class SubsidyEventInline(_ReadOnlyInline):
    model = SubsidyEvent
    fields = ("at", "action", "from_state", "to_state", "user", "changes")
    readonly_fields = fields


@admin.register(SubsidyApplication)
class SubsidyApplicationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "applicant", "state", "scheme", "created_at", "decided_at"]
    list_filter = ["state", "scheme"]
    search_fields = ["reference", "applicant__name"]
    date_hierarchy = "created_at"
    inlines = [SubsidyLineInline, SubsidyEventInline]


@admin.register(SubsidyLineAmount)
class SubsidyLineAmountAdmin(ReadOnlyAdmin):
    list_display = ["line", "year", "requested", "granted", "paid", "settled"]
    list_filter = ["year"]


@admin.register(SubsidyEvent)
class SubsidyEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "application", "action", "from_state", "to_state", "user"]
    list_filter = ["action"]
    date_hierarchy = "at"


@admin.register(SubsidyDecisionLetter)
class SubsidyDecisionLetterAdmin(ReadOnlyAdmin):
    list_display = ["application", "decision", "issued_at"]
    list_filter = ["decision"]
