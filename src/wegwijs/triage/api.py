"""POST /api/v1/triage/: suggestions for a question in the citizen's words. Nothing is stored;
text with personal data is refused (field ``text``, code ``personal_data``)."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wegwijs.privacy.api import PrivacyCheckedCharField
from wegwijs.triage import services


class TriageRequest(serializers.Serializer):
    text = PrivacyCheckedCharField(max_length=services.MAX_TEXT)
    limit = serializers.IntegerField(min_value=1, max_value=10, default=3)


class ScoredSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    score = serializers.FloatField(help_text="0 to 1")


class PairSerializer(serializers.Serializer):
    theme = ScoredSerializer()
    organisation = ScoredSerializer()
    score = serializers.FloatField()


class ArticleHitSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    score = serializers.FloatField()


class TriageResponse(serializers.Serializer):
    text = serializers.CharField()
    themes = ScoredSerializer(many=True)
    organisations = ScoredSerializer(many=True)
    pairs = PairSerializer(many=True, help_text="Theme with its best organisation, best first.")
    articles = ArticleHitSerializer(many=True)
    extra = serializers.DictField(help_text="Results of other providers (e.g. the social map).")


class TriageView(APIView):
    @extend_schema(
        summary="Suggest theme, organisation and articles for a question",
        request=TriageRequest,
        responses={200: TriageResponse},
    )
    def post(self, request: Request) -> Response:
        body = TriageRequest(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.suggest(body.validated_data["text"], limit=body.validated_data["limit"])
        return Response(asdict(result))
