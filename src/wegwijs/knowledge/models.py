"""Knowledge-base articles in B1 Dutch, with owners, a review cycle and version history."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The fields that make up an article's content (what a version records).
CONTENT_FIELDS = (
    "title",
    "question",
    "summary",
    "steps",
    "bring",
    "refer",
    "links",
    "themes",
    "organisations",
    "keywords",
    "source",
)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=120)
    question = models.CharField(_("question"), max_length=200)
    summary = models.TextField(_("short answer"), max_length=400)
    steps = models.JSONField(_("steps"), default=list)
    bring = models.JSONField(_("what to bring"), default=list, blank=True)
    refer = models.TextField(_("when and to whom to refer"), blank=True)
    links = models.JSONField(_("official links"), default=list, blank=True)
    themes = models.JSONField(_("themes"), default=list)
    organisations = models.JSONField(_("organisations"), default=list)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    source = models.URLField(_("source"), max_length=500)
    #: " digid logius " etc.: every theme and organisation code, for filtering on any database.
    codes = models.CharField(max_length=400, editable=False, db_index=True, default="")
    owner = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    review_by = models.DateField(_("review by"))
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "review_by"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.codes = " " + " ".join([*self.themes, *self.organisations]) + " "
        super().save(*args, **kwargs)

    @property
    def main_theme(self) -> str:
        return self.themes[0] if self.themes else ""

    @property
    def main_organisation(self) -> str:
        return self.organisations[0] if self.organisations else ""

    def is_stale(self, today: date | None = None) -> bool:
        return self.review_by < (today or timezone.localdate())

    def content(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CONTENT_FIELDS}


class ArticleVersion(models.Model):
    """A snapshot of an article after each change: who, when, what it said, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    change = models.CharField(_("change"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"
