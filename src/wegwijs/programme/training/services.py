"""Changes in the training area: people, their training dates, sessions and attendance, the
trainings on offer and the threshold. Each function checks who may, validates everything and
stores it in one transaction, or raises a ``ValidationError`` keyed by field and stores
nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wegwijs.accounts.models import Role, User
from wegwijs.network.models import Branch, Organisation
from wegwijs.privacy.scanner import scan
from wegwijs.programme import access
from wegwijs.programme.common import Errors
from wegwijs.programme.support.texts import validate_venue
from wegwijs.programme.training import rules
from wegwijs.programme.training.models import (
    PersonRole,
    TrainingAttendance,
    TrainingKind,
    TrainingPerson,
    TrainingPolicy,
    TrainingRecord,
    TrainingSession,
    TrainingType,
)

if TYPE_CHECKING:
    from wegwijs.programme.access import AnyUser


def _acting(user: AnyUser) -> User | None:
    return user if isinstance(user, User) else None


# -- people -------------------------------------------------------------------------------
def account_choices(library: Organisation, person: TrainingPerson | None = None) -> QuerySet[User]:
    """The library's accounts (desk workers, coordinators) not linked to another person."""
    taken = TrainingPerson.objects.filter(user__isnull=False)
    if person is not None:
        taken = taken.exclude(pk=person.pk)
    return (
        User.objects.filter(
            organisation=library,
            role__in=[Role.DESK_WORKER, Role.COORDINATOR],
            is_active=True,
        )
        .exclude(pk__in=taken.values("user_id"))
        .order_by("first_name", "last_name", "username")
    )


@dataclass
class PersonInput:
    role: str
    name: str = ""
    user: User | None = None
    branches: list[Branch] = field(default_factory=list)
    active: bool = True


@dataclass
class RecordInput:
    started_on: date | None = None
    completed_on: date | None = None


def _check_name(errors: Errors, name: str) -> None:
    """A name is what this field is for; anything else personal (a phone number, an e-mail
    address, a BSN...) is not."""
    other = [f for f in scan(name) if f.kind not in ("name", "address")]
    if other:
        errors.add("name", _("Give only the name: no phone number, e-mail address or other data."))


@transaction.atomic
def save_person(
    user: AnyUser,
    library: Organisation,
    person: TrainingPerson | None,
    data: PersonInput,
    records: Mapping[int, RecordInput] | None = None,
    *,
    today: date | None = None,
) -> TrainingPerson:
    """Add or change a person and (optionally) their dates per training (training id →
    dates). Unticking "active" marks the person as left today; the record is then deleted
    after the retention period."""
    if not rules.may_keep_people(user, library):
        raise PermissionDenied(_("Only the library's coordinator keeps its training records."))
    if person is not None and person.library_id != library.pk:
        raise PermissionDenied
    today = today or timezone.localdate()
    name = " ".join(data.name.split())
    errors = Errors()
    if data.role not in PersonRole.values:
        errors.add("role", _("Choose staff member or volunteer."))
    if data.user is not None:
        if not account_choices(library, person).filter(pk=data.user.pk).exists():
            errors.add("user", _("Choose an account of your library that is not linked yet."))
        name = ""
    elif not name:
        errors.add("name", _("Give the name, or choose the person's Wegwijs account."))
    elif len(name) > 100:
        errors.add("name", _("A name has at most 100 characters."))
    else:
        _check_name(errors, name)
    if any(b.organisation_id != library.pk for b in data.branches):
        errors.add("branches", _("Choose branches of your own library."))
    trainings = {t.pk: t for t in TrainingType.objects.all()}
    for training_id, dates in (records or {}).items():
        training = trainings.get(training_id)
        path = f"completed_{training_id}"
        if training is None:
            errors.add(path, _("Unknown training."))
            continue
        for value, field_path in (
            (dates.started_on, f"started_{training_id}"),
            (dates.completed_on, path),
        ):
            if value is not None and value > today:
                errors.add(field_path, _("This date lies in the future."))
        if (
            dates.started_on is not None
            and dates.completed_on is not None
            and dates.completed_on < dates.started_on
        ):
            errors.add(path, _("Completed cannot be before started."))
    errors.raise_if_any()
    person = person or TrainingPerson(library=library)
    person.user = data.user
    person.name = name
    person.role = data.role
    if not data.active and person.left_on is None:
        person.left_on = today
    elif data.active:
        person.left_on = None
    person.save()
    person.branches.set(data.branches)
    if records is not None:
        _save_records(person, records)
    return person


def _save_records(person: TrainingPerson, records: Mapping[int, RecordInput]) -> None:
    existing = {r.training_id: r for r in person.records.select_for_update()}
    for training_id, dates in records.items():
        record = existing.get(training_id)
        if dates.started_on is None and dates.completed_on is None:
            if record is not None:
                record.delete()
            continue
        record = record or TrainingRecord(person=person, training_id=training_id)
        if record.completed_on != dates.completed_on:
            record.session = None  # entered by hand now
        record.started_on = dates.started_on
        record.completed_on = dates.completed_on
        record.save()


@transaction.atomic
def delete_person(user: AnyUser, person: TrainingPerson) -> None:
    if not rules.may_keep_people(user, person.library):
        raise PermissionDenied
    person.delete()


# -- sessions -----------------------------------------------------------------------------
@dataclass
class SessionInput:
    training: TrainingType
    date: date
    place: str
    organiser: Organisation
    starts_at: time | None = None
    given_by: str = ""


@transaction.atomic
def save_session(
    user: AnyUser, session: TrainingSession | None, data: SessionInput
) -> TrainingSession:
    if session is None:
        if not rules.can_create_session(user):
            raise PermissionDenied
    elif not rules.can_edit_session(user, session):
        raise PermissionDenied
    place = " ".join(data.place.split())
    given_by = " ".join(data.given_by.split())
    errors = Errors()
    if data.training.kind != TrainingKind.SESSION or not data.training.active:
        errors.add("training", _("Choose a training that is given in sessions."))
    if not rules.session_organisers(user).filter(pk=data.organiser.pk).exists():
        errors.add("organiser", _("You may only add sessions of your own organisation."))
    if not place:
        errors.add("place", _("Give the place of the session."))
    else:
        try:
            validate_venue(place)
        except ValidationError as exc:
            errors.add("place", exc)
    errors.add_texts([("given_by", given_by)])
    if (
        session is not None
        and data.date != session.date
        and data.date > timezone.localdate()
        and session.attendances.exists()
    ):
        errors.add("date", _("People attended this session: its date cannot move to the future."))
    errors.raise_if_any()
    session = session or TrainingSession(created_by=_acting(user))
    moved = session.pk is not None and session.date != data.date
    session.training = data.training
    session.date = data.date
    session.starts_at = data.starts_at
    session.place = place
    session.given_by = given_by
    session.organiser = data.organiser
    session.save()
    if moved:  # completions that came from this session follow its date
        TrainingRecord.objects.filter(session=session).update(completed_on=session.date)
    return session


@transaction.atomic
def delete_session(user: AnyUser, session: TrainingSession) -> None:
    if not rules.can_edit_session(user, session):
        raise PermissionDenied
    # The completions that came from this session are taken back with it.
    from_session = TrainingRecord.objects.filter(session=session)
    from_session.filter(started_on__isnull=True).delete()
    from_session.update(completed_on=None, session=None)
    session.delete()


@transaction.atomic
def set_attendance(
    user: AnyUser,
    session: TrainingSession,
    person_ids: Iterable[int],
    *,
    today: date | None = None,
) -> tuple[int, int]:
    """Mark exactly these people as attended, among those the user may mark (others'
    attendance stays). An attended person completes the session's training on its date
    (an earlier completion stays); unmarking takes back a completion that came from it.
    Returns (added, removed)."""
    today = today or timezone.localdate()
    allowed = rules.attendable_people(user, session)
    allowed_ids = set(allowed.values_list("pk", flat=True))
    access.require(user)
    chosen = set(person_ids)
    if chosen - allowed_ids:
        raise ValidationError({"people": _("You may only mark people of your own library.")})
    if chosen and session.date > today:
        raise ValidationError({"people": _("You can mark attendance from the day of the session.")})
    current = set(
        TrainingAttendance.objects.select_for_update()
        .filter(session=session, person_id__in=allowed_ids)
        .values_list("person_id", flat=True)
    )
    added, removed = chosen - current, current - chosen
    TrainingAttendance.objects.bulk_create(
        TrainingAttendance(session=session, person_id=pk) for pk in sorted(added)
    )
    TrainingAttendance.objects.filter(session=session, person_id__in=removed).delete()
    records = {
        r.person_id: r
        for r in TrainingRecord.objects.select_for_update().filter(
            training=session.training, person_id__in=added | removed
        )
    }
    for person_id in sorted(added):
        record = records.get(person_id)
        if record is None:
            TrainingRecord.objects.create(
                person_id=person_id,
                training=session.training,
                completed_on=session.date,
                session=session,
            )
        elif record.completed_on is None or record.completed_on > session.date:
            record.completed_on = session.date
            record.session = session
            record.save(update_fields=["completed_on", "session", "updated_at"])
    for person_id in removed:
        record = records.get(person_id)
        if record is not None and record.session_id == session.pk:
            if record.started_on is None:
                record.delete()
            else:
                record.completed_on = None
                record.session = None
                record.save(update_fields=["completed_on", "session", "updated_at"])
    return len(added), len(removed)


# -- the trainings on offer and the threshold ---------------------------------------------
@transaction.atomic
def save_policy(
    user: AnyUser,
    *,
    threshold: Decimal,
    required: Iterable[TrainingType],
    active: Iterable[TrainingType] | None = None,
) -> TrainingPolicy:
    access.require_programme_office(user)
    required_ids = {t.pk for t in required}
    errors = Errors()
    if not required_ids:
        errors.add("required", _("Choose at least one required training."))
    if threshold <= 0:
        errors.add("threshold", _("Give a number above 0."))
    errors.raise_if_any()
    policy = TrainingPolicy.current()
    policy.min_trained_per_hour = threshold
    policy.updated_by = _acting(user)
    policy.save()
    TrainingType.objects.update(required=False)
    TrainingType.objects.filter(pk__in=required_ids).update(required=True)
    if active is not None:
        active_ids = {t.pk for t in active} | required_ids
        TrainingType.objects.exclude(pk__in=active_ids).update(active=False)
        TrainingType.objects.filter(pk__in=active_ids).update(active=True)
    return policy


@transaction.atomic
def create_training(user: AnyUser, *, name: str, kind: str, required: bool = False) -> TrainingType:
    access.require_programme_office(user)
    name = " ".join(name.split())
    errors = Errors()
    if not name:
        errors.add("name", _("Give the training a name."))
    if kind not in TrainingKind.values:
        errors.add("kind", _("Choose e-learning or session."))
    errors.add_texts([("name", name)])
    errors.raise_if_any()
    base = slugify(name)[:34] or "training"
    code, n = base, 2
    while TrainingType.objects.filter(code=code).exists():
        code = f"{base}-{n}"
        n += 1
    return TrainingType.objects.create(
        code=code, name=name, kind=kind, required=required, position=1000
    )
