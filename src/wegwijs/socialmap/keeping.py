"""The keeper's changes to the social map: save a service with its organisation, locations,
phones and schedules in one transaction, change its status, and find coordinates for an
address. The keeper pages (``editing.py``) and the spreadsheet import (``tabular.py``) use it.

Who keeps what is decided in ``services.can_edit``: coordinators their library's entries,
partner editors their own organisation's, the programme office all. Saving marks the entry
verified (``services.mark_verified``); text passes ``services.validate_service`` and the
privacy guard. Nothing is stored unless everything is valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.accounts import scoping
from wegwijs.geo import geocoding
from wegwijs.network.models import Organisation
from wegwijs.privacy.checks import personal_data_errors
from wegwijs.socialmap import services
from wegwijs.socialmap.models import (
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    SocialOrganization,
)

#: The status as a keeper chooses it: HSDS's status, with "active, but do not refer" as a
#: status of its own (stored as ``active`` + ``do_not_refer``).
DO_NOT_REFER = "do-not-refer"
STATUS_CHOICES = [
    (ServiceStatus.ACTIVE.value, gettext_lazy("Active")),
    (DO_NOT_REFER, gettext_lazy("Active, but do not refer")),
    (ServiceStatus.TEMPORARILY_CLOSED.value, gettext_lazy("Temporarily closed")),
    (ServiceStatus.INACTIVE.value, gettext_lazy("Withdrawn (not on the map)")),
    (ServiceStatus.DEFUNCT.value, gettext_lazy("Stopped for good")),
]
STATUS_VALUES = [value for value, _label in STATUS_CHOICES]


def status_value(service: Service) -> str:
    if service.status == ServiceStatus.ACTIVE and service.do_not_refer:
        return DO_NOT_REFER
    return str(service.status)


def status_fields(value: str) -> dict[str, Any]:
    """The model fields for a chosen status."""
    if value == DO_NOT_REFER:
        return {"status": ServiceStatus.ACTIVE.value, "do_not_refer": True}
    return {"status": value, "do_not_refer": False}


# -- who keeps what -----------------------------------------------------------------------
def is_keeper(user: Any) -> bool:
    """May the user keep entries at all (coordinator, partner editor, programme office)?"""
    if scoping.is_national(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role in services.EDITOR_ROLES
        and user.organisation_id
    )


def keeper_organizations(user: Any) -> QuerySet[SocialOrganization]:
    """The organisations on the map whose entries the user keeps."""
    qs = SocialOrganization.objects.select_related("owner")
    if scoping.is_national(user):
        return qs
    if is_keeper(user):
        return qs.filter(owner_id=user.organisation_id)
    return qs.none()


def owners_for(user: Any) -> QuerySet[Organisation]:
    """The network organisations a user may keep new entries for."""
    if scoping.is_national(user):
        return Organisation.objects.order_by("name")
    if is_keeper(user):
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()


def owner_locations(owner_id: int | None) -> QuerySet[Location]:
    """The locations of every organisation the same network organisation keeps."""
    return (
        Location.objects.filter(organization__owner_id=owner_id)
        .select_related("organization")
        .order_by("organization__name", "name")
    )


# -- coordinates --------------------------------------------------------------------------
def locate(address_1: str, postal_code: str, city: str) -> tuple[float, float] | None:
    """Coordinates for an address through the one geocoder (``wegwijs.geo``): the full
    address first, then the postcode, then the place. None when nothing is found."""
    address_1, postal_code, city = address_1.strip(), postal_code.strip(), city.strip()
    queries = [
        ", ".join(p for p in (address_1, f"{postal_code} {city}".strip()) if p),
        postal_code,
        city,
    ]
    for query in dict.fromkeys(q for q in queries if q):
        place = geocoding.geocode(query)
        if place is not None:
            return place.latitude, place.longitude
    return None


# -- saving an entry ----------------------------------------------------------------------
@dataclass
class ScheduleData:
    """One time block of a service at a location. ``key`` is the error path's prefix."""

    key: str
    instance: Schedule | None
    freq: str
    byday: str
    opens_at: time
    closes_at: time
    dtstart: date | None = None
    until: date | None = None
    description: str = ""


@dataclass
class LocationData:
    """A location of the service: an existing link (``link``), an existing location newly
    linked (``location``), or a new location (neither). ``fields`` are the location's own
    values to store (None: leave the location as it is)."""

    key: str
    link: ServiceAtLocation | None = None
    location: Location | None = None
    fields: dict[str, Any] | None = None
    description: str = ""
    schedules: list[ScheduleData] = field(default_factory=list)
    removed_schedules: list[Schedule] = field(default_factory=list)


@dataclass
class PhoneData:
    key: str
    instance: Phone | None
    number: str
    description: str = ""


@dataclass
class Entry:
    """Everything the service form gives. ``service`` holds the fields of
    ``services.validate_service`` plus the other service fields (alternate_name, url, email,
    fees_description, intake_required, scope, status, do_not_refer)."""

    service: dict[str, Any]
    organization: SocialOrganization | None = None
    new_organization: dict[str, Any] | None = None
    locations: list[LocationData] = field(default_factory=list)
    removed_links: list[ServiceAtLocation] = field(default_factory=list)
    phones: list[PhoneData] = field(default_factory=list)
    removed_phones: list[Phone] = field(default_factory=list)


LOCATION_FIELDS = (
    "name",
    "location_type",
    "address_1",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "accessibility",
)
SERVICE_FIELDS = (
    "alternate_name",
    "url",
    "email",
    "fees_description",
    "intake_required",
    "scope",
    "status",
    "do_not_refer",
)


def _check(user: Any, service: Service | None, entry: Entry) -> tuple[int, dict[str, Any]]:
    """Permissions (PermissionDenied) and every rule (ValidationError keyed by path).
    Returns the owner's id and the cleaned service fields."""
    if service is not None and not services.can_edit(user, service.organization):
        raise PermissionDenied(_("Only the keeper of this entry can change it."))
    errors: dict[str, list[str]] = {}

    def fail(path: str, message: str) -> None:
        errors.setdefault(path, []).append(message)

    if entry.organization is not None:
        if not services.can_edit(user, entry.organization):
            raise PermissionDenied(_("Only the keeper of this organisation can add to it."))
        owner_id = entry.organization.owner_id
    elif entry.new_organization is not None:
        owner = entry.new_organization.get("owner")
        if owner is None or not owners_for(user).filter(pk=owner.pk).exists():
            raise PermissionDenied(_("You cannot keep entries for this organisation."))
        owner_id = owner.pk
        if not str(entry.new_organization.get("name") or "").strip():
            fail("new_organization.name", _("Fill in this field."))
        if not str(entry.new_organization.get("description") or "").strip():
            fail("new_organization.description", _("Fill in this field."))
    else:
        raise ValidationError({"organization": [_("Choose an organisation.")]})

    try:
        clean = services.validate_service(entry.service)
    except ValidationError as exc:
        for path, messages in exc.message_dict.items():
            for message in messages:
                fail(path, message)
        clean = {}
    if entry.service.get("status") not in ServiceStatus.values:
        fail("status", _("Choose a status."))

    texts: list[tuple[str, str]] = [
        ("alternate_name", str(entry.service.get("alternate_name") or "")),
        ("fees_description", str(entry.service.get("fees_description") or "")),
    ]
    if entry.new_organization is not None:
        texts.append(
            ("new_organization.description", str(entry.new_organization.get("description") or ""))
        )
    seen_locations: set[Any] = set()
    for loc in entry.locations:
        location = loc.link.location if loc.link is not None else loc.location
        if loc.link is not None and service is not None and loc.link.service_id != service.pk:
            raise PermissionDenied
        if location is not None and location.organization.owner_id != owner_id:
            if loc.link is None:
                fail(
                    f"{loc.key}.location",
                    _("This location is kept by another organisation. Add it as a new location."),
                )
            elif loc.fields is not None and _changed(location, loc.fields):
                fail(
                    f"{loc.key}.name",
                    _("This location is kept by another organisation; you cannot change it here."),
                )
        if location is not None:
            if location.pk in seen_locations:
                fail(f"{loc.key}.location", _("This location is in the list twice."))
            seen_locations.add(location.pk)
        if location is None and loc.fields is None:
            fail(f"{loc.key}.name", _("Choose a location or fill in a new one."))
        if loc.fields is not None:
            if not str(loc.fields.get("name") or "").strip():
                fail(f"{loc.key}.name", _("Fill in this field."))
            texts.append((f"{loc.key}.accessibility", str(loc.fields.get("accessibility") or "")))
        texts.append((f"{loc.key}.description", loc.description))
        for sched in loc.schedules:
            if sched.instance is not None and (
                loc.link is None or sched.instance.service_at_location_id != loc.link.pk
            ):
                raise PermissionDenied
            if sched.closes_at <= sched.opens_at:
                fail(f"{sched.key}.closes_at", _("The end time must be later than the start."))
            if sched.freq == Schedule.Freq.WEEKLY and not sched.byday:
                fail(f"{sched.key}.byday", _("Choose the days of the week."))
            if not sched.freq and sched.dtstart is None:
                fail(f"{sched.key}.dtstart", _("Fill in the date."))
            if sched.dtstart and sched.until and sched.until < sched.dtstart:
                fail(f"{sched.key}.until", _("The last date cannot be before the first date."))
            texts.append((f"{sched.key}.description", sched.description))
    for phone in entry.phones:
        if service is None or phone.instance is None or phone.instance.service_id == service.pk:
            texts.append((f"{phone.key}.description", phone.description))
        else:
            raise PermissionDenied
    for path, messages in personal_data_errors(texts).items():
        for message in messages:
            fail(path, message)
    if errors:
        raise ValidationError(errors)
    return owner_id, clean


def _changed(location: Location, fields: dict[str, Any]) -> bool:
    return any(getattr(location, name) != value for name, value in fields.items())


def _coordinates(loc: LocationData, existing: Location | None) -> None:
    """Fill in coordinates from the address when none are given and the address is new."""
    values = loc.fields
    if values is None or values.get("location_type") == Location.LocationType.VIRTUAL:
        return
    address = tuple(str(values.get(k) or "") for k in ("address_1", "postal_code", "city"))
    moved = existing is not None and address != (
        existing.address_1,
        existing.postal_code,
        existing.city,
    )
    given = (values.get("latitude"), values.get("longitude"))
    if given[0] is not None and given[1] is not None:
        # Coordinates typed in stand, unless they are the old ones of an address that changed.
        if not (
            moved and existing is not None and given == (existing.latitude, existing.longitude)
        ):
            return
    elif existing is not None and existing.latitude is not None and not moved:
        values["latitude"], values["longitude"] = existing.latitude, existing.longitude
        return
    point = locate(*address)
    values["latitude"], values["longitude"] = point if point else (None, None)


def save_entry(user: Any, service: Service | None, entry: Entry) -> Service:
    """Validate and store a service with everything around it, all or nothing, and mark it
    verified. Raises ValidationError keyed by path (``name``, ``locations.0.postal_code``,
    ``locations.1.schedules.0.closes_at``, ``phones.2.description``...) or
    PermissionDenied."""
    owner_id, clean = _check(user, service, entry)
    for loc in entry.locations:
        existing = loc.link.location if loc.link is not None else loc.location
        _coordinates(loc, existing)
    now = timezone.now()
    with transaction.atomic():
        organization = entry.organization
        if organization is None:
            assert entry.new_organization is not None
            new = entry.new_organization
            organization = SocialOrganization.objects.create(
                owner_id=owner_id,
                name=str(new["name"]).strip(),
                description=str(new["description"]).strip(),
                website=new.get("website") or "",
                email=new.get("email") or "",
            )
        if service is None:
            service = Service(created_at=now)
        service.organization = organization
        for name, value in clean.items():
            setattr(service, name, value)
        for name in SERVICE_FIELDS:
            if name in entry.service:
                setattr(service, name, entry.service[name])
        service.updated_at = now
        service.save()
        for link in entry.removed_links:
            if link.service_id == service.pk:
                link.delete()
        for phone in entry.removed_phones:
            if phone.service_id == service.pk:
                phone.delete()
        for loc in entry.locations:
            _save_location(service, organization, loc)
        for phone_data in entry.phones:
            phone = phone_data.instance or Phone(service=service)
            phone.number = phone_data.number.strip()
            phone.description = phone_data.description.strip()
            phone.save()
        services.mark_verified(user, service)
    return service


def _save_location(
    service: Service, organization: SocialOrganization, loc: LocationData
) -> ServiceAtLocation:
    location = loc.link.location if loc.link is not None else loc.location
    if location is None:
        location = Location(organization=organization)
    if loc.fields is not None and (location._state.adding or _changed(location, loc.fields)):
        for name in LOCATION_FIELDS:
            if name in loc.fields:
                setattr(location, name, loc.fields[name])
        location.save()
    link = loc.link or ServiceAtLocation(service=service, location=location)
    link.description = loc.description.strip()
    link.save()
    for schedule in loc.removed_schedules:
        if schedule.service_at_location_id == link.pk:
            schedule.delete()
    for data in loc.schedules:
        schedule = data.instance or Schedule(service_at_location=link)
        schedule.freq = data.freq
        schedule.byday = data.byday
        schedule.opens_at = data.opens_at
        schedule.closes_at = data.closes_at
        schedule.dtstart = data.dtstart
        schedule.until = data.until
        schedule.description = data.description.strip()
        schedule.save()
    return link


def set_status(user: Any, service: Service, value: str) -> Service:
    """Change the status (also: withdraw from the map); the keeper looked, so the entry
    counts as verified."""
    if not services.can_edit(user, service.organization):
        raise PermissionDenied(_("Only the keeper of this entry can change it."))
    if value not in STATUS_VALUES:
        raise ValidationError({"status": [_("Choose a status.")]})
    with transaction.atomic():
        for name, field_value in status_fields(value).items():
            setattr(service, name, field_value)
        services.mark_verified(user, service)
    return service
