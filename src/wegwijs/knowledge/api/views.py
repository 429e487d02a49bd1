"""/api/v1/articles/ and /api/v1/search/: the knowledge base and the shared search."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wegwijs.desk.codes import OrganisationCode, Theme
from wegwijs.knowledge import services
from wegwijs.knowledge.api.serializers import (
    ArticleSerializer,
    SearchHitSerializer,
    StatusSerializer,
)
from wegwijs.knowledge.models import CONTENT_FIELDS, Article, Status
from wegwijs.network.models import Organisation
from wegwijs.search import services as search


def _content(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in CONTENT_FIELDS if k in data}


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.message_dict) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc


class ArticleQuery(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, allow_blank=True)
    theme = serializers.ChoiceField(choices=Theme.choices, required=False)
    organisation = serializers.ChoiceField(choices=OrganisationCode.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    stale = serializers.BooleanField(required=False, allow_null=True, default=None)


@extend_schema_view(
    list=extend_schema(
        summary="Articles: search (q) and filter; ranked by relevance when q is given",
        parameters=[ArticleQuery],
    ),
    retrieve=extend_schema(summary="One article"),
    create=extend_schema(summary="Write an article (owners: agency analysts, programme office)"),
    partial_update=extend_schema(summary="Change an article's content (a new version)"),
    update=extend_schema(summary="Replace an article's content (a new version)"),
)
class ArticleViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = ArticleSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[a-z0-9-]{1,80}"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Article]:
        return services.visible_articles(self.request.user).order_by("title")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = ArticleQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        qs = self.get_queryset()
        for code in (d.get("theme"), d.get("organisation")):
            if code:
                qs = qs.filter(codes__contains=f" {code} ")
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("stale") is not None:
            qs = services.stale(qs) if d["stale"] else qs.exclude(pk__in=services.stale(qs))
        items: Any = qs
        if d.get("q", "").strip():
            items = search.ranked(qs, d["q"], kind="article", key="slug")
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def perform_create(self, serializer: Any) -> None:
        d = serializer.validated_data
        owners = services.owners_for(self.request.user)
        owner_id = d.get("owner_id") or getattr(self.request.user, "organisation_id", None)
        owner = owners.filter(pk=owner_id or 0).first()
        if owner is None:
            if not Organisation.objects.filter(pk=owner_id or 0).exists() or not owners.exists():
                raise exceptions.PermissionDenied("You cannot write articles for this owner.")
            raise serializers.ValidationError(
                {"owner": ["You cannot write articles for this owner."]}
            )
        serializer.instance = _call(
            services.create, self.request.user, _content(d), owner=owner, slug=d["slug"]
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        article = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(article, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        if "slug" in d and d["slug"] != article.slug:
            raise serializers.ValidationError({"slug": ["The slug cannot be changed."]})
        updated = _call(services.update, request.user, article, _content(d))
        return Response(self.get_serializer(updated).data)

    @extend_schema(
        summary="Change the status (draft, review, published) or mark as checked",
        request=StatusSerializer,
        responses={200: ArticleSerializer},
    )
    @action(detail=True, methods=["post"])
    def status(self, request: Request, slug: str | None = None) -> Response:
        article = self.get_object()
        body = StatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = body.validated_data["status"]
        if target == "reviewed":
            article = _call(services.mark_reviewed, request.user, article)
        else:
            article = _call(services.change_status, request.user, article, target)
        return Response(self.get_serializer(article).data, status=status.HTTP_200_OK)


class SearchQuery(serializers.Serializer):
    q = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(
        choices=[("article", "article"), ("service", "service")],
        required=False,
        help_text="Only knowledge articles, or only social-map services (active ones).",
    )
    theme = serializers.ChoiceField(choices=Theme.choices, required=False)
    organisation = serializers.ChoiceField(choices=OrganisationCode.choices, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)


class SearchView(APIView):
    """The shared search service: published content ranked for a query in everyday Dutch."""

    @extend_schema(
        summary="Search everything published: knowledge articles and social-map services",
        parameters=[SearchQuery],
        responses={200: SearchHitSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        query = SearchQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        hits = search.search(
            d["q"],
            kinds=[d["kind"]] if d.get("kind") else None,
            themes=[d["theme"]] if d.get("theme") else None,
            organisations=[d["organisation"]] if d.get("organisation") else None,
            limit=d["limit"],
        )
        return Response(SearchHitSerializer(hits, many=True).data)
