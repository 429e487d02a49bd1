"""GET /api/v1/monitor/: the dashboard's tables as JSON, with the page's filters, scope and
suppression (a hidden figure has ``value`` null and ``display`` "<5" or "×")."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wegwijs.desk.codes import Kind, Layer, OrganisationCode
from wegwijs.monitor.filters import Granularity, InvalidFilters, selection_for
from wegwijs.monitor.report import Report, build
from wegwijs.monitor.suppression import Cell
from wegwijs.monitor.views import scope_title


class MonitorQuery(serializers.Serializer):
    """The filters (documentation; the monitor's filter form validates them)."""

    year = serializers.IntegerField(required=False, help_text="Default: this year.")
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
    month = serializers.IntegerField(required=False, min_value=1, max_value=12)
    start = serializers.RegexField(
        r"^\d{4}-\d{2}$", required=False, help_text="First month (YYYY-MM), instead of a year"
    )
    end = serializers.RegexField(
        r"^\d{4}-\d{2}$", required=False, help_text="Last month (YYYY-MM), included"
    )
    granularity = serializers.ChoiceField(
        choices=[c for c, _label in Granularity.CHOICES],
        required=False,
        help_text="Step of the series (default: by the length of the period)",
    )
    province = serializers.CharField(required=False, help_text="ISO 3166-2 code, e.g. NL-ZH")
    municipality = serializers.CharField(required=False, help_text="CBS code, e.g. 0599")
    library = serializers.CharField(required=False, help_text="Library organisation slug")
    branch = serializers.IntegerField(required=False, help_text="Branch id")
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    organisation = serializers.ChoiceField(choices=OrganisationCode.choices, required=False)
    layer = serializers.ChoiceField(choices=Layer.choices, required=False)


class CellSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True, help_text="null when hidden")
    display = serializers.CharField(help_text='As shown: "1.234", "<5" or "×"')
    suppressed = serializers.ChoiceField(
        choices=["", "small", "secondary"],
        help_text="small: 1 to 4; secondary: hidden so that a small figure cannot be derived",
    )


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=["count", "share", "change", "text"])


class RowSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    cells = serializers.DictField(
        child=serializers.JSONField(),
        help_text="By column key: a cell object for counts, a number or null otherwise",
    )
    extra = serializers.DictField(child=serializers.JSONField())


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    chart = serializers.CharField()
    withheld = serializers.BooleanField(help_text="Too few figures to show without revealing")
    note = serializers.CharField(allow_blank=True)
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    total = serializers.DictField(child=serializers.JSONField(), allow_null=True)


class KeyFigureSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    value = CellSerializer()
    previous = CellSerializer(allow_null=True)
    change = serializers.CharField(allow_blank=True)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="Last day")
    label = serializers.CharField()  # type: ignore[assignment]


class MonitorResponse(serializers.Serializer):
    scope = serializers.CharField()
    period = PeriodSerializer()
    previous_period = PeriodSerializer()
    granularity = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Figures go outside the library: <5 hidden")
    filters = serializers.DictField(child=serializers.JSONField())
    key_figures = KeyFigureSerializer(many=True)
    tables = TableSerializer(many=True)


def _value(value: Any) -> Any:
    if isinstance(value, Cell):
        return {"value": value.shown, "display": value.display, "suppressed": value.status}
    return value


def as_json(report: Report) -> dict[str, Any]:
    sel = report.selection

    def period(p: Any) -> dict[str, Any]:
        return {"start": p.start.isoformat(), "end": p.last_day.isoformat(), "label": p.label()}

    return {
        "scope": scope_title(sel.scope),
        "period": period(sel.period),
        "previous_period": period(sel.previous),
        "granularity": sel.granularity,
        "suppressed": report.suppressed,
        "filters": {k: str(v) for k, v in sel.filters.items()},
        "key_figures": [
            {"label": label, "value": _value(now), "previous": _value(before), "change": change}
            for label, now, before, change in report.key_figures
        ],
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "summary": t.summary,
                "chart": t.chart,
                "withheld": t.withheld,
                "note": t.note,
                "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in t.columns],
                "rows": [
                    {
                        "code": r.code,
                        "label": r.label,
                        "cells": {k: _value(v) for k, v in r.cells.items()},
                        "extra": r.extra,
                    }
                    for r in t.rows
                ],
                "total": None
                if t.total is None
                else {k: _value(v) for k, v in t.total.items() if v is not None},
            }
            for t in report.tables
        ],
    }


class MonitorView(APIView):
    @extend_schema(
        summary="The monitor's figures for the caller's scope (suppressed outside a library)",
        parameters=[MonitorQuery],
        responses={200: MonitorResponse},
    )
    def get(self, request: Request) -> Response:
        try:
            selection = selection_for(request.user, request.query_params)
        except InvalidFilters as exc:
            raise serializers.ValidationError(
                {"non_field_errors" if k == "__all__" else k: v for k, v in exc.errors.items()}
            ) from exc
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(as_json(build(selection)))
