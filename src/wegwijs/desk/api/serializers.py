"""API representation of visits with nested questions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from wegwijs.desk.codes import (
    MAX_TEXT,
    Channel,
    Duration,
    HelpGiven,
    Kind,
    Layer,
    OrganisationCode,
    ReferralTarget,
    Theme,
)
from wegwijs.desk.models import Question, Visit
from wegwijs.desk.services import MAX_QUESTIONS, QuestionInput, VisitInput


class QuestionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.OVERHEID)
    theme = serializers.ChoiceField(choices=Theme.choices)
    organisation = serializers.ChoiceField(choices=OrganisationCode.choices)
    layer = serializers.ChoiceField(choices=Layer.choices, read_only=True)
    help_given = serializers.ChoiceField(choices=HelpGiven.choices)
    referral_target = serializers.ChoiceField(
        choices=ReferralTarget.choices, required=False, allow_blank=True, default=""
    )
    citizen_words = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default=""
    )

    class Meta:
        model = Question
        fields = [
            "position",
            "kind",
            "theme",
            "organisation",
            "layer",
            "help_given",
            "referral_target",
            "citizen_words",
        ]
        read_only_fields = ["position"]


class VisitSerializer(serializers.ModelSerializer):
    branch = serializers.IntegerField(source="branch_id", help_text="Branch id (see /branches/).")
    channel = serializers.ChoiceField(choices=Channel.choices)
    duration = serializers.ChoiceField(choices=Duration.choices)
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    questions = QuestionSerializer(  # type: ignore[call-arg]
        many=True, min_length=1, max_length=MAX_QUESTIONS
    )

    class Meta:
        model = Visit
        fields = [
            "id",
            "branch",
            "occurred_at",
            "channel",
            "duration",
            "note",
            "questions",
            "batch",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["batch", "created_at", "updated_at"]

    def to_input(self) -> VisitInput:
        d: dict[str, Any] = dict(self.validated_data)
        return VisitInput(
            branch_id=d["branch_id"],
            occurred_at=d["occurred_at"],
            channel=d["channel"],
            duration=d["duration"],
            note=d.get("note", ""),
            questions=[QuestionInput(**q) for q in d["questions"]],
        )
