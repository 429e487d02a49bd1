"""Export registrations as CSV or XLSX: one row per question, with the visit's fields.

Free text (note, citizen's words) is exported only to people of the library itself: outside
the library no free text leaves it (DOMAIN.md privacy rules).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from wegwijs.core.exports import safe_cell as _safe
from wegwijs.desk.models import Visit

COLUMNS = [
    "visit_id",
    "date",
    "time",
    "branch",
    "library",
    "channel",
    "duration",
    "question",
    "kind",
    "theme",
    "organisation",
    "layer",
    "help_given",
    "referral_target",
]
TEXT_COLUMNS = ["citizen_words", "note"]


def rows(qs: QuerySet[Visit], *, include_text: bool) -> Iterator[list[Any]]:
    visits = (
        qs.select_related("branch", "branch__organisation")
        .prefetch_related("questions")
        .order_by("occurred_at", "pk")
    )
    for visit in visits.iterator(chunk_size=2000):
        local = timezone.localtime(visit.occurred_at)
        for q in visit.questions.all():
            row = [
                visit.pk,
                local.date().isoformat(),
                local.strftime("%H:%M"),
                visit.branch.name,
                visit.branch.organisation.name,
                visit.channel,
                visit.duration,
                q.position,
                q.kind,
                q.theme,
                q.organisation,
                q.layer,
                q.help_given,
                q.referral_target,
            ]
            if include_text:
                row += [q.citizen_words, visit.note]
            yield row


class _Echo:
    def write(self, value: str) -> str:
        return value


def response(qs: QuerySet[Visit], fmt: str, *, include_text: bool) -> HttpResponse:
    header = COLUMNS + (TEXT_COLUMNS if include_text else [])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream() -> Iterator[str]:
            yield "\ufeff"  # BOM, so spreadsheet programs read UTF-8
            yield writer.writerow(header)
            for row in rows(qs, include_text=include_text):
                yield writer.writerow([_safe(v) for v in row])

        streaming = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        streaming["Content-Disposition"] = f'attachment; filename="registraties-{stamp}.csv"'
        return streaming  # type: ignore[return-value]
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("registraties")
        sheet.append(header)
        for row in rows(qs, include_text=include_text):
            sheet.append([_safe(v) for v in row])
        buffer = BytesIO()
        workbook.save(buffer)
        result = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        result["Content-Disposition"] = f'attachment; filename="registraties-{stamp}.xlsx"'
        return result
    raise ValueError(f"unknown export format {fmt!r}")
