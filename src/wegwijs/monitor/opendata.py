"""Open data for the programme office: the national figures of a quarter (or of the quarters
of a year), protected as everything outside the library, as CSV files, one JSON document and
a Frictionless Data Package descriptor (``datapackage.json``), in one ZIP.

**What is published.** Counts of questions only, never a registration and never free text,
and no geography below the province. Per quarter:

* the total;
* one-way tables: by month, province, kind, theme, organisation (with its government
  layer), help given and channel;
* two-way tables: province by month, province by theme, theme by help given, organisation by
  help given.

**Protection.** Each one-way table is one line against the quarter's total, protected by the
monitor's own :func:`wegwijs.monitor.suppression.protect` (1 to 4 as "<5", complementary
suppression as "×"), exactly as a dashboard table. A two-way table adds equations: each of
its rows adds up to a figure of one one-way table and each column to a figure of another, so
hiding per line is not enough (a hidden cell can be the only unknown of its column once its
row partner is worked out). Two-way tables are therefore protected in two steps: the
dashboard's rule on every row and column against its margin as published, then an audit
with a linear programme over *everything published for the quarter* (every table, every
equation between them): for each "<5" it finds the lowest and highest value consistent with
all of it, and while one has fewer than two possible values, a further figure of its rows
and columns is hidden. A table that cannot be protected is withheld; its margins stay.

**Releases.** A quarter is published from its report day on (the second working day of the
next quarter) and kept as first published (:class:`OpenDataRelease`): a later download gives
the same figures, so two versions of a quarter cannot be compared to work out late
registrations. A year is its quarters (each row names its quarter), so nothing in it can be
differenced against the quarters either.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegwijs.desk.codes import LAYER_OF, Channel, HelpGiven, Kind, OrganisationCode, Theme
from wegwijs.monitor import pdfreport, rollups, suppression
from wegwijs.monitor.models import Geo, Grain, OpenDataRelease, QuestionRollup
from wegwijs.monitor.rollups import QShape
from wegwijs.monitor.suppression import SECONDARY, SMALL, Cell
from wegwijs.network.models import Organisation, OrganisationKind, Province

FORMAT = 1  # of the stored release content
MARKERS = {SMALL: "<5", SECONDARY: "×"}
MISSING_VALUES = ["<5", "×"]
LICENCE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}

#: The dimensions, in the order of the counted key (province, month, kind, organisation,
#: theme, help given); channel is counted apart.
KEY = ("province", "month", "kind", "organisation", "theme", "help_given")
ONE_WAY = ("month", "province", "kind", "theme", "organisation", "help_given", "channel")
TWO_WAY = (
    ("province", "month"),
    ("province", "theme"),
    ("theme", "help_given"),
    ("organisation", "help_given"),
)


class OpenDataError(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


# --- Dimensions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    key: str
    fields: tuple[dict[str, Any], ...]  # Table Schema field descriptors
    items: tuple[tuple[str, dict[str, str]], ...]  # code, the row's values of the fields


def _coded(key: str, title: str, choices: Iterable[tuple[str, Any]]) -> Dimension:
    items = tuple((code, {key: code, f"{key}_label": str(label)}) for code, label in choices)
    return Dimension(
        key,
        (
            {
                "name": key,
                "type": "string",
                "title": title,
                "description": _("The stable code (see the documentation of Wegwijs)."),
                "constraints": {"required": True, "enum": [code for code, _v in items]},
            },
            {
                "name": f"{key}_label",
                "type": "string",
                "title": _("%(name)s (name)") % {"name": title},
            },
        ),
        items,
    )


def dimensions(year: int, quarter: int) -> dict[str, Dimension]:
    period = pdfreport.quarter_period(year, quarter)
    months = [date(year, period.start.month + i, 1) for i in range(3)]
    provinces = list(Province.objects.order_by("code").values_list("code", "name"))
    organisation = _coded("organisation", _("Organisation"), OrganisationCode.choices)
    organisation = Dimension(
        "organisation",
        (
            *organisation.fields,
            {
                "name": "government_layer",
                "type": "string",
                "title": _("Government layer"),
                "constraints": {"enum": sorted(set(LAYER_OF.values()))},
            },
        ),
        tuple(
            (code, {**values, "government_layer": LAYER_OF.get(code, "overig")})
            for code, values in organisation.items
        ),
    )
    return {
        "month": Dimension(
            "month",
            (
                {
                    "name": "month",
                    "type": "yearmonth",
                    "title": _("Month"),
                    "constraints": {"required": True},
                },
            ),
            tuple((m.strftime("%Y-%m"), {"month": m.strftime("%Y-%m")}) for m in months),
        ),
        "province": Dimension(
            "province",
            (
                {
                    "name": "province_code",
                    "type": "string",
                    "title": _("Province code"),
                    "description": _("ISO 3166-2, e.g. NL-ZH"),
                    "constraints": {"required": True, "pattern": "NL-[A-Z]{2}"},
                },
                {"name": "province", "type": "string", "title": _("Province")},
            ),
            tuple((code, {"province_code": code, "province": name}) for code, name in provinces),
        ),
        "kind": _coded("kind", _("Kind of question"), Kind.choices),
        "theme": _coded("theme", _("Theme"), Theme.choices),
        "organisation": organisation,
        "help_given": _coded("help_given", _("Help given"), HelpGiven.choices),
        "channel": _coded("channel", _("Channel"), Channel.choices),
    }


def _title(dims: Sequence[str]) -> str:
    names = {
        "month": _("month"),
        "province": _("province"),
        "kind": _("kind of question"),
        "theme": _("theme"),
        "organisation": _("organisation"),
        "help_given": _("help given"),
        "channel": _("channel"),
    }
    if len(dims) == 1:
        return _("Questions by %(a)s") % {"a": names[dims[0]]}
    return _("Questions by %(a)s and %(b)s") % {"a": names[dims[0]], "b": names[dims[1]]}


def table_name(dims: Sequence[str]) -> str:
    return "questions-by-" + "-and-".join(d.replace("_", "-") for d in dims)


TOTAL_NAME = "questions-total"


def table_names() -> list[str]:
    return [TOTAL_NAME, *[table_name((d,)) for d in ONE_WAY], *[table_name(p) for p in TWO_WAY]]


def table_titles() -> list[tuple[str, str]]:
    """Each table's name (its CSV file) and title."""
    return [
        (TOTAL_NAME, _("Questions in total")),
        *[(table_name((d,)), _title((d,))) for d in ONE_WAY],
        *[(table_name(p), _title(p)) for p in TWO_WAY],
    ]


# --- Counting ---------------------------------------------------------------------------------


def _counts(year: int, quarter: int) -> tuple[Counter[tuple[str, ...]], Counter[str]]:
    """Questions of the quarter by province, month and codes (from the province rollups),
    and by channel (national rollups)."""
    rollups.fold_for_read()  # PostgreSQL: pending deltas into the rollups first
    period = pdfreport.quarter_period(year, quarter)
    provinces = dict(Province.objects.values_list("pk", "code"))
    codes: Counter[tuple[str, ...]] = Counter()
    rows = (
        QuestionRollup.objects.filter(
            shape=QShape.CODES,
            grain=Grain.MONTH,
            geo=Geo.PROVINCE,
            period__gte=period.start,
            period__lte=period.end,
        )
        .values("geo_id", "period", "kind", "organisation", "theme", "help_given")
        .annotate(total=Sum("n"))
        .order_by()
    )
    for row in rows:
        month = row["period"]
        month = month if isinstance(month, date) else date.fromisoformat(str(month))
        province = provinces.get(row["geo_id"], "")
        key = (
            province,
            month.strftime("%Y-%m"),
            row["kind"],
            row["organisation"],
            row["theme"],
            row["help_given"],
        )
        codes[key] += row["total"]
    channels: Counter[str] = Counter()
    for channel_row in (
        QuestionRollup.objects.filter(
            shape=QShape.CONTACT,
            grain=Grain.MONTH,
            geo=Geo.NATIONAL,
            geo_id=0,
            period__gte=period.start,
            period__lte=period.end,
        )
        .values("channel")
        .annotate(total=Sum("n"))
        .order_by()
    ):
        channels[channel_row["channel"]] += channel_row["total"]
    return +codes, +channels


# --- Protection -------------------------------------------------------------------------------


class System:
    """Everything published for a quarter as cells and the equations a reader knows between
    them (each: a sum of cells with coefficients is 0, a total being a cell with -1)."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.equations: list[list[tuple[int, int]]] = []
        self.of_cell: list[list[int]] = []

    def add(self, cell: Cell) -> int:
        self.cells.append(cell)
        self.of_cell.append([])
        return len(self.cells) - 1

    def equation(self, terms: list[tuple[int, int]]) -> None:
        self.equations.append(terms)
        for index, _coefficient in terms:
            self.of_cell[index].append(len(self.equations) - 1)

    def mark(self) -> tuple[int, int]:
        return len(self.cells), len(self.equations)

    def rollback(self, mark: tuple[int, int]) -> None:
        cells, equations = mark
        del self.cells[cells:], self.of_cell[cells:], self.equations[equations:]
        for eq_ids in self.of_cell:
            eq_ids[:] = [e for e in eq_ids if e < equations]

    def hide(self, index: int) -> None:
        self.cells[index] = Cell(self.cells[index].value, SECONDARY)

    def component(self, start: int) -> set[int]:
        """The hidden cells linked to ``start`` through equations with other hidden cells."""
        seen = {start}
        todo = [start]
        while todo:
            index = todo.pop()
            for eq in self.of_cell[index]:
                for other, _c in self.equations[eq]:
                    if other not in seen and self.cells[other].hidden:
                        seen.add(other)
                        todo.append(other)
        return seen

    def bounds_of(self, index: int) -> tuple[int, int]:
        """The lowest and highest whole value of hidden cell ``index`` that fits everything
        published (a linear programme over its component)."""
        from scipy.optimize import linprog

        variables = sorted(self.component(index))
        position = {cell: k for k, cell in enumerate(variables)}
        rows, rhs = [], []
        for eq in sorted({e for cell in variables for e in self.of_cell[cell]}):
            row = [0.0] * len(variables)
            constant = 0
            for cell, coefficient in self.equations[eq]:
                if cell in position:
                    row[position[cell]] += coefficient
                else:
                    constant += coefficient * self.cells[cell].value
            rows.append(row)
            rhs.append(-constant)
        bounds = [
            (1, suppression.THRESHOLD - 1)
            if self.cells[c].status == SMALL
            else (suppression.THRESHOLD, None)
            for c in variables
        ]
        extremes = []
        for sign in (1, -1):
            objective = [0.0] * len(variables)
            objective[position[index]] = sign
            solved = linprog(
                objective,
                A_eq=rows or None,
                b_eq=rhs or None,
                bounds=bounds,
                method="highs",
            )
            if solved.status != 0:  # cannot happen: the true figures fit
                return (self.cells[index].value,) * 2
            extremes.append(sign * solved.fun)
        return math.ceil(extremes[0] - 1e-6), math.floor(extremes[1] + 1e-6)

    def is_exposed(self, index: int) -> bool:
        low, high = self.bounds_of(index)
        return low >= high

    def first_exposed(self, indices: Iterable[int], safe: set[int]) -> int | None:
        """The first "<5" among ``indices`` that can be worked out too closely. ``safe``
        holds cells found protected before: hiding more never undoes that (it only widens
        what a reader must consider), so they are not solved again."""
        for index in indices:
            if index in safe or self.cells[index].status != SMALL:
                continue
            if self.is_exposed(index):
                return index
            safe.add(index)
        return None


def _line_pass(system: System, lines: Sequence[tuple[list[int], int]]) -> bool:
    """The dashboard's rule on every line (cells, the index of their total), until nothing
    changes; False when a line cannot be protected."""
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            bound = system.cells[total].bound()
            while not suppression._safe([system.cells[c] for c in cells], bound):
                candidates = [
                    (system.cells[c].value, c)
                    for c in cells
                    if not system.cells[c].hidden and system.cells[c].value
                ]
                if not candidates:
                    return False
                system.hide(min(candidates)[1])
                changed = True
    return True


TRIES = 8  # candidates tried one by one before the smallest is hidden anyway


def protect_two_way(
    system: System, values: Sequence[Sequence[int]], row_totals: list[int], col_totals: list[int]
) -> list[list[int]] | None:
    """Add a two-way table whose rows add up to the cells ``row_totals`` and columns to
    ``col_totals`` (indices in ``system``); returns its cell indices, or None (withheld:
    nothing of it is added)."""
    mark = system.mark()
    grid = [[system.add(suppression.primary(v)) for v in row] for row in values]
    lines: list[tuple[list[int], int]] = []
    for i, row in enumerate(grid):
        system.equation([*[(c, 1) for c in row], (row_totals[i], -1)])
        lines.append((row, row_totals[i]))
    for j in range(len(col_totals)):
        column = [grid[i][j] for i in range(len(grid))]
        system.equation([*[(c, 1) for c in column], (col_totals[j], -1)])
        lines.append((column, col_totals[j]))
    own = [c for row in grid for c in row]
    line_of: dict[int, list[int]] = {}  # a cell, or a total, to the lines it lies in
    for k, (cells, total) in enumerate(lines):
        for c in [*cells, total]:
            line_of.setdefault(c, []).append(k)
    safe: set[int] = set()
    for _round in range(len(own) + 1):
        if not _line_pass(system, lines):
            break
        linked: set[int] = set()
        for c in own:
            if system.cells[c].hidden and c not in linked:
                linked |= system.component(c)
        target = system.first_exposed(sorted(linked), safe)
        if target is None:
            return grid
        near = {k for c in system.component(target) for k in line_of.get(c, [])}
        candidates = sorted(
            {
                (system.cells[c].value, c)
                for k in near
                for c in lines[k][0]
                if not system.cells[c].hidden and system.cells[c].value
            }
        )
        if not candidates:
            break
        for _value, c in candidates[:TRIES]:
            before = system.cells[c]
            system.hide(c)
            if not system.is_exposed(target):
                break
            system.cells[c] = before
        else:
            system.hide(candidates[0][1])
    system.rollback(mark)
    return None


# --- A quarter's tables ------------------------------------------------------------------------


def _published(cell: Cell) -> int | str:
    return MARKERS[cell.status] if cell.hidden else cell.value


def build_quarter(year: int, quarter: int) -> dict[str, Any]:
    """The release content of a quarter: its total and every table as published."""
    dims = dimensions(year, quarter)
    codes, channels = _counts(year, quarter)
    quarter_code = f"{year}-Q{quarter}"
    # Codes found in the data but unknown here (none, normally) keep their own row.
    extra_codes: dict[str, list[str]] = {}
    for key in (*KEY, "channel"):
        found = set(channels) if key == "channel" else {k[KEY.index(key)] for k in codes}
        extra = sorted(found - {code for code, _v in dims[key].items})
        if extra:
            dims[key] = _with_extra(dims[key], extra)
            extra_codes[key] = extra

    total = sum(codes.values())
    total_cell = suppression.total_cell(total)
    system = System()
    total_index = system.add(total_cell)
    content: dict[str, Any] = {
        "format": FORMAT,
        "year": year,
        "quarter": quarter,
        "quarter_code": quarter_code,
        "language": settings.LANGUAGE_CODE,
        "created": timezone.now().isoformat(timespec="seconds"),
        "questions": _published(total_cell),
        "extra_codes": extra_codes,
        "tables": {},
    }
    too_few = 0 < total < suppression.THRESHOLD  # nothing can be shown safely

    def marginal(key: str) -> list[int]:
        if key == "channel":
            return [channels[code] for code, _v in dims[key].items]
        position = KEY.index(key)
        sums: Counter[str] = Counter()
        for k, n in codes.items():
            sums[k[position]] += n
        return [sums[code] for code, _v in dims[key].items]

    margins: dict[str, list[int]] = {}
    for key in ONE_WAY:
        name = table_name((key,))
        cells = None if too_few else suppression.protect(marginal(key), total_cell.bound())
        if cells is None:
            content["tables"][name] = {"withheld": True, "rows": []}
            continue
        indices = [system.add(cell) for cell in cells]
        system.equation([*[(i, 1) for i in indices], (total_index, -1)])
        margins[key] = indices
        content["tables"][name] = {
            "withheld": False,
            "rows": [
                {"quarter": quarter_code, **values, "questions": _published(cell)}
                for (_code, values), cell in zip(dims[key].items, cells, strict=True)
            ],
        }
    for row_key, col_key in TWO_WAY:
        name = table_name((row_key, col_key))
        grid = None
        if row_key in margins and col_key in margins:
            row_pos, col_pos = KEY.index(row_key), KEY.index(col_key)
            row_codes = [code for code, _v in dims[row_key].items]
            col_codes = [code for code, _v in dims[col_key].items]
            pairs: Counter[tuple[str, str]] = Counter()
            for k, n in codes.items():
                pairs[(k[row_pos], k[col_pos])] += n
            values = [[pairs[(r, c)] for c in col_codes] for r in row_codes]
            grid = protect_two_way(system, values, margins[row_key], margins[col_key])
        if grid is None:
            content["tables"][name] = {"withheld": True, "rows": []}
            continue
        rows = []
        for (_r, row_values), grid_row in zip(dims[row_key].items, grid, strict=True):
            for (_c, col_values), index in zip(dims[col_key].items, grid_row, strict=True):
                rows.append(
                    {
                        "quarter": quarter_code,
                        **row_values,
                        **col_values,
                        "questions": _published(system.cells[index]),
                    }
                )
        content["tables"][name] = {"withheld": False, "rows": rows}
    return content


def _with_extra(dimension: Dimension, codes: list[str]) -> Dimension:
    names = [f["name"] for f in dimension.fields]
    items = list(dimension.items)
    for code in codes:
        items.append((code, {name: code for name in names}))
    fields = []
    for f in dimension.fields:
        constraints = dict(f.get("constraints", {}))
        if "enum" in constraints:
            constraints["enum"] = [*constraints["enum"], *codes]
        fields.append({**f, **({"constraints": constraints} if constraints else {})})
    return Dimension(dimension.key, tuple(fields), tuple(items))


# --- Releases ---------------------------------------------------------------------------------


def publishable(year: int, quarter: int, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return year >= pdfreport.FIRST_YEAR and pdfreport.report_day(year, quarter) <= today


def release(year: int, quarter: int, *, today: date | None = None) -> OpenDataRelease:
    """The quarter's release: made and kept the first time it is asked for."""
    existing = OpenDataRelease.objects.filter(year=year, quarter=quarter).first()
    if existing is not None:
        return existing
    if not publishable(year, quarter, today):
        raise OpenDataError({"quarter": [_("This quarter cannot be published yet.")]})
    with translation.override(settings.LANGUAGE_CODE):
        content = build_quarter(year, quarter)
    try:
        with transaction.atomic():
            return OpenDataRelease.objects.create(year=year, quarter=quarter, content=content)
    except IntegrityError:  # made at the same moment by another request
        return OpenDataRelease.objects.get(year=year, quarter=quarter)


def quarters_for(year: int, quarter: int | None, today: date | None = None) -> list[int]:
    """The quarters an export of ``year`` (and ``quarter``) holds; OpenDataError if none."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not pdfreport.FIRST_YEAR <= year <= today.year:
        errors["year"] = [
            _("Choose a year from %(first)s to %(last)s.")
            % {"first": pdfreport.FIRST_YEAR, "last": today.year}
        ]
    elif quarter is not None and not 1 <= quarter <= 4:
        errors["quarter"] = [_("A quarter is 1, 2, 3 or 4.")]
    if errors:
        raise OpenDataError(errors)
    wanted = [quarter] if quarter is not None else [1, 2, 3, 4]
    ready = [q for q in wanted if publishable(year, q, today)]
    if not ready:
        day = pdfreport.report_day(year, wanted[0])
        raise OpenDataError(
            {
                "quarter" if quarter is not None else "year": [
                    _("Open data of this period can be published from %(day)s.")
                    % {"day": date_format(day, "j F Y")}
                ]
            }
        )
    return ready


# --- Files ------------------------------------------------------------------------------------


@dataclass
class Export:
    name: str  # the package name, also the ZIP's folder
    files: dict[str, bytes]  # path inside the package -> content
    stamp: tuple[int, int, int, int, int, int] = (2019, 7, 1, 0, 0, 0)  # of the files in a ZIP


def _fields(dims: dict[str, Dimension], keys: Sequence[str]) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = [
        {
            "name": "quarter",
            "type": "string",
            "title": _("Quarter"),
            "description": _("The quarter, as YYYY-Qn"),
            "constraints": {"required": True, "pattern": "[0-9]{4}-Q[1-4]"},
        }
    ]
    for key in keys:
        fields += [dict(f) for f in dims[key].fields]
    fields.append(
        {
            "name": "questions",
            "type": "integer",
            "title": _("Questions"),
            "description": _(
                "Number of questions. <5: 1 to 4; ×: hidden so that a small figure elsewhere "
                "cannot be worked out (5 or more)."
            ),
            "constraints": {"minimum": 0},
        }
    )
    return fields


def _csv(fields: list[dict[str, Any]], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = [f["name"] for f in fields]
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])
    return buffer.getvalue().encode("utf-8")


def _publisher() -> str:
    programme = Organisation.objects.filter(kind=OrganisationKind.PROGRAMME).order_by("pk").first()
    return programme.name if programme is not None else _("Programme office")


def export(year: int, quarter: int | None = None, *, today: date | None = None) -> Export:
    """The open data of a quarter, or of a year's published quarters, as files."""
    today = today or timezone.localdate()
    quarters = quarters_for(year, quarter, today)
    releases = [release(year, q, today=today) for q in quarters]
    suffix = f"{year}-q{quarter}" if quarter is not None else str(year)
    name = f"wegwijs-ido-vragen-{suffix}"
    with translation.override(settings.LANGUAGE_CODE):
        return _export_files(name, year, quarter, quarters, releases)


def _export_files(
    name: str,
    year: int,
    quarter: int | None,
    quarters: list[int],
    releases: list[OpenDataRelease],
) -> Export:
    dims = dimensions(year, quarters[0])
    if quarter is None:  # a year: every month of its quarters
        months = tuple(item for q in quarters for item in dimensions(year, q)["month"].items)
        dims["month"] = Dimension("month", dims["month"].fields, months)
    for rel in releases:  # codes found in the data that the code lists do not have
        for key, codes in rel.content.get("extra_codes", {}).items():
            known = {code for code, _v in dims[key].items}
            if set(codes) - known:
                dims[key] = _with_extra(dims[key], sorted(set(codes) - known))
    period = pdfreport.quarter_label(year, quarter) if quarter is not None else str(year)
    title = _("Questions at the Informatiepunten Digitale Overheid, %(period)s") % {
        "period": period
    }
    missing = {
        "<5": _("1 to 4 questions"),
        "×": _("hidden so that a small figure elsewhere cannot be worked out; 5 or more"),
    }
    tables: list[dict[str, Any]] = []
    totals_rows = [
        {"quarter": rel.content["quarter_code"], "questions": rel.content["questions"]}
        for rel in releases
    ]
    specs: list[tuple[str, str, list[str]]] = [(TOTAL_NAME, _("Questions in total"), [])]
    specs += [(table_name((d,)), _title((d,)), [d]) for d in ONE_WAY]
    specs += [(table_name(p), _title(p), list(p)) for p in TWO_WAY]
    files: dict[str, bytes] = {}
    resources: list[dict[str, Any]] = []
    for table, table_title, keys in specs:
        fields = _fields(dims, keys)
        names = [f["name"] for f in fields]
        if table == TOTAL_NAME:
            rows, withheld = totals_rows, []
        else:
            # in the order of the fields (PostgreSQL's jsonb keeps keys in an order of its own)
            rows = [
                {name: r[name] for name in names if name in r}
                for rel in releases
                for r in rel.content["tables"][table]["rows"]
            ]
            withheld = [
                rel.content["quarter_code"]
                for rel in releases
                if rel.content["tables"][table]["withheld"]
            ]
        description = table_title + "."
        if withheld:
            description += " " + _(
                "Withheld for %(quarters)s: too few questions to show this table without "
                "revealing small figures."
            ) % {"quarters": ", ".join(withheld)}
        body = _csv(fields, rows)
        path = f"data/{table}.csv"
        files[path] = body
        primary_key = [f["name"] for f in fields if f["name"] in _key_fields(dims, keys)]
        resources.append(
            {
                "name": table,
                "path": path,
                "profile": "tabular-data-resource",
                "title": table_title,
                "description": description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True, "lineTerminator": "\r\n"},
                "bytes": len(body),
                "hash": "sha256:" + hashlib.sha256(body).hexdigest(),
                "schema": {
                    "fields": fields,
                    "missingValues": MISSING_VALUES,
                    "primaryKey": ["quarter", *primary_key],
                },
            }
        )
        tables.append(
            {
                "name": table,
                "title": table_title,
                "withheld_quarters": withheld,
                "fields": [f["name"] for f in fields],
                "rows": rows,
            }
        )
    created = max(rel.content["created"] for rel in releases)
    document = {
        "name": name,
        "title": title,
        "licence": LICENCE,
        "quarters": [rel.content["quarter_code"] for rel in releases],
        "created": created,
        "missing_values": missing,
        "tables": tables,
    }
    json_path = f"{name}.json"
    files[json_path] = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    description = _(
        "Anonymous counts of the questions registered at the Informatiepunten Digitale "
        "Overheid in the public libraries, by month, province, kind, theme, organisation, "
        "help given and channel. No registration, no free text and nothing below the "
        "province is published. Small figures are protected: <5 stands for 1 to 4, × for a "
        "figure hidden so that a small figure cannot be worked out from the totals (5 or "
        "more). Each quarter is kept as first published."
    )
    resources.append(
        {
            "name": "all-tables",
            "path": json_path,
            "title": _("All tables in one JSON document"),
            "description": _("The same tables as the CSV files, with the same markers."),
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "bytes": len(files[json_path]),
            "hash": "sha256:" + hashlib.sha256(files[json_path]).hexdigest(),
        }
    )
    descriptor = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "version": "1.0.0",
        "created": created,
        "keywords": ["IDO", "Informatiepunt Digitale Overheid", "digitale inclusie", "bibliotheek"],
        "licenses": [LICENCE],
        "contributors": [{"title": _publisher(), "role": "publisher"}],
        "sources": [
            {
                "title": _(
                    "Wegwijs: the anonymous registrations of the Informatiepunten Digitale Overheid"
                ),
                "path": settings.SITE_URL,
            }
        ],
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")
    moment = timezone.localtime(datetime.fromisoformat(created))
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return Export(name, files, stamp)


def _key_fields(dims: dict[str, Dimension], keys: Sequence[str]) -> set[str]:
    """The fields that identify a row: each dimension's first field (its code)."""
    return {dims[key].fields[0]["name"] for key in keys}


def zip_bytes(package: Export) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in [
            "datapackage.json",
            *sorted(p for p in package.files if p != "datapackage.json"),
        ]:
            info = zipfile.ZipInfo(f"{package.name}/{path}", date_time=package.stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, package.files[path])
    return buffer.getvalue()
