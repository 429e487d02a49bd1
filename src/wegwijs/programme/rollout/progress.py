"""Reading the rollout: each library's status, progress per wave and per province, coverage
per municipality, the checklist with Wegwijs's suggestions, and what is behind schedule.

Everything is computed from a library queryset that the caller has already scoped
(``access.libraries(user)``), in a few queries, then counted in Python: a national page is a
few hundred libraries and branches.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wegwijs.network.models import Branch, Municipality, Organisation, Province, Wave
from wegwijs.programme.rollout.models import (
    AreaKind,
    LibraryRollout,
    PartnerCooperation,
    RolloutStep,
    RolloutStepProgress,
    RolloutWave,
    StepSuggestion,
)
from wegwijs.programme.rollout.services import wave_label


class Status(StrEnum):
    OPENED = "opened"
    BEHIND = "behind"
    PLANNED = "planned"
    UNPLANNED = "unplanned"


STATUS_LABELS: dict[str, str | Promise] = {
    Status.OPENED: gettext_lazy("Opened"),
    Status.BEHIND: gettext_lazy("Behind schedule"),
    Status.PLANNED: gettext_lazy("Planned"),
    Status.UNPLANNED: gettext_lazy("No date yet"),
}

#: The parts of the country (CBS landsdelen), for "spread over the country".
REGIONS: dict[str, str | Promise] = {
    "north": gettext_lazy("North"),
    "east": gettext_lazy("East"),
    "west": gettext_lazy("West"),
    "south": gettext_lazy("South"),
}
REGION_OF_PROVINCE = {
    "NL-GR": "north",
    "NL-FR": "north",
    "NL-DR": "north",
    "NL-OV": "east",
    "NL-FL": "east",
    "NL-GE": "east",
    "NL-UT": "west",
    "NL-NH": "west",
    "NL-ZH": "west",
    "NL-ZE": "west",
    "NL-NB": "south",
    "NL-LI": "south",
}


def status_of(plan: LibraryRollout | None, today: date) -> Status:
    """Opened (an actual opening date), behind (the planned date has passed), planned (a
    date to come) or no date yet."""
    if plan is None:
        return Status.UNPLANNED
    if plan.actual_opening is not None and plan.actual_opening <= today:
        return Status.OPENED
    if plan.planned_opening is None:
        return Status.UNPLANNED
    return Status.BEHIND if plan.planned_opening < today else Status.PLANNED


# -- libraries ---------------------------------------------------------------------------
@dataclass
class LibraryRow:
    library: Organisation
    plan: LibraryRollout | None
    status: Status

    @property
    def planned_opening(self) -> date | None:
        return self.plan.planned_opening if self.plan else None

    @property
    def actual_opening(self) -> date | None:
        return self.plan.actual_opening if self.plan else None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def region(self) -> str:
        province = self.library.province
        return REGION_OF_PROVINCE.get(province.code, "") if province else ""

    @property
    def url(self) -> str:
        return reverse("programme:rollout:library", args=[self.library.slug])


def library_rows(libraries: QuerySet[Organisation], today: date) -> list[LibraryRow]:
    qs = libraries.select_related("province", "poi").order_by("name")
    plans = {p.library_id: p for p in LibraryRollout.objects.filter(library__in=qs.values("pk"))}
    return [
        LibraryRow(library, plans.get(library.pk), status_of(plans.get(library.pk), today))
        for library in qs
    ]


# -- figures per wave and per province ---------------------------------------------------
@dataclass
class Counts:
    libraries: int = 0
    opened: int = 0
    behind: int = 0
    planned: int = 0
    unplanned: int = 0

    def add(self, status: Status) -> None:
        self.libraries += 1
        setattr(self, str(status), getattr(self, str(status)) + 1)

    @property
    def share_opened(self) -> int:
        return round(100 * self.opened / self.libraries) if self.libraries else 0


@dataclass
class WaveFigures:
    code: str
    label: str
    wave: RolloutWave | None
    counts: Counts = field(default_factory=Counts)
    regions: Counter[str] = field(default_factory=Counter)
    areas: Counter[str] = field(default_factory=Counter)
    cooperation: Counter[str] = field(default_factory=Counter)

    @property
    def target(self) -> int | None:
        return self.wave.planned_libraries if self.wave else None


@dataclass
class ProvinceFigures:
    province: Province
    counts: Counts = field(default_factory=Counts)


@dataclass
class Progress:
    waves: list[WaveFigures]
    provinces: list[ProvinceFigures]
    total: Counts
    #: The bars are the waves' targets (national view) or the libraries in each wave.
    national: bool

    def planned_of(self, wave: WaveFigures) -> int:
        if self.national and wave.target is not None:
            return wave.target
        return wave.counts.libraries

    @property
    def planned_total(self) -> int:
        return sum(self.planned_of(w) for w in self.waves)

    def summary(self) -> str:
        """One sentence for the chart's text alternative and the page."""
        planned = self.planned_total
        waves = len(self.waves)
        text = ngettext(
            "%(planned)s libraries are planned in %(waves)s wave.",
            "%(planned)s libraries are planned in %(waves)s waves.",
            waves,
        ) % {"planned": planned, "waves": waves}
        text += " " + ngettext(
            "%(opened)s has opened its Informatiepunt (%(share)s%%)",
            "%(opened)s have opened their Informatiepunt (%(share)s%%)",
            self.total.opened,
        ) % {
            "opened": self.total.opened,
            "share": round(100 * self.total.opened / planned) if planned else 0,
        }
        text += ", " + ngettext(
            "%(behind)s is behind schedule.",
            "%(behind)s are behind schedule.",
            self.total.behind,
        ) % {"behind": self.total.behind}
        return text


def _wave_order() -> list[str]:
    return list(Wave.values)


def progress(rows: Sequence[LibraryRow], *, national: bool) -> Progress:
    waves = {w.code: w for w in RolloutWave.objects.all()}
    by_wave: dict[str, WaveFigures] = {
        code: WaveFigures(code, wave_label(code), wave) for code, wave in waves.items()
    }
    by_province: dict[int, ProvinceFigures] = {}
    total = Counts()
    for row in rows:
        code = row.library.wave
        figures = by_wave.get(code)
        if figures is None:
            figures = by_wave[code] = WaveFigures(code, wave_label(code), None)
        figures.counts.add(row.status)
        figures.regions[row.region or "unknown"] += 1
        figures.areas[(row.plan.area_kind if row.plan else "") or "unknown"] += 1
        figures.cooperation[(row.plan.partner_cooperation if row.plan else "") or "unknown"] += 1
        total.add(row.status)
        province = row.library.province
        if province is not None:
            by_province.setdefault(province.pk, ProvinceFigures(province)).counts.add(row.status)
    order = _wave_order()

    def wave_key(item: WaveFigures) -> tuple[date, int]:
        start = item.wave.planned_start if item.wave else date.max
        return (start, order.index(item.code) if item.code in order else len(order))

    return Progress(
        waves=sorted(by_wave.values(), key=wave_key),
        provinces=sorted(by_province.values(), key=lambda p: p.province.name),
        total=total,
        national=national,
    )


SELECTION_COLUMNS: list[tuple[str, str, str | Promise]] = [
    *(("regions", key, label) for key, label in REGIONS.items()),
    *(("areas", str(kind.value), kind.label) for kind in AreaKind),
    *(("cooperation", str(kind.value), kind.label) for kind in PartnerCooperation),
]


def selection_cells(wave: WaveFigures) -> list[int]:
    """The wave's libraries per part of the country, kind of area and cooperation (the
    columns of :data:`SELECTION_COLUMNS`)."""
    return [getattr(wave, group)[key] for group, key, _label in SELECTION_COLUMNS]


# -- coverage per municipality -----------------------------------------------------------
class Coverage(StrEnum):
    COVERED = "covered"
    PLANNED = "planned"
    NONE = "none"


COVERAGE_LABELS: dict[str, str | Promise] = {
    Coverage.COVERED: gettext_lazy("Open Informatiepunt"),
    Coverage.PLANNED: gettext_lazy("Informatiepunt to come"),
    Coverage.NONE: gettext_lazy("No Informatiepunt"),
}


@dataclass
class MunicipalityRow:
    municipality: Municipality
    open_branches: int = 0
    other_branches: int = 0

    @property
    def coverage(self) -> Coverage:
        if self.open_branches:
            return Coverage.COVERED
        return Coverage.PLANNED if self.other_branches else Coverage.NONE

    @property
    def coverage_label(self) -> str:
        return str(COVERAGE_LABELS[self.coverage])


@dataclass
class ProvinceCoverage:
    province: Province
    municipalities: int = 0
    covered: int = 0

    @property
    def share(self) -> int:
        return round(100 * self.covered / self.municipalities) if self.municipalities else 0


def municipality_rows(municipalities: QuerySet[Municipality], today: date) -> list[MunicipalityRow]:
    """Every municipality with its number of branches with an open Informatiepunt (the branch
    has an IDO and its library has opened) and of branches whose IDO is still to come."""
    rows = {
        m.pk: MunicipalityRow(m) for m in municipalities.select_related("province").order_by("name")
    }
    branches = Branch.objects.filter(has_ido=True, municipality_id__in=list(rows)).values_list(
        "municipality_id", "organisation__rollout__actual_opening"
    )
    for municipality_id, opened in branches:
        row = rows[municipality_id]
        if opened is not None and opened <= today:
            row.open_branches += 1
        else:
            row.other_branches += 1
    return list(rows.values())


def coverage_by_province(rows: Iterable[MunicipalityRow]) -> list[ProvinceCoverage]:
    by_province: dict[int, ProvinceCoverage] = {}
    for row in rows:
        province = row.municipality.province
        item = by_province.setdefault(province.pk, ProvinceCoverage(province))
        item.municipalities += 1
        item.covered += row.coverage == Coverage.COVERED
    return sorted(by_province.values(), key=lambda p: p.province.name)


SORTS = {
    "name": lambda r: (r.municipality.name.lower(),),
    "province": lambda r: (r.municipality.province.name, r.municipality.name.lower()),
    "coverage": lambda r: (
        [Coverage.COVERED, Coverage.PLANNED, Coverage.NONE].index(r.coverage),
        r.municipality.name.lower(),
    ),
    "branches": lambda r: (-r.open_branches, -r.other_branches, r.municipality.name.lower()),
}


def sort_municipalities(rows: list[MunicipalityRow], sort: str) -> list[MunicipalityRow]:
    """Sort by ``name``, ``province``, ``coverage`` or ``branches``; ``-`` in front reverses."""
    reverse_order = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["name"])
    return sorted(rows, key=key, reverse=reverse_order)


# -- branches on the map -----------------------------------------------------------------
@dataclass
class BranchRow:
    branch: Branch
    status: Status

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def branch_rows(rows: Sequence[LibraryRow]) -> list[BranchRow]:
    """The branches with an Informatiepunt of these libraries, with their library's status."""
    status = {row.library.pk: row.status for row in rows}
    branches = (
        Branch.objects.filter(has_ido=True, organisation_id__in=list(status))
        .select_related("organisation", "municipality")
        .order_by("place", "name")
    )
    return [BranchRow(b, status[b.organisation_id]) for b in branches]


def map_points(rows: Iterable[BranchRow]) -> list[dict[str, object]]:
    """Markers for the rollout map (static/programme/rollout/rollout-map.js)."""
    return [
        {
            "name": r.branch.name,
            "organisation": r.branch.organisation.name,
            "place": r.branch.place,
            "lat": r.branch.latitude,
            "lon": r.branch.longitude,
            "ido": True,
            "status": str(r.status),
            "status_label": r.status_label,
            "url": reverse("programme:rollout:library", args=[r.branch.organisation.slug]),
        }
        for r in rows
        if r.branch.latitude is not None and r.branch.longitude is not None
    ]


# -- the checklist -----------------------------------------------------------------------
@dataclass
class ChecklistItem:
    step: RolloutStep
    progress: RolloutStepProgress | None
    due: date | None
    overdue: bool
    suggestion: str = ""
    suggested_date: date | None = None

    @property
    def done_on(self) -> date | None:
        return self.progress.done_on if self.progress else None

    @property
    def has_evidence(self) -> bool:
        p = self.progress
        return bool(p and (p.evidence_note or p.evidence_link or p.evidence_file))


def due_date(
    step: RolloutStep, progress: RolloutStepProgress | None, plan: LibraryRollout | None
) -> date | None:
    """The library's own due date for the step, else the planned opening plus the step's
    offset."""
    if progress is not None and progress.due_date is not None:
        return progress.due_date
    if plan is not None and plan.planned_opening is not None:
        return plan.planned_opening + timedelta(days=step.due_offset_days)
    return None


def _fmt(value: date) -> str:
    return str(formats.date_format(value, "j F Y"))


def suggestions(libraries: Iterable[Organisation]) -> dict[int, dict[str, tuple[str, date]]]:
    """What Wegwijs knows per library: published offers on the social map (since the first
    one), and the actual opening. ``{library id: {suggestion: (text, date)}}``."""
    from wegwijs.socialmap.models import Service, ServiceStatus

    ids = [lib.pk for lib in libraries]
    found: dict[int, dict[str, tuple[str, date]]] = defaultdict(dict)
    offers = (
        Service.objects.filter(organization__owner_id__in=ids, status=ServiceStatus.ACTIVE)
        .order_by()
        .values("organization__owner_id")
        .annotate(first=Min("created_at"), count=Count("pk"))
    )
    for item in offers:
        owner = item["organization__owner_id"]
        first = timezone.localdate(item["first"])
        found[owner][StepSuggestion.SOCIAL_MAP] = (
            ngettext(
                "The library has %(count)s published offer on the social map.",
                "The library has %(count)s published offers on the social map.",
                item["count"],
            )
            % {"count": item["count"]},
            first,
        )
    for plan in LibraryRollout.objects.filter(library_id__in=ids, actual_opening__isnull=False):
        assert plan.actual_opening is not None
        found[plan.library_id][StepSuggestion.OPENING] = (
            _("The Informatiepunt opened on %(date)s.") % {"date": _fmt(plan.actual_opening)},
            plan.actual_opening,
        )
    return found


def checklist(library: Organisation, today: date) -> list[ChecklistItem]:
    plan = LibraryRollout.objects.filter(library=library).first()
    done = {p.step_id: p for p in RolloutStepProgress.objects.filter(library=library)}
    known = suggestions([library]).get(library.pk, {})
    items = []
    for step in RolloutStep.objects.filter(active=True):
        progress = done.get(step.pk)
        due = due_date(step, progress, plan)
        finished = progress is not None and progress.done_on is not None
        text, suggested = known.get(step.suggestion, ("", None)) if step.suggestion else ("", None)
        items.append(
            ChecklistItem(
                step=step,
                progress=progress,
                due=due,
                overdue=not finished and due is not None and due < today,
                suggestion=text,
                suggested_date=suggested,
            )
        )
    return items


# -- behind schedule ---------------------------------------------------------------------
class BehindKind(StrEnum):
    OPENING = "opening"
    STEP = "step"


@dataclass
class BehindItem:
    library: Organisation
    kind: BehindKind
    what: str
    due: date
    days: int
    step: RolloutStep | None = None
    hint: str = ""

    @property
    def url(self) -> str:
        return reverse("programme:rollout:library", args=[self.library.slug])

    @property
    def kind_label(self) -> str:
        return _("Opening") if self.kind == BehindKind.OPENING else _("Checklist step")


def behind(rows: Sequence[LibraryRow], today: date) -> list[BehindItem]:
    """Openings and checklist steps past their date, most overdue first."""
    items: list[BehindItem] = []
    for row in rows:
        if row.status == Status.BEHIND and row.planned_opening is not None:
            items.append(
                BehindItem(
                    row.library,
                    BehindKind.OPENING,
                    _("Open the Informatiepunt"),
                    row.planned_opening,
                    (today - row.planned_opening).days,
                )
            )
    steps = list(RolloutStep.objects.filter(active=True))
    ids = [row.library.pk for row in rows]
    progress: dict[tuple[int, int], RolloutStepProgress] = {
        (p.library_id, p.step_id): p
        for p in RolloutStepProgress.objects.filter(library_id__in=ids, step__active=True)
    }
    known = suggestions(row.library for row in rows) if steps else {}
    for row in rows:
        for step in steps:
            p = progress.get((row.library.pk, step.pk))
            if p is not None and p.done_on is not None:
                continue
            due = due_date(step, p, row.plan)
            if due is None or due >= today:
                continue
            hint = ""
            if step.suggestion and step.suggestion in known.get(row.library.pk, {}):
                hint = _("Wegwijs sees this as done: confirm it on the checklist.")
            items.append(
                BehindItem(
                    row.library, BehindKind.STEP, step.title, due, (today - due).days, step, hint
                )
            )
    items.sort(key=lambda i: (-i.days, i.library.name, i.kind != BehindKind.OPENING, i.what))
    return items
