"""Changes in the support area: trajectories, the catalogue's offer, Soob meetings, their
participants and materials. Each function checks who may, validates everything, and stores it
in one transaction, or stores nothing and raises a ``ValidationError`` keyed by field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wegwijs.accounts.models import Role, User
from wegwijs.core import uploads
from wegwijs.network.models import Organisation, OrganisationKind, Province
from wegwijs.programme import access
from wegwijs.programme.common import Errors
from wegwijs.programme.support import catalogue, rules
from wegwijs.programme.support.matrix import is_offered
from wegwijs.programme.support.models import (
    MAX_DESCRIPTION,
    MAX_NOTES,
    SoobMaterial,
    SoobMeeting,
    SoobParticipation,
    SupportActivityType,
    SupportItem,
    SupportTier,
)
from wegwijs.programme.support.texts import validate_venue

if TYPE_CHECKING:
    from wegwijs.programme.access import AnyUser

#: "Plan the basic trajectory": the intake on the date chosen, each next activity this later.
BASIC_STEP = timedelta(weeks=4)


def _too_long(errors: Errors, path: str, text: str, limit: int) -> None:
    if len(text) > limit:
        errors.add(
            path,
            _("This text is too long: at most %(max)s characters, now %(n)s.")
            % {"max": limit, "n": len(text)},
        )


def not_offered_message(activity: SupportActivityType, library: Organisation) -> str:
    province = library.province.name if library.province else _("this province")
    return _(
        "%(activity)s is not offered in %(province)s. Extra support is only offered in the "
        "provinces where the POI can offer it."
    ) % {"activity": activity.label, "province": province}


# -- trajectories -------------------------------------------------------------------------
def consultants_for(library: Organisation) -> QuerySet[User]:
    """Active POI consultants of a POI that serves the library's province."""
    if library.province_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            role=Role.POI_CONSULTANT,
            organisation__kind=OrganisationKind.POI,
            organisation__provinces=library.province_id,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _require_keeper(user: AnyUser, library: Organisation) -> None:
    if not rules.can_keep_trajectory(user, library):
        raise PermissionDenied(_("You may not change this library's support trajectory."))


def _acting_user(user: AnyUser) -> User | None:
    return user if isinstance(user, User) else None


@transaction.atomic
def save_item(
    user: AnyUser,
    library: Organisation,
    activity: SupportActivityType,
    *,
    planned_on: date | None,
    done_on: date | None,
    consultant: User | None,
    notes: str,
    today: date | None = None,
) -> SupportItem | None:
    """Record one activity of a library's trajectory. Clearing every field removes it.

    An activity that is not offered in the library's province cannot be added.
    """
    _require_keeper(user, library)
    today = today or timezone.localdate()
    notes = notes.strip()
    existing = (
        SupportItem.objects.select_for_update().filter(library=library, activity=activity).first()
    )
    errors = Errors()
    if existing is None and not is_offered(activity, library.province_id):
        errors.add("activity", not_offered_message(activity, library))
    if done_on is not None and done_on > today:
        errors.add("done_on", _("A date in the future cannot be the date it was done."))
    if consultant is not None and not consultants_for(library).filter(pk=consultant.pk).exists():
        errors.add("consultant", _("Choose a consultant of a POI that serves this library."))
    _too_long(errors, "notes", notes, MAX_NOTES)
    errors.add_texts([("notes", notes)])
    errors.raise_if_any()
    if planned_on is None and done_on is None and consultant is None and not notes:
        if existing is not None:
            existing.delete()
        return None
    item = existing or SupportItem(library=library, activity=activity)
    item.planned_on = planned_on
    item.done_on = done_on
    item.consultant = consultant
    item.notes = notes
    item.updated_by = _acting_user(user)
    item.save()
    return item


@transaction.atomic
def remove_item(user: AnyUser, item: SupportItem) -> None:
    _require_keeper(user, item.library)
    item.delete()


@transaction.atomic
def plan_basic(
    user: AnyUser, library: Organisation, start: date, *, step: timedelta = BASIC_STEP
) -> list[SupportItem]:
    """Plan the offered basic activities that are not in the trajectory yet: the intake on
    ``start``, each next one ``step`` later. Activities already recorded are left alone."""
    _require_keeper(user, library)
    catalogue.ensure()
    basic = [
        t
        for t in SupportActivityType.objects.filter(tier=SupportTier.BASIC, active=True)
        .prefetch_related("provinces")
        .order_by("position", "name")
        if is_offered(t, library.province_id)
    ]
    have = set(
        SupportItem.objects.select_for_update()
        .filter(library=library, activity__in=basic)
        .values_list("activity_id", flat=True)
    )
    consultant = _acting_user(user) if access.is_poi(user) else None
    created = []
    for index, activity in enumerate(basic):
        if activity.pk in have:
            continue
        created.append(
            SupportItem.objects.create(
                library=library,
                activity=activity,
                planned_on=start + index * step,
                consultant=consultant,
                updated_by=_acting_user(user),
            )
        )
    return created


# -- catalogue ----------------------------------------------------------------------------
@transaction.atomic
def save_offer(
    user: AnyUser,
    activity: SupportActivityType,
    provinces: Iterable[Province],
    *,
    offered_everywhere: bool | None = None,
    active: bool | None = None,
) -> SupportActivityType:
    """Set where an activity is offered. A POI consultant changes its own provinces only (the
    rest stays as it is); the programme office sets every province, "everywhere" and whether
    the activity is in use."""
    if not rules.can_configure_catalogue(user):
        raise PermissionDenied
    chosen = {p.pk for p in provinces}
    mine = set(rules.configurable_provinces(user).values_list("pk", flat=True))
    if chosen - mine:
        raise ValidationError({"provinces": _("You may only set the offer in your provinces.")})
    current = set(activity.provinces.values_list("pk", flat=True))
    activity.provinces.set((current - mine) | chosen)
    if access.is_programme_office(user):
        changed = []
        if offered_everywhere is not None:
            activity.offered_everywhere = offered_everywhere
            changed.append("offered_everywhere")
        if active is not None:
            activity.active = active
            changed.append("active")
        if changed:
            activity.save(update_fields=changed)
    return activity


@transaction.atomic
def create_activity(
    user: AnyUser,
    *,
    name: str,
    tier: str,
    category: str,
    offered_everywhere: bool,
    provinces: Iterable[Province],
) -> SupportActivityType:
    """A new activity type (programme office)."""
    access.require_programme_office(user)
    name = " ".join(name.split())
    errors = Errors()
    if not name:
        errors.add("name", _("Give the activity a name."))
    _too_long(errors, "name", name, 120)
    errors.add_texts([("name", name)])
    if tier not in SupportTier.values:
        errors.add("tier", _("Choose basic or extra support."))
    errors.raise_if_any()
    base = slugify(name)[:34] or "activiteit"
    code, n = base, 2
    while SupportActivityType.objects.filter(code=code).exists():
        code = f"{base}-{n}"
        n += 1
    activity = SupportActivityType.objects.create(
        code=code,
        name=name,
        tier=tier,
        category=category,
        offered_everywhere=offered_everywhere,
        position=1000,
    )
    activity.provinces.set(list(provinces))
    return activity


# -- Soob learning network ----------------------------------------------------------------
@dataclass
class MeetingInput:
    topic: str
    date: date
    organiser: Organisation
    provinces: list[Province] = field(default_factory=list)
    starts_at: time | None = None
    online: bool = False
    place: str = ""
    description: str = ""


@transaction.atomic
def save_meeting(user: AnyUser, meeting: SoobMeeting | None, data: MeetingInput) -> SoobMeeting:
    if meeting is None:
        if not rules.can_create_meeting(user):
            raise PermissionDenied
    elif not rules.can_edit_meeting(user, meeting):
        raise PermissionDenied
    topic = " ".join(data.topic.split())
    place = " ".join(data.place.split())
    description = data.description.strip()
    errors = Errors()
    if not topic:
        errors.add("topic", _("Give the topic of the meeting."))
    _too_long(errors, "topic", topic, 200)
    if not data.provinces:
        errors.add("provinces", _("Choose at least one province."))
    allowed = set(rules.configurable_provinces(user).values_list("pk", flat=True))
    if meeting is not None:  # provinces out of the user's reach may stay as they were
        allowed |= set(meeting.provinces.values_list("pk", flat=True))
    if any(p.pk not in allowed for p in data.provinces):
        errors.add("provinces", _("You may only choose your own provinces."))
    keeps_organiser = meeting is not None and meeting.organiser_id == data.organiser.pk
    if not keeps_organiser and not rules.organisers(user).filter(pk=data.organiser.pk).exists():
        errors.add("organiser", _("Choose the POI that organises the meeting."))
    if not data.online and not place:
        errors.add("place", _("Give the place, or tick 'online'."))
    _too_long(errors, "place", place, 200)
    if place:
        try:
            validate_venue(place)
        except ValidationError as exc:
            errors.add("place", exc)
    _too_long(errors, "description", description, MAX_DESCRIPTION)
    errors.add_texts([("topic", topic), ("description", description)])
    errors.raise_if_any()
    meeting = meeting or SoobMeeting(created_by=_acting_user(user))
    meeting.topic = topic
    meeting.date = data.date
    meeting.starts_at = data.starts_at
    meeting.online = data.online
    meeting.place = place
    meeting.organiser = data.organiser
    meeting.description = description
    meeting.save()
    meeting.provinces.set(data.provinces)
    return meeting


@transaction.atomic
def delete_meeting(user: AnyUser, meeting: SoobMeeting) -> None:
    if not rules.can_edit_meeting(user, meeting):
        raise PermissionDenied
    files = [m.file.name for m in meeting.materials.all() if m.file and m.file.name]
    storage = SoobMaterial().file.storage
    meeting.delete()

    def remove_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)


def participant_candidates(meeting: SoobMeeting) -> QuerySet[Organisation]:
    """Libraries that may take part: those in the meeting's provinces."""
    return (
        Organisation.objects.libraries()
        .filter(province__in=meeting.provinces.all())
        .order_by("name")
    )


@transaction.atomic
def set_participants(user: AnyUser, meeting: SoobMeeting, people: Mapping[int, int]) -> int:
    """Replace the participants: library id → number of people (0 or absent: not there)."""
    if not rules.can_edit_meeting(user, meeting):
        raise PermissionDenied
    candidates = set(participant_candidates(meeting).values_list("pk", flat=True))
    errors = Errors()
    for library_id, count in people.items():
        if library_id not in candidates:
            errors.add(
                "participants", _("Only libraries in the meeting's provinces can take part.")
            )
            break
        if count < 0 or count > 999:
            errors.add(f"people_{library_id}", _("Give a number from 0 to 999."))
    errors.raise_if_any()
    meeting.participations.all().delete()
    SoobParticipation.objects.bulk_create(
        SoobParticipation(meeting=meeting, library_id=library_id, people=count)
        for library_id, count in sorted(people.items())
        if count > 0
    )
    return sum(1 for count in people.values() if count > 0)


@transaction.atomic
def add_material(
    user: AnyUser,
    meeting: SoobMeeting,
    *,
    title: str,
    description: str = "",
    upload: UploadedFile | None = None,
    url: str = "",
) -> SoobMaterial:
    """Share a file (checked: size, type, content) or a link at a meeting."""
    if not rules.can_edit_meeting(user, meeting):
        raise PermissionDenied
    title = " ".join(title.split())
    description = description.strip()
    url = url.strip()
    errors = Errors()
    if not title:
        errors.add("title", _("Give the material a title."))
    _too_long(errors, "title", title, 200)
    _too_long(errors, "description", description, MAX_DESCRIPTION)
    errors.add_texts([("title", title), ("description", description)])
    if (upload is None) == (not url):
        errors.add("file", _("Upload a file or give a link (one of the two)."))
    elif url and not url.lower().startswith(("https://", "http://")):
        errors.add("url", _("Give a link that starts with https://."))
    checked = None
    if upload is not None:
        try:
            checked = uploads.check(upload)
        except ValidationError as exc:
            errors.add("file", exc)
    errors.raise_if_any()
    material = SoobMaterial(
        meeting=meeting,
        title=title,
        description=description,
        url=url,
        added_by=_acting_user(user),
    )
    if upload is None or checked is None:
        material.save()
        return material
    material.filename = checked.name
    material.size = checked.size
    material.file.save(uploads.storage_name(checked.name), upload, save=False)
    try:
        material.save()
    except Exception:  # the row did not make it: do not keep its file either
        material.file.storage.delete(material.file.name or "")
        raise
    return material


@transaction.atomic
def delete_material(user: AnyUser, material: SoobMaterial) -> None:
    if not rules.can_edit_meeting(user, material.meeting):
        raise PermissionDenied
    name = (material.file.name or "") if material.file else ""
    storage = material.file.storage
    material.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
