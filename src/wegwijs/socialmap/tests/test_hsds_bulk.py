"""The HSDS import at scale: stored in bulk, the search index brought up to date once, the
fast schema check agreeing with the full one."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from wegwijs.search import services as search
from wegwijs.search.models import SearchDocument
from wegwijs.socialmap import hsds, indexing
from wegwijs.socialmap.models import Location, Service, ServiceAtLocation
from wegwijs.socialmap.tests.factories import build_social_map

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(__file__).resolve().parents[5] / "shared" / "hsds" / "schema"
needs_schema = pytest.mark.skipif(
    not (SCHEMA_DIR / "service.json").is_file(), reason="the official HSDS schemas are not there"
)


def keys(query: str) -> set[str]:
    return {hit.key for hit in search.search(query, kinds=["service"], limit=100)}


def copies(document: dict[str, Any], n: int) -> dict[str, Any]:
    """``document`` with its services repeated ``n`` times under new ids (same locations)."""
    services = []
    for i in range(n):
        for original in document["services"]:
            service = copy.deepcopy(original)
            service["id"] = hsds.derived_id("copy", i, original["id"])
            service["name"] = f"{original['name']} {i}"
            for sal in service.get("service_at_locations", []):
                sal["id"] = hsds.derived_id("copy", i, sal["id"])
                sal["service_id"] = service["id"]
                for schedule in sal.get("schedules", []):
                    schedule["id"] = hsds.derived_id("copy", i, schedule["id"])
            for phone in service.get("phones", []):
                phone["id"] = hsds.derived_id("copy", i, phone["id"])
            service.pop("attributes")
            service["attributes"] = [
                hsds._attribute(service["id"], "service", "wegwijs-theme", "digid"),
                hsds._attribute(service["id"], "service", "wegwijs-format", "cursus"),
            ]
            services.append(service)
    return {"version": hsds.HSDS_VERSION, "services": services, "organizations": []}


@pytest.mark.parametrize("one_by_one", [1000, 1])
def test_an_import_updates_the_search_once_for_everything_it_touched(
    network: Any, monkeypatch: pytest.MonkeyPatch, one_by_one: int
) -> None:
    """Both ways of refreshing: document by document, and the rebuild of all services."""
    monkeypatch.setattr(indexing, "ONE_BY_ONE", one_by_one)
    social = build_social_map(network.rotterdam, network.rotterdam_centrum)
    document = hsds.export_json()
    Service.objects.all().delete()
    assert keys("digisterker") == set()

    result = hsds.import_json(copies(document, 30), owner=network.rotterdam)

    assert result.created["service"] == 60
    assert Service.objects.count() == 60
    assert {s.codes for s in Service.objects.all()} == {" digid cursus inloop "}
    indexed = SearchDocument.objects.filter(kind="service", deleted=False)
    assert set(indexed.values_list("key", flat=True)) == {
        str(pk) for pk in Service.objects.values_list("pk", flat=True)
    }
    # A location renamed in a re-import re-indexes every service there, also those the
    # document does not list.
    again = copy.deepcopy(copies(document, 1))
    for service in again["services"]:
        for sal in service["service_at_locations"]:
            if sal["location"]["name"] == "Wijkcentrum De Larik":
                sal["location"]["name"] = "Wijkcentrum Het Klooster"
    hsds.import_json(again, owner=network.rotterdam)
    assert keys("klooster") == {
        str(pk)
        for pk in ServiceAtLocation.objects.filter(location=social.community_centre).values_list(
            "service_id", flat=True
        )
    }
    assert ServiceAtLocation.objects.filter(location=social.community_centre).count() == 30
    assert Location.objects.get(pk=social.community_centre.pk).name == "Wijkcentrum Het Klooster"


def test_a_reimport_drops_links_the_document_no_longer_lists(network: Any) -> None:
    social = build_social_map(network.rotterdam, network.rotterdam_centrum)
    document = hsds.export_json(Service.objects.filter(pk=social.course.pk))
    service = document["services"][0]
    service["service_at_locations"] = [
        sal
        for sal in service["service_at_locations"]
        if sal["location"]["name"] != "Wijkcentrum De Larik"
    ]
    result = hsds.import_json(document, owner=network.rotterdam)

    assert result.updated["service"] == 1
    assert list(social.course.locations.values_list("name", flat=True)) == ["Centrale Bibliotheek"]
    assert keys("larik") == set()


def test_a_failed_import_leaves_the_index_alone(network: Any) -> None:
    social = build_social_map(network.rotterdam, network.rotterdam_centrum)
    document = hsds.export_json(Service.objects.filter(pk=social.course.pk))
    document["services"][0]["name"] = "Digisterker Nieuw"
    document["services"][0]["organization"]["id"] = "not-a-uuid"
    with pytest.raises(hsds.HSDSImportError):
        hsds.import_json(document, owner=network.rotterdam)
    assert keys("nieuw") == set()
    assert keys("digisterker") == {str(social.course.pk)}


@needs_schema
def test_the_fast_schema_check_agrees_with_jsonschema(network: Any) -> None:
    build_social_map(network.rotterdam, network.rotterdam_centrum)
    document = hsds.export_json()
    example = json.loads((SCHEMA_DIR.parent / "examples" / "service_full.json").read_text())
    variants = [document["services"][0], example]
    for change in (
        lambda s: s.update(id="x"),
        lambda s: s.update(status="open"),
        lambda s: s["organization"].update(id=3),
        lambda s: s["service_at_locations"][0]["location"].update(latitude="north"),
        lambda s: s["service_at_locations"][0]["schedules"][0].update(opens_at=5),
    ):
        for source in (document["services"][0], example):
            broken = copy.deepcopy(source)
            change(broken)
            variants.append(broken)
    fast = hsds._fast_validators(str(SCHEMA_DIR))
    slow = hsds._validators(str(SCHEMA_DIR))
    assert fast is not None
    for variant in variants:
        assert fast["service"].is_valid(variant) == (not list(slow["service"].iter_errors(variant)))
    assert hsds.schema_errors("service", variants[-1], "services[0]", SCHEMA_DIR)
