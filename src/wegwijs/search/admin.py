from django.contrib import admin

from wegwijs.core.admin import ReadOnlyAdmin
from wegwijs.search.models import SearchDocument


@admin.register(SearchDocument)
class SearchDocumentAdmin(ReadOnlyAdmin):
    list_display = ["kind", "key", "title", "version", "deleted", "updated_at"]
    list_filter = ["kind", "deleted"]
    search_fields = ["key", "title"]
