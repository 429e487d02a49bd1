"""API representation of visits with nested questions, and a fast path for valid input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

from wegwijs.api.parsers import unsafe_text
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


# --- The fast path: valid input in its plain form, without building serializers -------------
# Building a VisitSerializer deep-copies its declared fields (the choice fields with their
# choices) twice per request: about half a millisecond of a registration's CPU. Input in the
# plain form every client sends (the JSON types the schema gives, known codes, no text over
# the limit) becomes a VisitInput directly, exactly as the serializer would make it; anything
# else (a wrong type, an unknown code, a missing field, too long a text) returns None and goes
# through the serializer, which gives the usual errors. A test compares both on generated input.

DATETIME = serializers.DateTimeField()
_QUESTION_CHOICES = {
    "theme": frozenset(Theme.values),
    "organisation": frozenset(OrganisationCode.values),
    "help_given": frozenset(HelpGiven.values),
}
_KINDS = frozenset(Kind.values)
_REFERRAL_TARGETS = frozenset(ReferralTarget.values)
_CHANNELS = frozenset(Channel.values)
_DURATIONS = frozenset(Duration.values)


def _text(data: Mapping[str, Any], name: str) -> str | None:
    """A CharField(allow_blank=True, default="", max_length=MAX_TEXT), as DRF reads it:
    stripped; None when the serializer should judge it."""
    if name not in data:
        return ""
    value = data[name]
    if type(value) is not str or unsafe_text(value):
        return None
    value = value.strip()
    return value if len(value) <= MAX_TEXT else None


def _question(data: Any) -> QuestionInput | None:
    if type(data) is not dict:
        return None
    codes = {}
    for name, choices in _QUESTION_CHOICES.items():
        value = data.get(name)
        if type(value) is not str or value not in choices:
            return None
        codes[name] = value
    kind = data.get("kind", Kind.OVERHEID)  # the serializer's default, the enum member
    target = data.get("referral_target", "")
    if kind is not Kind.OVERHEID and (type(kind) is not str or kind not in _KINDS):
        return None
    if type(target) is not str or (target and target not in _REFERRAL_TARGETS):
        return None
    words = _text(data, "citizen_words")
    if words is None:
        return None
    return QuestionInput(kind=kind, referral_target=target, citizen_words=words, **codes)


def fast_input(data: Any) -> VisitInput | None:
    """What ``VisitSerializer(data=data)`` validates to (``to_input()``), for input in its
    plain form; None for anything else (then the serializer decides and reports)."""
    if type(data) is not dict:
        return None
    branch, channel, duration = data.get("branch"), data.get("channel"), data.get("duration")
    if type(branch) is not int or type(channel) is not str or channel not in _CHANNELS:
        return None
    if type(duration) is not str or duration not in _DURATIONS:
        return None
    occurred = data.get("occurred_at")
    if type(occurred) is not str:
        return None
    try:
        occurred_at = DATETIME.to_internal_value(occurred)
    except serializers.ValidationError:
        return None
    note = _text(data, "note")
    questions = data.get("questions")
    if note is None or type(questions) is not list or not 1 <= len(questions) <= MAX_QUESTIONS:
        return None
    inputs = []
    for item in questions:
        question = _question(item)
        if question is None:
            return None
        inputs.append(question)
    return VisitInput(
        branch_id=branch,
        occurred_at=occurred_at,
        channel=channel,
        duration=duration,
        note=note,
        questions=inputs,
    )
