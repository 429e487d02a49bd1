from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegwijs.core.admin import ReadOnlyAdmin
from wegwijs.knowledge.models import Article, ArticleVersion


class VersionInline(admin.TabularInline):
    model = ArticleVersion
    extra = 0
    fields = ("number", "change", "status", "author", "created_at")
    readonly_fields = ("number", "change", "status", "author", "created_at")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    """Articles are written on /kennisbank/ (validation, privacy guard, versions, index);
    the admin shows them."""

    list_display = ["title", "owner", "status", "review_by", "version", "updated_at"]
    list_filter = ["status", "owner"]
    search_fields = ["title", "slug", "question"]
    inlines = [VersionInline]
