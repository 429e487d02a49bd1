"""POST /api/v1/triage/: suggestions for a question in the citizen's words. Nothing is stored;
personal data in the text is masked before the text is analysed (``personal_data`` lists what
was found where; the answer echoes the masked text only)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wegwijs.triage import services


class TriageRequest(serializers.Serializer):
    text = serializers.CharField(
        max_length=services.MAX_TEXT,
        help_text="The question in the citizen's words (1 to 5,000 characters).",
    )
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
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField()
    summary = serializers.CharField()
    score = serializers.FloatField()


class FindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["bsn", "iban", "phone", "email", "dob", "name", "address"]
    )
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class TriageResponse(serializers.Serializer):
    text = serializers.CharField(help_text="The text as analysed: personal data masked.")
    personal_data = FindingSerializer(many=True, help_text="Personal data found and masked.")
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
        return Response(services.as_json(result, request.build_absolute_uri))
