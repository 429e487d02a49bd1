"""Keys, rotation, the retention command, the scheduled jobs, working days and course dates."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from wegwijs.core import schedule
from wegwijs.referrals import crypto, services, sessions
from wegwijs.referrals.checks import referral_keys_check
from wegwijs.referrals.models import Referral, Status
from wegwijs.referrals.tests.helpers import NAME, World
from wegwijs.referrals.workdays import add_working_days, is_working_day
from wegwijs.socialmap.models import Schedule


# -- keys ----------------------------------------------------------------------------------
def test_generate_key_prints_a_fernet_key() -> None:
    out = io.StringIO()
    call_command("referrals", "generate-key", stdout=out)
    Fernet(out.getvalue().strip().encode())


def test_a_malformed_key_fails_the_system_check() -> None:
    with override_settings(REFERRAL_KEYS=["not-a-key"]):
        errors = referral_keys_check()
    assert [e.id for e in errors] == ["referrals.E001"]
    assert "not-a-key" not in errors[0].msg
    assert referral_keys_check() == []


def test_without_keys_a_key_derived_from_the_secret_key_is_used_and_stays_readable() -> None:
    with override_settings(REFERRAL_KEYS=[]):
        token = crypto.encrypt_contact(crypto.Contact(NAME, "0612345678"))
    # Keys configured later still open what was stored with the derived key.
    assert crypto.decrypt_contact(token).name == NAME
    with (
        override_settings(SECRET_KEY="another-secret-key-" + "x" * 40),
        pytest.raises(crypto.InvalidToken),
    ):
        crypto.decrypt_contact(token)


@pytest.mark.django_db
def test_rotate_keys_reencrypts_with_the_new_first_key(world: World) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    old_keys = crypto.configured_keys()
    new_key = crypto.generate_key()
    with override_settings(REFERRAL_KEYS=[new_key, *old_keys]):
        out = io.StringIO()
        call_command("referrals", "rotate-keys", stdout=out)
        assert "re-encrypted: 1" in out.getvalue()
    referral.refresh_from_db()
    with override_settings(REFERRAL_KEYS=[new_key], SECRET_KEY="rotated-" + "y" * 50):
        assert crypto.decrypt_contact(referral.contact_encrypted).name == NAME


@pytest.mark.django_db
def test_the_detail_page_says_when_the_key_is_missing(
    world: World, client: Any, log_in: Any
) -> None:
    referral = services.create_warm(world.desk_worker, world.warm_input())
    log_in(world.desk_worker)
    with override_settings(REFERRAL_KEYS=[crypto.generate_key()]):
        response = client.get(f"/doorverwijzingen/{referral.pk}/")
    assert response.status_code == 200
    assert response.context["contact_unreadable"] is True


# -- retention -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_wegwijs_retention_reports_and_erases_with_a_dry_run_first(world: World) -> None:
    old = services.create_warm(world.desk_worker, world.warm_input())
    Referral.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))

    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert f"referrals expired (still open after 30 days): 1 (ids {old.pk})" in out.getvalue()
    assert "dry run" in out.getvalue()
    old.refresh_from_db()
    assert old.status == Status.SENT and old.has_contact

    out = io.StringIO()
    call_command("retention", stdout=out)
    assert f"referral contact details erased: 1 (ids {old.pk})" in out.getvalue()
    assert NAME not in out.getvalue()
    old.refresh_from_db()
    assert old.status == Status.EXPIRED and not old.has_contact


def test_the_scheduled_jobs_are_registered() -> None:
    jobs = schedule.jobs()
    assert jobs["referrals-retention"].at is not None
    assert jobs["referrals-overdue"].every == timedelta(hours=1)


@pytest.mark.django_db
def test_the_retention_task_runs(world: World) -> None:
    from wegwijs.referrals.tasks import flag_overdue, purge

    assert purge.enqueue().return_value == "0 expired, contact details erased from 0"
    assert flag_overdue.enqueue().return_value == "0 overdue referrals flagged"


# -- working days --------------------------------------------------------------------------
def test_working_days_skip_weekends_and_dutch_public_holidays() -> None:
    assert not is_working_day(date(2025, 4, 21))  # Easter Monday
    assert not is_working_day(date(2025, 4, 26))  # Saturday (King's Day)
    assert not is_working_day(date(2025, 12, 25))
    assert is_working_day(date(2025, 4, 22))
    tz = timezone.get_current_timezone()
    friday = datetime(2025, 5, 30, 16, 30, tzinfo=tz)
    assert add_working_days(friday, 2) == datetime(2025, 6, 3, 16, 30, tzinfo=tz)
    before_christmas = datetime(2025, 12, 24, 9, 0, tzinfo=tz)
    # Christmas (Thursday, Friday) and the weekend: Monday 29 is the first working day.
    assert add_working_days(before_christmas, 2) == datetime(2025, 12, 30, 9, 0, tzinfo=tz)


# -- course dates --------------------------------------------------------------------------
def _schedule(**kwargs: Any) -> Schedule:
    defaults = {"freq": "", "byday": "", "opens_at": time(10), "closes_at": time(12)}
    return Schedule(**{**defaults, **kwargs})


def test_course_dates_by_kind_of_schedule() -> None:
    today = date(2025, 6, 2)  # a Monday
    one_off = _schedule(dtstart=date(2025, 6, 20))
    assert sessions.session_dates(one_off, today) == [date(2025, 6, 20)]
    assert sessions.session_dates(one_off, date(2025, 6, 21)) == []

    series = _schedule(freq="WEEKLY", byday="MO", dtstart=date(2025, 6, 9), until=date(2025, 6, 30))
    assert sessions.is_series(series)
    assert sessions.session_dates(series, today) == [date(2025, 6, 9)]  # the whole series
    assert sessions.session_dates(series, date(2025, 6, 10)) == []  # started: closed
    assert sessions.is_session(series, date(2025, 6, 9), today)
    assert not sessions.is_session(series, date(2025, 6, 16), today)

    cafe = _schedule(freq="WEEKLY", byday="FR")
    dates = sessions.session_dates(cafe, today)
    assert dates[0] == date(2025, 6, 6) and all(d.weekday() == 4 for d in dates)
    assert sessions.is_session(cafe, date(2025, 6, 13), today)
    assert not sessions.is_session(cafe, date(2025, 5, 30), today)  # in the past

    monthly = _schedule(freq="MONTHLY", byday="1TU")
    assert sessions.session_dates(monthly, today)[:2] == [date(2025, 6, 3), date(2025, 7, 1)]
