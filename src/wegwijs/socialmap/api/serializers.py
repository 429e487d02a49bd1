"""API representations of the social map.

A service is read as HSDS 3 (``service`` with its ``organization``, ``service_at_locations``
with ``location`` and ``schedules``, ``phones``, our codes as ``attributes`` with taxonomy
terms), built by the same code as the HSDS export (``hsds.service_document``), plus a few
Wegwijs fields. The nested serializers here only describe that shape for the OpenAPI schema.
A service is written in plain fields (``ServiceWriteSerializer``) and stored by the keeper's
save (``keeping.save_entry``, as on the keeper's pages).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from wegwijs.desk.codes import Theme
from wegwijs.socialmap import hsds, keeping
from wegwijs.socialmap import services as socialmap
from wegwijs.socialmap.models import (
    Access,
    Format,
    Location,
    Schedule,
    Scope,
    Service,
    ServiceStatus,
    TargetGroup,
)


class HsdsPhoneSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    description = serializers.CharField(required=False)


class HsdsTaxonomyTermSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    taxonomy = serializers.CharField(help_text="wegwijs-theme, wegwijs-format, ...")
    taxonomy_id = serializers.UUIDField()


class HsdsAttributeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    link_id = serializers.UUIDField()
    link_entity = serializers.CharField()
    taxonomy_term_id = serializers.UUIDField()
    value = serializers.CharField(required=False)
    taxonomy_term = HsdsTaxonomyTermSerializer()


class HsdsAddressSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    address_1 = serializers.CharField(allow_blank=True)
    city = serializers.CharField(allow_blank=True)
    state_province = serializers.CharField(allow_blank=True)
    postal_code = serializers.CharField(allow_blank=True)
    country = serializers.CharField()
    address_type = serializers.CharField()


class HsdsAccessibilitySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    description = serializers.CharField()


class HsdsLocationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    location_type = serializers.ChoiceField(choices=Location.LocationType.choices)
    organization_id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField(required=False)
    transportation = serializers.CharField(required=False)
    latitude = serializers.FloatField(required=False)
    longitude = serializers.FloatField(required=False)
    external_identifier = serializers.CharField(required=False, help_text="The library branch.")
    external_identifier_type = serializers.CharField(required=False)
    addresses = HsdsAddressSerializer(many=True, required=False)
    accessibility = HsdsAccessibilitySerializer(many=True, required=False)
    phones = HsdsPhoneSerializer(many=True, required=False)
    attributes = HsdsAttributeSerializer(many=True, required=False)


class HsdsOrganizationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    alternate_name = serializers.CharField(required=False)
    description = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    website = serializers.CharField(required=False)
    phones = HsdsPhoneSerializer(many=True, required=False)
    locations = HsdsLocationSerializer(
        many=True, required=False, help_text="Locations of the organization that no service uses."
    )


class HsdsScheduleSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    freq = serializers.ChoiceField(choices=Schedule.Freq.choices, required=False)
    byday = serializers.CharField(required=False, help_text="e.g. MO or TU,TH")
    dtstart = serializers.DateField(required=False)
    until = serializers.DateField(required=False)
    opens_at = serializers.RegexField(r"^\d{2}:\d{2}:\d{2}$", help_text="HH:MM:SS, local time")
    closes_at = serializers.RegexField(r"^\d{2}:\d{2}:\d{2}$", help_text="HH:MM:SS, local time")
    description = serializers.CharField(required=False)


class HsdsServiceAtLocationSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    service_id = serializers.UUIDField()
    location_id = serializers.UUIDField()
    description = serializers.CharField(required=False)
    schedules = HsdsScheduleSerializer(many=True, required=False)
    location = HsdsLocationSerializer()


class HsdsLanguageSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()


class HsdsRequiredDocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    document = serializers.CharField()


class HsdsCostOptionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    option = serializers.CharField()
    currency = serializers.CharField()
    amount = serializers.FloatField()


class HsdsServiceSerializer(serializers.Serializer):
    """A service as HSDS 3 ``service`` (full); empty fields are left out."""

    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    name = serializers.CharField()
    alternate_name = serializers.CharField(required=False)
    description = serializers.CharField(required=False)
    url = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    status = serializers.ChoiceField(choices=ServiceStatus.choices)
    fees_description = serializers.CharField(required=False)
    assured_date = serializers.DateField(help_text="When the keeper last verified the entry.")
    last_modified = serializers.DateTimeField()
    organization = HsdsOrganizationSerializer()
    phones = HsdsPhoneSerializer(many=True, required=False)
    service_at_locations = HsdsServiceAtLocationSerializer(many=True, required=False)
    languages = HsdsLanguageSerializer(many=True, required=False)
    required_documents = HsdsRequiredDocumentSerializer(
        many=True, required=False, help_text="What to bring."
    )
    cost_options = HsdsCostOptionSerializer(many=True, required=False)
    attributes = HsdsAttributeSerializer(
        many=True,
        help_text=(
            "Our codes as taxonomy terms: wegwijs-theme, wegwijs-target-group, wegwijs-format, "
            "wegwijs-access, wegwijs-scope; other fields as wegwijs-field with a value."
        ),
    )

    def to_representation(self, instance: Service) -> dict[str, Any]:
        return hsds.service_document(instance)


class ServiceSerializer(HsdsServiceSerializer):
    """HSDS 3 ``service`` plus the Wegwijs codes and state of the entry."""

    themes = serializers.ListField(child=serializers.ChoiceField(choices=Theme.choices))
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices)
    )
    format = serializers.ChoiceField(choices=Format.choices)
    access = serializers.ChoiceField(choices=Access.choices)
    scope = serializers.ChoiceField(choices=Scope.choices)
    do_not_refer = serializers.BooleanField()
    referable = serializers.BooleanField(help_text="Active, and not marked 'do not refer'.")
    stale = serializers.BooleanField(help_text="Not verified for six months.")
    verify_by = serializers.DateField()
    distance_km = serializers.FloatField(
        allow_null=True, help_text="From the place asked for (near), to the nearest location."
    )
    editable = serializers.BooleanField(help_text="May you change this entry?")

    def to_representation(self, instance: Service) -> dict[str, Any]:
        user = self.context["request"].user
        distances = self.context.get("distances") or {}
        distance = distances.get(instance.pk)
        return super().to_representation(instance) | {
            "themes": list(instance.themes),
            "target_groups": list(instance.target_groups),
            "format": instance.format,
            "access": instance.access,
            "scope": instance.scope,
            "do_not_refer": instance.do_not_refer,
            "referable": instance.referable,
            "stale": instance.is_stale(),
            "verify_by": instance.verify_by.isoformat(),
            "distance_km": None if distance is None else round(distance, 2),
            "editable": socialmap.can_edit(user, instance.organization),
        }


class HsdsDocumentSerializer(serializers.Serializer):
    """The HSDS 3 document of ``wegwijs socialmap export``."""

    version = serializers.CharField()
    services = HsdsServiceSerializer(many=True)
    organizations = HsdsOrganizationSerializer(
        many=True, help_text="Organizations without services."
    )


class ServiceWriteSerializer(serializers.Serializer):
    """A service to store: the content in plain fields; the codes are those of the attributes
    of the HSDS representation."""

    organization_id = serializers.UUIDField(
        required=False,
        help_text="The organization on the social map that offers it (one you keep); required "
        "for a new service, cannot change.",
    )
    name = serializers.CharField(max_length=200)
    alternate_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=3000)
    url = serializers.URLField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    fees_description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Empty when it is free."
    )
    themes = serializers.ListField(
        child=serializers.ChoiceField(choices=Theme.choices), min_length=1, max_length=18
    )
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), max_length=9, required=False
    )
    format = serializers.ChoiceField(choices=Format.choices)
    access = serializers.ChoiceField(choices=Access.choices, default=Access.WALK_IN)
    scope = serializers.ChoiceField(choices=Scope.choices, default=Scope.LOCAL)
    languages = serializers.ListField(
        child=serializers.RegexField(r"^[a-z]{2}$", max_length=2),
        max_length=20,
        required=False,
        help_text="ISO 639-1 codes, e.g. nl, en, ar.",
    )
    what_to_bring = serializers.ListField(
        child=serializers.CharField(max_length=500), max_length=20, required=False
    )
    capacity = serializers.IntegerField(
        min_value=1, max_value=500, required=False, allow_null=True, help_text="Places per session."
    )
    intake_required = serializers.BooleanField(default=False)
    do_not_refer = serializers.BooleanField(default=False)
    location_ids = serializers.ListField(
        child=serializers.UUIDField(),
        max_length=50,
        required=False,
        help_text="Where it is given: locations of the same organization. When given, these "
        "become exactly the service's locations (schedules at kept locations stay).",
    )

    @staticmethod
    def current(service: Service) -> dict[str, Any]:
        """A stored service as complete write data (a partial change fills in the rest)."""
        names = ("name", "description", "languages", "what_to_bring", "capacity")
        return {
            "organization_id": service.organization_id,
            "themes": list(service.themes),
            "target_groups": list(service.target_groups),
            "format": service.format,
            "access": service.access,
            **{name: getattr(service, name) for name in (*names, *keeping.SERVICE_FIELDS)},
        }
