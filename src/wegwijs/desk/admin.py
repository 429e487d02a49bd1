from django.contrib import admin

from wegwijs.core.admin import ReadOnlyAdmin
from wegwijs.desk.models import Question, Visit, VisitChange


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "branch", "channel", "duration", "registered_by"]
    list_filter = ["channel", "duration", "branch__organisation__province"]
    date_hierarchy = "occurred_at"
    search_fields = ["branch__name", "branch__organisation__name"]
    raw_id_fields = ["branch", "registered_by"]
    inlines = [QuestionInline]


@admin.register(VisitChange)
class VisitChangeAdmin(ReadOnlyAdmin):
    """The audit trail is read-only, also for administrators."""

    list_display = ["at", "action", "visit_id_ref", "branch", "user"]
    list_filter = ["action"]
    date_hierarchy = "at"
