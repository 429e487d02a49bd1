"""/api/v1/referrals/: make referrals (desk), read them (desk and partner, scoped), and the
partner's and the desk's steps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response

from wegwijs.referrals import consent, selectors, services
from wegwijs.referrals.api.serializers import (
    ColdReferralSerializer,
    ConsentSerializer,
    DeclineSerializer,
    ReferralCreateSerializer,
    ReferralSerializer,
)
from wegwijs.referrals.models import Kind, Referral, Status


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(
            {
                path: [
                    ErrorDetail(" ".join(error.messages), code=error.code or "invalid")
                    for error in errors
                ]
                for path, errors in exc.error_dict.items()
            }
        ) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


SIDE = OpenApiParameter(
    "side",
    str,
    enum=["desk", "partner"],
    description="Only the desk's referrals, or only those sent to your organisation.",
)
STATUS = OpenApiParameter("status", str, enum=Status.values, description="Only this status.")
OVERDUE = OpenApiParameter(
    "overdue", bool, description="Only referrals without a response after 2 working days."
)
EMPTY_BODY = {"application/json": {"type": "object", "properties": {}}}


@extend_schema_view(
    list=extend_schema(
        summary="Referrals you may see, newest first",
        parameters=[SIDE, STATUS, OVERDUE],
    ),
    retrieve=extend_schema(summary="One referral, with its history"),
)
class ReferralViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReferralSerializer
    lookup_value_regex = r"[0-9]{1,18}"
    filter_backends: list[Any] = []

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        """Contact details must not stay in a browser's or a proxy's cache."""
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_queryset(self) -> QuerySet[Referral]:
        user = self.request.user
        side = self.request.query_params.get("side", "")
        if self.action == "list" and side == "desk":
            qs = selectors.desk_referrals(user)
        elif self.action == "list" and side == "partner":
            qs = selectors.partner_referrals(user)
        else:
            qs = selectors.visible_referrals(user)
        return (
            qs.select_related("service__organization")
            .prefetch_related("events")
            .order_by("-created_at", "-pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = request.query_params
        errors: dict[str, list[str]] = {}
        side, wanted, overdue = params.get("side"), params.get("status"), params.get("overdue")
        if side is not None and side not in ("desk", "partner"):
            errors["side"] = ["Use 'desk' or 'partner'."]
        if wanted is not None and wanted not in Status.values:
            errors["status"] = [f"Use one of: {', '.join(Status.values)}."]
        if overdue is not None and overdue not in ("true", "false"):
            errors["overdue"] = ["Use 'true' or 'false'."]
        if errors:
            raise serializers.ValidationError(errors)
        qs = self.get_queryset()
        if wanted:
            qs = qs.filter(status=wanted)
        if overdue is not None:
            now = timezone.now()
            qs = qs.filter(status=Status.SENT).exclude(kind=Kind.COLD)
            if overdue == "true":  # 2 working days are at least 2 days
                qs = qs.filter(created_at__lt=now - timedelta(days=2))
            rows = [r for r in qs if r.is_overdue(now) == (overdue == "true")]
            page = self.paginate_queryset(rows)
        else:
            page = self.paginate_queryset(qs)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        summary="Make a referral: warm (consent, contact details, summary), cold or a course "
        "registration",
        request=ReferralCreateSerializer,
        responses={201: ColdReferralSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = ReferralCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.to_input()
        if data.kind == Kind.COLD:
            referral, _card = _call(services.create_cold, request.user, data)
        else:
            referral = _call(services.create_warm, request.user, data)
        body = ColdReferralSerializer(referral, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _step(self, request: Request, name: str, **kwargs: Any) -> Response:
        referral = self.get_object()
        updated = _call(services.transition, request.user, referral, name, **kwargs)
        updated = self.get_queryset().get(pk=updated.pk)
        return Response(self.get_serializer(updated).data)

    @extend_schema(summary="Partner: accept the referral", request=EMPTY_BODY)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "accept")

    @extend_schema(summary="Partner: record that you contacted the citizen", request=EMPTY_BODY)
    @action(detail=True, methods=["post"])
    def contact(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "contact")

    @extend_schema(
        summary="Partner: complete the referral (erases the contact details)", request=EMPTY_BODY
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "complete")

    @extend_schema(
        summary="Partner: decline with a reason (erases the contact details)",
        request=DeclineSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        body = DeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._step(
            request,
            "decline",
            reason=body.validated_data["reason"],
            note=body.validated_data["note"],
        )

    @extend_schema(
        summary="Desk: cancel the referral (erases the contact details)", request=EMPTY_BODY
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "cancel")

    @extend_schema(summary="The current consent text and its version", responses=ConsentSerializer)
    @action(detail=False, methods=["get"], url_path="consent")
    def consent_text(self, request: Request) -> Response:
        text = consent.current()
        return Response({"version": text.version, "text": text.text()})
