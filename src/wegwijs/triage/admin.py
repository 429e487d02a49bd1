from django.contrib import admin

from wegwijs.core.admin import ReadOnlyAdmin
from wegwijs.triage.models import TriageModel


@admin.register(TriageModel)
class TriageModelAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "examples", "articles", "registrations", "metrics"]
    exclude = ["blob"]
