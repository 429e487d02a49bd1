from __future__ import annotations

from rest_framework import serializers

from wegwijs.desk.codes import OrganisationCode, Theme
from wegwijs.knowledge.models import CONTENT_FIELDS, Article, Status


class LinkSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    url = serializers.CharField(max_length=500)


class ArticleSerializer(serializers.ModelSerializer):
    """An article. On write, ``slug`` and ``owner`` are set once; the content is checked by
    the knowledge service (the privacy guard included), errors keyed by field path."""

    slug = serializers.SlugField(max_length=80)
    owner = serializers.IntegerField(source="owner_id", required=False)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    steps = serializers.ListField(child=serializers.CharField(max_length=400), max_length=12)
    bring = serializers.ListField(
        child=serializers.CharField(max_length=400), max_length=10, required=False
    )
    links = LinkSerializer(many=True, required=False, max_length=6)  # type: ignore[call-arg]
    themes = serializers.ListField(
        child=serializers.ChoiceField(choices=Theme.choices), min_length=1, max_length=18
    )
    organisations = serializers.ListField(
        child=serializers.ChoiceField(choices=OrganisationCode.choices), min_length=1, max_length=16
    )
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=400), max_length=20, required=False
    )
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    stale = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "slug",
            *CONTENT_FIELDS,
            "owner",
            "owner_name",
            "status",
            "review_by",
            "stale",
            "version",
            "published_at",
            "updated_at",
        ]
        read_only_fields = ["review_by", "version", "published_at", "updated_at"]

    def get_stale(self, article: Article) -> bool:
        return article.is_stale()


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[*Status.choices, ("reviewed", "Checked")])


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    key = serializers.CharField()
    title = serializers.CharField()
    score = serializers.FloatField()
    themes = serializers.ListField(child=serializers.CharField())
    organisations = serializers.ListField(child=serializers.CharField())
    matched = serializers.ListField(
        child=serializers.CharField(), help_text="The words that matched."
    )
