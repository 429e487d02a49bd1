"""API representations of organisations and branches."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wegwijs.network import hours
from wegwijs.network.models import (
    WEEKDAYS,
    Branch,
    HoursKind,
    Municipality,
    OpeningException,
    OpeningPeriod,
    Organisation,
)
from wegwijs.network.services import ExceptionData, PeriodData
from wegwijs.network.validators import normalise_postcode


class OrganisationSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="code", read_only=True
    )
    poi = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="slug", read_only=True
    )
    provinces = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="code", many=True, read_only=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "kind",
            "name",
            "slug",
            "code",
            "website",
            "province",
            "poi",
            "wave",
            "ido_model",
            "provinces",
            "is_demo",
            "url",
        ]

    def get_url(self, obj: Organisation) -> str | None:
        return obj.get_absolute_url() if obj.is_library else None


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "09:00",
        "description": "Wall-clock time in Europe/Amsterdam, HH:MM.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day as ``HH:MM`` (local wall-clock time, no time zone)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("input_formats", ["%H:%M", "%H:%M:%S"])
        super().__init__(**kwargs)


class OpeningPeriodSerializer(serializers.ModelSerializer):
    weekday = serializers.ChoiceField(
        choices=WEEKDAYS, help_text="0 = Monday ... 6 = Sunday (Europe/Amsterdam wall-clock time)"
    )
    kind = serializers.ChoiceField(choices=HoursKind.choices, default=HoursKind.OPEN)
    opens = LocalTimeField()
    closes = LocalTimeField()

    class Meta:
        model = OpeningPeriod
        fields = ["kind", "weekday", "opens", "closes"]
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["closes"] <= attrs["opens"]:
            raise serializers.ValidationError(
                {"closes": _("The closing time must be later than the opening time.")}
            )
        return attrs


class OpeningExceptionSerializer(serializers.ModelSerializer):
    opens = LocalTimeField(required=False, allow_null=True)
    closes = LocalTimeField(required=False, allow_null=True)

    class Meta:
        model = OpeningException
        fields = ["date", "closed", "opens", "closes", "reason"]
        validators: list[Any] = []


class OpenStatusSerializer(serializers.Serializer):
    open_now = serializers.BooleanField()
    until = serializers.DateTimeField(allow_null=True)
    next_open = serializers.DateTimeField(allow_null=True)


class BranchSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.libraries()
    )
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    province = serializers.SerializerMethodField()
    opening_hours = OpeningPeriodSerializer(many=True, required=False, source="opening_periods")
    exceptions = OpeningExceptionSerializer(many=True, required=False, source="opening_exceptions")
    status = serializers.SerializerMethodField()

    class Meta:
        model = Branch
        fields = [
            "id",
            "organisation",
            "name",
            "street",
            "postcode",
            "place",
            "municipality",
            "province",
            "latitude",
            "longitude",
            "has_ido",
            "staff_count",
            "volunteer_count",
            "accessibility",
            "is_demo",
            "opening_hours",
            "exceptions",
            "status",
        ]
        read_only_fields = ["is_demo"]
        validators: list[Any] = []

    def get_province(self, obj: Branch) -> str | None:
        return obj.organisation.province.code if obj.organisation.province else None

    @extend_schema_field(OpenStatusSerializer)
    def get_status(self, obj: Branch) -> dict[str, Any]:
        state = hours.branch_status(obj, self.context.get("now") or timezone.now())
        return {
            "open_now": state.open_now,
            "until": state.until,
            "next_open": state.next_open.start if state.next_open else None,
        }

    def validate_postcode(self, value: str) -> str:
        from django.core.exceptions import ValidationError

        try:
            return normalise_postcode(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    @staticmethod
    def period_data(items: list[dict[str, Any]] | None) -> list[PeriodData] | None:
        if items is None:
            return None
        return [
            PeriodData(i["weekday"], i["opens"], i["closes"], i.get("kind", HoursKind.OPEN))
            for i in items
        ]

    @staticmethod
    def exception_data(items: list[dict[str, Any]] | None) -> list[ExceptionData] | None:
        if items is None:
            return None
        return [
            ExceptionData(
                date=i["date"],
                closed=i.get("closed", True),
                opens=i.get("opens"),
                closes=i.get("closes"),
                reason=i.get("reason", ""),
            )
            for i in items
        ]
