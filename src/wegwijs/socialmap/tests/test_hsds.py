"""HSDS 3 import and export of the social map, checked against the official schemas."""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wegwijs.socialmap import hsds
from wegwijs.socialmap.models import (
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    SocialOrganization,
)
from wegwijs.socialmap.tests.factories import build_social_map
from wegwijs.testing.factories import BranchFactory, LibraryFactory

SCHEMA_DIR = Path(__file__).resolve().parents[5] / "shared" / "hsds" / "schema"
EXAMPLES = SCHEMA_DIR.parent / "examples"
needs_schema = pytest.mark.skipif(
    not (SCHEMA_DIR / "service.json").is_file(),
    reason=f"the official HSDS schemas are not in {SCHEMA_DIR}",
)
MODELS = [SocialOrganization, Location, Service, ServiceAtLocation, Schedule, Phone]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages below are asserted in English (the import speaks the active language)."""
    with translation.override("en"):
        yield


def counts() -> list[int]:
    return [m.objects.count() for m in MODELS]


def empty_social_map() -> None:
    SocialOrganization.objects.all().delete()
    assert counts() == [0] * len(MODELS)


@pytest.fixture
def owner() -> Any:
    return LibraryFactory(name="Bibliotheek Rotterdam", slug="rotterdam")


@pytest.fixture
def social_map(owner: Any) -> Any:
    branch = BranchFactory(organisation=owner)
    return build_social_map(owner, branch)


def service_doc(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in document["services"] if s["name"] == name)


def attribute(service: dict[str, Any], taxonomy: str) -> list[dict[str, Any]]:
    return [a for a in service["attributes"] if a["taxonomy_term"]["taxonomy"] == taxonomy]


@pytest.mark.django_db
def test_export_has_the_hsds_shape(social_map: Any) -> None:
    document = hsds.export_json()
    assert document["version"] == "3.0"
    assert [o["name"] for o in document["organizations"]] == ["Humanitas Rotterdam"]
    course = service_doc(document, "Digisterker")
    assert course["organization"]["id"] == str(social_map.organization.id)
    assert len(course["service_at_locations"]) == 2
    at_library = next(
        s for s in course["service_at_locations"] if s["location"]["name"] == "Centrale Bibliotheek"
    )
    assert [s.get("freq", s.get("dtstart")) for s in at_library["schedules"]] == [
        "WEEKLY",
        "2025-04-01",
        "2025-04-08",
    ]
    location = at_library["location"]
    assert location["addresses"][0]["postal_code"] == "3011 PV"
    assert location["accessibility"][0]["description"].startswith("Rolstoel")
    assert [a["taxonomy_term"]["code"] for a in attribute(location, "wegwijs-facility")] == [
        "computers",
        "printer",
        "wifi",
    ]
    assert [d["document"] for d in course["required_documents"]] == [
        "DigiD-inloggegevens",
        "Een eigen tablet of laptop",
    ]
    assert [a["taxonomy_term"]["code"] for a in attribute(course, "wegwijs-theme")] == [
        "digid",
        "digitale-vaardigheden",
    ]
    fields = {a["taxonomy_term"]["code"]: a["value"] for a in attribute(course, "wegwijs-field")}
    assert fields == {
        "do-not-refer": "false",
        "intake-required": "true",
        "capacity": "8",
        "source": "G!DS",
    }
    assert course["assured_date"] == "2025-03-01"
    assert course["cost_options"][0]["amount"] == 0
    consultation = service_doc(document, "Inloopspreekuur Belastingaangifte")
    assert {
        a["taxonomy_term"]["code"]: a["value"] for a in attribute(consultation, "wegwijs-field")
    }["do-not-refer"] == "true"
    assert [x["code"] for x in consultation["languages"]] == ["nl", "en", "ar"]
    # the same every time
    assert hsds.export_json() == document


@needs_schema
@pytest.mark.django_db
def test_export_validates_against_the_official_schemas(social_map: Any) -> None:
    document = hsds.export_json()
    problems = [
        message
        for kind, key in (("service", "services"), ("organization", "organizations"))
        for i, obj in enumerate(document[key])
        for message in hsds.schema_errors(kind, obj, f"{key}[{i}]", SCHEMA_DIR)
    ]
    assert problems == []


@needs_schema
def test_schema_check_finds_problems() -> None:
    service = json.loads((EXAMPLES / "service_full.json").read_text())
    service["status"] = "open"
    service["service_at_locations"][0]["location"]["addresses"][0].pop("postal_code")
    problems = hsds.schema_errors("service", service, "services[3]", SCHEMA_DIR)
    assert any(p.startswith("services[3].status:") for p in problems)
    assert any(
        p.startswith("services[3].service_at_locations[0].location.addresses[0]:")
        and "postal_code" in p
        for p in problems
    )


@pytest.mark.django_db
def test_json_round_trip(social_map: Any, owner: Any) -> None:
    first = hsds.export_json()
    empty_social_map()
    result = hsds.import_json(copy.deepcopy(first), owner=owner)
    assert result.created == {
        "organization": 2,
        "location": 3,
        "service": 2,
        "service_at_location": 3,
        "schedule": 5,
        "phone": 3,
    }
    assert hsds.export_json() == first
    # importing again updates, changes nothing
    again = hsds.import_json(copy.deepcopy(first), owner=owner)
    assert again.created == {}
    assert again.updated["service"] == 2
    assert hsds.export_json() == first


@pytest.mark.django_db
def test_json_round_trip_through_a_file_and_the_command(
    social_map: Any, owner: Any, tmp_path: Path
) -> None:
    first = hsds.export_json()
    path = tmp_path / "map.json"
    call_command("socialmap", "export", "--output", str(path), stdout=StringIO())
    empty_social_map()
    out = StringIO()
    call_command("socialmap", "import", str(path), "--owner", "rotterdam", stdout=out)
    assert "service: 2 created" in out.getvalue()
    assert hsds.export_json() == first


@pytest.mark.django_db
def test_csv_round_trip(social_map: Any, owner: Any, tmp_path: Path) -> None:
    first = hsds.export_json()
    files = hsds.export_csv(tmp_path)
    assert {f.name for f in files} >= {"services.csv", "locations.csv", "schedules.csv"}
    assert hsds.document_from_tables(hsds.read_csv_tables(tmp_path)) == first
    empty_social_map()
    hsds.import_csv(tmp_path, owner=owner)
    assert hsds.export_json() == first


@pytest.mark.django_db
def test_csv_command(social_map: Any, owner: Any, tmp_path: Path) -> None:
    first = hsds.export_json()
    call_command(
        "socialmap", "export", "--format", "csv", "--output", str(tmp_path), stdout=StringIO()
    )
    empty_social_map()
    call_command("socialmap", "import", str(tmp_path), "--owner", "rotterdam", stdout=StringIO())
    assert hsds.export_json() == first


def fitted_example() -> dict[str, Any]:
    """The official service_full example with what Wegwijs needs: our codes, a Dutch
    postcode, coordinates on earth."""
    service = json.loads((EXAMPLES / "service_full.json").read_text())
    for location in (
        service["service_at_locations"][0]["location"],
        *service["organization"].get("locations", []),
    ):
        location["latitude"], location["longitude"] = 51.9, 4.4
        location["addresses"][0] |= {"postal_code": "3011 PV", "country": "NL"}
    term = hsds._term("wegwijs-theme", "digid", "DigiD")
    service["attributes"] = [
        {"id": hsds.derived_id("a", 1), "taxonomy_term": term},
        {
            "id": hsds.derived_id("a", 2),
            "taxonomy_term": hsds._term("wegwijs-format", "spreekuur", "Spreekuur"),
        },
    ]
    return service


@needs_schema
@pytest.mark.django_db
def test_official_example_is_refused_with_paths_then_imported_when_fitted(owner: Any) -> None:
    service = json.loads((EXAMPLES / "service_full.json").read_text())
    with pytest.raises(hsds.HSDSImportError) as info:
        hsds.import_json({"services": [service]}, owner=owner)
    messages = info.value.messages
    # the official example fails its own format checks (a phone extension as a number is
    # fine; a latitude of 100 is not, for us)
    assert any("services[0].service_at_locations[0].location" in m for m in messages), messages
    assert counts() == [0] * len(MODELS)

    result = hsds.import_json({"services": [fitted_example()]}, owner=owner)
    assert result.schema_checked
    assert result.created["service"] == 1
    assert any("contacts" in w for w in result.warnings)
    stored = Service.objects.get()
    assert stored.themes == ["digid"]
    assert stored.languages == ["ur"]
    assert stored.locations.get().postal_code == "3011 PV"


@needs_schema
@pytest.mark.django_db
def test_official_example_page_and_organization(owner: Any) -> None:
    page = json.loads((EXAMPLES / "service_list.json").read_text())
    page["contents"] = [fitted_example()]
    result = hsds.import_json(page, owner=owner)
    assert result.created["service"] == 1
    org = json.loads((EXAMPLES / "organization_full.json").read_text())
    with pytest.raises(hsds.HSDSImportError) as info:
        hsds.import_json({"organizations": [org]}, owner=owner)
    assert all(m.startswith("organizations[0]") for m in info.value.messages)


@pytest.mark.django_db
def test_minimal_document_without_schemas(owner: Any, tmp_path: Path) -> None:
    document = {
        "services": [
            {
                "id": "6f1e3b8e-2d7a-4a51-9a39-3c0e0f6a1b01",
                "name": "Digicafé",
                "status": "active",
                "description": "Elke week vragen over computer en tablet.",
                "organization": {
                    "id": "6f1e3b8e-2d7a-4a51-9a39-3c0e0f6a1b02",
                    "name": "Buurthuis",
                    "description": "Een buurthuis.",
                },
                "attributes": [
                    {
                        "id": "6f1e3b8e-2d7a-4a51-9a39-3c0e0f6a1b03",
                        "taxonomy_term": {"taxonomy": "wegwijs-theme", "code": "digid"},
                    },
                    {
                        "id": "6f1e3b8e-2d7a-4a51-9a39-3c0e0f6a1b04",
                        "taxonomy_term_id": hsds.derived_id("term", "wegwijs-format", "cafe"),
                    },
                ],
            }
        ]
    }
    result = hsds.import_json(document, owner=owner, schema_dir_path=tmp_path)
    assert not result.schema_checked
    assert any("schema check was skipped" in w for w in result.warnings)
    service = Service.objects.get()
    assert (service.format, service.access, service.organization.owner) == ("cafe", "inloop", owner)


def broken(document: dict[str, Any], change: Any) -> dict[str, Any]:
    document = copy.deepcopy(document)
    change(document)
    return document


def set_theme(doc: dict[str, Any]) -> None:
    attr = attribute(service_doc(doc, "Digisterker"), "wegwijs-theme")[0]
    attr["taxonomy_term"]["code"] = "toverij"


def drop_name(doc: dict[str, Any]) -> None:
    del service_doc(doc, "Digisterker")["name"]


def bsn_in_description(doc: dict[str, Any]) -> None:
    service_doc(doc, "Digisterker")["description"] = "Neem mee: BSN 111222333 van de deelnemer."


def bad_postcode(doc: dict[str, Any]) -> None:
    sal = service_doc(doc, "Digisterker")["service_at_locations"][1]
    sal["location"]["addresses"][0]["postal_code"] = "12345"


@pytest.mark.parametrize(
    ("change", "path", "needs"),
    [
        (set_theme, r"services\[\d\]\.attributes\[0\]\.taxonomy_term\.code: unknown code", False),
        (drop_name, r"services\[\d\]\.name: is required", False),
        (drop_name, r"services\[\d\]: does not match the HSDS schema: 'name'", True),
        (bsn_in_description, r"services\[\d\]\.description: .*BSN", False),
        (
            bad_postcode,
            r"services\[\d\]\.service_at_locations\[1\]\.location\.addresses\[0\]\.postal_code:",
            False,
        ),
    ],
)
@pytest.mark.django_db
def test_invalid_documents_store_nothing(
    social_map: Any, owner: Any, tmp_path: Path, change: Any, path: str, needs: bool
) -> None:
    import re

    if needs and not (SCHEMA_DIR / "service.json").is_file():
        pytest.skip("the official HSDS schemas are not there")
    document = hsds.export_json()
    empty_social_map()
    schema = SCHEMA_DIR if needs else tmp_path  # tmp_path: no schemas, our own checks only
    with pytest.raises(hsds.HSDSImportError) as info:
        hsds.import_json(broken(document, change), owner=owner, schema_dir_path=schema)
    assert any(re.match(path, m) for m in info.value.messages), info.value.messages
    assert counts() == [0] * len(MODELS)


@pytest.mark.django_db
def test_command_prints_every_problem_and_stores_nothing(
    social_map: Any, owner: Any, tmp_path: Path
) -> None:
    document = broken(broken(hsds.export_json(), set_theme), bsn_in_description)
    empty_social_map()
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError) as info:
        call_command("socialmap", "import", str(path), "--owner", "rotterdam")
    assert "taxonomy_term.code" in str(info.value)
    assert ".description" in str(info.value)
    assert counts() == [0] * len(MODELS)


@pytest.mark.django_db
def test_entries_of_another_owner_are_not_overwritten(social_map: Any) -> None:
    document = hsds.export_json()
    other = LibraryFactory(slug="utrecht")
    with pytest.raises(hsds.HSDSImportError) as info:
        hsds.import_json(document, owner=other)
    assert any("kept by another organisation" in m for m in info.value.messages)


@pytest.mark.django_db
def test_reimport_drops_removed_schedules(social_map: Any, owner: Any) -> None:
    document = hsds.export_json()
    course = service_doc(document, "Digisterker")
    del course["service_at_locations"][0]["schedules"]
    before = Schedule.objects.count()
    hsds.import_json(document, owner=owner)
    assert Schedule.objects.count() < before
    assert hsds.export_json() == document


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "status",
                    "description",
                    "services",
                    "organizations",
                    "organization",
                    "attributes",
                    "taxonomy_term",
                    "taxonomy",
                    "code",
                    "service_at_locations",
                    "location",
                    "schedules",
                    "opens_at",
                    "latitude",
                    "contents",
                    "phones",
                    "addresses",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=json_values)
@pytest.mark.django_db
def test_import_raises_only_its_own_error(owner: Any, data: Any) -> None:
    for directory in (None, "/nonexistent"):
        with contextlib.suppress(hsds.HSDSImportError):
            hsds.import_json(data, owner=owner, schema_dir_path=directory)
