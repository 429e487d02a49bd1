"""Changes in the rollout area: waves, a library's plan, the checklist steps and a library's
progress on them. Each function checks who may do it and the whole change first, then stores
it in one transaction; or stores nothing and raises a ``ValidationError`` keyed by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wegwijs.core import uploads
from wegwijs.network.models import Organisation, Wave
from wegwijs.privacy.checks import validate_no_personal_data
from wegwijs.programme import access
from wegwijs.programme.common import Errors
from wegwijs.programme.rollout.models import (
    MAX_NOTE,
    MAX_TEXT,
    PROGRAMME_START,
    AreaKind,
    LibraryRollout,
    PartnerCooperation,
    RolloutStep,
    RolloutStepProgress,
    RolloutWave,
    StepSuggestion,
    evidence_path,
)

if TYPE_CHECKING:
    from wegwijs.programme.access import AnyUser

#: Dates further ahead than this are typing errors, not plans.
HORIZON = timedelta(days=3653)
MAX_PLANNED_LIBRARIES = 1000
MAX_OFFSET = 730


# -- who may -----------------------------------------------------------------------------
def can_edit_waves(user: AnyUser) -> bool:
    return access.is_programme_office(user)


def can_edit_plan(user: AnyUser, library: Organisation) -> bool:
    """The programme office for every library, a POI consultant for its provinces' ones."""
    if access.is_programme_office(user):
        return True
    return access.is_poi(user) and access.libraries(user).filter(pk=library.pk).exists()


def can_tick(user: AnyUser, library: Organisation) -> bool:
    """Whoever sees the library here: coordinators their own, POIs theirs, the office all."""
    return access.libraries(user).filter(pk=library.pk).exists()


# -- helpers -----------------------------------------------------------------------------
def wave_year(code: str) -> int | None:
    """The year in a wave's code (kopgroep-2019 → 2019, 2020 → 2020; later → None)."""
    found = re.search(r"(?:19|20)\d\d", code)
    return int(found.group()) if found else None


def wave_label(code: str) -> str:
    try:
        return str(Wave(code).label)
    except ValueError:
        return code


def _day(value: date) -> str:
    return str(formats.date_format(value, "j F Y"))


class _Errors(Errors):
    """The rollout's checks of texts and dates on top of the shared collector."""

    def text(self, field: str, value: str, limit: int) -> None:
        """Length and the privacy guard (its error keeps the code that offers 'Mask')."""
        if len(value) > limit:
            self.add(field, _("Use at most %(limit)s characters.") % {"limit": limit})
            return
        try:
            validate_no_personal_data(value)
        except ValidationError as exc:
            self.add(field, exc)

    def date_range(self, field: str, value: date | None, today: date) -> None:
        if value is None:
            return
        if value < PROGRAMME_START:
            self.add(
                field,
                _("The programme started in 2019: choose a date from 1 January 2019."),
            )
        elif value > today + HORIZON:
            self.add(field, _("Choose a date within ten years from today."))


# -- waves -------------------------------------------------------------------------------
@dataclass
class WaveInput:
    code: str
    planned_libraries: int | None
    planned_start: date | None
    description: str = ""
    selection_criteria: str = ""


def save_wave(user: AnyUser, data: WaveInput, wave: RolloutWave | None = None) -> RolloutWave:
    """Add or change a wave's plan (programme office only)."""
    if not can_edit_waves(user):
        raise PermissionDenied
    today = timezone.localdate()
    errors = _Errors()
    code = wave.code if wave is not None else data.code
    if code not in Wave.values:
        errors.add("code", _("Choose a wave from the list."))
    elif wave is None and RolloutWave.objects.filter(code=code).exists():
        errors.add("code", _("This wave has a plan already: change that one."))
    if data.planned_libraries is None:
        errors.add("planned_libraries", _("Give the planned number of libraries."), "required")
    elif not 1 <= data.planned_libraries <= MAX_PLANNED_LIBRARIES:
        errors.add(
            "planned_libraries",
            _("Give a number from 1 to %(max)s.") % {"max": MAX_PLANNED_LIBRARIES},
        )
    if data.planned_start is None:
        errors.add("planned_start", _("Give the planned start date."), "required")
    else:
        errors.date_range("planned_start", data.planned_start, today)
        year = wave_year(code)
        if (
            year is not None
            and data.planned_start.year != year
            and "planned_start" not in (errors.errors)
        ):
            errors.add(
                "planned_start",
                _("Wave %(wave)s belongs to %(year)s: choose a start date in that year.")
                % {"wave": wave_label(code), "year": year},
            )
    errors.text("description", data.description, MAX_TEXT)
    errors.text("selection_criteria", data.selection_criteria, MAX_TEXT)
    errors.raise_if_any()
    assert data.planned_libraries is not None and data.planned_start is not None
    with transaction.atomic():
        if wave is None:
            wave = RolloutWave(code=code)
        wave.planned_libraries = data.planned_libraries
        wave.planned_start = data.planned_start
        wave.description = data.description
        wave.selection_criteria = data.selection_criteria
        wave.save()
    return wave


# -- a library's plan --------------------------------------------------------------------
@dataclass
class PlanInput:
    planned_opening: date | None
    actual_opening: date | None
    area_kind: str = ""
    partner_cooperation: str = ""
    selection_notes: str = ""
    notes: str = ""
    #: A new wave for the library (programme office only); None leaves it.
    wave: str | None = None


def plan_of(library: Organisation) -> LibraryRollout | None:
    return LibraryRollout.objects.filter(library=library).first()


def save_plan(user: AnyUser, library: Organisation, data: PlanInput) -> LibraryRollout:
    """Store a library's opening dates and selection notes (and, for the programme office,
    its wave, which lives on the organisation)."""
    if not can_edit_plan(user, library):
        raise PermissionDenied
    today = timezone.localdate()
    errors = _Errors()
    wave_code = library.wave
    if data.wave is not None and data.wave != library.wave:
        if not access.is_programme_office(user):
            raise PermissionDenied
        if data.wave not in Wave.values:
            errors.add("wave", _("Choose a wave from the list."))
        else:
            wave_code = data.wave
    if data.area_kind and data.area_kind not in AreaKind.values:
        errors.add("area_kind", _("Choose a kind of area from the list."))
    if data.partner_cooperation and data.partner_cooperation not in PartnerCooperation.values:
        errors.add("partner_cooperation", _("Choose from the list."))
    wave = RolloutWave.objects.filter(code=wave_code).first()
    label = wave_label(wave_code)
    errors.date_range("planned_opening", data.planned_opening, today)
    errors.date_range("actual_opening", data.actual_opening, today)
    planned, actual = data.planned_opening, data.actual_opening
    if planned is not None and "planned_opening" not in errors.errors and wave is not None:
        year = wave_year(wave_code)
        if year is not None and planned.year != year:
            errors.add(
                "planned_opening",
                _(
                    "The planned opening must fall in %(year)s, the year of wave %(wave)s. "
                    "If the library opens later, the programme office moves it to a later wave "
                    "first."
                )
                % {"year": year, "wave": label},
            )
        elif planned < wave.planned_start:
            errors.add(
                "planned_opening",
                _("Wave %(wave)s starts on %(start)s: plan the opening on or after that day.")
                % {"wave": label, "start": _day(wave.planned_start)},
            )
    if actual is not None and "actual_opening" not in errors.errors:
        if actual > today:
            errors.add(
                "actual_opening",
                _(
                    "The actual opening cannot be in the future. Fill it in once the "
                    "Informatiepunt has opened; until then use the planned opening."
                ),
            )
        elif wave is not None and actual < wave.planned_start:
            errors.add(
                "actual_opening",
                _("Wave %(wave)s could start on %(start)s: the opening cannot be earlier.")
                % {"wave": label, "start": _day(wave.planned_start)},
            )
    errors.text("selection_notes", data.selection_notes, MAX_TEXT)
    errors.text("notes", data.notes, MAX_TEXT)
    errors.raise_if_any()
    with transaction.atomic():
        if wave_code != library.wave:
            Organisation.objects.filter(pk=library.pk).update(wave=wave_code)
            library.wave = wave_code
        plan, _created = LibraryRollout.objects.select_for_update().get_or_create(library=library)
        plan.planned_opening = planned
        plan.actual_opening = actual
        plan.area_kind = data.area_kind
        plan.partner_cooperation = data.partner_cooperation
        plan.selection_notes = data.selection_notes
        plan.notes = data.notes
        plan.updated_by = user if getattr(user, "pk", None) else None  # type: ignore[assignment]
        plan.save()
    return plan


# -- checklist steps (the definitions) ---------------------------------------------------
@dataclass
class StepInput:
    title: str
    description: str = ""
    due_offset_days: int | None = 0
    suggestion: str = ""
    active: bool = True


def _unique_key(title: str) -> str:
    base = slugify(title)[:40] or "stap"
    key, n = base, 2
    while RolloutStep.objects.filter(key=key).exists():
        key = f"{base}-{n}"
        n += 1
    return key


def save_step(user: AnyUser, data: StepInput, step: RolloutStep | None = None) -> RolloutStep:
    """Add a step at the end of the list, or change one (programme office only)."""
    if not can_edit_waves(user):
        raise PermissionDenied
    errors = _Errors()
    title = data.title.strip()
    if not title:
        errors.add("title", _("Give the step a name."), "required")
    else:
        errors.text("title", title, 120)
    errors.text("description", data.description, MAX_TEXT)
    if data.due_offset_days is None:
        errors.add("due_offset_days", _("Give a number of days (0 is the opening day)."))
    elif abs(data.due_offset_days) > MAX_OFFSET:
        errors.add(
            "due_offset_days",
            _("Give a number from -%(max)s to %(max)s days.") % {"max": MAX_OFFSET},
        )
    if data.suggestion not in StepSuggestion.values:
        errors.add("suggestion", _("Choose from the list."))
    errors.raise_if_any()
    with transaction.atomic():
        if step is None:
            last = RolloutStep.objects.aggregate(m=Max("position"))["m"] or 0
            step = RolloutStep(key=_unique_key(title), position=last + 10)
        step.title = title
        step.description = data.description
        step.due_offset_days = data.due_offset_days or 0
        step.suggestion = data.suggestion
        step.active = data.active
        step.save()
    return step


def move_step(user: AnyUser, step: RolloutStep, direction: str) -> None:
    """Move a step one place up or down in the list (positions renumbered 10, 20, ...)."""
    if not can_edit_waves(user):
        raise PermissionDenied
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Choose up or down.")})
    with transaction.atomic():
        steps = list(RolloutStep.objects.select_for_update().order_by("position", "pk"))
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(steps):
            steps[index], steps[other] = steps[other], steps[index]
        for number, item in enumerate(steps, start=1):
            if item.position != number * 10:
                item.position = number * 10
                item.save(update_fields=["position"])


# -- a library's progress on a step ------------------------------------------------------
@dataclass
class ProgressInput:
    done: bool
    done_on: date | None = None
    evidence_note: str = ""
    evidence_link: str = ""
    evidence_file: UploadedFile | None = None
    remove_file: bool = False
    #: Only for those who edit the plan; None leaves the stored due date.
    due_date: date | None = None
    change_due_date: bool = False
    from_suggestion: bool = False


def _check_progress(
    user: AnyUser, library: Organisation, step: RolloutStep, data: ProgressInput
) -> uploads.Checked | None:
    """Everything about the change; the evidence file's check when there is one."""
    today = timezone.localdate()
    errors = _Errors()
    if not step.active:
        errors.add("__all__", _("This step is no longer in use."))
    if data.done:
        if data.done_on is None:
            errors.add("done_on", _("Give the date the step was done."), "required")
        elif data.done_on > today:
            errors.add("done_on", _("The date cannot be in the future."))
        else:
            errors.date_range("done_on", data.done_on, today)
    if data.change_due_date:
        if not can_edit_plan(user, library):
            raise PermissionDenied
        errors.date_range("due_date", data.due_date, today)
    errors.text("evidence_note", data.evidence_note, MAX_NOTE)
    if data.evidence_link:
        if len(data.evidence_link) > 500:
            errors.add("evidence_link", _("Use at most %(limit)s characters.") % {"limit": 500})
        else:
            try:
                URLValidator(schemes=["http", "https"])(data.evidence_link)
            except ValidationError:
                errors.add(
                    "evidence_link",
                    _("Give a web address that starts with https:// or http://."),
                )
    checked = None
    if data.evidence_file is not None:
        try:
            checked = uploads.check(data.evidence_file)
        except ValidationError as exc:
            errors.add("evidence_file", exc)
    errors.raise_if_any()
    return checked


def save_progress(
    user: AnyUser, library: Organisation, step: RolloutStep, data: ProgressInput
) -> RolloutStepProgress:
    """Tick (or untick) a step for a library, with its date and evidence."""
    if not can_tick(user, library):
        raise PermissionDenied
    checked = _check_progress(user, library, step, data)
    new_name = ""
    if data.evidence_file is not None and checked is not None:
        probe = RolloutStepProgress(library=library, step=step)
        field = RolloutStepProgress._meta.get_field("evidence_file")
        new_name = field.storage.save(evidence_path(probe, checked.name), data.evidence_file)
    old_name = ""
    try:
        with transaction.atomic():
            progress, _created = RolloutStepProgress.objects.select_for_update().get_or_create(
                library=library, step=step
            )
            if data.done:
                same_date = progress.done_on == data.done_on
                if not same_date or progress.marked_at is None:
                    progress.done_by = user if getattr(user, "pk", None) else None  # type: ignore[assignment]
                    progress.marked_at = timezone.now()
                progress.from_suggestion = data.from_suggestion or (
                    progress.from_suggestion and same_date
                )
                progress.done_on = data.done_on
            else:
                progress.done_on = None
                progress.done_by = None
                progress.marked_at = None
                progress.from_suggestion = False
            if data.change_due_date:
                progress.due_date = data.due_date
            progress.evidence_note = data.evidence_note
            progress.evidence_link = data.evidence_link
            if new_name or data.remove_file:
                old_name = progress.evidence_file.name or ""
                progress.evidence_file.name = new_name
            progress.save()
    except Exception:
        if new_name:
            _delete_file(new_name)
        raise
    if old_name and old_name != new_name:
        transaction.on_commit(lambda: _delete_file(old_name))
    return progress


def _delete_file(name: str) -> None:
    field = RolloutStepProgress._meta.get_field("evidence_file")
    storage = field.storage
    if storage.exists(name):
        storage.delete(name)


def tick(
    user: AnyUser,
    library: Organisation,
    step: RolloutStep,
    *,
    done: bool = True,
    on: date | None = None,
    from_suggestion: bool = False,
) -> RolloutStepProgress:
    """The one-button "done" (today or ``on``) or "not done", keeping the evidence."""
    progress = RolloutStepProgress.objects.filter(library=library, step=step).first()
    return save_progress(
        user,
        library,
        step,
        ProgressInput(
            done=done,
            done_on=(on or timezone.localdate()) if done else None,
            evidence_note=progress.evidence_note if progress else "",
            evidence_link=progress.evidence_link if progress else "",
            from_suggestion=from_suggestion,
        ),
    )
