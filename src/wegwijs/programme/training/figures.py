"""Trained people per opening hour, per branch, per library and in aggregate.

**Trained.** An active person (not marked as left) who has completed *every required
training*. Which trainings are required is set per training by the programme office (by
default the e-learning with practical assignments, 'doorvragen' and 'zakelijke empathie').

**Opening hours that count** follow the library's IDO model, as on the public site
(``public/locations.py``): a *basis* IDO helps at its consultation hours (spreekuur), so
those count; *altijd beschikbaar* and *brede dienstverlening* help whenever the library is
open, so the opening hours count. The regular week is used (``network.hours.week_schedule``),
holidays and other exceptions are left out; ranges that overlap on the same day are counted
once.

**Trained people per opening hour** = trained people at the branch / weekly hours that count.
A person working at two branches counts at both; at the library level each person counts
once, over the library's IDO branches' hours together. A branch without hours that count gets
no figure but the text "no opening hours" (or "no consultation hours"), never a division by
zero, and is listed apart.

**Threshold.** A branch is flagged when it has fewer trained people per weekly opening hour
than the threshold set by the programme office (``TrainingPolicy``, default 0.25: one trained
person per four weekly hours, i.e. for every half-day shift of about four hours at least one
trained person on the team). Comparisons are exact (``trained × 60 < threshold × minutes``).

Everything is computed with a handful of queries whatever the number of branches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet

from wegwijs.network import hours
from wegwijs.network.models import Branch, HoursKind, IdoModel, OpeningPeriod, Organisation
from wegwijs.programme.training.models import (
    TrainingPerson,
    TrainingPolicy,
    TrainingRecord,
    TrainingType,
)

OPENING = HoursKind.OPEN
CONSULTATION = HoursKind.CONSULTATION


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def hours_kind(ido_model: str) -> str:
    """Which weekly hours count for an IDO model: consultation hours for *basis*."""
    return CONSULTATION if ido_model == IdoModel.BASIS else OPENING


def weekly_minutes(periods: Iterable[OpeningPeriod], kind: str) -> int:
    """Minutes per week of the periods of ``kind``; overlapping ranges of a day count once."""
    total = 0
    for _weekday, ranges in hours.week_schedule(list(periods), kind):
        end = -1
        for opens, closes in ranges:  # sorted by opening time
            start, stop = _minutes(opens), _minutes(closes)
            if stop <= end:
                continue
            total += stop - max(start, end)
            end = stop
    return total


def per_hour(trained: int, minutes: int) -> Decimal | None:
    """Trained people per weekly hour, two decimals (None without hours)."""
    if minutes <= 0:
        return None
    return (Decimal(trained * 60) / Decimal(minutes)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def below(trained: int, minutes: int, threshold: Decimal) -> bool:
    """Fewer trained people per hour than the threshold (exact; False without hours)."""
    return minutes > 0 and Decimal(trained * 60) < threshold * minutes


def required_trainings() -> list[TrainingType]:
    return list(TrainingType.objects.filter(required=True, active=True))


def trained_ids(person_ids: Iterable[int], required: Sequence[TrainingType]) -> set[int]:
    """The people among ``person_ids`` who completed every required training."""
    ids = list(person_ids)
    if not ids:
        return set()
    if not required:
        return set(ids)
    done = (
        TrainingRecord.objects.filter(
            person_id__in=ids,
            training__in=[t.pk for t in required],
            completed_on__isnull=False,
        )
        .values("person_id")
        .annotate(n=Count("training", distinct=True))
        .filter(n=len(required))
        .values_list("person_id", flat=True)
    )
    return set(done)


@dataclass
class BranchFigure:
    branch: Branch
    kind: str  # which hours count: OPENING or CONSULTATION
    minutes: int
    active: int
    trained: int
    threshold: Decimal

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def has_hours(self) -> bool:
        return self.minutes > 0

    @property
    def ratio(self) -> Decimal | None:
        return per_hour(self.trained, self.minutes)

    @property
    def below(self) -> bool:
        return below(self.trained, self.minutes, self.threshold)

    @property
    def consultation(self) -> bool:
        return self.kind == CONSULTATION


@dataclass
class LibraryFigure:
    library: Organisation
    branches: list[BranchFigure]
    active: int
    trained: int
    threshold: Decimal

    @property
    def minutes(self) -> int:
        return sum(b.minutes for b in self.branches)

    @property
    def ratio(self) -> Decimal | None:
        return per_hour(self.trained, self.minutes)

    @property
    def below_count(self) -> int:
        return sum(1 for b in self.branches if b.below)

    @property
    def without_hours(self) -> int:
        return sum(1 for b in self.branches if not b.has_hours)

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Aggregate:
    """Counts over several libraries (a province, a POI, the country): no names."""

    label: str
    libraries: int = 0
    branches: int = 0
    active: int = 0
    trained: int = 0
    minutes: int = 0
    below: int = 0
    without_hours: int = 0
    members: list[LibraryFigure] = field(default_factory=list)

    def add(self, figure: LibraryFigure) -> None:
        self.libraries += 1
        self.branches += len(figure.branches)
        self.active += figure.active
        self.trained += figure.trained
        self.minutes += figure.minutes
        self.below += figure.below_count
        self.without_hours += figure.without_hours
        self.members.append(figure)

    @property
    def ratio(self) -> Decimal | None:
        return per_hour(self.trained, self.minutes)

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def library_figures(
    libraries: QuerySet[Organisation] | Iterable[Organisation],
    *,
    threshold: Decimal | None = None,
) -> list[LibraryFigure]:
    """The figures of each library and its IDO branches (seven queries in all)."""
    libs = list(libraries)
    threshold = TrainingPolicy.current().min_trained_per_hour if threshold is None else threshold
    branches = list(
        Branch.objects.filter(organisation__in=[lib.pk for lib in libs], has_ido=True)
        .select_related("organisation")
        .prefetch_related("opening_periods")
        .order_by("name")
    )
    active_people = dict(
        TrainingPerson.objects.filter(
            library__in=[lib.pk for lib in libs], left_on__isnull=True
        ).values_list("pk", "library_id")
    )
    trained = trained_ids(active_people, required_trainings())
    at_branch: dict[int, set[int]] = defaultdict(set)
    links = TrainingPerson.branches.through.objects.filter(
        trainingperson_id__in=list(active_people), branch_id__in=[b.pk for b in branches]
    ).values_list("branch_id", "trainingperson_id")
    for branch_id, person_id in links:
        at_branch[branch_id].add(person_id)
    by_library: dict[int, list[BranchFigure]] = defaultdict(list)
    for branch in branches:
        kind = hours_kind(branch.organisation.ido_model)
        people = at_branch.get(branch.pk, set())
        by_library[branch.organisation_id].append(
            BranchFigure(
                branch=branch,
                kind=kind,
                minutes=weekly_minutes(branch.opening_periods.all(), kind),
                active=len(people),
                trained=len(people & trained),
                threshold=threshold,
            )
        )
    people_of: dict[int, set[int]] = defaultdict(set)
    for person_id, library_id in active_people.items():
        people_of[library_id].add(person_id)
    return [
        LibraryFigure(
            library=lib,
            branches=by_library.get(lib.pk, []),
            active=len(people_of[lib.pk]),
            trained=len(people_of[lib.pk] & trained),
            threshold=threshold,
        )
        for lib in libs
    ]


def aggregate(figures: Iterable[LibraryFigure], key: str = "province") -> list[Aggregate]:
    """Library figures summed per province (``key="province"``) or per POI (``"poi"``)."""
    groups: dict[str, Aggregate] = {}
    for figure in figures:
        owner = getattr(figure.library, key)
        name = owner.name if owner is not None else "–"
        groups.setdefault(name, Aggregate(label=name)).add(figure)
    return [groups[name] for name in sorted(groups)]


def total(figures: Iterable[LibraryFigure], label: str) -> Aggregate:
    result = Aggregate(label=label)
    for figure in figures:
        result.add(figure)
    return result
