"""The rules of the social map: who keeps which entries, what an entry must hold, freshness,
correction suggestions, and the search near a place.

Coordinators keep their library's offer, partner editors their own organisation's entries,
the programme office all. Every entry is re-verified every six months (``VERIFY_INTERVAL``):
stale entries are flagged in search and listed in the keeper's review queue, and the keeper
gets a reminder e-mail (the scheduled job ``socialmap-reminders``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.accounts import scoping
from wegwijs.accounts.models import Role, User
from wegwijs.desk.codes import Theme
from wegwijs.geo.geocoding import distance_km
from wegwijs.privacy.checks import personal_data_errors
from wegwijs.socialmap.models import (
    VERIFY_INTERVAL,
    Access,
    Feedback,
    Format,
    Service,
    ServiceStatus,
    SocialOrganization,
    TargetGroup,
)

_LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
EDITOR_ROLES = {Role.COORDINATOR, Role.PARTNER_EDITOR}


# -- permissions --------------------------------------------------------------------------
def can_edit(user: Any, organization: SocialOrganization) -> bool:
    """The programme office edits all; coordinators and partner editors the entries their
    own organisation keeps."""
    if scoping.is_national(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role in EDITOR_ROLES
        and user.organisation_id == organization.owner_id
    )


def editable_services(user: Any) -> QuerySet[Service]:
    qs = Service.objects.select_related("organization", "organization__owner")
    if scoping.is_national(user):
        return qs
    if getattr(user, "is_authenticated", False) and user.role in EDITOR_ROLES:
        return qs.filter(organization__owner_id=user.organisation_id)
    return qs.none()


# -- validation ---------------------------------------------------------------------------
def validate_service(data: dict[str, Any]) -> dict[str, Any]:
    """Clean the codes and texts of a service; ValidationError keyed by field path."""
    errors: dict[str, list[str]] = {}

    def fail(path: str, message: str) -> None:
        errors.setdefault(path, []).append(message)

    clean: dict[str, Any] = {}
    for name, limit in (("name", 200), ("description", 3000)):
        value = str(data.get(name) or "").strip()
        if not value:
            fail(name, _("Fill in this field."))
        elif len(value) > limit:
            fail(name, _("At most %(n)s characters.") % {"n": limit})
        clean[name] = value
    for name, choices in (
        ("themes", Theme.values),
        ("target_groups", TargetGroup.values),
    ):
        codes = [str(c) for c in data.get(name) or []]
        for i, code in enumerate(codes):
            if code not in choices:
                fail(f"{name}.{i}", _("Unknown code: %(code)s.") % {"code": code[:40]})
        clean[name] = list(dict.fromkeys(codes))
    if not clean["themes"]:
        fail("themes", _("Choose at least one %(what)s.") % {"what": _("theme")})
    for name, choices in (("format", Format.values), ("access", Access.values)):
        value = str(data.get(name) or "")
        if value not in choices:
            fail(name, _("Unknown code: %(code)s.") % {"code": value[:40]})
        clean[name] = value
    languages = [str(c).lower() for c in data.get("languages") or []]
    for i, code in enumerate(languages):
        if not _LANGUAGE_RE.match(code):
            fail(f"languages.{i}", _("Use a two-letter language code, e.g. nl or en."))
    clean["languages"] = languages
    bring = [str(b).strip() for b in data.get("what_to_bring") or [] if str(b).strip()]
    clean["what_to_bring"] = bring
    capacity = data.get("capacity")
    if capacity not in (None, ""):
        try:
            capacity = int(capacity)
        except (TypeError, ValueError):
            capacity = -1
        if not 1 <= capacity <= 500:
            fail("capacity", _("Give a number of places from 1 to 500."))
    clean["capacity"] = capacity if capacity not in ("",) else None
    texts = [
        ("name", clean["name"]),
        ("description", clean["description"]),
        *((f"what_to_bring.{i}", b) for i, b in enumerate(bring)),
    ]
    for path, messages in personal_data_errors(texts).items():
        for message in messages:
            fail(path, message)
    if errors:
        raise ValidationError(errors)
    return clean


# -- freshness ----------------------------------------------------------------------------
def stale_services(
    qs: QuerySet[Service] | None = None, today: date | None = None
) -> QuerySet[Service]:
    """Active entries past their verification date (last verified more than six months ago)."""
    today = today or timezone.localdate()
    qs = Service.objects.all() if qs is None else qs
    return qs.filter(status=ServiceStatus.ACTIVE, last_verified__lt=today - VERIFY_INTERVAL)


def mark_verified(user: Any, service: Service) -> Service:
    if not can_edit(user, service.organization):
        raise PermissionDenied(_("Only the keeper of this entry can verify it."))
    service.last_verified = timezone.localdate()
    service.reminded_at = None
    service.updated_at = timezone.now()
    service.updated_by = user if getattr(user, "pk", None) else None
    service.save()
    return service


def send_reminders(today: date | None = None) -> int:
    """E-mail the keepers of stale entries (once per entry until it is verified again).
    Returns the number of e-mails sent."""
    stale = stale_services(today=today).filter(reminded_at__isnull=True)
    by_owner: dict[int, list[Service]] = {}
    for service in stale.select_related("organization"):
        by_owner.setdefault(service.organization.owner_id, []).append(service)
    sent = 0
    for owner_id, services in by_owner.items():
        recipients = list(
            User.objects.filter(organisation_id=owner_id, role__in=EDITOR_ROLES, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not recipients:
            continue
        names = "\n".join(f"- {s.name}" for s in services)
        send_mail(
            subject=_("Wegwijs: please check your entries on the social map"),
            message=_(
                "These entries have not been checked for six months. Please check that they are "
                "still right and mark them as verified in Wegwijs:\n\n%(names)s"
            )
            % {"names": names},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
        Service.objects.filter(pk__in=[s.pk for s in services]).update(reminded_at=timezone.now())
        sent += 1
    return sent


# -- correction suggestions ---------------------------------------------------------------
def suggest_correction(user: Any, service: Service, text: str) -> Feedback:
    text = str(text).strip()
    if not text:
        raise ValidationError({"text": [_("Fill in this field.")]})
    if len(text) > 2000:
        raise ValidationError({"text": [_("At most %(n)s characters.") % {"n": 2000}]})
    errors = personal_data_errors([("text", text)])
    if errors:
        raise ValidationError(errors)
    return Feedback.objects.create(
        service=service, text=text, created_by=user if getattr(user, "pk", None) else None
    )


def handle_feedback(user: Any, feedback: Feedback) -> Feedback:
    if not can_edit(user, feedback.service.organization):
        raise PermissionDenied(_("Only the keeper of this entry can handle its suggestions."))
    with transaction.atomic():
        feedback.state = Feedback.State.DONE
        feedback.handled_at = timezone.now()
        feedback.save(update_fields=["state", "handled_at"])
    return feedback


def open_feedback(user: Any) -> QuerySet[Feedback]:
    return Feedback.objects.filter(
        state=Feedback.State.OPEN, service__in=editable_services(user)
    ).select_related("service")


# -- finding help -------------------------------------------------------------------------
@dataclass(frozen=True)
class Nearby:
    service_id: str
    title: str
    organization: str
    distance_km: float | None
    url: str
    do_not_refer: bool
    stale: bool


def distance_to(service: Service, latitude: float, longitude: float) -> float | None:
    """Kilometres from a point to the nearest location of ``service`` (None: no location
    with coordinates). Uses the locations as prefetched."""
    distances = [
        distance_km(latitude, longitude, loc.latitude, loc.longitude)
        for loc in service.locations.all()
        if loc.latitude is not None and loc.longitude is not None
    ]
    return min(distances) if distances else None


def nearby_for_triage(text: str, triage: Any, context: dict[str, Any]) -> list[Nearby]:
    """The triage hook: referable services for the suggested themes, nearest to the desk
    worker's branch first (at most 3)."""
    from django.urls import reverse

    from wegwijs.search import services as search

    themes = [t.code for t in getattr(triage, "themes", [])[:2]]
    if not themes:
        return []
    hits = search.search(text, kinds=["service"], themes=themes, limit=20)
    if not hits:
        return []
    user = context.get("user")
    branch = getattr(user, "branch", None) if getattr(user, "is_authenticated", False) else None
    origin = (
        (branch.latitude, branch.longitude)
        if branch is not None and getattr(branch, "latitude", None) is not None
        else None
    )
    today = timezone.localdate().isoformat()
    results: list[Nearby] = []
    for hit in hits:
        distance = None
        if origin is not None and hit.data.get("locations"):
            distance = min(
                distance_km(origin[0], origin[1], lat, lon)
                for lat, lon, _city in hit.data["locations"]
            )
        results.append(
            Nearby(
                service_id=hit.key,
                title=hit.title,
                organization=str(hit.data.get("organization", "")),
                distance_km=None if distance is None else round(distance, 1),
                url=reverse("socialmap:detail", args=[hit.key]),
                do_not_refer=bool(hit.data.get("do_not_refer")),
                stale=str(hit.data.get("verify_by", today)) < today,
            )
        )
    referable = [r for r in results if not r.do_not_refer]
    referable.sort(key=lambda r: (r.distance_km is None, r.distance_km or 0.0))
    return referable[:3]


def visible_services(user: Any) -> QuerySet[Service]:
    """What signed-in staff see on the social map: every active entry, and the keepers' own
    entries in any status."""
    qs = Service.objects.select_related("organization")
    own = Q(organization__owner_id=getattr(user, "organisation_id", None) or 0)
    if scoping.is_national(user):
        return qs
    return qs.filter(Q(status=ServiceStatus.ACTIVE) | own)
