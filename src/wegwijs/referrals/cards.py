"""The partner's card for the citizen: what a cold referral hands over (a warm one can hand it
over too). The social map's own card builder (``socialmap.cards``) makes it: name,
organisation, address, phone, times, the next session, what to bring; public details of the
organisation only, nothing about the citizen."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils import timezone

from wegwijs.socialmap import cards
from wegwijs.socialmap.models import Service

Card = cards.Card


def build_card(service: Service, location_id: str | None = None) -> cards.Card:
    service = (
        Service.objects.select_related("organization")
        .prefetch_related(
            "phones",
            "organization__phones",
            "at_locations__location__phones",
            "at_locations__schedules",
        )
        .get(pk=service.pk)
    )
    now = timezone.now()
    at = cards.choose_location(service, now, location_id)
    return cards.build_card(service, at, now)


def as_dict(card: cards.Card) -> dict[str, Any]:
    data = asdict(card)
    data["address"] = card.address
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = list(value)
    return data
