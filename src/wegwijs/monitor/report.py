"""From counts to what people see: tables with suppressed cells, shares and changes, a
one-sentence summary per table, ready for the page, the exports and the API.

Every table is built here once; the page draws it (chart, table, summary), the exports write
its cells as shown (hidden cells as "<5" or "×"), the API returns the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from wegwijs.accounts import scoping
from wegwijs.desk.codes import (
    LAYER_OF,
    Channel,
    Duration,
    HelpGiven,
    Kind,
    Layer,
    OrganisationCode,
    ReferralTarget,
    Theme,
)
from wegwijs.monitor import suppression
from wegwijs.monitor.filters import Granularity, Selection
from wegwijs.monitor.queries import (
    Figures,
    Outcome,
    ReferralFigures,
    ReferralKey,
    figures,
    referral_figures,
)
from wegwijs.monitor.suppression import Bound, Cell
from wegwijs.network.models import WEEKDAYS, Branch


@dataclass
class Column:
    key: str
    label: str
    kind: str = "count"  # count, share (percent), change (points or percent), text


@dataclass
class Row:
    code: str
    label: str
    cells: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    summary: str
    chart: str = "bars"  # bars, series, heatmap, none
    value: str = "questions"  # the column the chart draws
    total: dict[str, Any] | None = None
    withheld: bool = False
    note: str = ""

    def header(self) -> list[str]:
        return [_("Code"), _("Name"), *[c.label for c in self.columns]]

    def lines(self) -> list[list[Any]]:
        """The rows as exported: hidden cells as shown on the page."""
        if self.withheld:
            return []
        lines = [
            [row.code, row.label, *[_export(row.cells.get(c.key)) for c in self.columns]]
            for row in self.rows
        ]
        if self.total is not None:
            lines.append(["", _("Total"), *[_export(self.total.get(c.key)) for c in self.columns]])
        return lines


def _export(value: Any) -> Any:
    if isinstance(value, Cell):
        return value.shown if not value.hidden else value.display
    return "" if value is None else value


@dataclass
class Report:
    selection: Selection
    figures: Figures
    key_figures: list[tuple[str, Cell, Cell | None, str]]  # label, now, before, change
    tables: list[Table]
    suppressed: bool

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


def _pct(value: float) -> str:
    return f"{value:.0f}"


def _share(cell: Cell | None, total: Cell | None) -> float | None:
    if cell is None or total is None or cell.hidden or total.hidden or not total.value:
        return None
    return 100 * cell.value / total.value


def _points(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return now - before


def _change_words(points: float | None) -> str:
    if points is None:
        return ""
    rounded = round(points)
    if rounded > 0:
        return _(", up %(points)s points on the previous period") % {"points": rounded}
    if rounded < 0:
        return _(", down %(points)s points on the previous period") % {"points": -rounded}
    return _(", the same share as in the previous period")


def _bound(total: Cell) -> Bound:
    return total.bound()


class _Builder:
    def __init__(self, selection: Selection, fig: Figures) -> None:
        self.sel = selection
        self.fig = fig
        self.outside = not selection.inside
        self.questions = self.total(fig.questions)
        self.previous_questions = self.total(fig.previous_questions)

    def total(self, value: int) -> Cell:
        return suppression.total_cell(value) if self.outside else Cell(value)

    def line(self, values: Sequence[int], total: Bound | None) -> list[Cell] | None:
        if not self.outside:
            return suppression.visible(values)
        return suppression.protect(values, total)

    def breakdown(
        self,
        key: str,
        title: str,
        items: Sequence[tuple[str, Any]],
        current: Counter[str],
        previous: Counter[str] | None,
        *,
        total: Cell,
        previous_total: Cell | None,
        summary: Callable[[Row, float | None, float | None], str],
        empty: str,
        value_label: str | None = None,
        cells: list[Cell] | None = None,
        previous_cells: list[Cell] | None = None,
    ) -> Table:
        """A table of one code: count, share, the previous period's count and share change."""
        codes = [code for code, _label in items]
        now = cells if cells is not None else self.line([current[c] for c in codes], _bound(total))
        before: list[Cell] | None = None
        if previous is not None and previous_total is not None:
            before = (
                previous_cells
                if previous_cells is not None
                else self.line([previous[c] for c in codes], _bound(previous_total))
            )
        if before is None:  # no previous period, or it cannot be shown safely: leave it out
            previous = previous_total = None
        columns = [
            Column("questions", value_label or _("Questions")),
            Column("share", _("Share (%)"), "share"),
        ]
        if previous is not None:
            columns += [
                Column("previous", _("Previous period")),
                Column("change", _("Change (points)"), "change"),
            ]
        table = Table(key, title, columns, [], "", total={"questions": total})
        if now is None:
            table.withheld = True
            table.summary = _(
                "Too few questions to show this table without revealing small figures."
            )
            return table
        rows = []
        for i, (code, label) in enumerate(items):
            share = _share(now[i], total)
            row_cells: dict[str, Any] = {
                "questions": now[i],
                "share": None if share is None else round(share, 1),
            }
            if before is not None:
                before_share = _share(before[i], previous_total)
                points = _points(share, before_share)
                row_cells["previous"] = before[i]
                row_cells["change"] = None if points is None else round(points, 1)
            if now[i].value or (before is not None and before[i].value):
                rows.append(Row(code, str(label), row_cells))
        # Order by the figures as shown: hidden figures last, in a fixed order (sorting them
        # by their true values would tell which of two "<5" is larger).
        rows.sort(key=lambda r: (r.cells["questions"].hidden, -(r.cells["questions"].shown or 0)))
        table.rows = rows
        if previous_total is not None:
            table.total["previous"] = previous_total  # type: ignore[index]
        top = next(
            (r for r in rows if not r.cells["questions"].hidden and r.cells["questions"].value),
            None,
        )
        if top is None:
            table.summary = empty
        else:
            table.summary = summary(top, top.cells.get("share"), top.cells.get("change"))
        return table


def _most(
    noun: str, *, of_referrals: bool = False
) -> Callable[[Row, float | None, float | None], str]:
    """ "DigiD was the most frequent theme: 38% of questions, up 4 points on the previous
    period." ``noun`` is the whole phrase with %(label)s; the share is of the questions, or
    of the referrals for the referral tables."""

    def summary(row: Row, share: float | None, change: float | None) -> str:
        text = noun % {"label": row.label}
        if share is not None:
            of = (
                _(": %(share)s%% of referrals") if of_referrals else _(": %(share)s%% of questions")
            )
            text += of % {"share": _pct(share)}
        return text + _change_words(change) + "."

    return summary


def _bucket_label(day: date, granularity: str) -> str:
    if granularity == Granularity.DAY:
        return date_format(day, "j M Y")
    if granularity == Granularity.WEEK:
        year, week, _weekday = day.isocalendar()
        return _("week %(week)s, %(year)s") % {"week": week, "year": year}
    if granularity == Granularity.MONTH:
        return date_format(day, "M Y")
    if granularity == Granularity.QUARTER:
        return _("Q%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}
    return str(day.year)


def build(
    selection: Selection,
    fig: Figures | None = None,
    *,
    referrals: ReferralFigures | None = None,
) -> Report:
    fig = fig if fig is not None else figures(selection)
    referrals = referrals if referrals is not None else referral_figures(selection)
    b = _Builder(selection, fig)
    sel = selection
    questions, previous_questions = b.questions, b.previous_questions
    tables: list[Table] = []

    def counter(
        source: Counter[Any], index: int, where: Callable[[Any], bool] | None = None
    ) -> Counter[str]:
        result: Counter[str] = Counter()
        for key, n in source.items():
            if where is None or where(key):
                result[key[index]] += n
        return result

    codes, previous_codes = fig.codes, fig.previous_codes

    # Themes
    tables.append(
        b.breakdown(
            "theme",
            _("Questions by theme"),
            Theme.choices,
            counter(codes, 2),
            counter(previous_codes, 2),
            total=questions,
            previous_total=previous_questions,
            summary=_most(_("%(label)s was the most frequent theme")),
            empty=_("No theme to show for this period."),
        )
    )
    # Organisations, then layers derived from them
    org_items = sorted(
        OrganisationCode.choices,
        key=lambda item: (list(Layer.values).index(LAYER_OF[item[0]]), str(item[1])),
    )
    org_table = b.breakdown(
        "organisation",
        _("Questions by organisation"),
        org_items,
        counter(codes, 1),
        counter(previous_codes, 1),
        total=questions,
        previous_total=previous_questions,
        summary=_most(_("%(label)s was the organisation asked about most")),
        empty=_("No organisation to show for this period."),
    )
    tables.append(org_table)
    tables.append(_layers(b, org_table, org_items, counter(codes, 1), counter(previous_codes, 1)))
    tables.append(
        b.breakdown(
            "kind",
            _("Questions by kind"),
            Kind.choices,
            counter(codes, 0),
            counter(previous_codes, 0),
            total=questions,
            previous_total=previous_questions,
            summary=_most(_("%(label)s was the most frequent kind of question")),
            empty=_("No kind of question to show for this period."),
        )
    )
    help_table = b.breakdown(
        "help",
        _("Help given"),
        HelpGiven.choices,
        counter(codes, 3),
        counter(previous_codes, 3),
        total=questions,
        previous_total=previous_questions,
        summary=_most(_("“%(label)s” was the most frequent help given")),
        empty=_("No help given to show for this period."),
    )
    tables.append(help_table)
    help_cells = {r.code: r.cells["questions"] for r in help_table.rows}
    unmet_total = help_cells.get(HelpGiven.NIET, Cell(0)) if not help_table.withheld else None
    tables.append(
        _sub_breakdown(
            b,
            "unmet",
            _("Unmet needs: questions we could not help with, by theme"),
            Theme.choices,
            counter(codes, 2, lambda k: k[3] == HelpGiven.NIET),
            unmet_total,
            questions,
            lambda row, share: (
                _("%(label)s came up most among the questions we could not help with%(share)s.")
                % {"label": row.label, "share": share}
            ),
            _("No questions that we could not help with in this period."),
            siblings=_siblings(help_table, HelpGiven.NIET, questions),
        )
    )
    referral_total = (
        help_cells.get(HelpGiven.DOORVERWEZEN, Cell(0)) if not help_table.withheld else None
    )
    tables.append(
        _sub_breakdown(
            b,
            "referral",
            _("Referrals by where to"),
            ReferralTarget.choices,
            fig.referrals,
            referral_total,
            questions,
            lambda row, share: (
                _("Most referrals went to %(label)s%(share)s.")
                % {"label": row.label, "share": share}
            ),
            _("No referrals in this period."),
            value_label=_("Referred questions"),
            siblings=_siblings(help_table, HelpGiven.DOORVERWEZEN, questions),
        )
    )
    tables.extend(_referral_tables(b, referrals))
    tables.append(
        b.breakdown(
            "channel",
            _("Questions by channel"),
            Channel.choices,
            counter(fig.contact, 0),
            counter(fig.previous_contact, 0),
            total=questions,
            previous_total=previous_questions,
            summary=_most(_("%(label)s was the most used channel")),
            empty=_("No channel to show for this period."),
        )
    )
    tables.append(
        b.breakdown(
            "duration",
            _("Questions by duration of the visit"),
            Duration.choices,
            counter(fig.contact, 1),
            counter(fig.previous_contact, 1),
            total=questions,
            previous_total=previous_questions,
            summary=_most(_("“%(label)s” was the most frequent duration")),
            empty=_("No duration to show for this period."),
        )
    )
    tables.insert(0, _series(b))
    if fig.heatmap is not None:
        tables.append(_heatmap(b))
    tables.append(_branches(b))

    visits = b.total(fig.visits) if fig.visits is not None else None
    previous_visits = b.total(fig.previous_visits) if fig.previous_visits is not None else None
    key_figures: list[tuple[str, Cell, Cell | None, str]] = [
        (
            _("Questions"),
            questions,
            previous_questions,
            _change_percent(questions, previous_questions),
        )
    ]
    if visits is not None:
        key_figures.append(
            (_("Visits"), visits, previous_visits, _change_percent(visits, previous_visits))
        )
    return Report(sel, fig, key_figures, tables, suppressed=b.outside)


OUTCOME_LABELS = {
    Outcome.COMPLETED: gettext_lazy("Completed"),
    Outcome.OPEN: gettext_lazy("Still open"),
    Outcome.OVERDUE: gettext_lazy("Overdue: no response after 2 working days"),
    Outcome.DECLINED: gettext_lazy("Declined by the partner"),
    Outcome.CANCELLED: gettext_lazy("Cancelled by the desk"),
    Outcome.EXPIRED: gettext_lazy("Expired (not closed within 30 days)"),
}


def _referral_tables(b: _Builder, rf: ReferralFigures) -> list[Table]:
    """Referrals from their own rows: by kind, the outcomes of warm referrals and course
    registrations (a cold referral has no loop), the reasons for declining, the kinds of
    partner.

    Small figures: every table about the closed loop is a breakdown of one total, the number
    of warm referrals and course registrations, shown with primary suppression (as a key
    figure is); the reasons hang under the outcome "declined" (as unmet needs under "could not
    help"). Cold referrals are a figure of their own: the sum of all referrals is published
    nowhere, so "cold" can never be worked out as a difference, and needs no companion.
    """
    from wegwijs.network.models import OrganisationKind
    from wegwijs.referrals.models import Kind as ReferralKind

    def by(
        source: Counter[ReferralKey],
        index: int,
        where: Callable[[ReferralKey], bool] | None = None,
    ) -> Counter[str]:
        result: Counter[str] = Counter()
        for key, n in source.items():
            if where is None or where(key):
                result[key[index]] += n
        return result

    looped = (ReferralKind.WARM, ReferralKind.COURSE)

    def in_loop(key: ReferralKey) -> bool:
        return key[0] in looped

    now_loop, before_loop = by(rf.current, 0, in_loop), by(rf.previous, 0, in_loop)
    loop_now = b.total(sum(now_loop.values()))
    loop_before = b.total(sum(before_loop.values()))
    filtered = (
        _(
            "With a filter on kind, organisation or layer only referrals made from a registered "
            "question are counted."
        )
        if rf.linked_only
        else ""
    )
    empty = _("No warm referrals or course registrations in this period.")
    kinds = b.breakdown(
        "referralkind",
        _("Referrals by kind"),
        [(code, label) for code, label in ReferralKind.choices if code in looped],
        now_loop,
        before_loop,
        total=loop_now,
        previous_total=loop_before,
        summary=_most(_("“%(label)s” was the most frequent kind of referral"), of_referrals=True),
        empty=empty,
        value_label=_("Referrals"),
    )
    cold_now = b.total(by(rf.current, 0)[ReferralKind.COLD])
    cold_before = b.total(by(rf.previous, 0)[ReferralKind.COLD])
    kinds.summary += " " + _(
        "Besides these, %(now)s cold referrals (previous period: %(before)s): the citizen took "
        "the partner's details home. They have no follow-up, so the tables below leave them out."
    ) % {"now": cold_now.display, "before": cold_before.display}
    kinds.note = filtered
    outcomes = b.breakdown(
        "referraloutcome",
        _("Outcomes of warm referrals and course registrations"),
        [(code, OUTCOME_LABELS[code]) for code in Outcome.ORDER],
        by(rf.current, 1, in_loop),
        by(rf.previous, 1, in_loop),
        total=loop_now,
        previous_total=loop_before,
        summary=lambda row, share, change: "",
        empty=empty,
        value_label=_("Referrals"),
    )
    if not outcomes.withheld and outcomes.rows:
        outcomes.summary = _completed_summary(outcomes, loop_now) or _(
            "The figures are too small to say more."
        )
    outcomes.note = " ".join(t for t in (_response_note(b, rf), filtered) if t)
    reasons = _reasons(b, rf, outcomes, loop_now, in_loop)
    partners = b.breakdown(
        "partnerkind",
        _("Warm referrals and course registrations by kind of partner"),
        OrganisationKind.choices,
        by(rf.current, 3, in_loop),
        by(rf.previous, 3, in_loop),
        total=loop_now,
        previous_total=loop_before,
        summary=_most(_("Most referrals went to: %(label)s"), of_referrals=True),
        empty=empty,
        value_label=_("Referrals"),
    )
    partners.note = filtered
    return [kinds, outcomes, reasons, partners]


def _reasons(
    b: _Builder,
    rf: ReferralFigures,
    outcomes: Table,
    total: Cell,
    in_loop: Callable[[ReferralKey], bool],
) -> Table:
    """Declined referrals by reason, under the outcome "declined" as readers know it: from
    its cell *and* the rest of the outcome line (a "<5" beside a "×" in a line of known total
    may be known more narrowly than 1 to 4). The reasons add what their sum says ("<5" each is
    at least 1); the table is withheld when that would pin down "declined" or another "<5" of
    the outcome line."""
    from wegwijs.referrals.models import DeclineReason

    title = _("Declined referrals by reason")
    withheld = Table(
        "declinereason",
        title,
        [],
        [],
        _("Too few referrals to show this table without revealing small figures."),
        withheld=True,
    )
    if outcomes.withheld:
        return withheld
    line = [r.cells["questions"] for r in outcomes.rows]
    at = next((i for i, r in enumerate(outcomes.rows) if r.code == Outcome.DECLINED), None)
    declined = line[at] if at is not None else Cell(0)
    known = _known(line, at, total.bound()) if at is not None else Bound(0, 0)
    counts: Counter[str] = Counter()
    for key, n in rf.current.items():
        if in_loop(key) and key[1] == Outcome.DECLINED:
            counts[key[2]] += n
    table = _sub_breakdown(
        b,
        "declinereason",
        title,
        DeclineReason.choices,
        counts,
        declined,
        total,
        lambda row, share: (
            _("The most frequent reason for declining was “%(label)s”%(share)s.")
            % {"label": row.label, "share": share}
        ),
        _("No declined referrals in this period."),
        value_label=_("Referrals"),
        bound=known,
    )
    if table.withheld:
        return table
    # What the reasons add: "declined" is their sum.
    parts = [r.cells["questions"].bound() for r in table.rows]
    if at is not None and _parts_pin_down(line, at, total.bound(), parts, known):
        return withheld
    return table


def _known(
    line: Sequence[Cell], index: int, total: Bound, bounds: dict[int, Bound] | None = None
) -> Bound:
    """What readers know of ``line[index]`` from the line as shown and its total ("<5" is 1
    to 4, "×" at least 5; ``bounds`` where more is known): for one sum this is exact."""
    known = [(bounds or {}).get(i) or c.bound() for i, c in enumerate(line)]
    others = [x for i, x in enumerate(known) if i != index]
    return Bound(
        max(known[index].low, total.low - sum(x.high for x in others)),
        min(known[index].high, total.high - sum(x.low for x in others)),
    )


def _completed_summary(table: Table, total: Cell) -> str:
    """ "Of the 40 warm referrals and course registrations, 55% were completed (previous
    period: 48%)." From the figures as shown."""
    if table.withheld or total.hidden or not total.value:
        return ""
    row = next((r for r in table.rows if r.code == Outcome.COMPLETED), None)
    share = row.cells.get("share") if row is not None else 0.0
    if share is None:
        return _("The number of completed referrals is too small to show.")
    text = _(
        "Of the %(total)s warm referrals and course registrations, %(share)s%% were completed"
    ) % {"total": total.display, "share": _pct(share)}
    before = None
    if row is not None and "previous" in row.cells and table.total is not None:
        previous_total = table.total.get("previous")
        before = _share(row.cells["previous"], previous_total)
    if before is not None:
        text += _(" (previous period: %(share)s%%)") % {"share": _pct(before)}
    return text + "."


def _response_note(b: _Builder, rf: ReferralFigures) -> str:
    """The median time to the partner's first response. Outside the library only over at
    least 5 referrals (a median of fewer tells about single referrals), and without their
    number: it is a sum of outcomes (completed, accepted, declined...) and could be used to
    work out a hidden figure of the outcome table."""
    from django.utils.formats import number_format

    days, n = rf.response
    if days is None or (b.outside and n < suppression.THRESHOLD):
        return ""
    if b.outside:
        text = _("Partners responded after %(days)s days (median)") % {
            "days": number_format(days, 1)
        }
    else:
        text = _(
            "Partners responded after %(days)s days (median over %(n)s referrals with a response)"
        ) % {"days": number_format(days, 1), "n": n}
    before, m = rf.previous_response
    if before is not None and (not b.outside or m >= suppression.THRESHOLD):
        text += _("; previous period: %(days)s days") % {"days": number_format(before, 1)}
    return text + "."


def _change_percent(now: Cell, before: Cell | None) -> str:
    if before is None or now.hidden or before.hidden or not before.value:
        return ""
    change = 100 * (now.value - before.value) / before.value
    return f"{change:+.0f}%"


def _layers(
    b: _Builder,
    org_table: Table,
    org_items: Sequence[tuple[str, Any]],
    current: Counter[str],
    previous: Counter[str],
) -> Table:
    """Layers are groups of organisations: shown only as far as the organisations are."""
    layers = list(Layer.choices)
    members = [
        [i for i, (code, _label) in enumerate(org_items) if LAYER_OF[code] == layer]
        for layer, _label in layers
    ]
    withheld = Table(
        "layer",
        _("Questions by government layer"),
        [],
        [],
        _("Too few questions to show this table without revealing small figures."),
        withheld=True,
    )
    if org_table.withheld:
        return withheld
    by_code = {r.code: r.cells for r in org_table.rows}

    def org_cells(key: str, counts: Counter[str]) -> list[Cell]:
        return [
            by_code[code][key] if code in by_code else Cell(counts[code]) for code, _l in org_items
        ]

    now = suppression.group(org_cells("questions", current), members)
    if now is None:  # a layer's figure would narrow down its organisations' small figures
        return withheld
    # the previous period's column only where the organisations table has it
    has_previous = any("previous" in r.cells for r in org_table.rows)
    before = suppression.group(org_cells("previous", previous), members) if has_previous else None
    return b.breakdown(
        "layer",
        _("Questions by government layer"),
        layers,
        Counter({code: now[i].value for i, (code, _l) in enumerate(layers)}),
        Counter({code: before[i].value for i, (code, _l) in enumerate(layers)})
        if before is not None
        else None,
        total=b.questions,
        previous_total=b.previous_questions if before is not None else None,
        summary=_most(_("%(label)s was the most frequent government layer")),
        empty=_("No government layer to show for this period."),
        cells=now,
        previous_cells=before,
    )


def _siblings(table: Table, code: str, total: Cell) -> tuple[list[Cell], int, Bound] | None:
    """The line of ``table`` as shown, the place of ``code`` in it, and the line's total."""
    if table.withheld:
        return None
    line = [r.cells["questions"] for r in table.rows]
    at = next((i for i, r in enumerate(table.rows) if r.code == code), None)
    return None if at is None else (line, at, total.bound())


def _parts_pin_down(
    line: Sequence[Cell], at: int, total: Bound, parts: Sequence[Bound], known: Bound
) -> bool:
    """Would parts that add up to ``line[at]`` (known to readers within ``known``) pin down
    that figure, or another "<5" of its line of known ``total``? The parts say it lies
    between the sum of their lowest and the sum of their highest values."""
    narrowed = Bound(
        max(known.low, sum(x.low for x in parts)), min(known.high, sum(x.high for x in parts))
    )
    if narrowed == known:
        return False
    if narrowed.low >= narrowed.high:
        return True
    for i, cell in enumerate(line):
        if i != at and cell.status == suppression.SMALL:
            other = _known(line, i, total, {at: narrowed})
            if other.low >= other.high:
                return True
    return False


def _sub_breakdown(
    b: _Builder,
    key: str,
    title: str,
    items: Sequence[tuple[str, Any]],
    current: Counter[str],
    parent: Cell | None,
    questions: Cell,
    summary: Callable[[Row, str], str],
    empty: str,
    value_label: str | None = None,
    bound: Bound | None = None,
    siblings: tuple[list[Cell], int, Bound] | None = None,
) -> Table:
    """A table of part of the questions (those we could not help with, those referred): its
    total is a cell of the table of help given, known to readers as shown there (or within
    ``bound``, when the caller knows that better). ``siblings``: that line of the help table,
    the parent's place in it and its total, to check what the parts tell of a hidden parent."""
    codes = [code for code, _label in items]
    total = bound or (parent.bound() if parent is not None else suppression.UNKNOWN)
    cells = b.line([current[c] for c in codes], total)
    if b.outside and bound is None and parent is not None and parent.hidden and cells:
        # (a caller that passes ``bound`` checks what the parts add itself: the reasons)
        # The parts may tell no more of a hidden parent than the help table does: under a
        # "×" (at least 5) parts shown would add up to its figure, and with it give away the
        # small figure it protects there; under a "<5" two or more parts raise its lowest
        # value, which must leave it and every "<5" of its line two possible values.
        parts = [c.bound() for c in cells if c.value]
        if parent.status == suppression.SECONDARY:
            cells = None
        elif siblings is None:
            cells = None if len(parts) > 1 else cells
        else:
            line, at, line_total = siblings
            if _parts_pin_down(line, at, line_total, parts, _known(line, at, line_total)):
                cells = None
    table = Table(
        key,
        title,
        [
            Column("questions", value_label or _("Questions")),
            Column("share", _("Share (%)"), "share"),
        ],
        [],
        "",
        total={"questions": parent} if parent is not None else None,
    )
    if cells is None:
        table.withheld = True
        table.summary = _("Too few questions to show this table without revealing small figures.")
        return table
    rows = []
    for i, (code, label) in enumerate(items):
        if cells[i].value:
            share = _share(cells[i], parent)
            rows.append(
                Row(
                    code,
                    str(label),
                    {"questions": cells[i], "share": None if share is None else round(share, 1)},
                )
            )
    rows.sort(key=lambda r: (r.cells["questions"].hidden, -(r.cells["questions"].shown or 0)))
    table.rows = rows
    top = next((r for r in rows if not r.cells["questions"].hidden), None)
    if top is None:
        table.summary = empty if not rows else _("The figures are too small to say more.")
    else:
        share = top.cells["share"]
        table.summary = summary(
            top, "" if share is None else _(" (%(share)s%%)") % {"share": _pct(share)}
        )
    return table


def _series(b: _Builder) -> Table:
    sel, fig = b.sel, b.fig
    columns = [Column("questions", _("Questions"))]
    if fig.visits is not None:
        columns.append(Column("visits", _("Visits")))
    questions = b.line([q for _d, q, _v in fig.series], _bound(b.questions))
    visits = None
    if fig.visits is not None:
        visits = b.line([v or 0 for _d, _q, v in fig.series], _bound(b.total(fig.visits)))
    step = dict(Granularity.CHOICES)[sel.granularity]
    table = Table(
        "series",
        _("Questions and visits over time") if fig.visits is not None else _("Questions over time"),
        columns,
        [],
        "",
        chart="series",
        total={
            "questions": b.questions,
            **({"visits": b.total(fig.visits)} if fig.visits is not None else {}),
        },
        note=(
            _("Shown %(step)s: the period is too long for the step you chose.") % {"step": step}
            if sel.coarsened
            else ""
        ),
    )
    if questions is None or (fig.visits is not None and visits is None):
        table.withheld = True
        table.summary = _("Too few questions to show this table without revealing small figures.")
        return table
    for i, (day, _q, _v) in enumerate(fig.series):
        cells: dict[str, Any] = {"questions": questions[i]}
        if visits is not None:
            cells["visits"] = visits[i]
        table.rows.append(Row(day.isoformat(), _bucket_label(day, sel.granularity), cells))
    shown = [
        r for r in table.rows if not r.cells["questions"].hidden and r.cells["questions"].value
    ]
    if not shown:
        table.summary = _("No questions registered in this period.")
    else:
        top = max(shown, key=lambda r: r.cells["questions"].value)
        table.summary = _(
            "%(step)s, the most questions were registered in %(bucket)s: %(value)s."
        ) % {
            "step": str(step).capitalize(),
            "bucket": top.label,
            "value": top.cells["questions"].display,
        }
    return table


HOURS = range(7, 23)


def _heatmap(b: _Builder) -> Table:
    fig = b.fig
    assert fig.heatmap is not None
    hours = sorted({h for (_d, h) in fig.heatmap} | set(HOURS))
    keys = [(d, h) for d, _l in WEEKDAYS for h in hours]
    visits_total = b.total(fig.visits or 0)
    cells = b.line([fig.heatmap[k] for k in keys], _bound(visits_total))
    columns = [Column(str(h), f"{h:02d}:00") for h in hours]
    table = Table(
        "heatmap",
        _("Visits by hour and day of the week"),
        columns,
        [],
        "",
        chart="heatmap",
        value="",
        note=_("Local time. For staffing: when do people come to the desk?"),
    )
    if cells is None:
        table.withheld = True
        table.summary = _("Too few visits to show this table without revealing small figures.")
        return table
    by_key = dict(zip(keys, cells, strict=True))
    for day, label in WEEKDAYS:
        table.rows.append(Row(str(day), str(label), {str(h): by_key[(day, h)] for h in hours}))
    shown = [(k, c) for k, c in by_key.items() if not c.hidden and c.value]
    if not shown:
        table.summary = _("No visits registered in this period.")
    else:
        (day, hour), cell = max(shown, key=lambda item: item[1].value)
        table.summary = _(
            "Busiest on %(weekday)s between %(hour)s:00 and %(next)s:00: %(value)s visits."
        ) % {
            "weekday": str(dict(WEEKDAYS)[day]).lower(),
            "hour": f"{hour:02d}",
            "next": f"{hour + 1:02d}",
            "value": cell.display,
        }
    return table


def _branches(b: _Builder) -> Table:
    fig = b.fig
    ids = sorted(fig.branches)
    branches = {
        br["pk"]: br
        for br in Branch.objects.filter(pk__in=ids).values(
            "pk", "name", "place", "latitude", "longitude", "organisation__name"
        )
    }
    url = reverse("network:branch_detail", args=[0])
    ids = [i for i in ids if i in branches]
    # A branch name links to its page only where the user may open it (an agency's analyst
    # compares branches without access to the network directory).
    linked = set(
        scoping.directory_branches(scoping.directory_scope(b.sel.scope))
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    now = b.line([fig.branches[i][0] for i in ids], _bound(b.questions))
    before = b.line([fig.branches[i][1] for i in ids], _bound(b.previous_questions))
    visits = None
    if fig.visits is not None:
        visits = b.line([fig.branches[i][2] or 0 for i in ids], _bound(b.total(fig.visits)))
    columns = [Column("questions", _("Questions"))]
    if fig.visits is not None:
        columns.append(Column("visits", _("Visits")))
    columns += [
        Column("previous", _("Previous period")),
        Column("change", _("Change (%)"), "change"),
    ]
    table = Table(
        "branches",
        _("Comparison of branches"),
        columns,
        [],
        "",
        total={
            "questions": b.questions,
            "previous": b.previous_questions,
            **({"visits": b.total(fig.visits)} if fig.visits is not None else {}),
        },
    )
    if now is None or before is None or (fig.visits is not None and visits is None):
        table.withheld = True
        table.summary = _("Too few questions to show this table without revealing small figures.")
        return table
    for i, branch_id in enumerate(ids):
        branch = branches[branch_id]
        cells: dict[str, Any] = {"questions": now[i], "previous": before[i]}
        if visits is not None:
            cells["visits"] = visits[i]
        change = None
        if not now[i].hidden and not before[i].hidden and before[i].value:
            change = round(100 * (now[i].value - before[i].value) / before[i].value)
        cells["change"] = change
        table.rows.append(
            Row(
                str(branch_id),
                branch["name"],
                cells,
                extra={
                    "library": branch["organisation__name"],
                    "place": branch["place"],
                    "lat": branch["latitude"],
                    "lon": branch["longitude"],
                    "url": url.replace("/0/", f"/{branch_id}/") if branch_id in linked else "",
                },
            )
        )
    table.rows.sort(
        key=lambda r: (r.cells["questions"].hidden, -(r.cells["questions"].shown or 0), r.label)
    )
    top = next(
        (r for r in table.rows if not r.cells["questions"].hidden and r.cells["questions"].value),
        None,
    )
    if top is None:
        table.summary = _("No branch to compare in this period.")
    elif len(table.rows) == 1:
        table.summary = _("%(branch)s registered %(value)s questions.") % {
            "branch": top.label,
            "value": top.cells["questions"].display,
        }
    else:
        table.summary = _(
            "%(branch)s registered the most questions: %(value)s of the %(all)s at %(total)s "
            "branches."
        ) % {
            "branch": top.label,
            "value": top.cells["questions"].display,
            "total": len(table.rows),
            "all": b.questions.display,
        }
    return table


def map_points(table: Table) -> list[dict[str, Any]]:
    """Registering locations for the Leaflet map (static/wegwijs/map.js): the branch table's
    rows with coordinates, their figure as shown."""
    points = []
    for row in table.rows:
        if row.extra.get("lat") is None or row.extra.get("lon") is None:
            continue
        points.append(
            {
                "name": row.label,
                "organisation": pgettext("map popup", "%(library)s · %(value)s questions")
                % {"library": row.extra["library"], "value": row.cells["questions"].display},
                "place": row.extra["place"],
                "lat": row.extra["lat"],
                "lon": row.extra["lon"],
                "ido": True,
                "url": row.extra["url"],
            }
        )
    return points
