"""What the public API answers: public facts of the Informatiepunten only (no staff fields)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from rest_framework import serializers

from wegwijs.geo.geocoding import Place
from wegwijs.network.models import IdoModel
from wegwijs.public import locations


class LocationsQuery(serializers.Serializer):
    near = serializers.CharField(
        max_length=200,
        help_text="A postcode (1541 AB, 1541), a place (Zaandam) or coordinates (52.44,4.82).",
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=locations.MAX_RESULTS, default=10, help_text="1 to 50."
    )
    open_now = serializers.BooleanField(
        default=False, help_text="Only Informatiepunten whose help is open now."
    )


class PlaceSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    kind = serializers.ChoiceField(choices=["postcode", "pc4", "place", "address", "coordinates"])


class HoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="Monday is 0.")
    opens = serializers.CharField(help_text="HH:MM, Europe/Amsterdam.")
    closes = serializers.CharField(help_text="HH:MM, Europe/Amsterdam.")


class PublicLocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    place = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    distance_km = serializers.FloatField(allow_null=True)
    ido_model = serializers.ChoiceField(choices=IdoModel.choices)
    ido_model_text = serializers.CharField(help_text="The IDO model in plain words.")
    help_hours = serializers.ChoiceField(
        choices=[locations.CONSULTATION, locations.OPENING, locations.ASK],
        help_text="When the Informatiepunt helps: at the consultation hours, whenever the "
        "library is open, or not known (ask at the library).",
    )
    open_now = serializers.BooleanField(help_text="The help (see help_hours) is open now.")
    open_until = serializers.DateTimeField(allow_null=True)
    next_open = serializers.DateTimeField(allow_null=True)
    consultation_hours = HoursSerializer(many=True)
    opening_hours = HoursSerializer(many=True)
    accessibility = serializers.CharField(help_text="Accessibility of the building.")
    url = serializers.URLField(help_text="The public page of this Informatiepunt.")


class LocationsAnswer(serializers.Serializer):
    near = PlaceSerializer(allow_null=True, help_text="Where the query was placed, or null.")
    approximate = serializers.BooleanField(
        help_text="The place is only roughly known (a postcode that is not in the table)."
    )
    suggestions = PlaceSerializer(many=True, help_text="Did you mean: when not found exactly.")
    results = PublicLocationSerializer(many=True)


def place_data(place: Place) -> dict[str, Any]:
    return {
        "label": place.label,
        "latitude": round(place.latitude, 5),
        "longitude": round(place.longitude, 5),
        "kind": place.kind,
    }


def _hours(week: list[tuple[int, list[tuple[time, time]]]]) -> list[dict[str, Any]]:
    return [
        {"weekday": day, "opens": f"{o:%H:%M}", "closes": f"{c:%H:%M}"}
        for day, ranges in week
        for o, c in ranges
    ]


def location_data(ido: locations.IdoLocation, request: HttpRequest) -> dict[str, Any]:
    branch = ido.branch
    status = ido.help.status
    return {
        "id": branch.pk,
        "name": branch.name,
        "organisation": branch.organisation.name,
        "street": branch.street,
        "postcode": branch.postcode,
        "place": branch.place,
        "latitude": branch.latitude,
        "longitude": branch.longitude,
        "distance_km": None if ido.distance_km is None else round(ido.distance_km, 2),
        "ido_model": branch.organisation.ido_model,
        "ido_model_text": ido.model_text,
        "help_hours": ido.help.kind,
        "open_now": status.open_now and ido.help.kind != locations.ASK,
        "open_until": status.until if ido.help.kind != locations.ASK else None,
        "next_open": (
            status.next_open.start
            if status.next_open is not None and ido.help.kind != locations.ASK
            else None
        ),
        "consultation_hours": _hours(ido.consultation_week),
        "opening_hours": _hours(ido.opening_week),
        "accessibility": branch.accessibility,
        "url": request.build_absolute_uri(reverse("public:location", args=[branch.pk])),
    }
