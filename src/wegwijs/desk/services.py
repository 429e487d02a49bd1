"""Registering, changing and deleting visits. Every write is one transaction: all or nothing.

Input is validated here, for the form and the API alike; errors are keyed by field path
(``branch``, ``occurred_at``, ``questions.1.referral_target``) with Dutch messages.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.accounts import scoping
from wegwijs.desk.codes import (
    EDIT_DAYS,
    LAYER_OF,
    MAX_TEXT,
    Channel,
    Duration,
    HelpGiven,
    Kind,
    OrganisationCode,
    ReferralTarget,
    Theme,
)
from wegwijs.desk.models import IdempotencyKey, Question, Visit, VisitChange
from wegwijs.network.models import Branch

#: A registration may be at most this far ahead of the server clock (clock skew of devices).
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_QUESTIONS = 10
MAX_TALLY = 100


@dataclass
class QuestionInput:
    kind: str = Kind.OVERHEID
    theme: str = ""
    organisation: str = ""
    help_given: str = ""
    referral_target: str = ""
    citizen_words: str = ""


@dataclass
class VisitInput:
    branch_id: int | None
    occurred_at: datetime | None
    channel: str
    duration: str
    questions: Sequence[QuestionInput] = field(default_factory=list)
    note: str = ""


def _check_text(errors: dict[str, list[Any]], path: str, text: str) -> None:
    if len(text) > MAX_TEXT:
        errors.setdefault(path, []).append(
            _("This text is too long: at most %(max)s characters, now %(n)s.")
            % {"max": MAX_TEXT, "n": len(text)}
        )
        return
    if text.strip():
        from wegwijs.privacy.checks import validate_no_personal_data

        try:
            validate_no_personal_data(text)
        except ValidationError as exc:
            errors.setdefault(path, []).extend(exc.error_list)  # keeps code="personal_data"


def _check_code(
    errors: dict[str, list[Any]], path: str, value: str, choices: type, label: str
) -> None:
    if not value:
        errors.setdefault(path, []).append(_("Choose the %(label)s.") % {"label": label})
    elif value not in choices.values:  # type: ignore[attr-defined]
        errors.setdefault(path, []).append(
            _("'%(value)s' is not a known code for the %(label)s.")
            % {"value": value, "label": label}
        )


def _registration_branch(user: Any, branch_id: int) -> Branch | None:
    """The branch if ``user`` may register visits there. A user object that carries a dict
    ``_registration_branches`` (the API's cached token lookups, ``desk/api/authentication.py``)
    keeps the answers there for as long as that object is used."""
    known = getattr(user, "_registration_branches", None)
    if known is not None and branch_id in known:
        return known[branch_id]
    branch = scoping.branches_for_registration(user).filter(pk=branch_id).first()
    if known is not None:
        known[branch_id] = branch
    return branch


def validate_visit(user: Any, data: VisitInput, *, now: datetime | None = None) -> Branch:
    """Check a registration; return its branch or raise ValidationError keyed by field path."""
    now = now or timezone.now()
    errors: dict[str, list[Any]] = {}
    branch = None
    if data.branch_id is None:
        errors["branch"] = [_("Choose the branch where the visit took place.")]
    else:
        branch = _registration_branch(user, data.branch_id)
        if branch is None:
            errors["branch"] = [_("You cannot register visits for this branch.")]
    if data.occurred_at is None:
        errors["occurred_at"] = [_("Give the date and time of the visit.")]
    elif data.occurred_at > now + FUTURE_TOLERANCE:
        errors["occurred_at"] = [_("The date and time lie in the future. Check them.")]
    _check_code(errors, "channel", data.channel, Channel, _("channel"))
    _check_code(errors, "duration", data.duration, Duration, _("duration"))
    _check_text(errors, "note", data.note)
    if not data.questions:
        errors["questions"] = [_("Register at least one question.")]
    elif len(data.questions) > MAX_QUESTIONS:
        errors["questions"] = [_("At most %(max)s questions per visit.") % {"max": MAX_QUESTIONS}]
    for index, question in enumerate(data.questions):
        prefix = f"questions.{index}."
        _check_code(errors, prefix + "kind", question.kind, Kind, _("kind of question"))
        _check_code(errors, prefix + "theme", question.theme, Theme, _("theme"))
        _check_code(
            errors,
            prefix + "organisation",
            question.organisation,
            OrganisationCode,
            _("organisation"),
        )
        _check_code(errors, prefix + "help_given", question.help_given, HelpGiven, _("help given"))
        if question.help_given == HelpGiven.DOORVERWEZEN:
            if not question.referral_target:
                errors[prefix + "referral_target"] = [
                    _("Choose where the question was referred to.")
                ]
            else:
                _check_code(
                    errors,
                    prefix + "referral_target",
                    question.referral_target,
                    ReferralTarget,
                    _("referral"),
                )
        _check_text(errors, prefix + "citizen_words", question.citizen_words)
    if errors:
        raise ValidationError(errors)
    assert branch is not None
    return branch


def _questions(visit: Visit, questions: Sequence[QuestionInput]) -> list[Question]:
    return [
        Question(
            visit=visit,
            position=position,
            kind=q.kind,
            theme=q.theme,
            organisation=q.organisation,
            layer=LAYER_OF[q.organisation],
            help_given=q.help_given,
            referral_target=q.referral_target if q.help_given == HelpGiven.DOORVERWEZEN else "",
            citizen_words=q.citizen_words.strip(),
        )
        for position, q in enumerate(questions, start=1)
    ]


def snapshot(visit: Visit) -> dict[str, Any]:
    """The codes of a visit, for the audit trail (free text only as 'filled in' or not)."""
    return {
        "branch": visit.branch_id,
        "occurred_at": visit.occurred_at.isoformat(),
        "channel": visit.channel,
        "duration": visit.duration,
        "note": bool(visit.note),
        "questions": [
            {
                "kind": q.kind,
                "theme": q.theme,
                "organisation": q.organisation,
                "help_given": q.help_given,
                "referral_target": q.referral_target,
                "citizen_words": bool(q.citizen_words),
            }
            for q in visit.questions.all()
        ],
    }


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def register_visit(
    user: Any,
    data: VisitInput,
    *,
    batch: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Visit:
    """Validate and store one visit with its questions; nothing is stored on any error.

    The returned visit carries its questions (``visit.questions.all()`` needs no query).
    """
    branch = validate_visit(user, data, now=now)
    return _store(user, branch, data, batch)


def _store(user: Any, branch: Branch, data: VisitInput, batch: uuid.UUID | None) -> Visit:
    """Store a validated visit, its questions and the audit row, all or nothing."""
    assert data.occurred_at is not None  # validated
    registered_by = _actor(user)
    connection = connections[router.db_for_write(Visit)]
    if connection.vendor != "postgresql":
        return _store_orm(branch, data, batch, registered_by)
    if connection.in_atomic_block:
        # A savepoint, as before: a failed insert leaves the caller's transaction usable.
        with transaction.atomic(using=connection.alias):
            return _store_postgresql(connection, branch, data, batch, registered_by)
    # One statement is atomic by itself: no BEGIN/COMMIT round trips.
    return _store_postgresql(connection, branch, data, batch, registered_by)


@transaction.atomic
def _store_orm(
    branch: Branch, data: VisitInput, batch: uuid.UUID | None, registered_by: Any
) -> Visit:
    """The portable path: three ORM inserts in one transaction."""
    visit = _new_visit(branch, data, batch, registered_by)
    visit.save(force_insert=True)
    questions = Question.objects.bulk_create(_questions(visit, data.questions))
    _audit(
        branch,
        VisitChange.Action.CREATE,
        registered_by,
        _create_changes(data),
        visit_id_ref=visit.pk,
    ).save(force_insert=True)
    _cache_questions(visit, questions)
    return visit


def _actor(user: Any) -> Any:
    """The user to record as author: None for anonymous or unsaved users."""
    return user if getattr(user, "pk", None) else None


def _new_visit(
    branch: Branch, data: VisitInput, batch: uuid.UUID | None, registered_by: Any, **extra: Any
) -> Visit:
    """An unsaved visit from validated input (both storing paths start from it)."""
    assert data.occurred_at is not None  # validated
    return Visit(
        branch=branch,
        occurred_at=data.occurred_at,
        channel=data.channel,
        duration=data.duration,
        note=data.note.strip(),
        batch=batch,
        registered_by=registered_by,
        **extra,
    )


def _audit(
    branch: Branch, action: str, user: Any, changes: dict[str, Any], **extra: Any
) -> VisitChange:
    """An unsaved audit row (the trail keeps codes only, see ``snapshot``)."""
    return VisitChange(branch=branch, action=action, user=user, changes=changes, **extra)


def _create_changes(data: VisitInput) -> dict[str, int]:
    return {"count": 1, "questions": len(data.questions)}


def _cache_questions(visit: Visit, questions: list[Question]) -> None:
    """Hand the questions just stored to the visit, as ``prefetch_related`` would."""
    queryset = visit.questions.all()
    queryset._result_cache = questions
    queryset._prefetch_done = True  # type: ignore[attr-defined]
    visit._prefetched_objects_cache = {"questions": queryset}  # type: ignore[attr-defined]


@functools.cache
def _fields(model: type[models.Model], names: tuple[str, ...]) -> list[Field[Any, Any]]:
    fields = [model._meta.get_field(name) for name in names]
    assert all(isinstance(f, Field) for f in fields)
    return fields  # type: ignore[return-value]


def _columns(model: type[models.Model], names: tuple[str, ...], quote: Any) -> str:
    return ", ".join(quote(f.column) for f in _fields(model, names))


_VISIT_FIELDS = (
    "branch",
    "occurred_at",
    "channel",
    "duration",
    "note",
    "batch",
    "registered_by",
    "created_at",
    "updated_at",
)
_QUESTION_FIELDS = (
    "visit",
    "position",
    "kind",
    "theme",
    "organisation",
    "layer",
    "help_given",
    "referral_target",
    "citizen_words",
)
_CHANGE_FIELDS = ("visit_id_ref", "branch", "action", "user", "at", "changes")


@functools.cache
def _insert_sql(alias: str, n_questions: int) -> str:
    """One statement for a registration on PostgreSQL: the visit, its questions and the audit
    row in data-modifying CTEs (all run to completion, in one snapshot; the foreign keys are
    checked at the end of the statement). Tables and columns come from the models' ``_meta``,
    so the migrations stay the source of truth."""
    quote = connections[alias].ops.quote_name
    pk = quote(Visit._meta.pk.column)  # type: ignore[arg-type]
    q_pk = quote(Question._meta.pk.column)  # type: ignore[arg-type]
    position = quote(Question._meta.get_field("position").column)  # type: ignore[arg-type]
    # Only quoted names from the models and %s placeholders go into the text.
    visit_id = f"(SELECT {pk} FROM v)"  # noqa: S608

    def row(n_params: int, first: str = "") -> str:
        return "(" + ", ".join(([first] if first else []) + ["%s"] * n_params) + ")"

    def insert(model: type[models.Model], names: tuple[str, ...], rows: str) -> str:
        table, columns = quote(model._meta.db_table), _columns(model, names, quote)
        return f"INSERT INTO {table} ({columns}) VALUES {rows}"  # noqa: S608

    question_rows = ", ".join([row(len(_QUESTION_FIELDS) - 1, visit_id)] * n_questions)
    return " ".join(
        [
            f"WITH v AS ({insert(Visit, _VISIT_FIELDS, row(len(_VISIT_FIELDS)))}",
            f"RETURNING {pk}),",
            f"q AS ({insert(Question, _QUESTION_FIELDS, question_rows)}",
            f"RETURNING {q_pk}, {position}),",
            f"a AS ({insert(VisitChange, _CHANGE_FIELDS, row(len(_CHANGE_FIELDS) - 1, visit_id))})",
            f"SELECT {visit_id}, (SELECT array_agg({q_pk} ORDER BY {position}) FROM q)",  # noqa: S608
        ]
    )


def _store_postgresql(
    connection: Any,
    branch: Branch,
    data: VisitInput,
    batch: uuid.UUID | None,
    registered_by: Any,
) -> Visit:
    """The same rows as :func:`_store_orm`, in one round trip."""
    now = timezone.now()
    visit = _new_visit(branch, data, batch, registered_by, created_at=now, updated_at=now)
    questions = _questions(visit, data.questions)
    change = _audit(branch, VisitChange.Action.CREATE, registered_by, _create_changes(data), at=now)

    def values(obj: models.Model, names: tuple[str, ...]) -> list[Any]:
        return [
            f.get_db_prep_save(getattr(obj, f.attname), connection)
            for f in _fields(type(obj), names)
        ]

    params = values(visit, _VISIT_FIELDS)
    for question in questions:
        params += values(question, _QUESTION_FIELDS[1:])
    params += values(change, _CHANGE_FIELDS[1:])
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(connection.alias, len(questions)), params)
        visit_pk, question_pks = cursor.fetchone()
    visit.pk = visit_pk
    visit._state.adding = False
    visit._state.db = connection.alias
    for question, question_pk in zip(questions, question_pks, strict=True):
        question.pk = question_pk
        question.visit = visit  # sets visit_id now that the visit has its id
        question._state.adding = False
        question._state.db = connection.alias
    _cache_questions(visit, questions)
    return visit


@transaction.atomic
def register_tally(user: Any, data: VisitInput, count: int) -> list[Visit]:
    """Tally mode: ``count`` visits of the same kind at once (typed in from a paper tally
    sheet at the end of the day). All or nothing."""
    if not 1 <= count <= MAX_TALLY:
        raise ValidationError(
            {"count": [_("Give a number from 1 to %(max)s.") % {"max": MAX_TALLY}]}
        )
    branch = validate_visit(user, data)  # the same input each time: check it once
    batch = uuid.uuid4()
    return [_store(user, branch, data, batch) for _ in range(count)]


def register_idempotent(user: Any, key: str, data: VisitInput) -> tuple[Visit, bool]:
    """Register once per (user, key): a retry with the same key returns the first visit.

    Returns (visit, created). Safe under concurrent retries: the unique key decides.
    """
    existing = IdempotencyKey.objects.filter(user=user, key=key).select_related("visit").first()
    if existing is not None and existing.visit is not None:
        return existing.visit, False
    try:
        with transaction.atomic():
            visit = register_visit(user, data)
            IdempotencyKey.objects.create(user=user, key=key, visit=visit)
            return visit, True
    except IntegrityError:
        # Another request won the key; any other integrity error is the registration's own.
        first = IdempotencyKey.objects.select_related("visit").filter(user=user, key=key).first()
        if first is None or first.visit is None:
            raise
        return first.visit, False


def can_change(user: Any, visit: Visit, *, now: datetime | None = None) -> bool:
    """Own registrations can be changed or deleted for EDIT_DAYS days after registering;
    coordinators also change those of their library, within the same period."""
    now = now or timezone.now()
    if visit.created_at < now - timedelta(days=EDIT_DAYS):
        return False
    if getattr(user, "pk", None) is not None and visit.registered_by_id == user.pk:
        return True
    scope = scoping.scope_for(user)
    return (
        scope.level == scoping.Level.ORGANISATION
        and visit.branch.organisation_id == scope.organisation_id
    )


def _require_change(user: Any, visit: Visit) -> None:
    if not can_change(user, visit):
        raise PermissionDenied(
            _("You can change or delete your own registrations for %(days)s days.")
            % {"days": EDIT_DAYS}
        )


@transaction.atomic
def update_visit(user: Any, visit: Visit, data: VisitInput) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    _require_change(user, visit)
    branch = validate_visit(user, data)
    before = snapshot(visit)
    visit.branch = branch
    visit.occurred_at = data.occurred_at  # type: ignore[assignment]
    visit.channel = data.channel
    visit.duration = data.duration
    visit.note = data.note.strip()
    visit.save()
    visit.questions.all().delete()
    Question.objects.bulk_create(_questions(visit, data.questions))
    after = snapshot(visit)
    _audit(
        branch, VisitChange.Action.UPDATE, _actor(user), _diff(before, after), visit_id_ref=visit.pk
    ).save(force_insert=True)
    return visit


@transaction.atomic
def delete_visit(user: Any, visit: Visit) -> None:
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    _require_change(user, visit)
    _audit(
        visit.branch,
        VisitChange.Action.DELETE,
        _actor(user),
        snapshot(visit),
        visit_id_ref=visit.pk,
    ).save(force_insert=True)
    visit.delete()
