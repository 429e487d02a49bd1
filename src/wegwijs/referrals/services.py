"""Making and handling referrals. Every write is one transaction: all or nothing.

Input is validated here for the pages and the API alike; errors are keyed by field path
(``consent``, ``contact_phone``, ``summary``, ``schedule``) with Dutch messages. Contact details
are encrypted before they are stored and erased as soon as a referral closes; ``purge_expired``
(the daily job and ``wegwijs retention``) erases what is older than 30 days. The audit trail
gets codes only.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.accounts import scoping
from wegwijs.accounts.models import User
from wegwijs.desk.codes import HelpGiven
from wegwijs.desk.models import Question
from wegwijs.network.models import Branch
from wegwijs.referrals import consent, selectors, sessions
from wegwijs.referrals.cards import Card, build_card
from wegwijs.referrals.crypto import Contact, encrypt_contact
from wegwijs.referrals.models import (
    CLOSED_STATUSES,
    MAX_NOTE,
    MAX_SUMMARY,
    OPEN_STATUSES,
    RETENTION,
    DeclineReason,
    Kind,
    Referral,
    ReferralEvent,
    Status,
)
from wegwijs.socialmap.models import Schedule, Service

MAX_NAME = 100
MAX_PHONE = 30
MAX_EMAIL = 254
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()./-]{6,28}$")
#: Help given on a question that can lead to a referral.
REFERRAL_HELP = (HelpGiven.DOORVERWEZEN, HelpGiven.CURSUS)


@dataclass
class ReferralInput:
    service_id: Any = None
    kind: str = Kind.WARM
    question_id: int | None = None
    branch_id: int | None = None
    schedule_id: Any = None
    session_date: date | None = None
    consent: bool = False
    consent_version: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    summary: str = ""


@dataclass
class _Errors:
    items: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, path: str, message: Any) -> None:
        self.items.setdefault(path, []).append(message)

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.items)


# -- creating -----------------------------------------------------------------------------
def _parse_uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def referable_services() -> Any:
    """Services the desk may refer to (active, not marked "do not refer")."""
    from wegwijs.socialmap.models import ServiceStatus

    return Service.objects.filter(status=ServiceStatus.ACTIVE, do_not_refer=False)


def _resolve(
    user: Any, data: ReferralInput, errors: _Errors
) -> tuple[Branch | None, Question | None, Service | None]:
    """The question, branch and service of a new referral; errors keyed by path."""
    if not selectors.can_make_referrals(user):
        raise PermissionDenied(_("Your role does not make referrals."))
    from wegwijs.desk.selectors import visible_visits

    question = None
    branch = None
    if data.question_id is not None:
        question = (
            Question.objects.filter(pk=data.question_id, visit__in=visible_visits(user))
            .select_related("visit__branch")
            .first()
        )
        if question is None:
            errors.add("question", _("This question does not exist or you cannot see it."))
        elif question.help_given not in REFERRAL_HELP:
            errors.add(
                "question",
                _("Only a question with help 'referred' or 'course' can be referred."),
            )
        else:
            branch = question.visit.branch
    elif data.kind != Kind.COURSE:
        errors.add("question", _("Choose the registered question you refer."))
    if branch is None and question is None and data.kind == Kind.COURSE:
        if data.branch_id is None:
            errors.add("branch", _("Choose the branch where you register this."))
        else:
            branch = scoping.branches_for_registration(user).filter(pk=data.branch_id).first()
            if branch is None:
                errors.add("branch", _("You cannot make referrals for this branch."))
    service: Service | None = None
    service_pk = _parse_uuid(data.service_id)
    if service_pk is not None:
        service = (
            Service.objects.select_related("organization__owner").filter(pk=service_pk).first()
        )
    if data.service_id in (None, ""):
        errors.add("service", _("Choose the service you refer to."))
    elif service is None:
        errors.add("service", _("This service is not on the social map."))
    elif not service.referable:
        errors.add(
            "service",
            _("This service does not take referrals now. Choose another one."),
        )
        service = None
    return branch, question, service


def _check_summary(errors: _Errors, text: str) -> None:
    from wegwijs.privacy.checks import validate_no_personal_data

    if not text:
        errors.add("summary", _("Write a short summary of the question for the partner."))
        return
    if len(text) > MAX_SUMMARY:
        errors.add(
            "summary",
            _("This text is too long: at most %(max)s characters, now %(n)s.")
            % {"max": MAX_SUMMARY, "n": len(text)},
        )
        return
    try:
        validate_no_personal_data(text)
    except ValidationError as exc:
        for error in exc.error_list:  # keeps code="personal_data"
            errors.add("summary", error)


def _check_contact(errors: _Errors, data: ReferralInput) -> Contact:
    name = " ".join(data.contact_name.split())
    phone = data.contact_phone.strip()
    email = data.contact_email.strip()
    if not name:
        errors.add("contact_name", _("Fill in the citizen's name."))
    elif len(name) > MAX_NAME:
        errors.add("contact_name", _("At most %(n)s characters.") % {"n": MAX_NAME})
    if not phone and not email:
        errors.add(
            "contact_phone",
            _("Fill in a phone number or an e-mail address, so the partner can get in touch."),
        )
    if phone:
        digits = sum(c.isdigit() for c in phone)
        if len(phone) > MAX_PHONE or not _PHONE_RE.match(phone) or not 10 <= digits <= 15:
            errors.add("contact_phone", _("Fill in a phone number, such as 06 12345678."))
    if email:
        try:
            if len(email) > MAX_EMAIL:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            errors.add("contact_email", _("Fill in an e-mail address, such as naam@voorbeeld.nl."))
    return Contact(name=name, phone=phone, email=email)


def _check_partner_reachable(errors: _Errors, service: Service) -> None:
    if not User.objects.filter(
        organisation_id=service.organization.owner_id,
        role__in=selectors.PARTNER_ROLES,
        is_active=True,
    ).exists():
        errors.add(
            "service",
            _(
                "Nobody at this organisation can receive referrals in Wegwijs yet. "
                "Make a cold referral: give the citizen the organisation's details."
            ),
        )


def _check_session(errors: _Errors, data: ReferralInput, service: Service) -> Schedule | None:
    if data.schedule_id in (None, ""):
        if data.session_date is not None:
            errors.add("schedule", _("Choose the course session."))
        return None
    schedule = None
    pk = _parse_uuid(data.schedule_id)
    if pk is not None:
        schedule = Schedule.objects.filter(pk=pk, service_at_location__service=service).first()
    if schedule is None:
        errors.add("schedule", _("This session does not belong to this course."))
        return None
    if data.session_date is None:
        errors.add("session_date", _("Choose the date of the session."))
    elif not sessions.is_session(schedule, data.session_date):
        errors.add("session_date", _("There is no upcoming session on this date."))
    return schedule


def _enqueue(task_name: str, *args: Any) -> None:
    """Enqueue a notification once the transaction has committed (a rolled back referral
    sends nothing)."""
    from wegwijs.referrals import tasks

    transaction.on_commit(partial(getattr(tasks, task_name).enqueue, *args))


def _event(
    referral: Referral,
    action: str,
    user: Any,
    *,
    from_status: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral,
        action=action,
        from_status=from_status,
        to_status=referral.status,
        reason=reason,
        user=user if getattr(user, "pk", None) else None,
        at=now or timezone.now(),
    )


def create_warm(user: Any, data: ReferralInput) -> Referral:
    """A warm referral or a course registration: with the citizen's explicit consent, their
    minimum contact details (encrypted) and a summary without personal data."""
    errors = _Errors()
    if data.kind not in (Kind.WARM, Kind.COURSE):
        errors.add("kind", _("Choose a warm referral or a course registration."))
    branch, question, service = _resolve(user, data, errors)
    if not data.consent:
        errors.add(
            "consent",
            _(
                "The citizen has not given consent. Read the consent text to them and tick the "
                "box, or make a cold referral."
            ),
        )
    if data.consent_version != consent.CURRENT_VERSION:
        errors.add(
            "consent_version",
            _("This is not the current consent text (version %(version)s). Ask again.")
            % {"version": consent.CURRENT_VERSION},
        )
    contact = _check_contact(errors, data)
    summary = data.summary.strip()
    _check_summary(errors, summary)
    schedule = None
    if service is not None:
        _check_partner_reachable(errors, service)
        if data.kind == Kind.COURSE and not sessions.is_course(service):
            errors.add("service", _("This service is not a course. Make a warm referral."))
        elif data.kind == Kind.COURSE:
            schedule = _check_session(errors, data, service)
        elif data.schedule_id not in (None, ""):
            errors.add("schedule", _("Only a course registration has a session."))
    errors.raise_if_any()
    assert branch is not None and service is not None
    with transaction.atomic():
        if schedule is not None and service.capacity is not None:
            # One registration at a time per session, so two desks cannot both take the last place.
            Schedule.objects.select_for_update().filter(pk=schedule.pk).first()
            if sessions.taken(schedule.pk, data.session_date) >= service.capacity:  # type: ignore[arg-type]
                raise ValidationError(
                    {
                        "session_date": [
                            _("This session is full (%(n)s places). Choose another date.")
                            % {"n": service.capacity}
                        ]
                    }
                )
        now = timezone.now()
        referral = Referral.objects.create(
            kind=data.kind,
            status=Status.SENT,
            question=question,
            branch=branch,
            service=service,
            service_name=service.name[:200],
            partner_id=service.organization.owner_id,
            schedule=schedule,
            session_date=data.session_date if schedule is not None else None,
            consent_given=True,
            consent_version=data.consent_version,
            contact_encrypted=encrypt_contact(contact),
            summary=summary,
            created_by=user,
            created_at=now,
        )
        _event(referral, ReferralEvent.Action.CREATE, user, now=now)
        _enqueue("notify_partner", referral.pk)
    return referral


def create_cold(user: Any, data: ReferralInput) -> tuple[Referral, Card]:
    """A cold referral: nothing personal is stored; returns the partner's card for the
    citizen."""
    errors = _Errors()
    data.kind = Kind.COLD
    for path in ("contact_name", "contact_phone", "contact_email"):
        if getattr(data, path).strip():
            errors.add(
                path,
                _(
                    "A cold referral stores no contact details. Leave this empty, or ask for "
                    "consent and make a warm referral."
                ),
            )
    if data.summary.strip():
        errors.add("summary", _("A cold referral has no summary: the citizen takes the card."))
    if data.schedule_id not in (None, "") or data.session_date is not None:
        errors.add("schedule", _("Only a course registration has a session."))
    branch, question, service = _resolve(user, data, errors)
    errors.raise_if_any()
    assert branch is not None and service is not None
    with transaction.atomic():
        now = timezone.now()
        referral = Referral.objects.create(
            kind=Kind.COLD,
            status=Status.HANDED_OVER,
            question=question,
            branch=branch,
            service=service,
            service_name=service.name[:200],
            partner_id=service.organization.owner_id,
            created_by=user,
            created_at=now,
            closed_at=now,
        )
        _event(referral, ReferralEvent.Action.CREATE, user, now=now)
    return referral, build_card(service)


# -- handling -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Transition:
    action: str
    allowed_from: tuple[str, ...]
    to: str
    partner: bool  # done by the partner (else by the desk)


TRANSITIONS = {
    "accept": Transition("accept", (Status.SENT,), Status.ACCEPTED, True),
    "contact": Transition("contact", (Status.SENT, Status.ACCEPTED), Status.CONTACTED, True),
    "complete": Transition("complete", (Status.ACCEPTED, Status.CONTACTED), Status.COMPLETED, True),
    "decline": Transition("decline", OPEN_STATUSES, Status.DECLINED, True),
    "cancel": Transition("cancel", OPEN_STATUSES, Status.CANCELLED, False),
}
TIMESTAMP: dict[str, str] = {
    Status.ACCEPTED: "accepted_at",
    Status.CONTACTED: "contacted_at",
    Status.COMPLETED: "completed_at",
}


def allowed_actions(user: Any, referral: Referral) -> list[str]:
    """The actions this user may take on this referral now (for the buttons)."""
    result = []
    for name, transition in TRANSITIONS.items():
        if referral.status not in transition.allowed_from:
            continue
        may = (
            selectors.acts_as_partner(user, referral)
            if transition.partner
            else selectors.can_cancel(user, referral)
        )
        if may:
            result.append(name)
    return result


def _erase(referral: Referral, user: Any, reason: str, now: datetime) -> bool:
    if not referral.contact_encrypted:
        return False
    referral.contact_encrypted = ""
    referral.contact_erased_at = now
    _event(
        referral,
        ReferralEvent.Action.ERASE,
        user,
        from_status=referral.status,
        reason=reason,
        now=now,
    )
    return True


def transition(
    user: Any, referral: Referral, action: str, *, reason: str = "", note: str = ""
) -> Referral:
    """accept, contact, complete, decline (with a reason) by the partner; cancel by the desk.
    Closing erases the contact details at once."""
    step = TRANSITIONS.get(action)
    if step is None:
        raise ValidationError({"action": [_("Unknown action.")]})
    allowed = (
        selectors.acts_as_partner(user, referral)
        if step.partner
        else selectors.can_cancel(user, referral)
    )
    if not allowed:
        raise PermissionDenied(
            _("Only the partner can do this.") if step.partner else _("Only the desk can do this.")
        )
    errors = _Errors()
    note = note.strip()
    if action == "decline":
        if not reason:
            errors.add("reason", _("Give the reason why you decline this referral."))
        elif reason not in DeclineReason.values:
            errors.add("reason", _("'%(value)s' is not a known reason.") % {"value": reason[:40]})
        if len(note) > MAX_NOTE:
            errors.add("note", _("At most %(n)s characters.") % {"n": MAX_NOTE})
        elif note:
            from wegwijs.privacy.checks import personal_data_errors

            for message in personal_data_errors([("note", note)]).get("note", []):
                errors.add("note", message)
    errors.raise_if_any()
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status not in step.allowed_from:
            raise ValidationError(
                {
                    "status": [
                        _("This referral is now '%(status)s': this step is not possible.")
                        % {"status": locked.get_status_display()}
                    ]
                }
            )
        now = timezone.now()
        before = locked.status
        locked.status = step.to
        if step.to in TIMESTAMP:
            setattr(locked, TIMESTAMP[step.to], now)
        if step.to == Status.CONTACTED and locked.accepted_at is None:
            locked.accepted_at = now
        if action == "decline":
            locked.decline_reason = reason
            locked.decline_note = note
        _event(locked, action, user, from_status=before, reason=reason, now=now)
        if step.to in CLOSED_STATUSES:
            locked.closed_at = now
            _erase(locked, user, "closed", now)
        locked.save()
        if step.partner:
            _enqueue("notify_desk", locked.pk)
    return locked


# -- scheduled work -----------------------------------------------------------------------
@dataclass
class PurgeResult:
    expired: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)


def purge_expired(now: datetime | None = None, *, dry_run: bool = False) -> PurgeResult:
    """Expire referrals still open 30 days after sending and erase every contact detail that
    is older than 30 days or belongs to a closed referral. ``dry_run``: only say what would
    go."""
    now = now or timezone.now()
    cutoff = now - RETENTION
    result = PurgeResult()
    with transaction.atomic():
        stale = Referral.objects.select_for_update().filter(
            status__in=OPEN_STATUSES, created_at__lt=cutoff
        )
        for referral in stale.order_by("pk"):
            result.expired.append(referral.pk)
            if dry_run:
                if referral.contact_encrypted:
                    result.erased.append(referral.pk)
                continue
            before = referral.status
            referral.status = Status.EXPIRED
            referral.closed_at = now
            _event(referral, ReferralEvent.Action.EXPIRE, None, from_status=before, now=now)
            if _erase(referral, None, "retention", now):
                result.erased.append(referral.pk)
            referral.save()
        leftovers = (
            Referral.objects.select_for_update()
            .exclude(contact_encrypted="")
            .exclude(pk__in=result.expired)
            .filter(Q(created_at__lt=cutoff) | Q(status__in=[*CLOSED_STATUSES, Status.HANDED_OVER]))
        )
        for referral in leftovers.order_by("pk"):
            result.erased.append(referral.pk)
            if not dry_run:
                _erase(referral, None, "retention", now)
                referral.save(update_fields=["contact_encrypted", "contact_erased_at"])
    return result


def flag_overdue(now: datetime | None = None) -> list[int]:
    """Referrals still waiting for the partner after 2 working days: flag them and e-mail the
    partner a reminder, once per referral. Returns their ids."""
    now = now or timezone.now()
    flagged: list[int] = []
    candidates = Referral.objects.filter(
        status=Status.SENT,
        overdue_reminded_at__isnull=True,
        created_at__lt=now - timedelta(days=2),
    ).exclude(kind=Kind.COLD)
    for referral in candidates.order_by("pk"):
        if not referral.is_overdue(now):
            continue
        with transaction.atomic():
            updated = Referral.objects.filter(
                pk=referral.pk, status=Status.SENT, overdue_reminded_at__isnull=True
            ).update(overdue_reminded_at=now)
            if not updated:
                continue
            _event(referral, ReferralEvent.Action.REMIND, None, from_status=Status.SENT, now=now)
            _enqueue("remind_partner", referral.pk)
        flagged.append(referral.pk)
    return flagged
