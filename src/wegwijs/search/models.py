"""The search index, kept in the database so that every app process shares it.

Each searchable object (an article, a social-map service...) has one :class:`SearchDocument`
holding its analysed fields. Every change bumps :class:`IndexState` and stamps the document with
the new generation, so a process that built its in-memory index at generation *g* loads only the
documents with ``version > g`` (removed ones are kept as tombstones until the next reindex).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    kind = models.SlugField(_("kind"), max_length=30)
    key = models.CharField(_("key"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    keywords = models.TextField(_("keywords"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    organisations = models.JSONField(_("organisations"), default=list, blank=True)
    data = models.JSONField(_("display data"), default=dict, blank=True)
    version = models.BigIntegerField(_("version"), db_index=True)
    deleted = models.BooleanField(_("removed"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_document_kind_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class IndexState(models.Model):
    """One row: the generation of the index and a token that changes with every bump (a
    rolled-back or restored database is noticed because the token no longer matches)."""

    generation = models.BigIntegerField(default=0)
    token = models.CharField(max_length=32, blank=True)
    #: The generation of the last full rebuild: processes that loaded an older one rebuild too
    #: (a rebuild deletes rows and tombstones, which an incremental update cannot see).
    rebuilt = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index state")

    def __str__(self) -> str:
        return f"generation {self.generation}"
