"""The work of ``wegwijs monitor send-reports`` and ``wegwijs monitor opendata`` (the
command module only parses arguments)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from wegwijs.monitor import opendata, pdfreport, subscriptions


def send_reports(quarter_text: str | None, *, dry_run: bool = False) -> str:
    today = timezone.localdate()
    if quarter_text:
        try:
            year, quarter = pdfreport.parse_quarter(quarter_text)
        except ValueError as exc:
            raise CommandError("Give the quarter as YYYYQn, for example 2026Q3.") from exc
        if year < pdfreport.FIRST_YEAR:
            raise CommandError(f"There are no reports before {pdfreport.FIRST_YEAR}.")
        if pdfreport.quarter_period(year, quarter).last_day >= today:
            raise CommandError(f"Q{quarter} {year} has not ended yet.")
        outcome = subscriptions.send_reports(year, quarter, today=today, dry_run=dry_run)
    else:
        due = subscriptions.send_due(today, dry_run=dry_run)
        if due is None:
            year, quarter, day = subscriptions.next_sending(today)
            return f"Nothing due: the reports of Q{quarter} {year} go out from {day.isoformat()}."
        outcome = due
    lines = [outcome.summary()]
    lines += [f"  {'would send to' if dry_run else 'sent to'} {who}" for who in outcome.sent]
    lines += [f"  skipped {who}" for who in outcome.skipped]
    if outcome.failed:
        lines += [f"  failed: {who}" for who in outcome.failed]
        raise CommandError("\n".join(lines))
    return "\n".join(lines)


def write_opendata(year: int, quarter: int | None, out: str) -> str:
    try:
        package = opendata.export(year, quarter)
    except opendata.OpenDataError as exc:
        raise CommandError(" ".join(m for msgs in exc.errors.values() for m in msgs)) from exc
    folder = Path(out)
    for path, body in package.files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return f"{package.name}: {len(package.files)} files written to {folder}."
