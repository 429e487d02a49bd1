"""The one search service of Wegwijs.

Apps put their searchable objects in with :func:`index` / :func:`remove` (in the same
transaction as the change itself, so the index never disagrees with the content) and register
a source for full rebuilds with :func:`register_source`. :func:`search` answers from an
in-memory :class:`~wegwijs.search.engine.Index` per process, which is brought up to date from
the database before each search: a one-row read when nothing changed, only the changed
documents otherwise. Works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet

from wegwijs.search.engine import Document, Hit, Index, QueryTerm
from wegwijs.search.models import IndexState, SearchDocument

Source = Callable[[], Iterable[Document]]
_sources: dict[str, Source] = {}

_lock = threading.Lock()
_index: Index | None = None
_state: tuple[int, str] = (-1, "")


def register_source(kind: str, source: Source) -> None:
    """``source()`` yields every document of ``kind``; used by :func:`reindex`."""
    _sources[kind] = source


def _bump() -> int:
    """A new generation, under a row lock so that generations commit in order."""
    state, _created = IndexState.objects.select_for_update().get_or_create(pk=1)
    IndexState.objects.filter(pk=1).update(generation=F("generation") + 1, token=uuid.uuid4().hex)
    return state.generation + 1


def _fields(doc: Document) -> dict[str, object]:
    values = asdict(doc)
    values["themes"] = list(doc.themes)
    values["organisations"] = list(doc.organisations)
    values["title"] = doc.title[:300]
    return {k: v for k, v in values.items() if k not in ("kind", "key")}


def index(doc: Document) -> None:
    """Add or replace one document."""
    with transaction.atomic():
        generation = _bump()
        SearchDocument.objects.update_or_create(
            kind=doc.kind,
            key=doc.key,
            defaults={**_fields(doc), "version": generation, "deleted": False},
        )


def remove(kind: str, key: str) -> None:
    """Take one document out (kept as a tombstone so other processes notice)."""
    with transaction.atomic():
        if not SearchDocument.objects.filter(kind=kind, key=key, deleted=False).exists():
            return
        generation = _bump()
        SearchDocument.objects.filter(kind=kind, key=key).update(
            deleted=True, version=generation, body="", summary="", keywords=""
        )


def reindex(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the documents of ``kinds`` (all registered kinds by default) from their
    sources, all-or-nothing; removes tombstones. Returns the number of documents per kind."""
    chosen = list(kinds) if kinds is not None else sorted(_sources)
    counts: dict[str, int] = {}
    with transaction.atomic():
        generation = _bump()
        for kind in chosen:
            docs = list(_sources[kind]())
            SearchDocument.objects.filter(kind=kind).delete()
            SearchDocument.objects.bulk_create(
                SearchDocument(kind=d.kind, key=d.key, version=generation, **_fields(d))
                for d in docs
            )
            counts[kind] = len(docs)
        SearchDocument.objects.filter(deleted=True).delete()
        IndexState.objects.filter(pk=1).update(rebuilt=generation)
    return counts


def _to_document(row: SearchDocument) -> Document:
    return Document(
        kind=row.kind,
        key=row.key,
        title=row.title,
        keywords=row.keywords,
        summary=row.summary,
        body=row.body,
        themes=row.themes or [],
        organisations=row.organisations or [],
        data=row.data or {},
    )


def current_index() -> Index:
    """This process's index, brought up to date with the database."""
    global _index, _state
    row = IndexState.objects.filter(pk=1).values_list("generation", "token", "rebuilt").first()
    state = (int(row[0]), str(row[1])) if row else (0, "")
    rebuilt = int(row[2]) if row else 0
    with _lock:
        if _index is not None and state == _state:
            return _index
        generation = _state[0]
        # A database that went back (restored, or a test's rolled-back transaction), changed
        # under the same generation, or was rebuilt since we loaded it: start again.
        # Otherwise load only what changed.
        if _index is None or state[0] <= generation or rebuilt > generation:
            fresh = Index()
            fresh.add_all(
                _to_document(r) for r in SearchDocument.objects.filter(deleted=False).iterator()
            )
            _index = fresh
        else:
            for r in SearchDocument.objects.filter(version__gt=generation).order_by("version"):
                if r.deleted:
                    _index.remove(r.kind, r.key)
                else:
                    _index.add(_to_document(r))
        _state = state
        return _index


def reset() -> None:
    """Forget this process's index (tests; after a restore)."""
    global _index, _state
    with _lock:
        _index = None
        _state = (-1, "")


def search(
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    themes: Iterable[str] | None = None,
    organisations: Iterable[str] | None = None,
    keys: set[tuple[str, str]] | None = None,
    limit: int = 10,
) -> list[Hit]:
    """The best documents for ``query``, best first."""
    return current_index().search(
        query, kinds=kinds, themes=themes, organisations=organisations, keys=keys, limit=limit
    )


def ranked(
    qs: QuerySet[Any], query: str, *, kind: str, key: str = "pk", limit: int = 100
) -> list[Any]:
    """The objects of ``qs`` that match ``query``, best first: the search ranks, the queryset
    (already filtered) decides what the user may see. ``key`` is the field that holds the
    document key (the primary key, or e.g. an article's slug)."""
    hits = search(query, kinds=[kind], limit=limit)
    found = qs.filter(**{f"{key}__in": [h.key for h in hits]})
    by_key = {str(getattr(obj, key)): obj for obj in found}
    return [by_key[h.key] for h in hits if h.key in by_key]


def explain(query: str) -> list[QueryTerm]:
    """How the query was understood: the terms looked for and why."""
    return current_index().analyse(query)
