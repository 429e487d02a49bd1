"""Social-map services in the shared search index (kind ``service``).

Active services are in (those marked "do not refer" too, flagged in the data); others are taken
out. A change of a location or of the links between services and locations re-indexes the
services concerned, so a search on a place name stays right.

Bulk changes (the HSDS import) run inside :func:`deferred`: the services to re-index are
collected and handled once at the end, as a rebuild of all services when they are a large
part of them (one generation, one bulk insert), otherwise one by one.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils import translation

from wegwijs.search import services as search
from wegwijs.search.engine import Document

KIND = "service"
#: Re-index one by one up to this many services, or up to a quarter of the active ones;
#: rebuild all services' documents at once beyond that.
ONE_BY_ONE = 200
CHUNK = 2000

_pending: ContextVar[set[str] | None] = ContextVar("socialmap_index_pending", default=None)


@functools.lru_cache(maxsize=8)
def _labels(language: str | None) -> dict[str, str]:
    """Labels of the format, access and target-group codes in ``language``."""
    from wegwijs.socialmap.models import Access, Format, TargetGroup

    choices = [*Format.choices, *Access.choices, *TargetGroup.choices]
    return {code: str(label) for code, label in choices}


def document(service: Any) -> Document:
    locations = list(service.locations.all())
    labels = _labels(translation.get_language())
    keywords = [
        service.alternate_name,
        str(labels.get(service.format, "")),
        str(labels.get(service.access, "")),
        *(str(labels.get(g, g)) for g in service.target_groups),
    ]
    return Document(
        kind=KIND,
        key=str(service.pk),
        title=service.name,
        keywords=" ".join(k for k in keywords if k),
        summary=service.description,
        body=" ".join(
            [
                service.organization.name,
                *service.what_to_bring,
                *(f"{loc.name} {loc.city}" for loc in locations),
            ]
        ),
        themes=list(service.themes),
        data={
            "organization": service.organization.name,
            "format": service.format,
            "access": service.access,
            "do_not_refer": service.do_not_refer,
            "verify_by": service.verify_by.isoformat(),
            "locations": [
                [loc.latitude, loc.longitude, loc.city]
                for loc in locations
                if loc.latitude is not None and loc.longitude is not None
            ],
        },
    )


def _indexable() -> Any:
    from wegwijs.socialmap.models import Service, ServiceStatus

    return (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .select_related("organization")
        .prefetch_related("locations")
    )


def _all() -> Iterator[Document]:
    for service in _indexable().iterator(chunk_size=CHUNK):
        yield document(service)


def refresh(service_ids: Iterable[Any]) -> None:
    """Bring the index in line with these services (added, changed or gone)."""
    ids = sorted({str(pk) for pk in service_ids})
    if not ids:
        return
    if len(ids) > ONE_BY_ONE:
        from wegwijs.socialmap.models import Service, ServiceStatus

        if len(ids) * 4 >= Service.objects.filter(status=ServiceStatus.ACTIVE).count():
            search.reindex([KIND])
            return
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = {str(s.pk): s for s in _indexable().filter(pk__in=chunk)}
        for pk in chunk:
            if pk in found:
                search.index(document(found[pk]))
            else:
                search.remove(KIND, pk)


@contextlib.contextmanager
def deferred() -> Iterator[set[str]]:
    """Within this block, changed services are collected (add more ids to the set it gives)
    and re-indexed together when the block ends without an error. Nested blocks join the
    outer one."""
    outer = _pending.get()
    if outer is not None:
        yield outer
        return
    pending: set[str] = set()
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)
    refresh(pending)


def _changed(service_ids: Iterable[Any]) -> None:
    pending = _pending.get()
    if pending is None:
        refresh(service_ids)
    else:
        pending.update(str(pk) for pk in service_ids)


def _service_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _changed([instance.pk])


def _link_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _changed([instance.service_id])


def _location_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _changed(instance.at_services.values_list("service_id", flat=True))


def connect() -> None:
    from wegwijs.socialmap.models import Location, Service, ServiceAtLocation

    search.register_source(KIND, _all)
    post_save.connect(_service_changed, sender=Service, dispatch_uid="socialmap-service-save")
    post_delete.connect(_service_changed, sender=Service, dispatch_uid="socialmap-service-del")
    post_save.connect(_link_changed, sender=ServiceAtLocation, dispatch_uid="socialmap-sal-save")
    post_delete.connect(_link_changed, sender=ServiceAtLocation, dispatch_uid="socialmap-sal-del")
    post_save.connect(_location_changed, sender=Location, dispatch_uid="socialmap-loc-save")
