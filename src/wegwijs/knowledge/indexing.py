"""Articles in the shared search index: published ones are in, others are taken out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models.signals import post_delete, post_save

from wegwijs.search import services as search
from wegwijs.search.engine import Document

KIND = "article"


def document(article: Any) -> Document:
    return Document(
        kind=KIND,
        key=article.slug,
        title=article.title,
        keywords=" ".join(article.keywords),
        summary=f"{article.question} {article.summary}",
        body=" ".join([*article.steps, *article.bring, article.refer]),
        themes=list(article.themes),
        organisations=list(article.organisations),
        data={
            "id": article.pk,
            "summary": article.summary,
            "question": article.question,
            "review_by": article.review_by.isoformat(),
            "owner": article.owner.name if article.owner_id else "",
        },
    )


def _published() -> Iterator[Document]:
    from wegwijs.knowledge.models import Article, Status

    for article in Article.objects.filter(status=Status.PUBLISHED).select_related("owner"):
        yield document(article)


def _saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    from wegwijs.knowledge.models import Status

    if kwargs.get("raw"):
        return
    if instance.status == Status.PUBLISHED:
        search.index(document(instance))
    else:
        search.remove(KIND, instance.slug)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    search.remove(KIND, instance.slug)


def connect() -> None:
    from wegwijs.knowledge.models import Article

    search.register_source(KIND, _published)
    post_save.connect(_saved, sender=Article, dispatch_uid="knowledge-index-save")
    post_delete.connect(_deleted, sender=Article, dispatch_uid="knowledge-index-delete")
