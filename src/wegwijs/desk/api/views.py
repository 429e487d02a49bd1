"""POST and GET /api/v1/visits/: register and read visits, scoped like the pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from wegwijs.api.authentication import BearerTokenAuthentication
from wegwijs.desk import selectors, services
from wegwijs.desk.api.authentication import CachedTokenAuthentication
from wegwijs.desk.api.serializers import DATETIME, QuestionSerializer, VisitSerializer, fast_input
from wegwijs.desk.codes import OrganisationCode, Theme
from wegwijs.desk.models import Visit

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "A unique key per registration (e.g. a UUID). A retried POST with the same key returns "
        "the first result (200) instead of registering a duplicate."
    ),
)


class VisitFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(
        method="filter_period", label="From this date (inclusive, Europe/Amsterdam)"
    )
    end = django_filters.DateFilter(method="filter_period", label="Up to this date (inclusive)")
    branch = django_filters.NumberFilter(
        field_name="branch_id", label="Branch id", min_value=1, max_value=2**63 - 1
    )
    theme = django_filters.ChoiceFilter(choices=Theme.choices, method="filter_question")
    organisation = django_filters.ChoiceFilter(
        choices=OrganisationCode.choices, method="filter_question"
    )

    class Meta:
        model = Visit
        fields: list[str] = []

    def filter_period(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        if name == "start":
            return selectors.filter_visits(qs, start=value)
        return selectors.filter_visits(qs, end=value)

    def filter_question(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if name == "theme":
            return selectors.filter_visits(qs, theme=value)
        return selectors.filter_visits(qs, organisation=value)


def _service_errors(exc: DjangoValidationError) -> dict[str, Any]:
    return {path: messages for path, messages in exc.message_dict.items()}


_QUESTION_KEYS = tuple(QuestionSerializer.Meta.fields)


def _visit_body(visit: Visit) -> dict[str, Any]:
    """What ``VisitSerializer(visit).data`` gives, built directly: DRF's DateTimeField renders
    the datetimes (ISO 8601 in the current time zone), the questions come from the visit
    (those ``register_visit`` just stored, no query). Pinned to the serializer by the API
    tests."""
    return {
        "id": visit.pk,
        "branch": visit.branch_id,
        "occurred_at": DATETIME.to_representation(visit.occurred_at),
        "channel": visit.channel,
        "duration": visit.duration,
        "note": visit.note,
        "questions": [
            {key: getattr(question, key) for key in _QUESTION_KEYS}
            for question in visit.questions.all()
        ],
        "batch": None if visit.batch is None else str(visit.batch),
        "created_at": DATETIME.to_representation(visit.created_at),
        "updated_at": DATETIME.to_representation(visit.updated_at),
    }


@extend_schema_view(
    list=extend_schema(summary="Visits you may see, newest first"),
    retrieve=extend_schema(summary="One visit with its questions"),
    create=extend_schema(
        summary="Register a visit with one or more questions",
        parameters=[IDEMPOTENCY_HEADER],
        responses={201: VisitSerializer, 200: VisitSerializer},
    ),
)
class VisitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Visit]:
        return (
            selectors.visible_visits(self.request.user)
            .prefetch_related("questions")
            .order_by("-occurred_at", "-pk")
        )

    def get_authenticators(self) -> list[Any]:
        """Registering keeps token lookups a few seconds (``desk/api/authentication.py``)."""
        authenticators = super().get_authenticators()
        schema = getattr(self, "swagger_fake_view", False)  # the OpenAPI schema: as before
        if schema or getattr(self.request, "method", None) != "POST":
            return authenticators
        return [
            CachedTokenAuthentication() if type(a) is BearerTokenAuthentication else a
            for a in authenticators
        ]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Plain valid input skips building the serializer; anything else is judged by it.
        data = fast_input(request.data)
        if data is None:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            assert isinstance(serializer, VisitSerializer)
            data = serializer.to_input()
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 200:
            raise serializers.ValidationError({"Idempotency-Key": ["At most 200 characters."]})
        try:
            if key:
                visit, created = services.register_idempotent(request.user, key, data)
            else:
                visit, created = services.register_visit(request.user, data), True
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_service_errors(exc)) from exc
        body = _visit_body(visit)
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
