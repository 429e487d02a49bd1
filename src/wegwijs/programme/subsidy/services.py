"""Applying for subsidy and handling applications. Every change is one transaction: all or
nothing, with an audit row.

Input is checked here for the pages (and any later API) alike; errors are keyed by field path
with messages for people: ``contact``, ``total``, ``lines`` (the list as a whole),
``lines.<i>.library``, ``lines.<i>.start_year``, ``lines.<i>.amount_<year>``, ``reason``,
``note``, ``date``, ``amounts.<line id>.<year>`` and ``__all__``. Who may do what, and from
which state, is :data:`selectors.ACTIONS`; a user of the wrong kind gets ``PermissionDenied``,
an application in the wrong state a ``ValidationError``.

The clock is ``django.utils.timezone.now`` (tests patch it); every function also takes ``at``
so the demo can tell a story in 2019.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.network.models import Organisation, OrganisationKind
from wegwijs.programme.common import Errors
from wegwijs.programme.subsidy import selectors
from wegwijs.programme.subsidy.formatting import format_deadline, format_euros, local
from wegwijs.programme.subsidy.models import (
    GRANTED_STATES,
    LIVE_STATES,
    MAX_CONTACT,
    MAX_NOTE,
    SubsidyApplication,
    SubsidyApplicationLine,
    SubsidyBudgetYear,
    SubsidyDecisionLetter,
    SubsidyEvent,
    SubsidyLineAmount,
    SubsidyScheme,
    SubsidyState,
)

ZERO = Decimal("0.00")
#: The language of decision letters (official letters are Dutch, whatever the user's choice).
LETTER_LANGUAGE = "nl"


@dataclass
class LineInput:
    """One library of an application: its start year and the amount per budget year."""

    library_id: int | None = None
    start_year: int | None = None
    amounts: dict[int, Decimal | None] = field(default_factory=dict)


@dataclass
class ApplicationInput:
    contact: str = ""
    #: The total as the applicant typed it (optional): it must equal the sum of the lines.
    total: Decimal | None = None
    lines: list[LineInput] = field(default_factory=list)


def _fail(message: str) -> ValidationError:
    return ValidationError({"__all__": [message]})


# -- checks ---------------------------------------------------------------------------------
def deadline_message(scheme: SubsidyScheme) -> str:
    return _(
        "The deadline of this scheme has passed (%(deadline)s). Applications can no longer be "
        "submitted."
    ) % {"deadline": format_deadline(scheme.deadline)}


def _check_text(
    errors: Errors, path: str, text: str, limit: int, *, required: str | None = None
) -> str:
    from wegwijs.privacy.checks import validate_no_personal_data

    text = text.strip()
    if not text:
        if required:
            errors.add(path, required)
        return text
    if len(text) > limit:
        errors.add(
            path,
            _("This text is too long: at most %(max)s characters, now %(n)s.")
            % {"max": limit, "n": len(text)},
        )
        return text
    try:
        validate_no_personal_data(text)
    except ValidationError as exc:
        for error in exc.error_list:  # keeps code="personal_data" (the form offers "Mask")
            errors.add(path, error)
    return text


@dataclass
class _Line:
    index: int
    library: Organisation
    start_year: int
    amounts: dict[int, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


def _check_lines(
    errors: Errors,
    scheme: SubsidyScheme,
    applicant: Organisation,
    data: ApplicationInput,
    *,
    application: SubsidyApplication | None = None,
) -> list[_Line]:
    """The lines, checked: libraries the applicant may apply for, once each, not in another
    live application of the scheme, allowed start years, amounts within the scheme's years."""
    eligible = {o.pk: o for o in selectors.eligible_libraries(applicant)}
    years = scheme.years
    start_years = scheme.start_years
    checked: list[_Line] = []
    seen: dict[int, int] = {}
    if not data.lines:
        errors.add(
            "lines",
            _("Add your library.")
            if applicant.kind == OrganisationKind.LIBRARY
            else _("Add at least one library."),
        )
    if applicant.kind == OrganisationKind.LIBRARY and len(data.lines) > 1:
        errors.add("lines", _("A library applies for itself only: one line."))
    for i, line in enumerate(data.lines):
        path = f"lines.{i}"
        library = eligible.get(line.library_id) if line.library_id is not None else None
        if line.library_id is None:
            errors.add(f"{path}.library", _("Choose the library."))
        elif library is None:
            other = Organisation.objects.filter(pk=line.library_id).first()
            if applicant.kind == OrganisationKind.LIBRARY:
                errors.add(f"{path}.library", _("You can only apply for your own library."))
            elif other is None or other.kind != OrganisationKind.LIBRARY:
                errors.add(f"{path}.library", _("Choose a library organisation."))
            else:
                errors.add(
                    f"{path}.library",
                    _(
                        "%(library)s is not in the provinces of %(poi)s. A POI applies only "
                        "for libraries in its own provinces."
                    )
                    % {"library": other.name, "poi": applicant.name},
                )
        elif library.pk in seen:
            errors.add(
                f"{path}.library",
                _("This library is already on row %(n)s.") % {"n": seen[library.pk] + 1},
            )
            library = None
        else:
            seen[library.pk] = i
        if line.start_year is None:
            errors.add(f"{path}.start_year", _("Choose the year the Informatiepunt starts."))
        elif line.start_year not in start_years:
            errors.add(
                f"{path}.start_year",
                _("Choose one of the start years of this scheme: %(years)s.")
                % {"years": ", ".join(str(y) for y in start_years)},
            )
        amounts: dict[int, Decimal] = {}
        for year, amount in sorted(line.amounts.items()):
            if amount is None:
                continue
            if year not in years:
                errors.add(
                    path,
                    _("%(year)s is not a budget year of this scheme.") % {"year": year},
                )
            elif amount < 0:
                errors.add(f"{path}.amount_{year}", _("An amount cannot be negative."))
            elif amount != amount.quantize(Decimal("0.01")):
                errors.add(
                    f"{path}.amount_{year}", _("An amount has at most two decimals (cents).")
                )
            elif amount > 0:
                amounts[year] = amount
        if not amounts and not any(k.startswith(f"{path}.amount_") for k in errors.errors):
            errors.add(path, _("Enter an amount for at least one year."))
        limit = scheme.max_per_organisation
        if limit is not None and sum(amounts.values(), ZERO) > limit:
            errors.add(
                path,
                _("At most %(max)s per organisation over all years; this row asks %(total)s.")
                % {
                    "max": format_euros(limit),
                    "total": format_euros(sum(amounts.values(), ZERO)),
                },
            )
        if library is not None and line.start_year in start_years:
            checked.append(_Line(i, library, line.start_year, amounts))
    # One live application per library and scheme (also not once itself, once via its POI).
    taken = (
        SubsidyApplicationLine.objects.filter(
            scheme=scheme, live=True, library_id__in=[line.library.pk for line in checked]
        )
        .exclude(application=application)
        .select_related("application", "library")
        if checked
        else []
    )
    for other_line in taken:
        index = seen[other_line.library_id]
        errors.add(
            f"lines.{index}.library",
            _(
                "%(library)s already has an application in this scheme (%(reference)s). A "
                "library applies once: by itself or through its POI."
            )
            % {"library": other_line.library.name, "reference": other_line.application.reference},
        )
    return checked


def _check_total(errors: Errors, data: ApplicationInput, lines: list[_Line]) -> None:
    if (
        data.total is None
        or "lines" in errors.errors
        or any(k.startswith("lines.") for k in errors.errors)
    ):
        return
    total = sum((line.total for line in lines), ZERO)
    if data.total != total:
        errors.add(
            "total",
            _(
                "The amounts do not add up: the total you entered is %(entered)s, the rows "
                "add up to %(sum)s. Correct the total or the amounts."
            )
            % {"entered": format_euros(data.total), "sum": format_euros(total)},
        )


def _applicant_or_403(user: Any) -> Organisation:
    applicant = selectors.applicant_for(user)
    if applicant is None:
        raise PermissionDenied(
            _("Only a library's coordinator or a POI consultant applies for subsidy.")
        )
    return applicant


def _locked(application: SubsidyApplication) -> SubsidyApplication:
    """The application again, locked for this transaction (state checks see the latest)."""
    return (
        SubsidyApplication.objects.select_for_update()
        .select_related("scheme", "applicant")
        .get(pk=application.pk)
    )


def _require(user: Any, application: SubsidyApplication, action: str) -> None:
    if not selectors.may_act(user, application, action):
        raise PermissionDenied(_("You may not do this with this application."))
    _who, states = selectors.ACTIONS[action]
    if application.state not in states:
        raise _fail(
            _("This application is %(state)s: this step is not possible now.")
            % {"state": SubsidyState(application.state).label.lower()}
        )


def _event(
    application: SubsidyApplication,
    action: str,
    user: Any,
    at: datetime,
    *,
    from_state: str = "",
    changes: dict[str, Any] | None = None,
) -> SubsidyEvent:
    return SubsidyEvent.objects.create(
        application=application,
        action=action,
        from_state=from_state,
        to_state=application.state,
        user=user if getattr(user, "pk", None) else None,
        at=at,
        changes=changes or {},
    )


# -- snapshots for the audit trail ----------------------------------------------------------
def _snapshot(application: SubsidyApplication) -> dict[str, Any]:
    """What an edit can change, by library name: start year and amounts per year."""
    lines: dict[str, Any] = {}
    for line in application.lines.select_related("library").prefetch_related("amounts"):
        lines[line.library.name] = {
            "start_year": line.start_year,
            "amounts": {str(a.year): str(a.requested) for a in line.amounts.all()},
        }
    return {"contact": application.contact, "lines": lines}


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The changed fields: free text only as "changed", lines as added, removed, changed."""
    changes: dict[str, Any] = {}
    if before["contact"] != after["contact"]:
        changes["contact"] = "changed"
    old, new = before["lines"], after["lines"]
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    if added:
        changes["added"] = {name: new[name] for name in added}
    if removed:
        changes["removed"] = removed
    changed: dict[str, Any] = {}
    for name in sorted(set(old) & set(new)):
        item: dict[str, Any] = {}
        if old[name]["start_year"] != new[name]["start_year"]:
            item["start_year"] = [old[name]["start_year"], new[name]["start_year"]]
        for year in sorted(set(old[name]["amounts"]) | set(new[name]["amounts"])):
            a, b = old[name]["amounts"].get(year, "0.00"), new[name]["amounts"].get(year, "0.00")
            if Decimal(a) != Decimal(b):
                item.setdefault("amounts", {})[year] = [a, b]
        if item:
            changed[name] = item
    if changed:
        changes["changed"] = changed
    return changes


def _amounts_by_library(application: SubsidyApplication, attr: str) -> dict[str, dict[str, str]]:
    return {
        line.library.name: {
            str(a.year): str(getattr(a, attr))
            for a in line.amounts.all()
            if getattr(a, attr) is not None
        }
        for line in application.lines.select_related("library").prefetch_related("amounts")
    }


# -- applying -------------------------------------------------------------------------------
def _store_lines(
    application: SubsidyApplication, scheme: SubsidyScheme, lines: list[_Line]
) -> None:
    for item in lines:
        line = SubsidyApplicationLine.objects.create(
            application=application,
            scheme=scheme,
            library=item.library,
            start_year=item.start_year,
        )
        SubsidyLineAmount.objects.bulk_create(
            SubsidyLineAmount(line=line, year=year, requested=amount)
            for year, amount in sorted(item.amounts.items())
        )


def _taken_error() -> ValidationError:
    return ValidationError(
        {
            "lines": [
                _(
                    "One of these libraries got another application in this scheme just now. "
                    "Reload the page and check."
                )
            ]
        }
    )


def create_application(
    user: Any, scheme: SubsidyScheme, data: ApplicationInput, *, at: datetime | None = None
) -> SubsidyApplication:
    """A new draft by the user's library or POI, with its reference number."""
    applicant = _applicant_or_403(user)
    now = at or timezone.now()
    if not scheme.accepts(now):
        raise _fail(deadline_message(scheme))
    errors = Errors()
    contact = _check_text(errors, "contact", data.contact, MAX_CONTACT)
    lines = _check_lines(errors, scheme, applicant, data)
    _check_total(errors, data, lines)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            locked = SubsidyScheme.objects.select_for_update().get(pk=scheme.pk)
            number = (locked.applications.aggregate(n=Max("number"))["n"] or 0) + 1
            application = SubsidyApplication.objects.create(
                scheme=locked,
                applicant=applicant,
                number=number,
                reference=locked.reference_for(number),
                contact=contact,
                created_by=user if getattr(user, "pk", None) else None,
                created_at=now,
                updated_at=now,
            )
            _store_lines(application, locked, lines)
            _event(
                application,
                SubsidyEvent.Action.CREATE,
                user,
                now,
                changes=_diff({"contact": "", "lines": {}}, _snapshot(application)),
            )
    except IntegrityError as exc:  # another request took a library between check and insert
        raise _taken_error() from exc
    return application


def update_draft(
    user: Any,
    application: SubsidyApplication,
    data: ApplicationInput,
    *,
    at: datetime | None = None,
) -> SubsidyApplication:
    """Change a draft: its contact text and lines (replaced as a whole)."""
    now = at or timezone.now()
    try:
        with transaction.atomic():
            application = _locked(application)
            _require(user, application, "edit")
            scheme = application.scheme
            if not scheme.accepts(now):
                raise _fail(deadline_message(scheme))
            errors = Errors()
            contact = _check_text(errors, "contact", data.contact, MAX_CONTACT)
            lines = _check_lines(
                errors, scheme, application.applicant, data, application=application
            )
            _check_total(errors, data, lines)
            errors.raise_if_any()
            before = _snapshot(application)
            application.lines.all().delete()
            _store_lines(application, scheme, lines)
            application.contact = contact
            application.updated_at = now
            application.save(update_fields=["contact", "updated_at"])
            changes = _diff(before, _snapshot(application))
            if changes:
                _event(
                    application,
                    SubsidyEvent.Action.UPDATE,
                    user,
                    now,
                    from_state=application.state,
                    changes=changes,
                )
    except IntegrityError as exc:
        raise _taken_error() from exc
    return application


def submit(
    user: Any, application: SubsidyApplication, *, at: datetime | None = None
) -> SubsidyApplication:
    """Draft → submitted, before the deadline only."""
    now = at or timezone.now()
    with transaction.atomic():
        application = _locked(application)
        _require(user, application, "submit")
        if not application.scheme.accepts(now):
            raise _fail(deadline_message(application.scheme))
        if not application.lines.exists():
            raise _fail(_("Add at least one library before you submit."))
        application.state = SubsidyState.SUBMITTED
        application.submitted_at = now
        application.updated_at = now
        application.save(update_fields=["state", "submitted_at", "updated_at"])
        _event(application, SubsidyEvent.Action.SUBMIT, user, now, from_state=SubsidyState.DRAFT)
    return application


def withdraw(
    user: Any, application: SubsidyApplication, *, at: datetime | None = None
) -> SubsidyApplication:
    """Draft → withdrawn: the libraries are free to apply again."""
    now = at or timezone.now()
    with transaction.atomic():
        application = _locked(application)
        _require(user, application, "withdraw")
        application.state = SubsidyState.WITHDRAWN
        application.updated_at = now
        application.save(update_fields=["state", "updated_at"])
        application.lines.update(live=False)
        _event(application, SubsidyEvent.Action.WITHDRAW, user, now, from_state=SubsidyState.DRAFT)
    return application


# -- the programme office ------------------------------------------------------------------
def assess(
    user: Any, application: SubsidyApplication, note: str = "", *, at: datetime | None = None
) -> SubsidyApplication:
    """Submitted → assessed, with the assessment's note (optional)."""
    now = at or timezone.now()
    with transaction.atomic():
        application = _locked(application)
        _require(user, application, "assess")
        errors = Errors()
        note = _check_text(errors, "note", note, MAX_NOTE)
        errors.raise_if_any()
        application.state = SubsidyState.ASSESSED
        application.assessment_note = note
        application.assessed_at = now
        application.updated_at = now
        application.save(update_fields=["state", "assessment_note", "assessed_at", "updated_at"])
        _event(
            application,
            SubsidyEvent.Action.ASSESS,
            user,
            now,
            from_state=SubsidyState.SUBMITTED,
            changes={"note": "filled in"} if note else {},
        )
    return application


def amount_rows(application: SubsidyApplication) -> list[SubsidyLineAmount]:
    return list(
        SubsidyLineAmount.objects.filter(line__application=application)
        .select_related("line__library")
        .order_by("line__library__name", "year")
    )


def _check_amounts(
    errors: Errors,
    rows: list[SubsidyLineAmount],
    given: Mapping[tuple[int, int], Decimal | None],
    *,
    ceiling: str,
    default: str,
) -> dict[int, Decimal]:
    """Amounts per row (by row pk) from ``given`` ((line id, year) → amount), missing ones
    from ``default``; each between 0 and the row's ``ceiling`` attribute."""
    result: dict[int, Decimal] = {}
    for row in rows:
        key = (row.line_id, row.year)
        path = f"amounts.{row.line_id}.{row.year}"
        value = given.get(key)
        if value is None:
            value = getattr(row, default)
        if value is None:
            errors.add(path, _("Enter the amount."))
            continue
        top = getattr(row, ceiling) or ZERO
        if value < 0:
            errors.add(path, _("An amount cannot be negative."))
        elif value != value.quantize(Decimal("0.01")):
            errors.add(path, _("An amount has at most two decimals (cents)."))
        elif value > top:
            errors.add(
                path,
                _("At most %(max)s (%(what)s).")
                % {
                    "max": format_euros(top),
                    "what": _("requested") if ceiling == "requested" else _("granted"),
                },
            )
        else:
            result[row.pk] = value
    return result


def committed(
    scheme: SubsidyScheme, *, exclude: SubsidyApplication | None = None
) -> dict[int, Decimal]:
    """Per budget year: what the scheme's decisions take from the budget (the settled amount
    of a settled application, else the granted amount)."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = SubsidyLineAmount.objects.filter(
        line__application__scheme=scheme, line__application__state__in=GRANTED_STATES
    )
    if exclude is not None:
        rows = rows.exclude(line__application=exclude)
    for year, state, granted, settled in rows.values_list(
        "year", "line__application__state", "granted", "settled"
    ):
        value = settled if state == SubsidyState.SETTLED and settled is not None else granted
        totals[year] += value or ZERO
    return dict(totals)


def grant(
    user: Any,
    application: SubsidyApplication,
    amounts: Mapping[tuple[int, int], Decimal | None] | None = None,
    reason: str = "",
    *,
    at: datetime | None = None,
) -> SubsidyApplication:
    """Assessed → granted. ``amounts`` maps (line id, year) to the granted amount; missing
    ones are granted as requested. A lower amount needs a reason; the grants of a year may
    not exceed that year's budget."""
    now = at or timezone.now()
    with transaction.atomic():
        application = _locked(application)
        _require(user, application, "grant")
        scheme = SubsidyScheme.objects.select_for_update().get(pk=application.scheme_id)
        errors = Errors()
        rows = amount_rows(application)
        values = _check_amounts(
            errors, rows, amounts or {}, ceiling="requested", default="requested"
        )
        lower = any(values.get(r.pk, r.requested) < r.requested for r in rows)
        reason = _check_text(
            errors,
            "reason",
            reason,
            MAX_NOTE,
            required=_("Explain why less is granted than requested.") if lower else None,
        )
        if not errors.errors and sum(values.values(), ZERO) <= 0:
            errors.add("__all__", _("Nothing would be granted. Reject the application instead."))
        if not errors.errors:
            _check_budget(errors, scheme, application, rows, values)
            _check_maximum(errors, scheme, rows, values)
        errors.raise_if_any()
        for row in rows:
            row.granted = values[row.pk]
        SubsidyLineAmount.objects.bulk_update(rows, ["granted"])
        application.state = SubsidyState.GRANTED
        application.decision_reason = reason
        application.decided_at = now
        application.updated_at = now
        application.save(update_fields=["state", "decision_reason", "decided_at", "updated_at"])
        changes: dict[str, Any] = {"granted": _amounts_by_library(application, "granted")}
        if reason:
            changes["reason"] = "filled in"
        _event(
            application,
            SubsidyEvent.Action.GRANT,
            user,
            now,
            from_state=SubsidyState.ASSESSED,
            changes=changes,
        )
        _issue_letter(application, now)
    return application


def _check_budget(
    errors: Errors,
    scheme: SubsidyScheme,
    application: SubsidyApplication,
    rows: list[SubsidyLineAmount],
    values: dict[int, Decimal],
) -> None:
    budgets = {b.year: b.amount for b in SubsidyBudgetYear.objects.filter(scheme=scheme)}
    taken = committed(scheme, exclude=application)
    asked: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        asked[row.year] += values[row.pk]
    for year, amount in sorted(asked.items()):
        if amount <= 0:
            continue
        if year not in budgets:
            errors.add(
                "__all__",
                _("The funding schedule has no budget for %(year)s yet.") % {"year": year},
            )
            continue
        remaining = budgets[year] - taken.get(year, ZERO)
        if amount > remaining:
            errors.add(
                "__all__",
                _(
                    "This grant exceeds the budget for %(year)s: %(remaining)s remains, "
                    "%(amount)s would be granted."
                )
                % {
                    "year": year,
                    "remaining": format_euros(max(remaining, ZERO)),
                    "amount": format_euros(amount),
                },
            )


def _check_maximum(
    errors: Errors,
    scheme: SubsidyScheme,
    rows: list[SubsidyLineAmount],
    values: dict[int, Decimal],
) -> None:
    if scheme.max_per_organisation is None:
        return
    per_library: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        per_library[row.line_id] += values[row.pk]
    for row in rows:
        if per_library.get(row.line_id, ZERO) > scheme.max_per_organisation:
            errors.add(
                f"amounts.{row.line_id}.{row.year}",
                _("At most %(max)s per organisation over all years.")
                % {"max": format_euros(scheme.max_per_organisation)},
            )
            per_library[row.line_id] = ZERO  # one message per library


def reject(
    user: Any, application: SubsidyApplication, reason: str, *, at: datetime | None = None
) -> SubsidyApplication:
    """Assessed → rejected, with the reason (it is in the letter)."""
    now = at or timezone.now()
    with transaction.atomic():
        application = _locked(application)
        _require(user, application, "reject")
        errors = Errors()
        reason = _check_text(
            errors, "reason", reason, MAX_NOTE, required=_("Give the reason for the rejection.")
        )
        errors.raise_if_any()
        application.state = SubsidyState.REJECTED
        application.decision_reason = reason
        application.decided_at = now
        application.updated_at = now
        application.save(update_fields=["state", "decision_reason", "decided_at", "updated_at"])
        application.lines.update(live=False)
        _event(
            application,
            SubsidyEvent.Action.REJECT,
            user,
            now,
            from_state=SubsidyState.ASSESSED,
            changes={"reason": "filled in"},
        )
        _issue_letter(application, now)
    return application


def _check_date(
    errors: Errors, when: date | None, now: datetime, *, not_before: date | None, before_label: str
) -> None:
    today = local(now).date()
    if when is None:
        errors.add("date", _("Enter the date."))
    elif when > today:
        errors.add("date", _("The date cannot be in the future."))
    elif not_before is not None and when < not_before:
        errors.add(
            "date",
            _("The date cannot be before %(what)s (%(date)s).")
            % {"what": before_label, "date": not_before.strftime("%d-%m-%Y")},
        )


def record_payment(
    user: Any,
    application: SubsidyApplication,
    paid_on: date | None,
    amounts: Mapping[tuple[int, int], Decimal | None] | None = None,
    *,
    at: datetime | None = None,
) -> SubsidyApplication:
    """Granted → paid: the date and the amount paid per organisation and year (missing ones:
    the granted amount); never more than granted."""
    now = at or timezone.now()
    with transaction.atomic():
        application = _locked(application)
        _require(user, application, "pay")
        errors = Errors()
        decided = local(application.decided_at).date() if application.decided_at else None
        _check_date(errors, paid_on, now, not_before=decided, before_label=_("the decision"))
        rows = amount_rows(application)
        values = _check_amounts(errors, rows, amounts or {}, ceiling="granted", default="granted")
        if not errors.errors and sum(values.values(), ZERO) <= 0:
            errors.add("__all__", _("Enter the amount paid to at least one organisation."))
        errors.raise_if_any()
        assert paid_on is not None
        for row in rows:
            row.paid = values[row.pk]
        SubsidyLineAmount.objects.bulk_update(rows, ["paid"])
        application.state = SubsidyState.PAID
        application.paid_on = paid_on
        application.updated_at = now
        application.save(update_fields=["state", "paid_on", "updated_at"])
        _event(
            application,
            SubsidyEvent.Action.PAY,
            user,
            now,
            from_state=SubsidyState.GRANTED,
            changes={"paid": _amounts_by_library(application, "paid"), "date": paid_on.isoformat()},
        )
    return application


def settle(
    user: Any,
    application: SubsidyApplication,
    settled_on: date | None,
    amounts: Mapping[tuple[int, int], Decimal | None] | None = None,
    *,
    at: datetime | None = None,
) -> SubsidyApplication:
    """Paid → settled (vastgesteld): the final amount per organisation and year (missing
    ones: the amount paid), at most the granted amount, and the date."""
    now = at or timezone.now()
    with transaction.atomic():
        application = _locked(application)
        _require(user, application, "settle")
        errors = Errors()
        _check_date(
            errors, settled_on, now, not_before=application.paid_on, before_label=_("the payment")
        )
        rows = amount_rows(application)
        values = _check_amounts(errors, rows, amounts or {}, ceiling="granted", default="paid")
        errors.raise_if_any()
        assert settled_on is not None
        for row in rows:
            row.settled = values[row.pk]
        SubsidyLineAmount.objects.bulk_update(rows, ["settled"])
        application.state = SubsidyState.SETTLED
        application.settled_on = settled_on
        application.updated_at = now
        application.save(update_fields=["state", "settled_on", "updated_at"])
        _event(
            application,
            SubsidyEvent.Action.SETTLE,
            user,
            now,
            from_state=SubsidyState.PAID,
            changes={
                "settled": _amounts_by_library(application, "settled"),
                "date": settled_on.isoformat(),
            },
        )
    return application


# -- the decision letter -------------------------------------------------------------------
def letter_data(application: SubsidyApplication, now: datetime) -> dict[str, Any]:
    """Everything the letter shows, as it is at the decision (amounts as strings)."""
    scheme = application.scheme
    lines: list[dict[str, Any]] = []
    for line in application.lines.select_related("library").prefetch_related("amounts"):
        lines.append(
            {
                "organisation": line.library.name,
                "start_year": line.start_year,
                "amounts": [
                    {
                        "year": a.year,
                        "requested": str(a.requested),
                        "granted": None if a.granted is None else str(a.granted),
                    }
                    for a in line.amounts.all()
                ],
            }
        )
    lines.sort(key=lambda item: item["organisation"])
    total_requested = sum(
        (Decimal(a["requested"]) for item in lines for a in item["amounts"]), ZERO
    )
    total_granted = sum(
        (Decimal(a["granted"]) for item in lines for a in item["amounts"] if a["granted"]), ZERO
    )
    return {
        "language": LETTER_LANGUAGE,
        "issuer": scheme.issuer,
        "scheme": scheme.name,
        "period": [scheme.start_year, scheme.end_year],
        "reference": application.reference,
        "date": local(now).date().isoformat(),
        "submitted": local(application.submitted_at).date().isoformat()
        if application.submitted_at
        else None,
        "addressee": application.applicant.name,
        "collective": application.applicant.kind == OrganisationKind.POI,
        "decision": application.state,
        "reason": application.decision_reason,
        "lines": lines,
        "total_requested": str(total_requested),
        "total_granted": str(total_granted),
        "is_demo": scheme.is_demo,
    }


def _issue_letter(application: SubsidyApplication, now: datetime) -> SubsidyDecisionLetter:
    return SubsidyDecisionLetter.objects.create(
        application=application,
        decision=application.state,
        issued_at=now,
        data=letter_data(application, now),
    )


def live_application_for(scheme: SubsidyScheme, library: Organisation) -> SubsidyApplication | None:
    """The library's live application in the scheme (its own or its POI's), if any."""
    return (
        SubsidyApplication.objects.filter(
            scheme=scheme, state__in=LIVE_STATES, lines__library=library, lines__live=True
        )
        .distinct()
        .first()
    )
