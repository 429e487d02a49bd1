"""The social map: keepers, freshness, corrections, search and the triage hook."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from wegwijs.search import services as search
from wegwijs.socialmap import services
from wegwijs.socialmap.models import Location, Service, ServiceAtLocation, SocialOrganization
from wegwijs.testing.network import Network, user_for
from wegwijs.triage import services as triage

pytestmark = pytest.mark.django_db


def offer(network: Network, **overrides: Any) -> Service:
    organization = SocialOrganization.objects.create(
        name="Bibliotheek Rotterdam", description="De bibliotheek.", owner=network.rotterdam
    )
    location = Location.objects.create(
        organization=organization,
        name="Centrale Bibliotheek",
        city="Rotterdam",
        latitude=51.92,
        longitude=4.48,
    )
    data = {
        "name": "Digisterker: werken met de e-overheid",
        "description": "Cursus in vier lessen over DigiD en de websites van de overheid.",
        "themes": ["digitale-vaardigheden", "digid"],
        "target_groups": ["ouderen"],
        "format": "cursus",
        "access": "aanmelden",
        "capacity": 8,
        "intake_required": True,
        **overrides,
    }
    service = Service.objects.create(organization=organization, **data)
    ServiceAtLocation.objects.create(service=service, location=location)
    return service


def test_services_are_found_by_need_in_everyday_words(network: Network) -> None:
    service = offer(network)
    hits = search.search("cursus digi d", kinds=["service"])
    assert hits[0].key == str(service.pk)
    assert hits[0].data["locations"] == [[51.92, 4.48, "Rotterdam"]]


def test_an_inactive_service_leaves_the_index(network: Network) -> None:
    service = offer(network)
    service.status = "inactive"
    service.save()
    assert search.search("digisterker", kinds=["service"]) == []


def test_only_keepers_and_the_programme_office_edit(network: Network) -> None:
    service = offer(network)
    assert services.can_edit(user_for("coordinator", network), service.organization)
    assert services.can_edit(user_for("programme_office", network), service.organization)
    assert not services.can_edit(user_for("desk_worker", network), service.organization)
    assert not services.can_edit(user_for("partner_editor", network), service.organization)
    with pytest.raises(PermissionDenied):
        services.mark_verified(user_for("desk_worker", network), service)


def test_validation_names_bad_codes_and_refuses_personal_data(network: Network) -> None:
    with pytest.raises(ValidationError) as error:
        services.validate_service(
            {
                "name": "Hulp",
                "description": "Bel Jan de Vries op 06-12345678.",
                "themes": ["digid", "onzin"],
                "format": "cursus",
                "access": "inloop",
                "languages": ["nederlands"],
                "capacity": 0,
            }
        )
    errors = error.value.message_dict
    assert {"themes.1", "description", "languages.0", "capacity"} <= set(errors)


def test_stale_entries_are_flagged_and_keepers_reminded_once(network: Network) -> None:
    service = offer(network)
    coordinator = user_for("coordinator", network, email="coordinator@example.org")
    Service.objects.filter(pk=service.pk).update(
        last_verified=timezone.localdate() - timedelta(days=200)
    )
    service.refresh_from_db()
    assert service.is_stale()
    assert list(services.stale_services()) == [service]
    assert services.send_reminders() == 1
    assert mail.outbox[0].to == ["coordinator@example.org"]
    assert services.send_reminders() == 0  # not again until verified
    services.mark_verified(coordinator, service)
    assert not services.stale_services().exists()


def test_a_desk_worker_suggests_a_correction_to_the_keeper(network: Network, log_in: Any) -> None:
    service = offer(network)
    client = log_in(user_for("desk_worker", network))
    url = reverse("socialmap:detail", args=[service.pk])
    response = client.post(url, {"text": "De cursus is nu op dinsdag."})
    assert response.status_code == 302
    refused = client.post(url, {"text": "Mail naar piet@example.nl"})
    assert refused.status_code == 400
    assert service.feedback.count() == 1
    keeper = log_in(user_for("coordinator", network))
    page = keeper.get(reverse("socialmap:review"))
    assert "De cursus is nu op dinsdag." in page.content.decode()
    keeper.post(reverse("socialmap:review"), {"feedback": service.feedback.get().pk})
    assert not services.open_feedback(user_for("coordinator", network)).exists()


def test_directory_search_and_filters(network: Network, log_in: Any) -> None:
    offer(network)
    client = log_in(user_for("desk_worker", network))
    page = client.get(reverse("socialmap:list"), {"q": "e-overheid cursus", "access": "aanmelden"})
    assert [s.name for s in page.context["page"].object_list] == [
        "Digisterker: werken met de e-overheid"
    ]
    page = client.get(reverse("socialmap:list"), {"access": "inloop"})
    assert list(page.context["page"].object_list) == []


def test_triage_adds_nearby_referable_services(network: Network) -> None:
    service = offer(network)
    worker = user_for("desk_worker", network)
    result = triage.suggest("digid cursus voor ouderen", context={"user": worker})
    nearby = result.extra["socialmap"]
    assert nearby and nearby[0].service_id == str(service.pk)
    service.do_not_refer = True
    service.save()
    result = triage.suggest("digid cursus voor ouderen", context={"user": worker})
    assert result.extra["socialmap"] == []


def test_directory_sorts_by_distance_from_a_place_or_postcode(
    network: Network, log_in: Any
) -> None:
    from wegwijs.geo.models import Pc4Area

    near = offer(network)
    far = offer(network, name="Digisterker Groningen")
    Location.objects.filter(at_services__service=far).update(
        city="Groningen", latitude=53.22, longitude=6.57
    )
    Pc4Area.objects.create(
        pc4="3011",
        place="Rotterdam",
        municipality="Rotterdam",
        province="Zuid-Holland",
        latitude=51.92,
        longitude=4.48,
        imported_at=timezone.now(),
    )
    client = log_in(user_for("desk_worker", network))
    page = client.get(reverse("socialmap:list"), {"near": "3011 AB"})
    names = [s.name for s in page.context["page"].object_list]
    assert names == [near.name, far.name]
    assert page.context["page"].object_list[0].distance_km < 1
    assert len(page.context["map_points"]) == 2
    unknown = client.get(reverse("socialmap:list"), {"near": "Rotterdm"})
    html = unknown.content.decode()
    assert unknown.status_code == 200
    assert "Rotterdam" in html  # did you mean


def test_demo_social_map_loads_once_and_is_searchable(db: None) -> None:
    from wegwijs.network.demo import load_network
    from wegwijs.socialmap import demo

    load_network()
    first = demo.load()
    assert first > 0
    assert demo.load() == first
    assert Service.objects.count() == first  # a second run updates, adds nothing
    hits = search.search("digisterker", kinds=["service"], limit=200)
    named = ["Digisterker" in h.title for h in hits]
    assert named[0] and named == sorted(named, reverse=True)  # the courses of that name first
