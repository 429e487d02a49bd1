"""API representation of referrals. Contact details are write-only, except for the person who
made the referral and the partner, who read them back under ``contact``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wegwijs.referrals import crypto, selectors
from wegwijs.referrals.models import (
    MAX_NOTE,
    MAX_SUMMARY,
    DeclineReason,
    Kind,
    Referral,
    ReferralEvent,
    Status,
)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferralEvent
        fields = ["action", "from_status", "to_status", "reason", "at"]


class ReferralSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    service = serializers.UUIDField(source="service_id", allow_null=True, read_only=True)
    schedule = serializers.UUIDField(source="schedule_id", allow_null=True, read_only=True)
    question = serializers.IntegerField(source="question_id", allow_null=True, read_only=True)
    branch = serializers.IntegerField(source="branch_id", read_only=True)
    partner = serializers.IntegerField(source="partner_id", read_only=True)
    response_due = serializers.DateTimeField(allow_null=True, read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    contact = serializers.SerializerMethodField(
        help_text="The contact details: only for the person who referred and the partner, "
        "while the referral is open. Null otherwise."
    )
    contact_erased = serializers.SerializerMethodField()
    decline_reason = serializers.ChoiceField(
        choices=[("", ""), *DeclineReason.choices], read_only=True
    )
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "kind",
            "status",
            "question",
            "branch",
            "service",
            "service_name",
            "partner",
            "schedule",
            "session_date",
            "consent_given",
            "consent_version",
            "summary",
            "contact",
            "contact_erased",
            "decline_reason",
            "decline_note",
            "created_at",
            "accepted_at",
            "contacted_at",
            "completed_at",
            "closed_at",
            "response_due",
            "overdue",
            "events",
        ]
        read_only_fields = fields

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, referral: Referral) -> dict[str, str] | None:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not selectors.can_see_contact(user, referral):
            return None
        try:
            contact = crypto.decrypt_contact(referral.contact_encrypted)
        except crypto.InvalidToken:
            return None
        return {"name": contact.name, "phone": contact.phone, "email": contact.email}

    def get_contact_erased(self, referral: Referral) -> bool:
        return referral.contact_erased_at is not None


class ReferralCreateSerializer(serializers.Serializer):
    """What the desk sends. ``cold``: only ``question`` and ``service``; ``warm`` and
    ``course``: also consent, contact details and a summary."""

    kind = serializers.ChoiceField(choices=[Kind.WARM, Kind.COLD, Kind.COURSE])
    question = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The registered question (help given 'doorverwezen' or 'cursus'); required "
        "except for a course registration.",
    )
    branch = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The branch, for a course registration without a question.",
    )
    service = serializers.UUIDField(help_text="The service on the social map.")
    schedule = serializers.UUIDField(
        required=False, allow_null=True, help_text="Course: the schedule of the session."
    )
    session_date = serializers.DateField(
        required=False, allow_null=True, help_text="Course: the date of the session."
    )
    consent = serializers.BooleanField(
        required=False, default=False, help_text="The citizen gave explicit consent."
    )
    consent_version = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20,
        help_text="The version of the consent text shown (see GET /referrals/consent/).",
    )
    contact_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, write_only=True
    )
    contact_phone = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=30, write_only=True
    )
    contact_email = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=254, write_only=True
    )
    summary = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_SUMMARY,
        help_text="A short summary without personal data (checked by the privacy guard).",
    )

    def to_input(self) -> Any:
        from wegwijs.referrals.services import ReferralInput

        d: dict[str, Any] = dict(self.validated_data)
        return ReferralInput(
            kind=d["kind"],
            service_id=d["service"],
            question_id=d.get("question"),
            branch_id=d.get("branch"),
            schedule_id=d.get("schedule"),
            session_date=d.get("session_date"),
            consent=d.get("consent", False),
            consent_version=d.get("consent_version", ""),
            contact_name=d.get("contact_name", ""),
            contact_phone=d.get("contact_phone", ""),
            contact_email=d.get("contact_email", ""),
            summary=d.get("summary", ""),
        )


class ColdReferralSerializer(ReferralSerializer):
    card = serializers.SerializerMethodField()

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "card"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField())
    def get_card(self, referral: Referral) -> dict[str, Any] | None:
        from wegwijs.referrals.cards import as_dict, build_card

        if referral.service is None:
            return None
        return as_dict(build_card(referral.service))


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=DeclineReason.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_NOTE)


class ConsentSerializer(serializers.Serializer):
    version = serializers.CharField()
    text = serializers.CharField()
