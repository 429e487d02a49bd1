"""Admin pages of the programme's contact area. Contact requests are shown without their
contact details or question (and cannot be added or changed here); uploads are read-only
here, because only the materials pages check a file's content."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegwijs.programme.contact.models import (
    ContactExpert,
    ContactRequest,
    ContactRequestEvent,
    NewsItem,
    PromoMaterial,
)


@admin.register(ContactExpert)
class ContactExpertAdmin(admin.ModelAdmin[ContactExpert]):
    list_display = ("poi", "user", "added_at")
    list_filter = ("poi",)
    raw_id_fields = ("user", "added_by")


class ContactRequestEventInline(admin.TabularInline[ContactRequestEvent, ContactRequest]):
    model = ContactRequestEvent
    fields = ("at", "action", "reason", "user")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin[ContactRequest]):
    list_display = ("pk", "poi", "province", "status", "created_at", "handled_at", "outcome")
    list_filter = ("status", "poi", "outcome")
    fields = (
        "poi",
        "province",
        "status",
        "created_at",
        "handled_at",
        "handled_by",
        "outcome",
        "erased_at",
        "reminded_at",
    )
    readonly_fields = fields
    inlines = [ContactRequestEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin[NewsItem]):
    list_display = ("title", "publish_on", "status", "audience", "poi")
    list_filter = ("status", "audience", "poi")
    search_fields = ("title", "summary")
    raw_id_fields = ("created_by",)


@admin.register(PromoMaterial)
class PromoMaterialAdmin(admin.ModelAdmin[PromoMaterial]):
    list_display = ("title", "category", "language", "file_kind", "downloads", "updated_at")
    list_filter = ("category", "language")
    search_fields = ("title", "description")
    readonly_fields = ("file", "file_name", "file_kind", "file_size", "thumbnail", "downloads")
    raw_id_fields = ("created_by",)
