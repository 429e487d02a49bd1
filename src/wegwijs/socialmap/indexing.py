"""Social-map services in the shared search index (kind ``service``).

Active services are in (those marked "do not refer" too, flagged in the data); others are taken
out. A change of a location or of the links between services and locations re-indexes the
services concerned, so a search on a place name stays right.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models.signals import post_delete, post_save

from wegwijs.search import services as search
from wegwijs.search.engine import Document

KIND = "service"


def document(service: Any) -> Document:
    from wegwijs.socialmap.models import Access, Format, TargetGroup

    locations = list(service.locations.all())
    labels = dict(Format.choices) | dict(Access.choices) | dict(TargetGroup.choices)
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
    for service in _indexable():
        yield document(service)


def refresh(service_ids: Iterable[Any]) -> None:
    """Bring the index in line with these services (added, changed or gone)."""
    ids = {str(pk) for pk in service_ids}
    found = {str(s.pk): s for s in _indexable().filter(pk__in=ids)}
    for pk in ids:
        if pk in found:
            search.index(document(found[pk]))
        else:
            search.remove(KIND, pk)


def _service_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh([instance.pk])


def _link_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh([instance.service_id])


def _location_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh(instance.at_services.values_list("service_id", flat=True))


def connect() -> None:
    from wegwijs.socialmap.models import Location, Service, ServiceAtLocation

    search.register_source(KIND, _all)
    post_save.connect(_service_changed, sender=Service, dispatch_uid="socialmap-service-save")
    post_delete.connect(_service_changed, sender=Service, dispatch_uid="socialmap-service-del")
    post_save.connect(_link_changed, sender=ServiceAtLocation, dispatch_uid="socialmap-sal-save")
    post_delete.connect(_link_changed, sender=ServiceAtLocation, dispatch_uid="socialmap-sal-del")
    post_save.connect(_location_changed, sender=Location, dispatch_uid="socialmap-loc-save")
