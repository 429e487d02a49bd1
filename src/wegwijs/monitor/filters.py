"""The monitor's filters (as in the KB dashboard: year, province, municipality, library
organisation, branch, kind, organisation, layer; plus a quarter, a month or a range of
months, and the time step of the series), validated against the user's scope.

:func:`selection_for` turns a GET query into a :class:`Selection`: which rollup level and
ids to read, which codes to keep, and whether the figures are the library's own (shown as
they are) or go outside the library (suppressed). Bad input raises :class:`InvalidFilters`
with Dutch messages by field, which pages and the API answer with 400.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.accounts import scoping
from wegwijs.desk.codes import LAYER_OF, Kind, Layer, OrganisationCode
from wegwijs.monitor.models import Geo
from wegwijs.network.models import Branch, Municipality, Organisation, Province

FIRST_YEAR = 2019  # the first IDOs opened on 1 July 2019
MAX_MONTHS = 12 * 30
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class Granularity:
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    ORDER = (DAY, WEEK, MONTH, QUARTER, YEAR)
    CHOICES = (
        (DAY, gettext_lazy("per day")),
        (WEEK, gettext_lazy("per week")),
        (MONTH, gettext_lazy("per month")),
        (QUARTER, gettext_lazy("per quarter")),
        (YEAR, gettext_lazy("per year")),
    )


MAX_POINTS = 400  # a series with more points than this is shown per longer step


class InvalidFilters(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Number of months from the month of ``start`` to that of ``end``, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True)
class Period:
    start: date  # first day of the first month
    end: date  # first day of the last month (included)

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    @property
    def last_day(self) -> date:
        return add_months(self.end, 1) - timedelta(days=1)

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(add_months(self.start, -self.months), add_months(self.start, -1))

    def label(self) -> str:
        from django.utils.formats import date_format

        if self.months == 12 and self.start.month == 1:
            return str(self.start.year)
        if self.months == 3 and self.start.month in (1, 4, 7, 10):
            return _("Q%(quarter)s %(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if self.months == 1:
            return date_format(self.start, "F Y")
        return _("%(start)s to %(end)s") % {
            "start": date_format(self.start, "F Y"),
            "end": date_format(self.end, "F Y"),
        }


@dataclass(frozen=True)
class Selection:
    """What the dashboard reads: validated filters within the user's scope."""

    period: Period
    previous: Period  # the same months one period earlier (a year: the year before)
    granularity: str
    coarsened: bool  # the granularity asked for gave too many points
    geo: str  # Geo: the rollup level to read
    geo_ids: tuple[int, ...]  # provinces or branches at that level; () national
    branch_ids: tuple[int, ...] | None  # the branches in the selection; None: all
    kind: str
    organisations: tuple[str, ...] | None  # None: all
    inside: bool  # the library's own figures: shown as they are
    visits: bool  # visit figures apply (no filter on question codes)
    scope: scoping.Scope
    filters: dict[str, Any] = field(default_factory=dict)  # the cleaned filters


def _choices(items: Sequence[tuple[Any, Any]], empty: str) -> list[tuple[Any, Any]]:
    return [("", empty), *items]


class QuickSelect(forms.Select):
    """A select rendered in Python: the branch and municipality lists have hundreds of
    options, and a template per option made the filter form the slowest part of the page."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        current = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in current else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final),
            mark_safe(options),  # noqa: S308 - every key and label escaped above
        )


class MonitorFilterForm(forms.Form):
    """The filter form of the dashboard; its choices depend on the user's scope."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        coerce=int,
        required=False,
        choices=[("", gettext_lazy("Whole year")), *[(q, f"Q{q}") for q in range(1, 5)]],
    )
    month = forms.TypedChoiceField(label=gettext_lazy("Month"), coerce=int, required=False)
    start = forms.CharField(
        label=gettext_lazy("From month"),
        required=False,
        max_length=7,
        help_text=gettext_lazy("YYYY-MM, instead of a year"),
    )
    end = forms.CharField(
        label=gettext_lazy("Up to month"),
        required=False,
        max_length=7,
        help_text=gettext_lazy("YYYY-MM, included"),
    )
    granularity = forms.ChoiceField(
        label=gettext_lazy("Series"),
        required=False,
        choices=[("", gettext_lazy("Automatic")), *Granularity.CHOICES],
    )
    province = forms.ChoiceField(label=gettext_lazy("Province"), required=False)
    municipality = forms.ChoiceField(label=gettext_lazy("Municipality"), required=False)
    library = forms.ChoiceField(label=gettext_lazy("Library organisation"), required=False)
    branch = forms.TypedChoiceField(label=gettext_lazy("Branch"), coerce=int, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of question"), required=False)
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False)
    layer = forms.ChoiceField(label=gettext_lazy("Government layer"), required=False)

    def __init__(self, *args: Any, user: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.scope = scoping.scope_for(user)
        self.today = today or timezone.localdate()
        f = self.fields
        years = range(self.today.year, FIRST_YEAR - 1, -1)
        f["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        from django.utils.dates import MONTHS

        f["month"].choices = _choices(  # type: ignore[attr-defined]
            [(m, str(MONTHS[m])) for m in range(1, 13)], _("Whole period")
        )
        branches = self.scope_branches()
        provinces = Province.objects.filter(libraries__branches__in=branches).distinct()
        f["province"].choices = _choices(  # type: ignore[attr-defined]
            [(p.code, p.name) for p in provinces], _("All provinces")
        )
        municipalities = Municipality.objects.filter(branches__in=branches).distinct()
        f["municipality"].choices = _choices(  # type: ignore[attr-defined]
            [(m.code, m.name) for m in municipalities], _("All municipalities")
        )
        libraries = Organisation.objects.filter(branches__in=branches).distinct()
        f["library"].choices = _choices(  # type: ignore[attr-defined]
            [(o.slug, o.name) for o in libraries], _("All library organisations")
        )
        f["branch"].choices = _choices(  # type: ignore[attr-defined]
            [
                (b.pk, f"{b.name} ({b.organisation.name})")
                for b in branches.select_related("organisation")
            ],
            _("All branches"),
        )
        f["kind"].choices = _choices(Kind.choices, _("All kinds"))  # type: ignore[attr-defined]
        organisations = OrganisationCode.choices
        if self.scope.level == scoping.Level.OWN:
            organisations = [c for c in organisations if c[0] == self.scope.agency_code]
            f["organisation"].error_messages["invalid_choice"] = _(
                "You can only see figures about questions on your own organisation."
            )
        f["organisation"].choices = _choices(  # type: ignore[attr-defined]
            organisations, _("All organisations")
        )
        f["layer"].choices = _choices(Layer.choices, _("All layers"))  # type: ignore[attr-defined]
        for item in f.values():
            if isinstance(item, forms.ChoiceField):
                item.widget = QuickSelect(choices=list(item.choices))  # type: ignore[arg-type]
        if self.scope.level == scoping.Level.BRANCH:
            for name in ("province", "municipality", "library", "branch"):
                del f[name]
        elif self.scope.level == scoping.Level.ORGANISATION:
            for name in ("province", "library"):
                del f[name]

    def scope_branches(self) -> Any:
        """The branches the user's figures come from (all for national users and agencies)."""
        scope = self.scope
        if scope.level in (scoping.Level.NATIONAL, scoping.Level.OWN):
            return Branch.objects.all()
        if scope.level == scoping.Level.PROVINCES:
            return Branch.objects.filter(organisation__province__code__in=scope.province_codes)
        if scope.level == scoping.Level.ORGANISATION:
            return Branch.objects.filter(organisation_id=scope.org_id)
        if scope.level == scoping.Level.BRANCH:
            return Branch.objects.filter(pk=scope.branch_id or 0)
        return Branch.objects.none()

    def _month(self, name: str) -> date | None:
        value = self.cleaned_data.get(name) or ""
        if not value:
            return None
        match = MONTH_RE.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            self.add_error(name, _("Give a month as YYYY-MM, for example 2025-03."))
            return None
        return month_start(int(match[1]), int(match[2]))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = self._month("start"), self._month("end")
        if self.errors:
            return data
        current = month_start(self.today.year, self.today.month)
        if start or end:
            if data.get("year") or data.get("quarter") or data.get("month"):
                raise forms.ValidationError(
                    _("Choose either a year (with a quarter or month) or a range of months.")
                )
            if not (start and end):
                raise forms.ValidationError(_("Give both the first and the last month."))
            if start > end:
                self.add_error("end", _("The last month lies before the first month."))
            elif start < month_start(FIRST_YEAR, 1) or end > current:
                self.add_error(
                    "start" if start < month_start(FIRST_YEAR, 1) else "end",
                    _("Choose months from %(first)s up to this month.") % {"first": FIRST_YEAR},
                )
            elif months_between(start, end) > MAX_MONTHS:
                self.add_error(
                    "end", _("At most %(years)s years at a time.") % {"years": MAX_MONTHS // 12}
                )
            else:
                data["period"] = Period(start, end)
            return data
        if data.get("quarter") and data.get("month"):
            raise forms.ValidationError(_("Choose a quarter or a month, not both."))
        year = data.get("year") or self.today.year
        if data.get("quarter"):
            first = month_start(year, (data["quarter"] - 1) * 3 + 1)
            data["period"] = Period(first, add_months(first, 2))
        elif data.get("month"):
            first = month_start(year, data["month"])
            data["period"] = Period(first, first)
        else:
            data["period"] = Period(month_start(year, 1), month_start(year, 12))
        if data["period"].start > current:
            raise forms.ValidationError(_("This period has not begun yet."))
        return data


def _granularity(asked: str, period: Period) -> tuple[str, bool]:
    days = (period.last_day - period.start).days + 1
    points = {
        Granularity.DAY: days,
        Granularity.WEEK: days / 7 + 1,
        Granularity.MONTH: period.months,
        Granularity.QUARTER: period.months / 3 + 1,
        Granularity.YEAR: period.months / 12 + 1,
    }
    if not asked:
        for step in Granularity.ORDER:
            if points[step] <= {Granularity.DAY: 62, Granularity.WEEK: 27}.get(step, 48):
                return step, False
        return Granularity.YEAR, False
    order = Granularity.ORDER
    for step in order[order.index(asked) :]:
        if points[step] <= MAX_POINTS:
            return step, step != asked
    return Granularity.YEAR, True


def selection_for(
    user: Any,
    query: Any,
    *,
    today: date | None = None,
    form: MonitorFilterForm | None = None,
) -> Selection:
    """Validate ``query`` (a QueryDict or dict) for ``user``; raise InvalidFilters (400) or
    PermissionDenied (a role without figures). A page passes the ``form`` it shows."""
    scope = scoping.scope_for(user)
    if scope.level == scoping.Level.NONE or (
        scope.level == scoping.Level.OWN and not scope.agency_code
    ):
        raise PermissionDenied(_("Your role has no figures in the monitor."))
    form = form or MonitorFilterForm(query, user=user, today=today)
    if not form.is_valid():
        errors: dict[str, list[str]] = {
            name: [str(e) for e in errs] for name, errs in form.errors.items()
        }
        raise InvalidFilters(errors)
    data = form.cleaned_data
    period: Period = data["period"]
    # A period that has not ended yet counts up to this month, and is compared with the same
    # months one period earlier (this year so far with last year's same months).
    length = period.months
    today = form.today
    this_month = month_start(today.year, today.month)
    if period.end > this_month:
        period = Period(period.start, this_month)
    previous = Period(add_months(period.start, -length), add_months(period.end, -length))
    granularity, coarsened = _granularity(data.get("granularity") or "", period)

    # Geography: the scope, narrowed by the filters.
    branch_filter = Q()
    narrowed = False
    province_codes: set[str] | None = None
    if scope.level == scoping.Level.PROVINCES:
        province_codes = set(scope.province_codes)
    if data.get("province"):
        province_codes = {data["province"]}
    for name, lookup in (
        ("municipality", "municipality__code"),
        ("library", "organisation__slug"),
        ("branch", "pk"),
    ):
        if data.get(name) not in (None, ""):
            branch_filter &= Q(**{lookup: data[name]})
            narrowed = True
    if scope.level == scoping.Level.ORGANISATION:
        branch_filter &= Q(organisation_id=scope.org_id)
        narrowed = True
    elif scope.level == scoping.Level.BRANCH:
        branch_filter &= Q(pk=scope.branch_id or 0)
        narrowed = True
    geo_ids: tuple[int, ...]
    branch_ids: tuple[int, ...] | None
    if narrowed:
        if province_codes is not None:
            branch_filter &= Q(organisation__province__code__in=province_codes)
        geo_ids = tuple(
            Branch.objects.filter(branch_filter).order_by("pk").values_list("pk", flat=True)
        )
        geo, branch_ids = Geo.BRANCH, geo_ids
    elif province_codes is not None:
        geo = Geo.PROVINCE
        geo_ids = tuple(
            Province.objects.filter(code__in=province_codes)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        branch_ids = tuple(
            Branch.objects.filter(organisation__province__code__in=province_codes)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    else:
        geo, geo_ids, branch_ids = Geo.NATIONAL, (), None

    # Question codes: the filters, and an agency's own organisation.
    organisations: set[str] | None = None
    if data.get("organisation"):
        organisations = {data["organisation"]}
    if data.get("layer"):
        in_layer = {code for code, layer in LAYER_OF.items() if layer == data["layer"]}
        organisations = in_layer if organisations is None else organisations & in_layer
    if scope.level == scoping.Level.OWN:
        own = {scope.agency_code} & set(OrganisationCode.values)
        organisations = own if organisations is None else organisations & own
    kind = data.get("kind") or ""
    return Selection(
        period=period,
        previous=previous,
        granularity=granularity,
        coarsened=coarsened,
        geo=geo,
        geo_ids=geo_ids,
        branch_ids=branch_ids,
        kind=kind,
        organisations=None if organisations is None else tuple(sorted(organisations)),
        inside=scope.level in (scoping.Level.BRANCH, scoping.Level.ORGANISATION),
        visits=organisations is None and not kind,
        scope=scope,
        filters={k: v for k, v in data.items() if v not in (None, "") and k != "period"},
    )
