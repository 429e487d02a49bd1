"""The scheduler: each job runs once per due time, whatever the number of schedulers."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.tasks import task

from wegwijs.core import schedule
from wegwijs.core.models import ScheduledRun

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
calls: list[str] = []


@task()
def remember() -> str:
    calls.append("ran")
    return "ok"


@task()
def explode() -> str:
    raise RuntimeError("boom")


@pytest.fixture
def jobs(monkeypatch: pytest.MonkeyPatch) -> dict[str, schedule.Job]:
    calls.clear()
    registry = {
        "nightly": schedule.Job("nightly", remember, at="02:30"),
        "broken": schedule.Job("broken", explode, every=timedelta(hours=1)),
    }
    monkeypatch.setattr(schedule, "jobs", lambda: registry)
    return registry


def test_a_daily_job_runs_once_per_day(jobs: dict[str, schedule.Job]) -> None:
    night = datetime(2026, 3, 10, 3, 0, tzinfo=AMS)
    assert "nightly" in schedule.run_due(night)
    assert "nightly" not in schedule.run_due(night + timedelta(hours=5))
    assert "nightly" not in schedule.run_due(night + timedelta(hours=5))  # a second scheduler
    assert calls == ["ran"]
    schedule.run_due(night + timedelta(days=1))
    assert calls == ["ran", "ran"]


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(
    jobs: dict[str, schedule.Job],
) -> None:
    schedule.run_due(datetime(2026, 3, 10, 3, 0, tzinfo=AMS))
    assert ScheduledRun.objects.get(job="broken").status == ScheduledRun.Status.FAILED
    assert ScheduledRun.objects.get(job="nightly").status == ScheduledRun.Status.DONE


def test_the_due_time_of_a_daily_job_respects_local_time_across_dst() -> None:
    job = schedule.Job("x", remember, at="02:30")
    # The night clocks go forward (29 March 2026) 02:30 does not exist locally.
    due = job.last_due(datetime(2026, 3, 29, 12, 0, tzinfo=AMS))
    assert due.date().isoformat() == "2026-03-29"
    before = job.last_due(datetime(2026, 10, 25, 1, 0, tzinfo=AMS))
    assert before.date().isoformat() == "2026-10-24"


def test_registering_a_job_with_a_bad_time_fails() -> None:
    with pytest.raises(ValueError):
        schedule.register(schedule.Job("bad", remember, at="25:00"))
    with pytest.raises(ValueError):
        schedule.register(schedule.Job("both", remember, at="01:00", every=timedelta(hours=1)))


def test_the_real_jobs_include_the_triage_retrain() -> None:
    out = StringIO()
    call_command("scheduler", "--list", stdout=out)
    assert "triage-retrain: daily at 02:30" in out.getvalue()
