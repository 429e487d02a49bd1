"""/api/v1/services/: every staff role finds services (by need, code, freshness and place),
reads them as HSDS 3; keepers add, change and delete their own; errors carry field paths."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from wegwijs.accounts.models import Role, User
from wegwijs.geo.models import Pc4Area
from wegwijs.search import services as search
from wegwijs.socialmap import hsds
from wegwijs.socialmap.models import Location, Service, ServiceAtLocation, SocialOrganization
from wegwijs.socialmap.tests.factories import build_social_map
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db

SERVICES = "/api/v1/services/"
PROBLEM = "application/problem+json"
SCHEMA_DIR = Path(__file__).resolve().parents[5] / "shared" / "hsds" / "schema"
ROTTERDAM = "51.9225,4.4792"


def api(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["results"]]


def error_paths(response: Any, status: int = 400) -> set[str]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return {error["path"] for error in response.json()["errors"]}


def place(
    organization: SocialOrganization, name: str, lat: float | None, lon: float | None
) -> Location:
    return Location.objects.create(
        organization=organization, name=name, city=name, latitude=lat, longitude=lon
    )


def offer(organization: SocialOrganization, name: str, *where: Location, **fields: Any) -> Service:
    values = {
        "description": "Hulp bij DigiD aanvragen en inloggen.",
        "themes": ["digid"],
        "format": "spreekuur",
        "access": "inloop",
        **fields,
    }
    service = Service.objects.create(organization=organization, name=name, **values)
    for location in where:
        ServiceAtLocation.objects.create(service=service, location=location)
    return service


@pytest.fixture
def social(network: Network) -> Any:
    """Rotterdam's map (build_social_map: Digisterker at two places, a walk-in consultation
    hour marked 'do not refer'), an inactive entry of Rotterdam, an offer of the partner in
    Utrecht and one in Zaandam."""
    social = build_social_map(network.rotterdam, network.rotterdam_centrum)
    social.inactive = offer(social.organization, "Oude cursus", status="inactive")
    partner = SocialOrganization.objects.create(
        name="Sociaal Raadslieden", description="Hulp bij brieven.", owner=network.partner
    )
    social.partner = partner
    social.utrecht = offer(
        partner,
        "Formulierenhulp Utrecht",
        place(partner, "Utrecht", 52.0907, 5.1214),
        description="Hulp bij formulieren van toeslagen en de belasting.",
        themes=["toeslagen", "belastingaangifte"],
        format="coaching",
        access="aanmelden",
        last_verified=timezone.localdate(),
    )
    social.zaandam = offer(
        partner,
        "DigiD-spreekuur Zaandam",
        place(partner, "Zaandam", 52.4420, 4.8292),
        last_verified=timezone.localdate(),
    )
    return social


# --- reading: who sees what --------------------------------------------------------------


def test_without_credentials_401(client: Client, social: Any) -> None:
    response = client.get(SERVICES)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("role", [Role.POI_CONSULTANT, Role.AGENCY_ANALYST, Role.PARTNER_EDITOR])
def test_every_staff_role_reads_every_active_entry_but_not_others_inactive_ones(
    network: Network, social: Any, role: str
) -> None:
    found = names(api(user_for(role, network)).get(SERVICES))
    assert found == [
        "DigiD-spreekuur Zaandam",
        "Digisterker",
        "Formulierenhulp Utrecht",
        "Inloopspreekuur Belastingaangifte",
    ]


@pytest.mark.parametrize("role", [Role.DESK_WORKER, Role.COORDINATOR, Role.PROGRAMME_OFFICE])
def test_the_keeping_organisation_and_the_programme_office_also_see_inactive_entries(
    network: Network, social: Any, role: str
) -> None:
    assert "Oude cursus" in names(api(user_for(role, network)).get(SERVICES))


def test_an_inactive_entry_of_another_organisation_is_not_found(
    network: Network, social: Any
) -> None:
    response = api(user_for(Role.POI_CONSULTANT, network)).get(f"{SERVICES}{social.inactive.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_a_service_reads_as_hsds_with_our_codes_and_state(network: Network, social: Any) -> None:
    response = api(user_for(Role.DESK_WORKER, network)).get(f"{SERVICES}{social.course.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Digisterker"
    assert body["organization"]["name"] == "Bibliotheek Rotterdam"
    assert body["organization"]["phones"][0]["number"] == "010 281 6100"
    at = {sal["location"]["name"]: sal for sal in body["service_at_locations"]}
    library = at["Centrale Bibliotheek"]
    assert library["location"]["addresses"][0]["postal_code"] == "3011 PV"
    assert library["location"]["latitude"] == 51.9225
    assert {s["byday"] for s in library["schedules"] if "byday" in s} == {"TU"}
    assert library["schedules"][0]["opens_at"] == "10:00:00"
    assert body["phones"][0]["number"] == "010 281 6199"
    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in body["attributes"]
    }
    assert {("wegwijs-theme", "digid"), ("wegwijs-format", "cursus")} <= terms
    assert body["required_documents"][0]["document"] == "DigiD-inloggegevens"
    assert body["themes"] == ["digid", "digitale-vaardigheden"]
    assert body["format"] == "cursus"
    assert body["referable"] is True
    assert body["stale"] is True  # last verified 2025-03-01
    assert body["distance_km"] is None
    assert body["editable"] is False
    # The same serialisation as the HSDS export.
    exported = hsds.export_json(Service.objects.filter(pk=social.course.pk))["services"][0]
    assert {k: body[k] for k in exported} == exported


def test_the_keeper_sees_it_may_edit(network: Network, social: Any) -> None:
    body = api(user_for(Role.COORDINATOR, network)).get(f"{SERVICES}{social.course.pk}/").json()
    assert body["editable"] is True


# --- finding ------------------------------------------------------------------------------


def test_filters_by_codes_and_state(network: Network, social: Any) -> None:
    client = api(user_for(Role.POI_CONSULTANT, network))
    assert names(client.get(SERVICES, {"theme": "toeslagen"})) == ["Formulierenhulp Utrecht"]
    assert names(client.get(SERVICES, {"format": "cursus"})) == ["Digisterker"]
    assert names(client.get(SERVICES, {"access": "aanmelden"})) == [
        "Digisterker",
        "Formulierenhulp Utrecht",
    ]
    assert names(client.get(SERVICES, {"target_group": "ouderen"})) == ["Digisterker"]
    assert names(client.get(SERVICES, {"referable": "false"})) == [
        "Inloopspreekuur Belastingaangifte"
    ]
    assert names(client.get(SERVICES, {"stale": "false"})) == [
        "DigiD-spreekuur Zaandam",
        "Formulierenhulp Utrecht",
    ]
    assert set(names(client.get(SERVICES, {"stale": "true", "referable": "true"}))) == {
        "Digisterker"
    }


def test_free_text_ranks_through_the_shared_search(network: Network, social: Any) -> None:
    client = api(user_for(Role.POI_CONSULTANT, network))
    found = names(client.get(SERVICES, {"q": "formulier toeslag"}))
    assert found[0] == "Formulierenhulp Utrecht"
    assert names(client.get(SERVICES, {"q": "digi d cursus", "format": "cursus"})) == [
        "Digisterker"
    ]
    assert names(client.get(SERVICES, {"q": "xyzzy"})) == []


def test_near_a_point_orders_by_distance_within_the_radius(network: Network, social: Any) -> None:
    client = api(user_for(Role.POI_CONSULTANT, network))
    response = client.get(SERVICES, {"near": ROTTERDAM})
    results = response.json()["results"]
    assert {r["name"] for r in results[:2]} == {
        "Digisterker",
        "Inloopspreekuur Belastingaangifte",
    }
    distances = [r["distance_km"] for r in results]
    assert distances[0] == 0.0
    assert distances == sorted(distances)
    assert 60 < distances[-1] < 65  # Zaandam is ~63 km from Rotterdam

    within = client.get(SERVICES, {"near": ROTTERDAM, "radius_km": 40})
    assert set(names(within)) == {"Digisterker", "Inloopspreekuur Belastingaangifte"}
    utrecht = client.get(SERVICES, {"near": "52.09,5.12", "radius_km": 10, "q": "formulieren"})
    assert names(utrecht) == ["Formulierenhulp Utrecht"]
    assert utrecht.json()["results"][0]["distance_km"] < 1


def test_a_radius_keeps_a_weaker_match_nearby(network: Network, social: Any) -> None:
    """With 'near' and a radius the text ranks within the radius, not the country's best."""
    for i in range(105):  # more than one page of the search's best matches
        offer(
            social.partner,
            f"DigiD hulp DigiD {i}",
            place(social.partner, f"Groningen {i}", 53.2194, 6.5665),
            description="DigiD DigiD DigiD aanvragen.",
        )
    client = api(user_for(Role.POI_CONSULTANT, network))
    assert names(client.get(SERVICES, {"q": "digid", "near": "52.44,4.83", "radius_km": 5})) == [
        "DigiD-spreekuur Zaandam"
    ]


def test_near_a_postcode(network: Network, social: Any) -> None:
    Pc4Area.objects.create(
        pc4="1541",
        place="Koog aan de Zaan",
        municipality="Zaanstad",
        province="Noord-Holland",
        latitude=52.4600,
        longitude=4.8050,
        imported_at=timezone.now(),
    )
    client = api(user_for(Role.POI_CONSULTANT, network))
    response = client.get(SERVICES, {"near": "1541 AB", "radius_km": 10})
    assert names(response) == ["DigiD-spreekuur Zaandam"]
    assert 2 < response.json()["results"][0]["distance_km"] < 3


def test_unknown_place_and_radius_without_place_are_400_with_the_parameter(
    network: Network, social: Any
) -> None:
    client = api(user_for(Role.POI_CONSULTANT, network))
    assert error_paths(client.get(SERVICES, {"near": "Qwxyzdorp"})) == {"near"}
    assert error_paths(client.get(SERVICES, {"radius_km": 10})) == {"radius_km"}
    assert error_paths(client.get(SERVICES, {"theme": "onzin"})) == {"theme"}


def test_pages(network: Network, social: Any) -> None:
    client = api(user_for(Role.POI_CONSULTANT, network))
    body = client.get(SERVICES, {"near": ROTTERDAM, "page_size": 3}).json()
    assert body["count"] == 4
    assert len(body["results"]) == 3
    last = client.get(SERVICES, {"near": ROTTERDAM, "page_size": 3, "page": 2}).json()
    assert [r["name"] for r in last["results"]] == ["DigiD-spreekuur Zaandam"]
    assert client.get(SERVICES, {"page": 9}).status_code == 404


# --- keeping entries ----------------------------------------------------------------------


def new_service(organization: SocialOrganization, **overrides: Any) -> dict[str, Any]:
    return {
        "organization_id": str(organization.pk),
        "name": "Klik & Tik in de wijk",
        "description": "Leer in eigen tempo werken met de computer en internet.",
        "themes": ["digitale-vaardigheden"],
        "target_groups": ["ouderen"],
        "format": "cursus",
        "access": "aanmelden",
        "languages": ["nl"],
        "what_to_bring": ["Leesbril"],
        "capacity": 8,
        **overrides,
    }


def test_a_coordinator_adds_a_service_for_its_own_organisation(
    network: Network, social: Any
) -> None:
    client = api(user_for(Role.COORDINATOR, network))
    body = new_service(social.organization, location_ids=[str(social.library_location.pk)])
    response = client.post(SERVICES, body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["name"] == "Klik & Tik in de wijk"
    assert [sal["location"]["name"] for sal in created["service_at_locations"]] == [
        "Centrale Bibliotheek"
    ]
    service = Service.objects.get(pk=created["id"])
    assert service.codes == " digitale-vaardigheden ouderen cursus aanmelden "
    assert service.updated_by is not None
    assert search.search("klik tik", kinds=["service"])[0].key == created["id"]


@pytest.mark.parametrize("role", [Role.DESK_WORKER, Role.POI_CONSULTANT, Role.AGENCY_ANALYST])
def test_readers_cannot_write(network: Network, social: Any, role: str) -> None:
    client = api(user_for(role, network))
    response = client.post(
        SERVICES, new_service(social.organization), content_type="application/json"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    url = f"{SERVICES}{social.course.pk}/"
    assert client.patch(url, {"name": "X"}, content_type="application/json").status_code == 403
    assert client.delete(url).status_code == 403
    assert Service.objects.filter(pk=social.course.pk, name="Digisterker").exists()


def test_a_partner_editor_writes_only_its_own_organisations_entries(
    network: Network, social: Any
) -> None:
    client = api(user_for(Role.PARTNER_EDITOR, network))
    own = client.post(SERVICES, new_service(social.partner), content_type="application/json")
    assert own.status_code == 201, own.content
    other = client.post(SERVICES, new_service(social.organization), content_type="application/json")
    assert other.status_code == 403
    changed = client.patch(
        f"{SERVICES}{social.utrecht.pk}/", {"name": "Formulierenhulp"}, "application/json"
    )
    assert changed.status_code == 200
    assert changed.json()["name"] == "Formulierenhulp"
    assert changed.json()["themes"] == ["toeslagen", "belastingaangifte"]
    refused = client.patch(f"{SERVICES}{social.course.pk}/", {"name": "X"}, "application/json")
    assert refused.status_code == 403


def test_the_programme_office_writes_for_any_organisation(network: Network, social: Any) -> None:
    client = api(user_for(Role.PROGRAMME_OFFICE, network))
    response = client.post(SERVICES, new_service(social.partner), content_type="application/json")
    assert response.status_code == 201


def test_invalid_input_lists_every_problem_by_path_and_stores_nothing(
    network: Network, social: Any
) -> None:
    client = api(user_for(Role.COORDINATOR, network))
    other_location = Location.objects.create(organization=social.partner, name="Elders")
    body = new_service(
        social.organization,
        themes=["digid", "onzin"],
        format="",
        capacity=0,
        location_ids=[str(social.library_location.pk), str(other_location.pk)],
    )
    assert error_paths(client.post(SERVICES, body, content_type="application/json")) == {
        "themes.1",
        "format",
        "capacity",
    }
    body = new_service(
        social.organization,
        description="Bel Jan de Vries op 06-12345678.",
        what_to_bring=["Paspoort", "BSN 111222333"],
        fees_description="Maak over naar NL91ABNA0417164300.",
        location_ids=[str(social.library_location.pk), str(other_location.pk)],
    )
    assert error_paths(client.post(SERVICES, body, content_type="application/json")) == {
        "description",
        "what_to_bring.1",
        "fees_description",
        "location_ids.1",
    }
    nowhere = new_service(social.organization, location_ids=[str(social.course.pk)])
    assert error_paths(client.post(SERVICES, nowhere, content_type="application/json")) == {
        "location_ids.0"
    }
    unknown = new_service(social.organization, organization_id=str(social.course.pk))
    assert error_paths(client.post(SERVICES, unknown, content_type="application/json")) == {
        "organization_id"
    }
    unknown.pop("organization_id")
    assert error_paths(client.post(SERVICES, unknown, content_type="application/json")) == {
        "organization_id"
    }
    assert not Service.objects.filter(name="Klik & Tik in de wijk").exists()


def test_a_change_replaces_the_locations_when_given_and_keeps_them_otherwise(
    network: Network, social: Any
) -> None:
    client = api(user_for(Role.COORDINATOR, network))
    url = f"{SERVICES}{social.course.pk}/"
    kept = client.patch(url, {"capacity": 10}, content_type="application/json")
    assert kept.status_code == 200, kept.content
    assert len(kept.json()["service_at_locations"]) == 2
    moved = client.patch(
        url, {"location_ids": [str(social.community_centre.pk)]}, "application/json"
    )
    assert [sal["location"]["name"] for sal in moved.json()["service_at_locations"]] == [
        "Wijkcentrum De Larik"
    ]
    # the schedules at the kept location stay
    assert moved.json()["service_at_locations"][0]["schedules"][0]["byday"] == "MO,TH"
    assert error_paths(
        client.patch(url, {"organization_id": str(social.partner.pk)}, "application/json")
    ) == {"organization_id"}


def test_a_full_replace_needs_the_required_fields(network: Network, social: Any) -> None:
    client = api(user_for(Role.COORDINATOR, network))
    url = f"{SERVICES}{social.course.pk}/"
    assert error_paths(client.put(url, {"name": "Alleen een naam"}, "application/json")) == {
        "description",
        "themes",
        "format",
    }
    replaced = client.put(url, new_service(social.organization), "application/json")
    assert replaced.status_code == 200
    assert replaced.json()["target_groups"] == ["ouderen"]


def test_an_entry_made_inactive_leaves_the_search_and_other_users_view(
    network: Network, social: Any
) -> None:
    client = api(user_for(Role.COORDINATOR, network))
    url = f"{SERVICES}{social.course.pk}/"
    client.patch(url, {"status": "inactive"}, content_type="application/json")
    assert search.search("digisterker", kinds=["service"]) == []
    other = api(user_for(Role.AGENCY_ANALYST, network))
    assert other.get(url).status_code == 404


def test_the_keeper_deletes(network: Network, social: Any) -> None:
    client = api(user_for(Role.COORDINATOR, network))
    assert client.delete(f"{SERVICES}{social.course.pk}/").status_code == 204
    assert not Service.objects.filter(pk=social.course.pk).exists()
    assert search.search("digisterker", kinds=["service"]) == []
    assert client.delete(f"{SERVICES}{social.utrecht.pk}/").status_code == 403


# --- the HSDS document ----------------------------------------------------------------------


def test_export_is_the_hsds_document_of_what_the_user_may_see(
    network: Network, social: Any
) -> None:
    response = api(user_for(Role.POI_CONSULTANT, network)).get(f"{SERVICES}export/")
    assert response.status_code == 200
    document = response.json()
    assert document["version"] == hsds.HSDS_VERSION
    assert sorted(s["name"] for s in document["services"]) == [
        "DigiD-spreekuur Zaandam",
        "Digisterker",
        "Formulierenhulp Utrecht",
        "Inloopspreekuur Belastingaangifte",
    ]
    assert document["organizations"] == []
    own = api(user_for(Role.DESK_WORKER, network)).get(f"{SERVICES}export/").json()
    assert "Oude cursus" in {s["name"] for s in own["services"]}
    assert [o["name"] for o in own["organizations"]] == ["Humanitas Rotterdam"]
    if (SCHEMA_DIR / "service.json").is_file():
        for i, service in enumerate(own["services"]):
            assert hsds.schema_errors("service", service, f"services[{i}]", SCHEMA_DIR) == []


def test_stale_uses_six_months(network: Network, social: Any) -> None:
    social.zaandam.last_verified = timezone.localdate() - timedelta(days=183)
    social.zaandam.save()
    client = api(user_for(Role.POI_CONSULTANT, network))
    assert "DigiD-spreekuur Zaandam" in names(client.get(SERVICES, {"stale": "true"}))
    social.zaandam.last_verified = timezone.localdate() - timedelta(days=180)
    social.zaandam.save()
    assert "DigiD-spreekuur Zaandam" not in names(client.get(SERVICES, {"stale": "true"}))
