"""Feedback to an agency (issue 6, item 4): for one organisation code, for a year or a
quarter against the period before,

(a) the most frequent themes of the questions about it (count, share, trend),
(b) the typical wording of those questions (words and short phrases: :mod:`.wording`),
(c) its questions per month (chart, table, summary),
(d) the questions about it that we could not help with (help ``niet``), by theme.

(a), (c) and (d) come from the rollups through the dashboard's own report
(:func:`wegwijs.monitor.report.build` for the selection "this organisation, nationally"), so
every figure is suppressed exactly as the dashboard shows it for the same filters: the two
pages cannot be played off against each other.

Who: an agency analyst for its own organisation code; the programme office and
administrators for any organisation they choose. Libraries and POIs have the dashboard (the
wording needs questions from at least three library organisations, which a library's own
figures never have).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.accounts import scoping
from wegwijs.desk.codes import OrganisationCode
from wegwijs.monitor import suppression, wording
from wegwijs.monitor.filters import FIRST_YEAR, InvalidFilters, Selection, selection_for
from wegwijs.monitor.queries import monthly_questions
from wegwijs.monitor.report import Column, Report, Row, Table, build
from wegwijs.monitor.suppression import Cell

TREND_LABELS = {
    "up": gettext_lazy("↑ rising"),
    "down": gettext_lazy("↓ falling"),
    "same": gettext_lazy("→ stable"),
    "new": gettext_lazy("new"),
}
#: A theme rises or falls when its share changes by at least this many points.
THEME_POINTS = 1.0
EXPORT_KEYS = ("theme", "words", "phrases", "months", "unmet")


def may_see(user: Any) -> bool:
    """Agency analysts (their own organisation), the programme office and administrators."""
    scope = scoping.scope_for(user)
    return scope.level == scoping.Level.NATIONAL or (
        scope.level == scoping.Level.OWN and bool(scope.agency_code)
    )


def organisation_choices(user: Any) -> list[tuple[str, str]]:
    scope = scoping.scope_for(user)
    choices = [(str(code), str(label)) for code, label in OrganisationCode.choices]
    if scope.level == scoping.Level.OWN:
        return [c for c in choices if c[0] == scope.agency_code]
    return choices


class FeedbackForm(forms.Form):
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        coerce=int,
        required=False,
        choices=[("", gettext_lazy("Whole year")), *[(q, f"Q{q}") for q in range(1, 5)]],
    )

    def __init__(self, *args: Any, user: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scoping.scope_for(user)
        self.today = today or timezone.localdate()
        f = self.fields
        f["year"].choices = [  # type: ignore[attr-defined]
            (y, str(y)) for y in range(self.today.year, FIRST_YEAR - 1, -1)
        ]
        if self.scope.level == scoping.Level.OWN:
            # an agency sees its own organisation only: no choice to make
            f["organisation"].choices = organisation_choices(user)  # type: ignore[attr-defined]
            f["organisation"].error_messages["invalid_choice"] = _(
                "You can only see feedback about your own organisation."
            )
            f["organisation"].widget = forms.HiddenInput()
        else:
            f["organisation"].required = True
            f["organisation"].choices = [  # type: ignore[attr-defined]
                ("", _("Choose an organisation")),
                *organisation_choices(user),
            ]

    def chosen_organisation(self) -> str:
        if self.scope.level == scoping.Level.OWN:
            return self.scope.agency_code
        return str(self.cleaned_data.get("organisation") or "")


@dataclass
class Feedback:
    organisation: str
    organisation_label: str
    selection: Selection
    report: Report
    words: wording.Wording
    key_figures: list[tuple[str, Cell, Cell | None, str]]
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


def feedback_for(user: Any, query: Any, *, today: date | None = None) -> Feedback | None:
    """The feedback for ``query`` (organisation, year, quarter); None when the programme
    office has not chosen an organisation yet. Raises PermissionDenied for other roles and
    InvalidFilters (400) for bad input, with messages by field."""
    if not may_see(user):
        raise PermissionDenied(
            _("Feedback to agencies is for the agencies and the programme office.")
        )
    form = query if isinstance(query, FeedbackForm) else FeedbackForm(query, user=user, today=today)
    if not form.is_valid():
        raise InvalidFilters({name: [str(e) for e in errs] for name, errs in form.errors.items()})
    organisation = form.chosen_organisation()
    if not organisation:
        return None
    data = form.cleaned_data
    monitor_query: dict[str, Any] = {
        "organisation": organisation,
        "granularity": "month",
        "year": data.get("year") or form.today.year,
    }
    if data.get("quarter"):
        monitor_query["quarter"] = data["quarter"]
    selection = selection_for(user, monitor_query, today=form.today)
    report = build(selection)
    words = wording.wording(organisation, selection.period, selection.previous)
    questions, previous_questions = report.key_figures[0][1], report.key_figures[0][2]
    texts = suppression.total_cell(words.texts)
    previous_texts = suppression.total_cell(words.previous_texts)
    labels = dict(OrganisationCode.choices)
    result = Feedback(
        organisation=organisation,
        organisation_label=str(labels.get(organisation, organisation)),
        selection=selection,
        report=report,
        words=words,
        key_figures=[
            report.key_figures[0],
            (
                _("Questions with the citizen's own words"),
                texts,
                previous_texts,
                _change(texts, previous_texts),
            ),
        ],
    )
    result.tables = [
        _themes(report.table("theme")),
        _phrase_table(
            "words",
            _("Frequent words"),
            words.words,
            words,
            texts,
            _("No word is used often enough to show."),
        ),
        _phrase_table(
            "phrases",
            _("Frequent phrases"),
            words.phrases,
            words,
            texts,
            _("No phrase is used often enough to show."),
        ),
        _months(selection, questions, previous_questions),
        report.table("unmet"),
    ]
    return result


def _change(now: Cell, before: Cell | None) -> str:
    if before is None or now.hidden or before.hidden or not before.value:
        return ""
    return f"{100 * (now.value - before.value) / before.value:+.0f}%"


def theme_trend(change: float | None, previous: Any) -> str:
    """A theme's trend from the change of its share in points (nothing when a figure is
    hidden); "new" when it was not asked about in the previous period."""
    if isinstance(previous, Cell) and not previous.hidden and previous.value == 0:
        return "new"
    if change is None:
        return ""
    if change >= THEME_POINTS:
        return "up"
    if change <= -THEME_POINTS:
        return "down"
    return "same"


def _themes(table: Table) -> Table:
    """The dashboard's theme table for the organisation, with a trend column."""
    themes = replace(table, rows=[replace(r, cells=dict(r.cells)) for r in table.rows])
    themes.title = _("Most frequent themes")
    if themes.withheld or not any(c.key == "change" for c in themes.columns):
        return themes
    themes.columns = [*themes.columns, Column("trend", _("Trend"), "text")]
    for row in themes.rows:
        trend = theme_trend(row.cells.get("change"), row.cells.get("previous"))
        row.cells["trend"] = str(TREND_LABELS[trend]) if trend else ""
    return themes


def _phrase_table(
    key: str,
    title: str,
    phrases: Sequence[wording.Phrase],
    words: wording.Wording,
    texts: Cell,
    empty: str,
) -> Table:
    columns = [
        Column("questions", _("Questions")),
        Column("share", _("Share of texts (%)"), "share"),
        Column("previous", _("Previous period")),
        Column("trend", _("Trend"), "text"),
    ]
    rows = []
    for phrase in phrases:
        share = None
        if not texts.hidden and texts.value:
            share = round(100 * phrase.count / texts.value, 1)
        rows.append(
            Row(
                phrase.key,
                phrase.text,
                {
                    "questions": Cell(phrase.count),  # at least the threshold (5): never small
                    "share": share,
                    "previous": suppression.primary(phrase.previous),
                    "trend": str(TREND_LABELS[wording.trend(phrase.count, phrase.previous)]),
                },
                extra={"lang": "nl"},
            )
        )
    note = _(
        "Only words and phrases used in at least %(questions)s questions from at least "
        "%(libraries)s library organisations are shown, never a whole question, and each "
        "has been checked for personal data."
    ) % {"questions": words.min_questions, "libraries": words.min_libraries}
    if words.withheld_by_guard:
        note += " " + _("%(n)s more were left out because they might contain personal data.") % {
            "n": words.withheld_by_guard
        }
    table = Table(key, title, columns, rows, "", chart="none", note=note)
    if not rows:
        table.summary = empty
    else:
        top = rows[0]
        table.summary = _("“%(phrase)s” was used most: in %(count)s questions (%(trend)s).") % {
            "phrase": top.label,
            "count": top.cells["questions"].display,
            "trend": top.cells["trend"],
        }
    return table


def _months(selection: Selection, questions: Cell, previous_questions: Cell | None) -> Table:
    """Questions per month against the same month one period earlier, suppressed as the
    dashboard's monthly series (each line against its total)."""
    from django.utils.formats import date_format

    from wegwijs.monitor.filters import add_months

    now = monthly_questions(selection, selection.period)
    before = monthly_questions(selection, selection.previous)
    months = wording.months(selection.period)
    shift = selection.period.months
    current = suppression.protect([now[m] for m in months], questions.bound())
    earlier = (
        suppression.protect(
            [before[add_months(m, -shift)] for m in months], previous_questions.bound()
        )
        if previous_questions is not None
        else None
    )
    columns = [Column("questions", _("Questions"))]
    if earlier is not None:
        columns += [
            Column("previous", _("Same month, previous period")),
            Column("change", _("Change (%)"), "change"),
        ]
    table = Table(
        "months",
        _("Questions per month"),
        columns,
        [],
        "",
        chart="series",
        total={"questions": questions, **({"previous": previous_questions} if earlier else {})},
    )
    if current is None:
        table.withheld = True
        table.summary = _("Too few questions to show this table without revealing small figures.")
        return table
    for i, month in enumerate(months):
        cells: dict[str, Any] = {"questions": current[i]}
        if earlier is not None:
            cells["previous"] = earlier[i]
            change = None
            if not current[i].hidden and not earlier[i].hidden and earlier[i].value:
                change = round(100 * (current[i].value - earlier[i].value) / earlier[i].value)
            cells["change"] = change
        table.rows.append(Row(month.isoformat(), date_format(month, "F Y"), cells))
    shown = [
        r for r in table.rows if not r.cells["questions"].hidden and r.cells["questions"].value
    ]
    if not shown:
        table.summary = _("No questions about this organisation in this period.")
        return table
    busiest = max(shown, key=lambda r: r.cells["questions"].value)
    table.summary = _("Most questions in %(month)s: %(value)s.") % {
        "month": busiest.label,
        "value": busiest.cells["questions"].display,
    }
    total_change = _change(questions, previous_questions)
    if total_change:
        table.summary += " " + _("In total %(change)s against the previous period.") % {
            "change": total_change
        }
    return table
