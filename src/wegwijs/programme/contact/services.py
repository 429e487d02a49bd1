""" "Meer weten?" requests and the POI experts who handle them. Every write is one
transaction: all or nothing.

Input is validated here (errors keyed by form field, Dutch messages). The contact details are
encrypted with the referrals' helper (``referrals.crypto``: Fernet, the same keys and key
rotation) before they are stored; the question must pass the privacy guard. Handling a request
erases its contact details and question at once; :func:`purge_expired` (the daily job and
``wegwijs retention``) erases what is still unhandled after ``CONTACT_REQUESTS_KEEP_DAYS``
days. E-mails to the experts hold a link only, and are sent from the task queue after the
transaction commits.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.accounts.models import User
from wegwijs.network.models import Organisation, Province
from wegwijs.programme.common import Errors
from wegwijs.programme.contact import selectors
from wegwijs.programme.contact.models import (
    MAX_ORGANISATION,
    MAX_QUESTION,
    ContactExpert,
    ContactRequest,
    ContactRequestEvent,
    Outcome,
    RequestStatus,
    keep_days,
)
from wegwijs.referrals.crypto import Contact, InvalidToken, decrypt_contact, encrypt_contact

MAX_EMAIL = 254
_PHONE_NOISE = re.compile(r"[\s().\-/]")
_NATIONAL = re.compile(r"0[1-9][0-9]{8}")


# -- contact details ------------------------------------------------------------------------
def normalise_phone(raw: str) -> str | None:
    """A Dutch phone number as its 10 national digits (``0612345678``), or None.

    Accepts the ways people write them: ``06-12345678``, ``06 1234 5678``, ``(071) 523 45 67``,
    ``+31 6 12345678``, ``+31 (0)6 12345678``, ``0031 71 5234567``.
    """
    text = raw.strip().replace("(0)", "")
    compact = _PHONE_NOISE.sub("", text)
    for prefix in ("+31", "0031"):
        if compact.startswith(prefix):
            rest = compact[len(prefix) :]
            compact = "0" + (rest[1:] if rest.startswith("0") else rest)
            break
    return compact if _NATIONAL.fullmatch(compact) else None


def display_phone(number: str) -> str:
    """``0612345678`` as ``06 12345678``; other numbers as they are stored."""
    if len(number) == 10 and number.startswith("06"):
        return f"{number[:2]} {number[2:]}"
    return number


@dataclass
class RequestInput:
    email: str = ""
    phone: str = ""
    organisation: str = ""
    question: str = ""
    province: str = ""  # an ISO 3166-2 code, e.g. NL-ZH


def _check_contact(errors: Errors, data: RequestInput) -> Contact:
    email = data.email.strip()
    phone_raw = data.phone.strip()
    organisation = " ".join(data.organisation.split())
    phone = ""
    if not email and not phone_raw:
        message = _("Fill in your e-mail address or your phone number, so we can contact you.")
        errors.add("email", message)
        errors.add("phone", message)
    if email:
        try:
            if len(email) > MAX_EMAIL:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            errors.add("email", _("Fill in an e-mail address, such as naam@bibliotheek.nl."))
    if phone_raw:
        normalised = normalise_phone(phone_raw)
        if normalised is None:
            errors.add(
                "phone",
                _("Fill in a Dutch phone number of 10 digits, such as 06 12345678 or 071 5234567."),
            )
        else:
            phone = normalised
    if len(organisation) > MAX_ORGANISATION:
        errors.add(
            "organisation",
            _("At most %(max)s characters, now %(n)s.")
            % {"max": MAX_ORGANISATION, "n": len(organisation)},
        )
    return Contact(name=organisation, phone=phone, email=email)


def _check_question(errors: Errors, text: str) -> None:
    from wegwijs.privacy.checks import validate_no_personal_data

    if len(text) > MAX_QUESTION:
        errors.add(
            "question",
            _("This text is too long: at most %(max)s characters, now %(n)s.")
            % {"max": MAX_QUESTION, "n": len(text)},
        )
        return
    if not text:
        return
    try:
        validate_no_personal_data(text)
    except ValidationError as exc:
        for error in exc.error_list:  # keeps code="personal_data" for the "Mask" offer
            errors.add("question", error)


def _enqueue(task_name: str, *args: Any) -> None:
    """Enqueue a task once the transaction has committed (a rolled back write sends nothing)."""
    from wegwijs.programme.contact import tasks

    transaction.on_commit(partial(getattr(tasks, task_name).enqueue, *args))


def _event(
    request: ContactRequest,
    action: str,
    user: Any = None,
    *,
    reason: str = "",
    now: datetime | None = None,
) -> ContactRequestEvent:
    return ContactRequestEvent.objects.create(
        request=request,
        action=action,
        reason=reason,
        user=user if getattr(user, "pk", None) else None,
        at=now or timezone.now(),
    )


def can_receive(poi: Organisation) -> bool:
    """Is there anyone at the POI to receive requests (an expert or, failing that, any POI
    consultant)?"""
    return selectors.handlers(poi).exists()


def submit(poi: Organisation, data: RequestInput, *, now: datetime | None = None) -> ContactRequest:
    """Store a "Meer weten?" request for ``poi`` and let its experts know (a link only).

    The province, when given, must be one the POI serves: that is how a request is routed.
    """
    errors = Errors()
    contact = _check_contact(errors, data)
    question = data.question.strip()
    _check_question(errors, question)
    province = None
    if data.province:
        province = poi.provinces.filter(code=data.province).first()
        if province is None:
            errors.add("province", _("Choose one of the provinces this POI serves."))
    if not can_receive(poi):
        errors.add(
            "__all__",
            _(
                "This POI cannot receive requests through this form yet. Please contact them directly."
            ),
        )
    errors.raise_if_any()
    with transaction.atomic():
        now = now or timezone.now()
        request = ContactRequest.objects.create(
            poi=poi,
            province=province,
            contact_encrypted=encrypt_contact(contact),
            question=question,
            created_at=now,
        )
        _event(request, ContactRequestEvent.Action.CREATE, now=now)
        _enqueue("notify_experts", request.pk)
    return request


def route(province_code: str) -> Organisation | None:
    """The POI that serves a province (the first by name when more than one do)."""
    return (
        Organisation.objects.pois().filter(provinces__code=province_code).order_by("name").first()
    )


def served_provinces(poi: Organisation) -> list[Province]:
    return list(poi.provinces.order_by("name"))


# -- handling -------------------------------------------------------------------------------
def request_for(user: Any, pk: int) -> ContactRequest:
    """An open request the user handles; 403 for a request of another POI or for a user who
    does not handle requests; 404 when it does not exist (or is no longer open)."""
    from django.http import Http404

    request = ContactRequest.objects.select_related("poi", "province").filter(pk=pk).first()
    if request is None:
        raise Http404
    if not selectors.is_handler(user, request.poi):
        raise PermissionDenied(_("Only the POI's Digitale Inclusie experts open its requests."))
    if not request.is_open:
        raise Http404
    return request


def view(user: Any, request: ContactRequest) -> Contact | None:
    """Log that ``user`` viewed the request and return its contact details (None when they
    cannot be read: the key is missing)."""
    if not selectors.is_handler(user, request.poi):
        raise PermissionDenied
    _event(request, ContactRequestEvent.Action.VIEW, user)
    try:
        return decrypt_contact(request.contact_encrypted)
    except InvalidToken:
        return None


def _erase(request: ContactRequest, user: Any, reason: str, now: datetime) -> None:
    request.contact_encrypted = ""
    request.question = ""
    request.erased_at = now
    _event(request, ContactRequestEvent.Action.ERASE, user, reason=reason, now=now)


def handle(user: Any, request: ContactRequest, outcome: str = "") -> ContactRequest:
    """Mark the request handled (with an optional outcome code) and erase its contact details
    and question at once."""
    if not selectors.is_handler(user, request.poi):
        raise PermissionDenied(_("Only the POI's Digitale Inclusie experts handle its requests."))
    if outcome and outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Choose one of the outcomes in the list.")]})
    with transaction.atomic():
        locked = ContactRequest.objects.select_for_update().get(pk=request.pk)
        if not locked.is_open:
            raise ValidationError(
                {"__all__": [_("This request has already been handled or erased.")]}
            )
        now = timezone.now()
        locked.status = RequestStatus.HANDLED
        locked.handled_at = now
        locked.handled_by = user
        locked.outcome = outcome
        _event(locked, ContactRequestEvent.Action.HANDLE, user, reason=outcome, now=now)
        _erase(locked, user, "handled", now)
        locked.save()
    return locked


# -- scheduled work -------------------------------------------------------------------------
@dataclass
class PurgeResult:
    expired: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)


def purge_expired(now: datetime | None = None, *, dry_run: bool = False) -> PurgeResult:
    """Erase every request still open ``CONTACT_REQUESTS_KEEP_DAYS`` days after it came in
    (it becomes "erased unhandled"), and any details left on a closed one. ``dry_run``: only
    say which would go."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=keep_days())
    result = PurgeResult()
    with transaction.atomic():
        stale = ContactRequest.objects.select_for_update().filter(
            status=RequestStatus.OPEN, created_at__lt=cutoff
        )
        for request in stale.order_by("pk"):
            result.expired.append(request.pk)
            result.erased.append(request.pk)
            if dry_run:
                continue
            request.status = RequestStatus.EXPIRED
            _event(request, ContactRequestEvent.Action.EXPIRE, now=now)
            _erase(request, None, "retention", now)
            request.save()
        # Belt and braces: the check constraint already keeps closed requests empty.
        leftovers = (
            ContactRequest.objects.select_for_update()
            .exclude(status=RequestStatus.OPEN)
            .exclude(contact_encrypted="", question="")
            .exclude(pk__in=result.expired)
        )
        for request in leftovers.order_by("pk"):
            result.erased.append(request.pk)
            if not dry_run:
                _erase(request, None, "retention", now)
                request.save(update_fields=["contact_encrypted", "question", "erased_at"])
    return result


def flag_overdue(now: datetime | None = None) -> list[int]:
    """Open requests older than 2 working days: remind the experts once per request (a link
    only). Returns their ids."""
    now = now or timezone.now()
    flagged: list[int] = []
    candidates = ContactRequest.objects.filter(
        status=RequestStatus.OPEN,
        reminded_at__isnull=True,
        created_at__lt=now - timedelta(days=2),  # 2 working days are at least 2 days
    )
    for request in candidates.order_by("pk"):
        if not request.is_overdue(now):
            continue
        with transaction.atomic():
            updated = ContactRequest.objects.filter(
                pk=request.pk, status=RequestStatus.OPEN, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not updated:
                continue
            _event(request, ContactRequestEvent.Action.REMIND, now=now)
            _enqueue("remind_experts", request.pk)
        flagged.append(request.pk)
    return flagged


# -- counts ---------------------------------------------------------------------------------
@dataclass
class CountRow:
    poi: Organisation
    received: int = 0
    open: int = 0
    overdue: int = 0
    handled: int = 0
    expired: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def outcome_counts(self) -> list[tuple[str, int]]:
        return [(o.value, self.outcomes[o.value]) for o in Outcome] + [("", self.outcomes[""])]


def counts(pois: Any, year: int | None = None, now: datetime | None = None) -> list[CountRow]:
    """Requests per POI (received in ``year``, or ever): how many are open (and overdue),
    handled (by outcome) or erased unhandled. Nothing personal is read."""
    now = now or timezone.now()
    rows = {poi.pk: CountRow(poi) for poi in pois.order_by("name")}
    qs = ContactRequest.objects.filter(poi_id__in=rows.keys())
    if year is not None:
        qs = qs.filter(created_at__year=year)
    for poi_id, status, outcome, created_at in qs.values_list(
        "poi_id", "status", "outcome", "created_at"
    ).iterator():
        row = rows[poi_id]
        row.received += 1
        if status == RequestStatus.OPEN:
            row.open += 1
            probe = ContactRequest(created_at=created_at, status=status)
            row.overdue += probe.is_overdue(now)
        elif status == RequestStatus.HANDLED:
            row.handled += 1
            row.outcomes[outcome] += 1
        else:
            row.expired += 1
    return list(rows.values())


# -- experts --------------------------------------------------------------------------------
def _require_expert_keeper(user: Any, poi: Organisation) -> None:
    if not selectors.expert_pois(user).filter(pk=poi.pk).exists():
        raise PermissionDenied(_("You cannot name the experts of this POI."))


def add_expert(user: Any, poi: Organisation, expert_id: Any) -> ContactExpert:
    """Name one of the POI's consultants as its Digitale Inclusie expert."""
    _require_expert_keeper(user, poi)
    try:
        expert_pk = int(expert_id)
    except (TypeError, ValueError):
        expert_pk = 0
    expert: User | None = selectors.consultants(poi).filter(pk=expert_pk).first()
    if expert is None:
        raise ValidationError({"user": [_("Choose one of the POI's consultants.")]})
    try:
        with transaction.atomic():
            return ContactExpert.objects.create(poi=poi, user=expert, added_by=user)
    except IntegrityError:
        raise ValidationError(
            {"user": [_("%(name)s is already an expert.") % {"name": _name(expert)}]}
        ) from None


def remove_expert(user: Any, poi: Organisation, pk: int) -> None:
    _require_expert_keeper(user, poi)
    deleted, _rows = ContactExpert.objects.filter(poi=poi, pk=pk).delete()
    if not deleted:
        from django.http import Http404

        raise Http404


def _name(user: User) -> str:
    return user.get_full_name() or user.username
