"""Open Referral HSDS 3 import and export of the social map.

**The JSON document.** HSDS 3 defines objects (service, organization...) and an API that
returns them in pages, but no file format for a whole directory. We write one JSON object::

    {
      "version": "3.0",                      # as the HSDS API root ("/") reports it
      "services": [<service, "full">...],    # as GET /services/{id} returns a service
      "organizations": [<organization>...]   # organizations that have no services
    }

Every service is nested as HSDS's ``service_full`` example: its ``organization`` (with the
organization's phones and its locations that no service uses), ``service_at_locations`` with
their ``schedules`` and ``location`` (one postal ``addresses`` entry, ``accessibility``,
``phones``, facilities as attributes, the library branch as ``external_identifier``),
``phones``, ``languages``, ``required_documents`` (what to bring), ``cost_options`` (one "free"
option when there is no ``fees_description``), ``assured_date`` (our last verified date),
``last_modified`` and ``attributes``. Our codes are attributes with a nested
``taxonomy_term`` of a Wegwijs taxonomy (``wegwijs-theme``, ``wegwijs-target-group``,
``wegwijs-format``, ``wegwijs-access``, ``wegwijs-scope``, ``wegwijs-facility``); fields
outside HSDS (do not refer, intake first, places per session, source) are attributes of the
taxonomy ``wegwijs-field`` with the value as text. Ids of objects that we do not store as rows
(addresses, languages, attributes, terms...) are UUID 5 values derived from the owner's id, so
an export is the same every time. An object that appears more than once (a location used by
two services, an organization) is written in full each time, identically.

Every service and organization validates against the official schemas (``service.json``,
``organization.json``), read from ``settings.HSDS_SCHEMA_DIR`` (never copied into this
repository). :func:`import_json` also reads an HSDS page (``{"contents": [...]}``), a list of
services or one service.

**Import** is all or nothing: the schema check (when the schemas are there), then our own
rules (known codes, required fields, lengths, Dutch postcodes, the privacy guard on
description-like text; names, e-mail addresses, websites and phone numbers of organizations
are public contact data and not scanned). Every problem is reported with its JSON path; only
when there are none is anything written, in one transaction. Existing ids are updated, new
ones created; the schedules of an imported service-at-location, the service-at-locations of
an imported service and the phones of imported objects become exactly those of the document.
Organizations, services and locations are never deleted. Everything belongs to ``owner``; ids
kept by another organisation are refused.

**The tabular form** (:func:`export_csv`, :func:`import_csv`) is the HSDS CSV package: the
same document flattened into ``services.csv``, ``organizations.csv``... (one file per table,
as in the HSDS datapackage), and nested back before the same import.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import DatabaseError, connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wegwijs.desk.codes import Theme
from wegwijs.network.models import Branch, Organisation
from wegwijs.network.validators import normalise_postcode
from wegwijs.privacy.checks import validate_no_personal_data
from wegwijs.socialmap import indexing
from wegwijs.socialmap.models import (
    Access,
    Facility,
    Format,
    Location,
    Phone,
    Schedule,
    Scope,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    SocialOrganization,
    TargetGroup,
    codes_of,
)

HSDS_VERSION = "3.0"
#: Namespace of the derived (UUID 5) ids; never change it, or exports change.
NAMESPACE = uuid.UUID("7a0c5d2e-4f0b-4d55-9a57-3b1f0e6a9c11")

#: Our code lists as HSDS taxonomies.
TAXONOMIES: dict[str, Any] = {
    "wegwijs-theme": Theme,
    "wegwijs-target-group": TargetGroup,
    "wegwijs-format": Format,
    "wegwijs-access": Access,
    "wegwijs-scope": Scope,
    "wegwijs-facility": Facility,
}
FIELD_TAXONOMY = "wegwijs-field"
FIELD_TERMS = {
    "do-not-refer": "Active, but do not refer",
    "intake-required": "Intake first",
    "capacity": "Places per session",
    "source": "Where this entry came from",
}
BRANCH_ID_TYPE = "wegwijs-branch"
# RFC 5545 BYDAY: days, each with an optional ordinal for monthly rules (1TU, -1FR).
_DAY = r"([+-]?([1-9]|[1-4][0-9]|5[0-3]))?(MO|TU|WE|TH|FR|SA|SU)"
BYDAY_RE = re.compile(rf"^{_DAY}(,{_DAY})*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
#: Collections of HSDS that we do not store: reported as ignored, not refused.
UNSUPPORTED = (
    "contacts",
    "funding",
    "service_areas",
    "program",
    "programs",
    "organization_identifiers",
    "metadata",
)


def derived_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


# --- schema check -----------------------------------------------------------------------


def schema_dir(value: str | Path | None = None) -> Path | None:
    """The folder with the official schemas, or None when there is none."""
    chosen = value if value not in (None, "") else getattr(settings, "HSDS_SCHEMA_DIR", "")
    if not chosen:
        return None
    path = Path(chosen)
    return path if (path / "service.json").is_file() else None


@functools.lru_cache(maxsize=4)
def _validators(directory: str) -> dict[str, Any]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in sorted(Path(directory).glob("*.json")):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    registry: Registry[Any] = Registry().with_resources(resources)
    return {
        name: Draft202012Validator(
            registry.contents(f"{name}.json"),
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        for name in ("service", "organization")
    }


def format_path(parts: Iterable[object]) -> str:
    """``["service_at_locations", 0, "location"]`` -> ``.service_at_locations[0].location``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


@functools.lru_cache(maxsize=4)
def _fast_validators(directory: str) -> dict[str, Any] | None:
    """The same schemas compiled by jsonschema-rs (Rust, a few hundred times faster), to tell
    quickly that an object is valid; None when it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a dependency; jsonschema alone still works
        return None
    resources = [
        (path.name, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(Path(directory).glob("*.json"))
        if path.name != "openapi.json"
    ]
    registry = jsonschema_rs.Registry(resources)
    schemas = dict(resources)
    return {
        name: jsonschema_rs.Draft202012Validator(
            schemas[f"{name}.json"], registry=registry, validate_formats=True
        )
        for name in ("service", "organization")
    }


def schema_errors(kind: str, obj: Any, path: str, directory: Path) -> list[str]:
    """Messages for ``obj`` against the official ``<kind>.json``, each with its path.

    jsonschema-rs answers "valid" for most objects in microseconds; only what it refuses is
    checked again by jsonschema (milliseconds), whose verdict and messages count."""
    fast = _fast_validators(str(directory))
    if fast is not None and fast[kind].is_valid(obj):
        return []
    validator = _validators(str(directory))[kind]
    messages = []
    for error in sorted(validator.iter_errors(obj), key=lambda e: list(map(str, e.path))):
        where = path + format_path(error.absolute_path)
        messages.append(
            f"{where}: " + _("does not match the HSDS schema: %(error)s") % {"error": error.message}
        )
    return messages


# --- export -----------------------------------------------------------------------------


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


def _term(taxonomy: str, code: str, name: str) -> dict[str, Any]:
    return {
        "id": derived_id("term", taxonomy, code),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy": taxonomy,
        "taxonomy_id": derived_id("taxonomy", taxonomy),
    }


def _label(taxonomy: str, code: str) -> str:
    if taxonomy == FIELD_TAXONOMY:
        return FIELD_TERMS[code]
    return str(dict(TAXONOMIES[taxonomy].choices).get(code, code))


@functools.lru_cache(maxsize=512)
def _labelled_term(taxonomy: str, code: str, language: str | None) -> dict[str, Any]:
    """A term of our taxonomies with its label in ``language`` (the active one), made once."""
    return _term(taxonomy, code, _label(taxonomy, code))


def _attribute(
    link_id: object, entity: str, taxonomy: str, code: str, value: str = ""
) -> dict[str, Any]:
    term = dict(_labelled_term(taxonomy, code, translation.get_language()))
    return _clean(
        {
            "id": derived_id("attribute", link_id, taxonomy, code),
            "link_id": str(link_id),
            "link_entity": entity,
            "taxonomy_term_id": term["id"],
            "value": value,
            "taxonomy_term": term,
        }
    )


def _phone(phone: Phone) -> dict[str, Any]:
    return _clean({"id": str(phone.id), "number": phone.number, "description": phone.description})


def _phones(phones: Iterable[Phone]) -> list[dict[str, Any]]:
    return [_phone(p) for p in sorted(phones, key=lambda p: (p.number, str(p.id)))]


def _location(loc: Location) -> dict[str, Any]:
    address = None
    if loc.address_1 or loc.postal_code or loc.city:
        address = {
            "id": derived_id(loc.id, "address"),
            "address_1": loc.address_1,
            "city": loc.city,
            "state_province": loc.state_province,
            "postal_code": loc.postal_code,
            "country": loc.country,
            "address_type": "physical",
        }
    return _clean(
        {
            "id": str(loc.id),
            "location_type": loc.location_type,
            "organization_id": str(loc.organization_id),
            "name": loc.name,
            "description": loc.description,
            "transportation": loc.transportation,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "external_identifier": str(loc.branch_id) if loc.branch_id else "",
            "external_identifier_type": BRANCH_ID_TYPE if loc.branch_id else "",
            "addresses": [address] if address else [],
            "accessibility": (
                [{"id": derived_id(loc.id, "accessibility"), "description": loc.accessibility}]
                if loc.accessibility
                else []
            ),
            "phones": _phones(loc.phones.all()),
            "attributes": [
                _attribute(loc.id, "location", "wegwijs-facility", code) for code in loc.facilities
            ],
        }
    )


def _organization(org: SocialOrganization) -> dict[str, Any]:
    unused = [loc for loc in org.locations.all() if not loc.at_services.all()]
    return _clean(
        {
            "id": str(org.id),
            "name": org.name,
            "alternate_name": org.alternate_name,
            "description": org.description,
            "email": org.email,
            "website": org.website,
            "phones": _phones(org.phones.all()),
            "locations": [_location(loc) for loc in sorted(unused, key=lambda x: str(x.id))],
        }
    )


def _schedule(s: Schedule) -> dict[str, Any]:
    return _clean(
        {
            "id": str(s.id),
            "freq": s.freq,
            "byday": s.byday,
            "dtstart": s.dtstart.isoformat() if s.dtstart else None,
            "until": s.until.isoformat() if s.until else None,
            "opens_at": s.opens_at.isoformat(timespec="seconds"),
            "closes_at": s.closes_at.isoformat(timespec="seconds"),
            "description": s.description,
        }
    )


def _schedule_key(s: Schedule) -> tuple[Any, ...]:
    return (s.dtstart or date.min, s.byday, s.opens_at, str(s.id))


def _service(service: Service) -> dict[str, Any]:
    sid = service.id
    attributes = [
        *(_attribute(sid, "service", "wegwijs-theme", c) for c in service.themes),
        *(_attribute(sid, "service", "wegwijs-target-group", c) for c in service.target_groups),
        _attribute(sid, "service", "wegwijs-format", service.format),
        _attribute(sid, "service", "wegwijs-access", service.access),
        _attribute(sid, "service", "wegwijs-scope", service.scope),
        _attribute(
            sid, "service", FIELD_TAXONOMY, "do-not-refer", str(service.do_not_refer).lower()
        ),
        _attribute(
            sid, "service", FIELD_TAXONOMY, "intake-required", str(service.intake_required).lower()
        ),
    ]
    if service.capacity is not None:
        attributes.append(
            _attribute(sid, "service", FIELD_TAXONOMY, "capacity", str(service.capacity))
        )
    if service.source:
        attributes.append(_attribute(sid, "service", FIELD_TAXONOMY, "source", service.source))
    sals = sorted(service.at_locations.all(), key=lambda a: (a.location.name, str(a.id)))
    return _clean(
        {
            "id": str(sid),
            "organization_id": str(service.organization_id),
            "name": service.name,
            "alternate_name": service.alternate_name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "fees_description": service.fees_description,
            "assured_date": service.last_verified.isoformat(),
            "last_modified": service.updated_at.astimezone(UTC).isoformat(),
            "organization": _organization(service.organization),
            "phones": _phones(service.phones.all()),
            "service_at_locations": [
                _clean(
                    {
                        "id": str(sal.id),
                        "service_id": str(sid),
                        "location_id": str(sal.location_id),
                        "description": sal.description,
                        "schedules": [
                            _schedule(s) for s in sorted(sal.schedules.all(), key=_schedule_key)
                        ],
                        "location": _location(sal.location),
                    }
                )
                for sal in sals
            ],
            "languages": [
                {"id": derived_id(sid, "language", code), "code": code}
                for code in service.languages
            ],
            "required_documents": [
                {"id": derived_id(sid, "document", i), "document": text}
                for i, text in enumerate(service.what_to_bring)
            ],
            "cost_options": (
                []
                if service.fees_description
                else [
                    {
                        "id": derived_id(sid, "cost"),
                        "option": "Free",
                        "currency": "EUR",
                        "amount": 0,
                    }
                ]
            ),
            "attributes": attributes,
        }
    )


#: What :func:`service_document` reads of a service: fetch it with these, or it queries per row.
SERVICE_PREFETCH = (
    "phones",
    "at_locations__schedules",
    "at_locations__location__phones",
    "at_locations__location__at_services",
    "organization__phones",
    "organization__locations__phones",
    "organization__locations__at_services",
)


def with_relations(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """``queryset`` fetching everything :func:`service_document` reads, in a few queries."""
    return queryset.select_related("organization").prefetch_related(*SERVICE_PREFETCH)


def service_document(service: Service) -> dict[str, Any]:
    """One service as HSDS 3 ``service`` ("full": organization, locations, schedules...), as in
    the export; fetch it with :func:`with_relations`. Taxonomy term names in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _service(service)


def export_json(
    queryset: QuerySet[Service] | None = None,
    organizations: QuerySet[SocialOrganization] | None = None,
) -> dict[str, Any]:
    """The services of ``queryset`` (all by default) as an HSDS 3 document, plus the
    organizations of ``organizations`` (all by default) that have no services."""
    services = with_relations(queryset if queryset is not None else Service.objects.all())
    orgs = organizations if organizations is not None else SocialOrganization.objects.all()
    lonely = orgs.filter(services__isnull=True).prefetch_related(
        "phones", "locations__phones", "locations__at_services"
    )
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "version": HSDS_VERSION,
            "services": [_service(s) for s in sorted(services, key=lambda s: str(s.id))],
            "organizations": [_organization(o) for o in sorted(lonely, key=lambda o: str(o.id))],
        }


# --- import -----------------------------------------------------------------------------


class HSDSImportError(Exception):
    """The document was refused; ``messages`` name every problem with its JSON path."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    schema_checked: bool = False

    def summary(self) -> str:
        kinds = ["organization", "location", "service", "service_at_location", "schedule", "phone"]
        return "; ".join(
            f"{kind}: {self.created.get(kind, 0)} created, {self.updated.get(kind, 0)} updated"
            for kind in kinds
        )


_url = URLValidator()


class _Reader:
    """Reads the document into plain records, collecting every problem."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.orgs: dict[uuid.UUID, dict[str, Any]] = {}
        self.locations: dict[uuid.UUID, dict[str, Any]] = {}
        self.services: dict[uuid.UUID, dict[str, Any]] = {}
        self.sals: dict[uuid.UUID, dict[str, Any]] = {}
        self.schedules: dict[uuid.UUID, dict[str, Any]] = {}
        self.phones: dict[uuid.UUID, dict[str, Any]] = {}
        self.phone_links: dict[uuid.UUID, dict[str, uuid.UUID]] = {}
        self.first_seen: dict[tuple[str, uuid.UUID], str] = {}
        #: Parents whose phones / schedules / service-at-locations the document lists.
        self.phone_parents: dict[str, set[uuid.UUID]] = {
            "organization": set(),
            "service": set(),
            "location": set(),
        }
        #: Location ids given without the location object (must exist already).
        self.pending_locations: list[tuple[str, uuid.UUID]] = []
        #: Service-at-locations whose schedules, services whose service-at-locations the
        #: document lists in full.
        self.schedule_parents: set[uuid.UUID] = set()
        self.sal_parents: set[uuid.UUID] = set()
        #: The privacy guard's verdict per distinct text (an organization or a location
        #: comes once with every service that names it).
        self.personal_data: dict[str, str] = {}
        #: (kind, id, context) -> (the object, its id) of organizations and locations read.
        self.read_before: dict[tuple[str, str, object], tuple[Mapping[str, Any], uuid.UUID]] = {}

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    # -- scalar readers --

    def text(
        self,
        obj: Mapping[str, Any],
        key: str,
        path: str,
        max_length: int,
        *,
        required: bool = False,
        free_text: bool = False,
    ) -> str:
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(where, _("must be text."))
            return ""
        if "\x00" in value:
            self.error(where, _("contains a NUL character."))
            return ""
        if required and not value.strip():
            self.error(where, _("is required."))
        elif len(value) > max_length:
            self.error(
                where,
                _("is too long (%(length)s characters, at most %(max)s).")
                % {"length": len(value), "max": max_length},
            )
        elif free_text and value:
            verdict = self.personal_data.get(value)
            if verdict is None:
                try:
                    validate_no_personal_data(value)
                    verdict = ""
                except ValidationError as exc:
                    verdict = " ".join(exc.messages)
                self.personal_data[value] = verdict
            if verdict:
                self.error(where, verdict)
        return value

    def ident(self, obj: Mapping[str, Any], key: str, path: str) -> uuid.UUID | None:
        value = obj.get(key)
        if not isinstance(value, str):
            self.error(f"{path}.{key}", _("is required (a UUID)."))
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.error(f"{path}.{key}", _("is not a valid UUID."))
            return None

    def optional_ident(self, obj: Mapping[str, Any], key: str, path: str) -> uuid.UUID | None:
        return None if obj.get(key) in (None, "") else self.ident(obj, key, path)

    def email(self, obj: Mapping[str, Any], key: str, path: str) -> str:
        value = self.text(obj, key, path, 254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(f"{path}.{key}", _("is not a valid e-mail address."))
        return value

    def url(self, obj: Mapping[str, Any], key: str, path: str) -> str:
        value = self.text(obj, key, path, 200)
        if value:
            try:
                _url(value)
            except ValidationError:
                self.error(f"{path}.{key}", _("is not a valid web address."))
        return value

    def day(self, obj: Mapping[str, Any], key: str, path: str) -> date | None:
        value = obj.get(key)
        if value in (None, ""):
            return None
        parsed = None
        if isinstance(value, str):
            try:
                parsed = parse_date(value)
            except ValueError:
                parsed = None
        if parsed is None:
            self.error(f"{path}.{key}", _("is not a date (YYYY-MM-DD)."))
        return parsed

    def clock(self, obj: Mapping[str, Any], key: str, path: str) -> time | None:
        value = obj.get(key)
        if value in (None, ""):
            self.error(f"{path}.{key}", _("is required."))
            return None
        if isinstance(value, str) and re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value):
            try:
                return time.fromisoformat(value)
            except ValueError:
                pass
        self.error(f"{path}.{key}", _("is not a time (HH:MM or HH:MM:SS)."))
        return None

    def number(self, obj: Mapping[str, Any], key: str, path: str, limit: float) -> float | None:
        value = obj.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not -limit <= value <= limit
            or not math.isfinite(float(value))
        ):
            self.error(
                f"{path}.{key}",
                _("must be a number from -%(limit)s to %(limit)s.") % {"limit": limit},
            )
            return None
        return float(value)

    def items(self, obj: Mapping[str, Any], key: str, path: str) -> list[tuple[str, Any]]:
        """(path, object) for each object of the list ``obj[key]``."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(f"{path}.{key}", _("must be a list."))
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append((f"{path}.{key}[{i}]", item))
            else:
                self.error(f"{path}.{key}[{i}]", _("must be an object."))
        return out

    def unsupported(self, obj: Mapping[str, Any], path: str) -> None:
        for key in UNSUPPORTED:
            if obj.get(key):
                self.warnings.append(f"{path}.{key}: " + _("not stored by Wegwijs; ignored."))

    def put(
        self,
        store: dict[uuid.UUID, dict[str, Any]],
        kind: str,
        pk: uuid.UUID,
        record: dict[str, Any],
        path: str,
    ) -> None:
        """Keep the record; the same id twice must carry the same data."""
        seen = self.first_seen.get((kind, pk))
        if seen is None:
            self.first_seen[(kind, pk)] = path
            store[pk] = record
        elif store[pk] != record:
            self.error(
                f"{path}.id",
                _("the same id appears at %(where)s with different data.") % {"where": seen},
            )

    # -- attributes --

    def attributes(self, obj: Mapping[str, Any], path: str) -> list[tuple[str, str, str, str]]:
        """(path, taxonomy, code, value) of each attribute in a Wegwijs taxonomy."""
        out = []
        for apath, attribute in self.items(obj, "attributes", path):
            term = attribute.get("taxonomy_term")
            if not isinstance(term, dict):
                term = KNOWN_TERMS.get(str(attribute.get("taxonomy_term_id")))
            if not isinstance(term, dict):
                self.warnings.append(f"{apath}: " + _("no taxonomy term; ignored."))
                continue
            taxonomy, code = term.get("taxonomy"), term.get("code")
            if not isinstance(taxonomy, str) or not taxonomy.startswith("wegwijs-"):
                self.warnings.append(f"{apath}: " + _("not a Wegwijs taxonomy; ignored."))
                continue
            known = (
                FIELD_TERMS
                if taxonomy == FIELD_TAXONOMY
                else dict(TAXONOMIES[taxonomy].choices)
                if taxonomy in TAXONOMIES
                else None
            )
            if known is None:
                self.error(
                    f"{apath}.taxonomy_term.taxonomy",
                    _("unknown taxonomy %(taxonomy)s.") % {"taxonomy": taxonomy},
                )
                continue
            if not isinstance(code, str) or code not in known:
                self.error(
                    f"{apath}.taxonomy_term.code",
                    _("unknown code %(code)s in %(taxonomy)s.")
                    % {"code": json.dumps(code)[:60], "taxonomy": taxonomy},
                )
                continue
            value = attribute.get("value")
            if value is not None and not isinstance(value, str):
                self.error(f"{apath}.value", _("must be text."))
                continue
            out.append((apath, taxonomy, code, value or ""))
        return out

    # -- objects --

    def phone_list(
        self, obj: Mapping[str, Any], path: str, parent: str, parent_id: uuid.UUID
    ) -> None:
        self.phone_parents[parent].add(parent_id)
        for ppath, item in self.items(obj, "phones", path):
            pk = self.ident(item, "id", ppath)
            record = {
                "number": self.text(item, "number", ppath, 30, required=True),
                "description": self.text(item, "description", ppath, 200, free_text=True),
            }
            if pk is None:
                continue
            self.put(self.phones, "phone", pk, record, ppath)
            self.phone_links.setdefault(pk, {})[f"{parent}_id"] = parent_id

    def _repeat(self, kind: str, obj: Mapping[str, Any], context: object) -> uuid.UUID | None:
        """The id read from an identical object before without any problem (an organization
        or a location comes once with every service that names it), or None: read it."""
        seen = self.read_before.get((kind, str(obj.get("id")), context))
        return seen[1] if seen is not None and seen[0] == obj else None

    def organization(self, obj: Any, path: str) -> uuid.UUID | None:
        if not isinstance(obj, dict):
            self.error(path, _("must be an object."))
            return None
        if not obj.get("services") and (known := self._repeat("organization", obj, None)):
            return known
        problems = len(self.errors) + len(self.warnings)
        pk = self._organization(obj, path)
        clean = len(self.errors) + len(self.warnings) == problems
        if pk is not None and clean and not obj.get("services"):
            self.read_before[("organization", str(obj.get("id")), None)] = (obj, pk)
        return pk

    def _organization(self, obj: dict[str, Any], path: str) -> uuid.UUID | None:
        pk = self.ident(obj, "id", path)
        record = {
            "name": self.text(obj, "name", path, 200, required=True),
            "alternate_name": self.text(obj, "alternate_name", path, 200),
            "description": self.text(obj, "description", path, 2000, required=True, free_text=True),
            "email": self.email(obj, "email", path),
            "website": self.url(obj, "website", path),
        }
        self.unsupported(obj, path)
        if pk is None:
            return None
        self.put(self.orgs, "organization", pk, record, path)
        self.phone_list(obj, path, "organization", pk)
        for lpath, loc in self.items(obj, "locations", path):
            self.location(loc, lpath, pk)
        for spath, service in self.items(obj, "services", path):
            self.service(service, spath, pk)
        return pk

    def location(
        self, obj: Mapping[str, Any], path: str, org_id: uuid.UUID | None
    ) -> uuid.UUID | None:
        if known := self._repeat("location", obj, org_id):
            return known
        problems = len(self.errors) + len(self.warnings)
        pk = self._location(obj, path, org_id)
        if pk is not None and len(self.errors) + len(self.warnings) == problems:
            self.read_before[("location", str(obj.get("id")), org_id)] = (obj, pk)
        return pk

    def _location(
        self, obj: Mapping[str, Any], path: str, org_id: uuid.UUID | None
    ) -> uuid.UUID | None:
        pk = self.ident(obj, "id", path)
        own_org = self.optional_ident(obj, "organization_id", path)
        kind = obj.get("location_type")
        if kind not in Location.LocationType.values:
            self.error(f"{path}.location_type", _("must be physical or virtual."))
        record: dict[str, Any] = {
            "organization_id": own_org or org_id,
            "location_type": kind,
            "name": self.text(obj, "name", path, 200, required=True),
            "description": self.text(obj, "description", path, 2000, free_text=True),
            "transportation": self.text(obj, "transportation", path, 300),
            "latitude": self.number(obj, "latitude", path, 90),
            "longitude": self.number(obj, "longitude", path, 180),
            "branch_id": None,
        }
        if record["organization_id"] is None:
            self.error(f"{path}.organization_id", _("is required here."))
        if obj.get("external_identifier_type") == BRANCH_ID_TYPE:
            raw = obj.get("external_identifier")
            if isinstance(raw, str) and raw.isdigit() and len(raw) < 10:
                record["branch_id"] = int(raw)
            else:
                self.error(f"{path}.external_identifier", _("is not a branch id."))
        addresses = self.items(obj, "addresses", path)
        if len(addresses) > 1:
            self.warnings.append(f"{path}.addresses: " + _("only the first address is kept."))
        address: Mapping[str, Any] = addresses[0][1] if addresses else {}
        apath = addresses[0][0] if addresses else f"{path}.addresses[0]"
        country = self.text(address, "country", apath, 2) or "NL"
        postal_code = self.text(address, "postal_code", apath, 7)
        if postal_code and country.upper() == "NL":
            try:
                postal_code = normalise_postcode(postal_code)
            except ValidationError as exc:
                self.error(f"{apath}.postal_code", " ".join(exc.messages))
        record |= {
            "address_1": self.text(address, "address_1", apath, 200),
            "postal_code": postal_code,
            "city": self.text(address, "city", apath, 100),
            "state_province": self.text(address, "state_province", apath, 100),
            "country": country,
        }
        accessibility = self.items(obj, "accessibility", path)
        if len(accessibility) > 1:
            self.warnings.append(
                f"{path}.accessibility: " + _("only the first description is kept.")
            )
        record["accessibility"] = (
            self.text(accessibility[0][1], "description", accessibility[0][0], 1000, free_text=True)
            if accessibility
            else ""
        )
        record["facilities"] = [
            code
            for _p, taxonomy, code, _v in self.attributes(obj, path)
            if taxonomy == "wegwijs-facility"
        ]
        self.unsupported(obj, path)
        if obj.get("schedules"):
            self.warnings.append(
                f"{path}.schedules: "
                + _("only schedules of a service at a location are stored; ignored.")
            )
        if pk is None:
            return None
        self.put(self.locations, "location", pk, record, path)
        self.phone_list(obj, path, "location", pk)
        return pk

    def schedule(self, obj: Mapping[str, Any], path: str, sal_id: uuid.UUID) -> None:
        pk = self.ident(obj, "id", path)
        freq = obj.get("freq") or ""
        if freq not in ("", *Schedule.Freq.values):
            self.error(f"{path}.freq", _("must be WEEKLY or MONTHLY."))
        byday = self.text(obj, "byday", path, 40)
        if byday and not BYDAY_RE.match(byday):
            self.error(f"{path}.byday", _("must be days like MO or TU,TH (monthly: 1TU)."))
        opens, closes = self.clock(obj, "opens_at", path), self.clock(obj, "closes_at", path)
        if opens and closes and closes <= opens:
            self.error(f"{path}.closes_at", _("must be after the opening time."))
        record = {
            "service_at_location_id": sal_id,
            "freq": freq,
            "byday": byday,
            "opens_at": opens,
            "closes_at": closes,
            "dtstart": self.day(obj, "dtstart", path),
            "until": self.day(obj, "until", path),
            "description": self.text(obj, "description", path, 300, free_text=True),
        }
        if not freq and record["dtstart"] is None:
            self.error(path, _("needs freq (a weekly or monthly time) or dtstart (a date)."))
        if pk is not None:
            self.put(self.schedules, "schedule", pk, record, path)

    def service(self, obj: Any, path: str, org_id: uuid.UUID | None = None) -> None:
        if not isinstance(obj, dict):
            self.error(path, _("must be an object."))
            return
        pk = self.ident(obj, "id", path)
        if "organization" in obj:
            org_id = self.organization(obj["organization"], f"{path}.organization")
        elif obj.get("organization_id") not in (None, ""):
            org_id = self.ident(obj, "organization_id", path)
        if org_id is None and "organization" not in obj:
            self.error(f"{path}.organization", _("is required (or organization_id)."))
        status = obj.get("status")
        if status not in ServiceStatus.values:
            self.error(
                f"{path}.status",
                _("must be one of %(values)s.") % {"values": ", ".join(ServiceStatus.values)},
            )
        fees = self.text(obj, "fees_description", path, 300, free_text=True)
        if not fees:
            for cpath, option in self.items(obj, "cost_options", path):
                amount = option.get("amount")
                if isinstance(amount, int | float) and not isinstance(amount, bool) and amount > 0:
                    fees = self.text(option, "amount_description", cpath, 300, free_text=True)
                    fees = fees or f"{option.get('currency') or 'EUR'} {amount}"[:300]
                    break
        record: dict[str, Any] = {
            "organization_id": org_id,
            "name": self.text(obj, "name", path, 200, required=True),
            "alternate_name": self.text(obj, "alternate_name", path, 200),
            "description": self.text(obj, "description", path, 3000, required=True, free_text=True),
            "url": self.url(obj, "url", path),
            "email": self.email(obj, "email", path),
            "status": status,
            "fees_description": fees,
            "last_verified": self.day(obj, "assured_date", path),
            "updated_at": None,
            "themes": [],
            "target_groups": [],
            "format": None,
            "access": Access.WALK_IN.value,
            "scope": Scope.LOCAL.value,
            "do_not_refer": False,
            "intake_required": False,
            "capacity": None,
            "source": "",
        }
        modified = obj.get("last_modified")
        if modified not in (None, ""):
            parsed = None
            if isinstance(modified, str):
                try:
                    parsed = parse_datetime(modified)
                except ValueError:
                    parsed = None
            if parsed is None:
                self.error(f"{path}.last_modified", _("is not a date and time (ISO 8601)."))
            else:
                record["updated_at"] = (
                    parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)
                )
        languages = []
        for lpath, language in self.items(obj, "languages", path):
            code = language.get("code")
            if not isinstance(code, str) or not LANGUAGE_RE.match(code):
                self.error(f"{lpath}.code", _("must be an ISO 639-1 code such as nl or ar."))
            elif code not in languages:
                languages.append(code)
        record["languages"] = languages
        record["what_to_bring"] = [
            self.text(doc, "document", dpath, 500, required=True, free_text=True)
            for dpath, doc in self.items(obj, "required_documents", path)
        ]
        single: dict[str, str] = {}
        for apath, taxonomy, code, value in self.attributes(obj, path):
            if taxonomy == "wegwijs-theme":
                if code not in record["themes"]:
                    record["themes"].append(code)
            elif taxonomy == "wegwijs-target-group":
                if code not in record["target_groups"]:
                    record["target_groups"].append(code)
            elif taxonomy in ("wegwijs-format", "wegwijs-access", "wegwijs-scope"):
                if taxonomy in single and single[taxonomy] != code:
                    self.error(
                        apath, _("a service has only one %(taxonomy)s.") % {"taxonomy": taxonomy}
                    )
                single[taxonomy] = code
            elif taxonomy == FIELD_TAXONOMY:
                if code in ("do-not-refer", "intake-required"):
                    if value not in ("true", "false"):
                        self.error(f"{apath}.value", _("must be true or false."))
                    record[code.replace("-", "_")] = value == "true"
                elif code == "capacity":
                    if not re.fullmatch(r"\d{1,4}", value):
                        self.error(f"{apath}.value", _("must be a whole number up to 9999."))
                    else:
                        record["capacity"] = int(value)
                elif code == "source":
                    record["source"] = value
                    if len(value) > 200:
                        self.error(f"{apath}.value", _("is too long (at most 200 characters)."))
            else:
                self.error(apath, _("this taxonomy does not apply to a service."))
        record["format"] = single.get("wegwijs-format")
        record["access"] = single.get("wegwijs-access", record["access"])
        record["scope"] = single.get("wegwijs-scope", record["scope"])
        if record["format"] is None:
            self.error(
                f"{path}.attributes",
                _("a format is required (an attribute with a term of taxonomy wegwijs-format)."),
            )
        if not record["themes"]:
            self.error(
                f"{path}.attributes",
                _("at least one theme is required (a term of taxonomy wegwijs-theme)."),
            )
        self.unsupported(obj, path)
        if obj.get("schedules"):
            self.warnings.append(
                f"{path}.schedules: "
                + _("only schedules of a service at a location are stored; ignored.")
            )
        if pk is None:
            return
        self.put(self.services, "service", pk, record, path)
        self.phone_list(obj, path, "service", pk)
        pairs: set[uuid.UUID] = set()
        for sal_path, sal in self.items(obj, "service_at_locations", path):
            sal_id = self.ident(sal, "id", sal_path)
            location = sal.get("location")
            if isinstance(location, dict):
                loc_id = self.location(location, f"{sal_path}.location", org_id)
            else:
                loc_id = self.ident(sal, "location_id", sal_path)
                if loc_id is not None:
                    self.pending_locations.append((f"{sal_path}.location_id", loc_id))
            description = self.text(sal, "description", sal_path, 500, free_text=True)
            if loc_id in pairs:
                self.error(sal_path, _("this location appears twice for the service."))
            if sal_id is None or loc_id is None:
                continue
            pairs.add(loc_id)
            self.put(
                self.sals,
                "service_at_location",
                sal_id,
                {"service_id": pk, "location_id": loc_id, "description": description},
                sal_path,
            )
            self.schedule_parents.add(sal_id)
            for sch_path, schedule in self.items(sal, "schedules", sal_path):
                self.schedule(schedule, sch_path, sal_id)
        self.sal_parents.add(pk)


KNOWN_TERMS: dict[str, dict[str, Any]] = {}


def _known_terms() -> None:
    for taxonomy, choices in TAXONOMIES.items():
        for code in choices.values:
            KNOWN_TERMS[derived_id("term", taxonomy, code)] = {"taxonomy": taxonomy, "code": code}
    for code in FIELD_TERMS:
        KNOWN_TERMS[derived_id("term", FIELD_TAXONOMY, code)] = {
            "taxonomy": FIELD_TAXONOMY,
            "code": code,
        }


_known_terms()


def _read(data: Any, reader: _Reader, directory: Path | None) -> None:
    """Find the services and organizations in any of the accepted shapes and read them."""
    services: list[tuple[str, Any]] = []
    organizations: list[tuple[str, Any]] = []
    if isinstance(data, list):
        services = [(f"[{i}]", s) for i, s in enumerate(data)]
    elif (
        isinstance(data, dict)
        and "id" not in data
        and ("services" in data or "organizations" in data)
    ):
        for key, bucket in (("services", services), ("organizations", organizations)):
            value = data.get(key, [])
            if not isinstance(value, list):
                reader.error(key, _("must be a list."))
                continue
            bucket.extend((f"{key}[{i}]", item) for i, item in enumerate(value))
    elif isinstance(data, dict) and isinstance(data.get("contents"), list):
        services = [(f"contents[{i}]", s) for i, s in enumerate(data["contents"])]
    elif isinstance(data, dict) and "id" in data and "services" not in data and "status" in data:
        services = [("service", data)]
    else:
        reader.error(
            "$",
            _("expected an object with services (and organizations), an HSDS page or a service."),
        )
        return
    if directory is not None:
        schema_messages = [
            message
            for kind, items in (("service", services), ("organization", organizations))
            for path, obj in items
            for message in schema_errors(kind, obj, path, directory)
        ]
        if schema_messages:
            reader.errors.extend(schema_messages)
            return
    for path, obj in services:
        reader.service(obj, path)
    for path, obj in organizations:
        reader.organization(obj, path)


#: Ids per query (SQLite allows 32,766 parameters in a statement by default).
CHUNK = 2000


def _chunks[T](items: Iterable[T]) -> Iterator[list[T]]:
    values = list(items)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _check_against_database(reader: _Reader, owner: Organisation) -> dict[str, set[uuid.UUID]]:
    """Ids that exist already; refuse those kept by another organisation and links to
    unknown objects."""
    checks: list[tuple[str, type[Model], Iterable[uuid.UUID], list[str]]] = [
        ("organization", SocialOrganization, reader.orgs, ["owner_id"]),
        ("location", Location, reader.locations, ["organization__owner_id"]),
        ("service", Service, reader.services, ["organization__owner_id"]),
        (
            "service_at_location",
            ServiceAtLocation,
            reader.sals,
            ["service__organization__owner_id"],
        ),
        (
            "schedule",
            Schedule,
            reader.schedules,
            ["service_at_location__service__organization__owner_id"],
        ),
        (
            "phone",
            Phone,
            reader.phones,
            [
                "organization__owner_id",
                "service__organization__owner_id",
                "location__organization__owner_id",
            ],
        ),
    ]
    existing: dict[str, set[uuid.UUID]] = {}
    for kind, model, ids, owner_paths in checks:
        found = set()
        for chunk in _chunks(ids):
            for row in model._default_manager.filter(pk__in=chunk).values("pk", *owner_paths):
                found.add(row["pk"])
                owners = {row[p] for p in owner_paths} - {None}
                if owners - {owner.pk}:
                    reader.error(
                        reader.first_seen[(kind, row["pk"])] + ".id",
                        _("this %(kind)s exists and is kept by another organisation.")
                        % {"kind": kind},
                    )
        existing[kind] = found
    named = {
        r["organization_id"] for r in [*reader.services.values(), *reader.locations.values()]
    } - set(reader.orgs)
    known_orgs = set(reader.orgs)
    for chunk in _chunks(named):
        known_orgs.update(
            SocialOrganization.objects.filter(pk__in=chunk, owner=owner).values_list(
                "pk", flat=True
            )
        )
    for kind, store in (("service", reader.services), ("location", reader.locations)):
        for pk, record in store.items():
            if (
                record["organization_id"] is not None
                and record["organization_id"] not in known_orgs
            ):
                reader.error(
                    reader.first_seen[(kind, pk)] + ".organization_id",
                    _("no such organization in the document or kept by %(owner)s.")
                    % {"owner": owner},
                )
    known_locations = set(reader.locations)
    for chunk in _chunks({loc for _p, loc in reader.pending_locations} - known_locations):
        known_locations.update(
            Location.objects.filter(pk__in=chunk, organization__owner=owner).values_list(
                "pk", flat=True
            )
        )
    for path, loc_id in reader.pending_locations:
        if loc_id not in known_locations:
            reader.error(
                path, _("no such location in the document or kept by %(owner)s.") % {"owner": owner}
            )
    branches = {r["branch_id"] for r in reader.locations.values()} - {None}
    missing = branches - set(Branch.objects.filter(pk__in=branches).values_list("pk", flat=True))
    for pk, record in reader.locations.items():
        if record["branch_id"] in missing:
            reader.error(
                reader.first_seen[("location", pk)] + ".external_identifier",
                _("no library branch with this id."),
            )
    return existing


def _save(
    model: type[Model],
    kind: str,
    store: dict[uuid.UUID, dict[str, Any]],
    existing: set[uuid.UUID],
    result: ImportResult,
    extra: dict[str, Any] | None = None,
) -> None:
    """Insert the new records and update the existing ones with one ``executemany`` each.

    Values go through each field's own conversion (``get_db_prep_save``), fields missing from
    a new record get their defaults; no model instances and no signals (the caller
    re-indexes). Far cheaper than ``bulk_create`` for tens of thousands of rows, which builds
    an instance per row and SQL per batch."""
    if not store:
        return
    meta = model._meta
    fields = {f.attname: f for f in meta.concrete_fields}
    given = [name for name in fields if name in next(iter(store.values())) or name in (extra or {})]
    if issubclass(model, Service):
        given.append("codes")
    new, changed = [], []
    for pk, record in store.items():
        values = record | (extra or {})
        if issubclass(model, Service):
            values["codes"] = codes_of(
                values["themes"], values["target_groups"], values["format"], values["access"]
            )
        if pk in existing:
            changed.append(
                [fields[n].get_db_prep_save(values[n], connection) for n in given]
                + [meta.pk.get_db_prep_save(pk, connection)]
            )
        else:
            new.append(
                [
                    f.get_db_prep_save(
                        pk if f.primary_key else values[n] if n in values else f.get_default(),
                        connection,
                    )
                    for n, f in fields.items()
                ]
            )

    def quote(name: str | None) -> str:
        return connection.ops.quote_name(str(name))

    with connection.cursor() as cursor:
        if new:
            columns = ", ".join(quote(f.column) for f in fields.values())
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
                new,
            )
            result.created[kind] = result.created.get(kind, 0) + len(new)
        if changed:
            assignments = ", ".join(f"{quote(fields[n].column)} = %s" for n in given)
            cursor.executemany(
                f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608
                f"WHERE {quote(meta.pk.column)} = %s",
                changed,
            )
            result.updated[kind] = result.updated.get(kind, 0) + len(changed)


def _delete_others(
    model: type[Model], parent: str, parents: Iterable[uuid.UUID], keep: Iterable[uuid.UUID]
) -> None:
    """Delete the rows of ``model`` under ``parents`` (``<parent>_id``) that are not in
    ``keep``: the document lists those parents' children in full."""
    kept = set(keep)
    gone = []
    for chunk in _chunks(parents):
        rows = model._default_manager.filter(**{f"{parent}_id__in": chunk})
        gone += [pk for pk in rows.values_list("pk", flat=True) if pk not in kept]
    for chunk in _chunks(gone):
        model._default_manager.filter(pk__in=chunk).delete()


def _affected_services(reader: _Reader) -> set[str]:
    """The services whose search documents the import may have changed: its own, those at
    its locations and those of its organizations (their names are in the documents)."""
    affected = {str(pk) for pk in reader.services}
    for chunk in _chunks(reader.locations):
        affected.update(
            str(pk)
            for pk in ServiceAtLocation.objects.filter(location_id__in=chunk).values_list(
                "service_id", flat=True
            )
        )
    for chunk in _chunks(reader.orgs):
        affected.update(
            str(pk)
            for pk in Service.objects.filter(organization_id__in=chunk).values_list("pk", flat=True)
        )
    return affected


def import_json(
    data: Any, *, owner: Organisation, schema_dir_path: str | Path | None = None
) -> ImportResult:
    """Validate ``data`` (an HSDS document) and store it for ``owner``, all or nothing.

    Raises :class:`HSDSImportError` with every problem; stores nothing then."""
    directory = schema_dir(schema_dir_path)
    reader = _Reader()
    result = ImportResult(schema_checked=directory is not None)
    if directory is None:
        result.warnings.append(
            _("The HSDS schema check was skipped: no schema folder (set HSDS_SCHEMA_DIR).")
        )
    _read(data, reader, directory)
    if reader.errors:
        raise HSDSImportError(reader.errors)
    existing = _check_against_database(reader, owner)
    if reader.errors:
        raise HSDSImportError(reader.errors)
    result.warnings.extend(reader.warnings)
    now = timezone.now()
    for record in reader.services.values():
        record["updated_at"] = record["updated_at"] or now
        record["last_verified"] = record["last_verified"] or timezone.localdate()
    try:
        with transaction.atomic(), indexing.deferred() as reindex:
            _save(
                SocialOrganization,
                "organization",
                reader.orgs,
                existing["organization"],
                result,
                {"owner_id": owner.pk},
            )
            _save(Location, "location", reader.locations, existing["location"], result)
            _save(Service, "service", reader.services, existing["service"], result)
            _delete_others(ServiceAtLocation, "service", reader.sal_parents, reader.sals)
            _delete_others(
                Schedule, "service_at_location", reader.schedule_parents, reader.schedules
            )
            for parent, ids in reader.phone_parents.items():
                _delete_others(Phone, parent, ids, reader.phones)
            _save(
                ServiceAtLocation,
                "service_at_location",
                reader.sals,
                existing["service_at_location"],
                result,
            )
            _save(Schedule, "schedule", reader.schedules, existing["schedule"], result)
            for pk, links in reader.phone_links.items():
                reader.phones[pk] |= {
                    "organization_id": links.get("organization_id"),
                    "service_id": links.get("service_id"),
                    "location_id": links.get("location_id"),
                }
            _save(Phone, "phone", reader.phones, existing["phone"], result)
            reindex.update(_affected_services(reader))
    except DatabaseError as exc:
        raise HSDSImportError(
            [_("The database refused the import: %(error)s") % {"error": exc}]
        ) from exc
    return result


# --- tabular form (HSDS CSV) ------------------------------------------------------------

#: The HSDS tables we write, with their columns in the order of the HSDS datapackage.
TABLES: dict[str, list[str]] = {
    "organizations.csv": ["id", "name", "alternate_name", "description", "email", "website"],
    "services.csv": [
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "fees_description",
        "assured_date",
        "last_modified",
    ],
    "locations.csv": [
        "id",
        "location_type",
        "organization_id",
        "name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ],
    "addresses.csv": [
        "id",
        "location_id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "accessibility.csv": ["id", "location_id", "description"],
    "service_at_location.csv": ["id", "service_id", "location_id", "description"],
    "schedules.csv": [
        "id",
        "service_at_location_id",
        "dtstart",
        "until",
        "freq",
        "byday",
        "description",
        "opens_at",
        "closes_at",
    ],
    "phones.csv": ["id", "location_id", "service_id", "organization_id", "number", "description"],
    "languages.csv": ["id", "service_id", "code"],
    "required_documents.csv": ["id", "service_id", "document"],
    "cost_options.csv": ["id", "service_id", "option", "currency", "amount"],
    "attributes.csv": ["id", "link_id", "taxonomy_term_id", "link_entity", "value"],
    "taxonomy_terms.csv": ["id", "code", "name", "description", "taxonomy", "taxonomy_id"],
}
NUMBER_COLUMNS = {"latitude", "longitude", "amount"}


def _flatten(document: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """The document as HSDS tables: file name -> id -> row (nested objects taken out)."""
    tables: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in TABLES}

    def row(table: str, obj: Mapping[str, Any], **links: str) -> None:
        values = {c: obj.get(c, "") for c in TABLES[table] if c in obj} | links
        current = tables[table].setdefault(str(obj["id"]), {})
        current.update(
            {k: v for k, v in values.items() if v not in (None, "")}
            if table != "addresses.csv"
            else values
        )

    def attributes(obj: Mapping[str, Any]) -> None:
        for attribute in obj.get("attributes", []):
            row("attributes.csv", attribute)
            row("taxonomy_terms.csv", attribute["taxonomy_term"])

    def phones(obj: Mapping[str, Any], **links: str) -> None:
        for phone in obj.get("phones", []):
            row("phones.csv", phone, **links)

    def location(loc: Mapping[str, Any]) -> None:
        row("locations.csv", loc)
        for address in loc.get("addresses", []):
            row("addresses.csv", address, location_id=loc["id"])
        for item in loc.get("accessibility", []):
            row("accessibility.csv", item, location_id=loc["id"])
        phones(loc, location_id=loc["id"])
        attributes(loc)

    def organization(org: Mapping[str, Any]) -> None:
        row("organizations.csv", org)
        phones(org, organization_id=org["id"])
        for loc in org.get("locations", []):
            location(loc)

    for service in document.get("services", []):
        sid = service["id"]
        organization(service["organization"])
        row("services.csv", service)
        phones(service, service_id=sid)
        for sal in service.get("service_at_locations", []):
            row("service_at_location.csv", sal)
            for schedule in sal.get("schedules", []):
                row("schedules.csv", schedule, service_at_location_id=sal["id"])
            location(sal["location"])
        for table, key in (
            ("languages.csv", "languages"),
            ("required_documents.csv", "required_documents"),
            ("cost_options.csv", "cost_options"),
        ):
            for item in service.get(key, []):
                row(table, item, service_id=sid)
        attributes(service)
    for org in document.get("organizations", []):
        organization(org)
    return tables


def export_csv(directory: str | Path, queryset: QuerySet[Service] | None = None) -> list[Path]:
    """Write the social map as HSDS CSV files into ``directory``; return the files."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in _flatten(export_json(queryset)).items():
        path = out / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=TABLES[name], extrasaction="ignore")
            writer.writeheader()
            for values in rows.values():
                writer.writerow(
                    {
                        k: json.dumps(v)
                        if isinstance(v, float | int) and not isinstance(v, bool)
                        else v
                        for k, v in values.items()
                    }
                )
        written.append(path)
    return written


def _cell(column: str, value: str) -> Any:
    if column in NUMBER_COLUMNS and value:
        try:
            number = float(value)
        except ValueError:
            return value  # left for the checks to refuse, with its path
        return int(number) if re.fullmatch(r"-?\d+", value) else number
    return value


def read_csv_tables(directory: str | Path) -> dict[str, list[dict[str, Any]]]:
    """The HSDS CSV files in ``directory`` that we read (missing files are empty tables)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for name in TABLES:
        path = Path(directory) / name
        rows: list[dict[str, Any]] = []
        if path.is_file():
            with path.open(newline="", encoding="utf-8-sig") as handle:
                for raw in csv.DictReader(handle):
                    keep_empty = name == "addresses.csv"
                    rows.append(
                        {
                            k: _cell(k, v or "")
                            for k, v in raw.items()
                            if k is not None and (v or keep_empty)
                        }
                    )
        tables[name] = rows
    return tables


def document_from_tables(tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Nest HSDS tables back into the JSON document of :func:`export_json`."""

    def by(table: str, key: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for r in tables[table]:
            if r.get(key):
                out.setdefault(str(r[key]), []).append(r)
        return out

    def without(obj: Mapping[str, Any], *keys: str) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if k not in keys}

    terms = {r.get("id"): r for r in tables["taxonomy_terms.csv"]}
    attributes = by("attributes.csv", "link_id")
    phone_rows = {
        key: by("phones.csv", key) for key in ("organization_id", "service_id", "location_id")
    }

    def phones(key: str, pk: str) -> list[dict[str, Any]]:
        return [
            without(p, "organization_id", "service_id", "location_id")
            for p in phone_rows[key].get(pk, [])
        ]

    def attrs(pk: str) -> list[dict[str, Any]]:
        out = []
        for a in attributes.get(pk, []):
            term = terms.get(a.get("taxonomy_term_id"))
            out.append(a | ({"taxonomy_term": term} if term else {}))
        return out

    addresses, access = by("addresses.csv", "location_id"), by("accessibility.csv", "location_id")

    def location(loc: dict[str, Any]) -> dict[str, Any]:
        pk = str(loc.get("id"))
        return _clean(
            loc
            | {
                "addresses": [without(a, "location_id") for a in addresses.get(pk, [])],
                "accessibility": [without(a, "location_id") for a in access.get(pk, [])],
                "phones": phones("location_id", pk),
                "attributes": attrs(pk),
            }
        )

    used = {str(r.get("location_id")) for r in tables["service_at_location.csv"]}
    locations = {str(r.get("id")): r for r in tables["locations.csv"]}
    unused = by("locations.csv", "organization_id")

    def organization(org: dict[str, Any]) -> dict[str, Any]:
        pk = str(org.get("id"))
        return _clean(
            org
            | {
                "phones": phones("organization_id", pk),
                "locations": [
                    location(x) for x in unused.get(pk, []) if str(x.get("id")) not in used
                ],
            }
        )

    orgs = {str(r.get("id")): r for r in tables["organizations.csv"]}
    sals, schedules = (
        by("service_at_location.csv", "service_id"),
        by("schedules.csv", "service_at_location_id"),
    )
    per_service = {
        table: by(table, "service_id")
        for table in ("languages.csv", "required_documents.csv", "cost_options.csv")
    }
    services = []
    for s in tables["services.csv"]:
        pk = str(s.get("id"))
        org = orgs.get(str(s.get("organization_id")))
        services.append(
            _clean(
                s
                | ({"organization": organization(org)} if org else {})
                | {
                    "phones": phones("service_id", pk),
                    "service_at_locations": [
                        _clean(
                            sal
                            | {
                                "schedules": [
                                    without(x, "service_at_location_id")
                                    for x in schedules.get(str(sal.get("id")), [])
                                ],
                            }
                            | (
                                {"location": location(locations[str(sal.get("location_id"))])}
                                if str(sal.get("location_id")) in locations
                                else {}
                            )
                        )
                        for sal in sals.get(pk, [])
                    ],
                    "languages": [
                        without(x, "service_id") for x in per_service["languages.csv"].get(pk, [])
                    ],
                    "required_documents": [
                        without(x, "service_id")
                        for x in per_service["required_documents.csv"].get(pk, [])
                    ],
                    "cost_options": [
                        without(x, "service_id")
                        for x in per_service["cost_options.csv"].get(pk, [])
                    ],
                    "attributes": attrs(pk),
                }
            )
        )
    with_services = {str(s.get("organization_id")) for s in tables["services.csv"]}
    return {
        "version": HSDS_VERSION,
        "services": services,
        "organizations": [organization(o) for pk, o in orgs.items() if pk not in with_services],
    }


def import_csv(
    directory: str | Path, *, owner: Organisation, schema_dir_path: str | Path | None = None
) -> ImportResult:
    """Import a folder of HSDS CSV files (see :func:`import_json`); paths in messages are
    those of the nested document."""
    return import_json(
        document_from_tables(read_csv_tables(directory)),
        owner=owner,
        schema_dir_path=schema_dir_path,
    )
