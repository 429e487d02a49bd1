"""/api/v1/services/: find, read and keep services on the social map (HSDS 3 shaped), and
``/api/v1/services/export/``, the HSDS document of what the user may see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from wegwijs.accounts import scoping
from wegwijs.desk.codes import Theme
from wegwijs.geo import geocoding
from wegwijs.socialmap import finding, hsds, keeping
from wegwijs.socialmap import services as socialmap
from wegwijs.socialmap.api.serializers import (
    HsdsDocumentSerializer,
    ServiceSerializer,
    ServiceWriteSerializer,
)
from wegwijs.socialmap.models import (
    Access,
    Format,
    Location,
    Service,
    SocialOrganization,
    TargetGroup,
)


class _NoFormatOverride:
    """DRF's settings, without ``?format=`` choosing the renderer."""

    URL_FORMAT_OVERRIDE = None

    def __getattr__(self, name: str) -> Any:
        return getattr(api_settings, name)


class FormatIsAFilter(DefaultContentNegotiation):
    """Here ``format`` filters services (course, coaching...); DRF would otherwise read it as
    the response format and answer 404. The answer is always JSON."""

    settings = _NoFormatOverride()  # type: ignore[assignment]


UUID_RE = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except DjangoValidationError as exc:
        # The keeper's save names a location's problems at "<key>.location".
        raise serializers.ValidationError(
            {key.removesuffix(".location"): messages for key, messages in exc.message_dict.items()}
        ) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


def _entry(
    data: dict[str, Any], organization: SocialOrganization, service: Service | None
) -> keeping.Entry:
    """The keeper's save's input for API data: the service's fields, and with
    ``location_ids`` exactly those locations (links to kept ones stay, with their schedules)."""
    entry = keeping.Entry(service=data, organization=organization)
    ids = data.get("location_ids")
    if ids is None:
        return entry
    links = {link.location_id: link for link in service.at_locations.all()} if service else {}
    found = Location.objects.select_related("organization").in_bulk([pk for pk in ids])
    unknown: dict[str, list[str]] = {}
    for i, pk in enumerate(ids):
        key = f"location_ids.{i}"
        if pk in links:
            entry.locations.append(
                keeping.LocationData(key, link=links[pk], description=links[pk].description)
            )
        elif pk in found:
            entry.locations.append(keeping.LocationData(key, location=found[pk]))
        else:
            unknown[key] = [_("No such location on the social map.")]
    if unknown:
        raise serializers.ValidationError(unknown)
    entry.removed_links = [link for pk, link in links.items() if pk not in set(ids)]
    return entry


class ServiceQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=200, allow_blank=True, help_text="What the question is about."
    )
    theme = serializers.ChoiceField(choices=Theme.choices, required=False)
    format = serializers.ChoiceField(choices=Format.choices, required=False)
    access = serializers.ChoiceField(choices=Access.choices, required=False)
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, required=False)
    near = serializers.CharField(
        required=False,
        max_length=100,
        allow_blank=True,
        help_text="A postcode, place or 'lat,lon': nearest first, with distance_km.",
    )
    radius_km = serializers.FloatField(
        required=False, min_value=0.1, max_value=300, help_text="Only within this distance of near."
    )
    stale = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Not verified for six months."
    )
    referable = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Active and not marked 'do not refer'.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        near = (attrs.get("near") or "").strip()
        if attrs.get("radius_km") is not None and not near:
            raise serializers.ValidationError(
                {"radius_km": [_("Give a place or postcode (near) to search around.")]}
            )
        attrs["place"] = None
        if near:
            attrs["place"] = geocoding.geocode(near)
            if attrs["place"] is None:
                suggestions = [place.label for place in geocoding.suggest(near)]
                message = _("We do not know this place or postcode.")
                if suggestions:
                    message += " " + _("Did you mean: %(places)s?") % {
                        "places": ", ".join(suggestions)
                    }
                raise serializers.ValidationError({"near": [message]})
        return attrs


@extend_schema_view(
    list=extend_schema(
        summary="Services on the social map: search (q), filter, and nearest first (near)",
        parameters=[ServiceQuery],
    ),
    retrieve=extend_schema(summary="One service (HSDS 3)"),
    create=extend_schema(
        summary="Add a service (keepers: coordinators, partner editors, programme office)",
        request=ServiceWriteSerializer,
        responses={201: ServiceSerializer},
    ),
    update=extend_schema(
        summary="Replace a service's content",
        request=ServiceWriteSerializer,
        responses={200: ServiceSerializer},
    ),
    partial_update=extend_schema(
        summary="Change part of a service",
        request=ServiceWriteSerializer,
        responses={200: ServiceSerializer},
    ),
    destroy=extend_schema(summary="Delete a service (its keeper)"),
)
class ServiceViewSet(viewsets.GenericViewSet):
    serializer_class = ServiceSerializer
    content_negotiation_class = FormatIsAFilter
    lookup_value_regex = UUID_RE
    filter_backends: list[Any] = []
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Service]:
        return hsds.with_relations(socialmap.visible_services(self.request.user))

    def _answer(self, service: Service, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=service.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def list(self, request: Request) -> Response:
        query = ServiceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        criteria = finding.Criteria(
            q=d.get("q") or "",
            theme=d.get("theme") or "",
            format=d.get("format") or "",
            access=d.get("access") or "",
            target_group=d.get("target_group") or "",
            place=d["place"],
            radius_km=d.get("radius_km") if d["place"] is not None else None,
            stale=d.get("stale"),
            referable=d.get("referable"),
        )
        found = finding.find(request.user, criteria)
        if isinstance(found, QuerySet):
            page = self.paginate_queryset(hsds.with_relations(found))
            items = list(page or [])
            distances: dict[Any, float | None] = {}
        else:
            ids = self.paginate_queryset(found.ids) or []
            loaded = {s.pk: s for s in hsds.with_relations(Service.objects.filter(pk__in=ids))}
            items = [loaded[pk] for pk in ids if pk in loaded]
            distances = found.distances
        serializer = self.get_serializer(
            items, many=True, context={**self.get_serializer_context(), "distances": distances}
        )
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        if not keeping.is_keeper(request.user):
            raise exceptions.PermissionDenied(_("You do not keep entries on the social map."))
        body = ServiceWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        org_id = data.get("organization_id")
        if org_id is None:
            raise serializers.ValidationError({"organization_id": [_("Fill in this field.")]})
        organization = SocialOrganization.objects.filter(pk=org_id).first()
        if organization is None:
            raise serializers.ValidationError(
                {"organization_id": [_("No such organisation on the social map.")]}
            )
        entry = _entry(data, organization, None)
        service = _call(keeping.save_entry, request.user, None, entry)
        return self._answer(service, status.HTTP_201_CREATED)

    def _change(self, request: Request, *, partial: bool) -> Response:
        service = self.get_object()
        if not socialmap.can_edit(request.user, service.organization):
            raise exceptions.PermissionDenied(_("Only the keeper of this entry can change it."))
        body = ServiceWriteSerializer(data=request.data, partial=partial)
        body.is_valid(raise_exception=True)
        data = ServiceWriteSerializer.current(service) | dict(body.validated_data)
        if data["organization_id"] != service.organization_id:
            raise serializers.ValidationError(
                {"organization_id": [_("An entry cannot move to another organisation.")]}
            )
        entry = _entry(data, service.organization, service)
        return self._answer(_call(keeping.save_entry, request.user, service, entry))

    def update(self, request: Request, pk: str | None = None) -> Response:
        return self._change(request, partial=False)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        return self._change(request, partial=True)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        service = self.get_object()
        if not socialmap.can_edit(request.user, service.organization):
            raise exceptions.PermissionDenied(_("Only the keeper of this entry can change it."))
        service.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="The services you may see as one HSDS 3 JSON document (as wegwijs socialmap "
        "export writes it)",
        responses={200: HsdsDocumentSerializer},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request) -> Response:
        organizations = SocialOrganization.objects.all()
        if not scoping.is_national(request.user):
            own = getattr(request.user, "organisation_id", None)
            organizations = organizations.filter(owner_id=own or 0)
        document = hsds.export_json(socialmap.visible_services(request.user), organizations)
        return Response(document)
