"""The trajectories as a matrix: libraries × activities, each cell planned, done, not yet or
not offered, with the completion figures.

- **done**: the activity has a "done on" date;
- **planned**: it has a "planned for" date and no "done on" date;
- **not yet**: it is offered in the library's province but not planned (or has notes only);
- **not offered**: it is not offered in the library's province and nothing was recorded.

An activity recorded before its offer was withdrawn keeps its status. Completion counts the
offered cells only: "done" / "offered" per activity, per library and in total; a library's
basic trajectory is complete when every offered basic activity is done.

Three queries whatever the number of libraries: the libraries, the activity types with their
provinces, and the items of those libraries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wegwijs.network.models import Organisation
from wegwijs.programme.support.models import SupportActivityType, SupportItem, SupportTier

DONE = "done"
PLANNED = "planned"
NOT_YET = "not_yet"
NOT_OFFERED = "not_offered"

STATUS_LABELS: dict[str, str | Promise] = {
    DONE: _("Done"),
    PLANNED: _("Planned"),
    NOT_YET: _("Not yet"),
    NOT_OFFERED: _("Not offered"),
}
STATUS_CHOICES = [(key, label) for key, label in STATUS_LABELS.items()]


def item_status(item: SupportItem) -> str:
    if item.done_on is not None:
        return DONE
    if item.planned_on is not None:
        return PLANNED
    return NOT_YET


def is_offered(activity: SupportActivityType, province_id: int | None) -> bool:
    """Offered everywhere, or in the library's province (uses prefetched provinces)."""
    if activity.offered_everywhere:
        return True
    return province_id is not None and any(p.pk == province_id for p in activity.provinces.all())


@dataclass
class Cell:
    activity: SupportActivityType
    status: str
    item: SupportItem | None = None

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def offered(self) -> bool:
        return self.status != NOT_OFFERED


@dataclass
class Row:
    library: Organisation
    cells: list[Cell]

    @property
    def offered(self) -> int:
        return sum(1 for c in self.cells if c.offered)

    @property
    def done(self) -> int:
        return sum(1 for c in self.cells if c.status == DONE)

    @property
    def basic_complete(self) -> bool:
        basic = [c for c in self.cells if c.activity.tier == SupportTier.BASIC and c.offered]
        return bool(basic) and all(c.status == DONE for c in basic)


@dataclass
class Figure:
    """Counts of one activity over the rows shown."""

    activity: SupportActivityType
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_LABELS, 0))

    @property
    def offered(self) -> int:
        return self.counts[DONE] + self.counts[PLANNED] + self.counts[NOT_YET]

    @property
    def percent_done(self) -> int | None:
        return percent(self.counts[DONE], self.offered)


@dataclass
class Matrix:
    activities: list[SupportActivityType]
    rows: list[Row]
    figures: list[Figure]

    @property
    def offered(self) -> int:
        return sum(f.offered for f in self.figures)

    @property
    def done(self) -> int:
        return sum(f.counts[DONE] for f in self.figures)

    @property
    def planned(self) -> int:
        return sum(f.counts[PLANNED] for f in self.figures)

    @property
    def percent_done(self) -> int | None:
        return percent(self.done, self.offered)

    @property
    def basic_complete(self) -> int:
        return sum(1 for r in self.rows if r.basic_complete)


def percent(part: int, whole: int) -> int | None:
    """Rounded half up; None when there is nothing to count."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)


def activities(*, include_inactive: bool = False) -> list[SupportActivityType]:
    qs = SupportActivityType.objects.prefetch_related("provinces").order_by(
        "tier", "position", "name"
    )
    if not include_inactive:
        qs = qs.filter(active=True)
    return list(qs)


def cells_for(
    library: Organisation,
    types: Sequence[SupportActivityType],
    items: dict[int, SupportItem],
) -> list[Cell]:
    cells = []
    for activity in types:
        item = items.get(activity.pk)
        if item is not None:
            cells.append(Cell(activity, item_status(item), item))
        elif is_offered(activity, library.province_id):
            cells.append(Cell(activity, NOT_YET))
        else:
            cells.append(Cell(activity, NOT_OFFERED))
    return cells


def build(
    libraries: QuerySet[Organisation] | Iterable[Organisation],
    *,
    types: Sequence[SupportActivityType] | None = None,
    status: str = "",
    activity: SupportActivityType | None = None,
) -> Matrix:
    """The matrix of ``libraries``; with ``status``, only the libraries with a cell of that
    status (in the column of ``activity`` when given)."""
    types = list(types if types is not None else activities())
    libs = list(libraries)
    by_library: dict[int, dict[int, SupportItem]] = {}
    items = SupportItem.objects.filter(
        library__in=[lib.pk for lib in libs], activity__in=[t.pk for t in types]
    ).select_related("consultant")
    for item in items:
        by_library.setdefault(item.library_id, {})[item.activity_id] = item
    rows = []
    for library in libs:
        row = Row(library, cells_for(library, types, by_library.get(library.pk, {})))
        if status:
            cells = row.cells
            if activity is not None:
                cells = [c for c in cells if c.activity.pk == activity.pk]
            if not any(c.status == status for c in cells):
                continue
        rows.append(row)
    figures = [Figure(t) for t in types]
    for row in rows:
        for figure, cell in zip(figures, row.cells, strict=True):
            figure.counts[cell.status] += 1
    return Matrix(types, rows, figures)
