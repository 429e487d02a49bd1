"""Opening hours: open now, until when, and when a branch opens next, in Europe/Amsterdam."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from wegwijs.network import hours
from wegwijs.network.hours import AMSTERDAM, intervals_on, status, week_schedule
from wegwijs.network.models import HoursKind, OpeningException, OpeningPeriod
from wegwijs.testing.factories import BranchFactory, weekly_hours

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
OPEN, CONSULTATION = HoursKind.OPEN, HoursKind.CONSULTATION

# 2025: summer time starts on Sunday 30 March and ends on Sunday 26 October.
SPRING_FORWARD = date(2025, 3, 30)
FALL_BACK = date(2025, 10, 26)


def period(weekday: int, opens: time, closes: time, kind: str = OPEN) -> OpeningPeriod:
    return OpeningPeriod(weekday=weekday, opens=opens, closes=closes, kind=kind)


def closed_on(day: date, reason: str = "") -> OpeningException:
    return OpeningException(date=day, closed=True, reason=reason)


def special(day: date, opens: time, closes: time) -> OpeningException:
    return OpeningException(date=day, closed=False, opens=opens, closes=closes)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def office_hours() -> list[OpeningPeriod]:
    return [period(day, time(9), time(17)) for day in (MON, TUE, WED, THU, FRI)]


# --- open or closed at a given moment ---------------------------------------------------------


def test_branch_is_open_during_its_hours_until_closing_time() -> None:
    state = status(office_hours(), [], local(2025, 6, 3, 10, 0))  # Tuesday

    assert state.open_now
    assert state.until == local(2025, 6, 3, 17, 0)
    assert state.next_open is None


def test_branch_is_closed_before_opening_and_says_it_opens_at_nine() -> None:
    state = status(office_hours(), [], local(2025, 6, 3, 8, 59))

    assert not state.open_now
    assert state.next_open is not None
    assert state.next_open.start == local(2025, 6, 3, 9, 0)
    assert state.next_open.end == local(2025, 6, 3, 17, 0)


def test_branch_closes_at_closing_time_and_opens_again_next_morning() -> None:
    at_closing = status(office_hours(), [], local(2025, 6, 3, 17, 0))

    assert not at_closing.open_now
    assert at_closing.next_open is not None
    assert at_closing.next_open.start == local(2025, 6, 4, 9, 0)


def test_branch_closed_over_lunch_opens_again_after_the_break() -> None:
    periods = [period(TUE, time(9), time(12, 30)), period(TUE, time(13, 30), time(17))]

    before_lunch = status(periods, [], local(2025, 6, 3, 12, 29))
    at_lunch = status(periods, [], local(2025, 6, 3, 13, 0))

    assert before_lunch.open_now
    assert before_lunch.until == local(2025, 6, 3, 12, 30)
    assert not at_lunch.open_now
    assert at_lunch.next_open is not None
    assert at_lunch.next_open.start == local(2025, 6, 3, 13, 30)


def test_on_friday_evening_the_next_opening_is_monday_morning() -> None:
    state = status(office_hours(), [], local(2025, 6, 6, 18, 0))  # Friday

    assert not state.open_now
    assert state.next_open is not None
    assert state.next_open.start == local(2025, 6, 9, 9, 0)  # Monday


def test_on_a_saturday_a_branch_open_on_saturdays_is_open() -> None:
    periods = [*office_hours(), period(SAT, time(10), time(14))]

    assert status(periods, [], local(2025, 6, 7, 11, 0)).open_now
    assert not status(office_hours(), [], local(2025, 6, 7, 11, 0)).open_now


def test_branch_without_hours_is_closed_and_has_no_next_opening() -> None:
    state = status([], [], local(2025, 6, 3, 10, 0))

    assert state == hours.OpenStatus(open_now=False, until=None, next_open=None)


def test_next_opening_beyond_three_weeks_is_not_reported() -> None:
    # Closed for four weeks (summer renovation): nothing within the look-ahead.
    start = date(2025, 7, 1)
    exceptions = [closed_on(start + timedelta(days=n)) for n in range(28)]

    state = status(office_hours(), exceptions, local(2025, 7, 1, 8, 0))

    assert not state.open_now
    assert state.next_open is None


# --- holidays and special days ----------------------------------------------------------------


def test_branch_is_closed_on_a_holiday_and_opens_the_day_after() -> None:
    easter_monday = date(2025, 4, 21)
    exceptions = [closed_on(easter_monday, "Tweede paasdag")]

    on_holiday = status(office_hours(), exceptions, local(2025, 4, 21, 10, 0))
    from_saturday = status(office_hours(), exceptions, local(2025, 4, 19, 12, 0))

    assert not on_holiday.open_now
    assert on_holiday.next_open is not None
    assert on_holiday.next_open.start == local(2025, 4, 22, 9, 0)
    assert from_saturday.next_open is not None
    assert from_saturday.next_open.start == local(2025, 4, 22, 9, 0)


def test_christmas_eve_special_hours_replace_the_regular_hours() -> None:
    exceptions = [
        special(date(2025, 12, 24), time(10), time(16)),
        closed_on(date(2025, 12, 25)),
        closed_on(date(2025, 12, 26)),
    ]
    periods = office_hours()

    early = status(periods, exceptions, local(2025, 12, 24, 9, 30))
    during = status(periods, exceptions, local(2025, 12, 24, 15, 0))
    late = status(periods, exceptions, local(2025, 12, 24, 16, 30))

    assert not early.open_now
    assert early.next_open is not None
    assert early.next_open.start == local(2025, 12, 24, 10, 0)
    assert during.open_now
    assert during.until == local(2025, 12, 24, 16, 0)
    assert not late.open_now  # regular hours would say open until 17:00
    assert late.next_open is not None
    assert late.next_open.start == local(2025, 12, 29, 9, 0)  # after Christmas and the weekend


def test_special_hours_open_a_branch_on_a_day_it_is_normally_closed() -> None:
    sunday = date(2025, 6, 8)
    exceptions = [special(sunday, time(12), time(16))]

    assert status(office_hours(), exceptions, local(2025, 6, 8, 13, 0)).open_now
    assert not status(office_hours(), [], local(2025, 6, 8, 13, 0)).open_now


def test_consultation_hours_are_clipped_to_special_opening_hours() -> None:
    periods = [
        period(WED, time(9), time(20)),
        period(WED, time(14), time(18), CONSULTATION),
        period(WED, time(9), time(9, 30), CONSULTATION),
    ]
    exceptions = [special(date(2025, 12, 24), time(10), time(16))]

    intervals = intervals_on(date(2025, 12, 24), periods, exceptions, CONSULTATION)
    at_three = status(periods, exceptions, local(2025, 12, 24, 15, 0), CONSULTATION)
    at_five = status(periods, exceptions, local(2025, 12, 24, 17, 0), CONSULTATION)

    assert [(i.start, i.end) for i in intervals] == [
        (local(2025, 12, 24, 14, 0), local(2025, 12, 24, 16, 0))
    ]
    assert at_three.open_now
    assert at_three.until == local(2025, 12, 24, 16, 0)
    assert not at_five.open_now  # the regular consultation would run until 18:00
    assert at_five.next_open is not None
    assert at_five.next_open.start == local(2025, 12, 31, 9, 0)  # a week later, as usual


def test_no_consultation_hours_on_a_holiday() -> None:
    periods = [period(MON, time(14), time(16), CONSULTATION)]
    exceptions = [closed_on(date(2025, 4, 21))]

    state = status(periods, exceptions, local(2025, 4, 21, 15, 0), CONSULTATION)

    assert not state.open_now
    assert state.next_open is not None
    assert state.next_open.start == local(2025, 4, 28, 14, 0)


def test_consultation_hours_do_not_count_as_opening_hours() -> None:
    periods = [period(TUE, time(14), time(16), CONSULTATION)]

    assert not status(periods, [], local(2025, 6, 3, 15, 0)).open_now
    assert status(periods, [], local(2025, 6, 3, 15, 0), CONSULTATION).open_now


def test_week_schedule_lists_monday_to_sunday_in_time_order() -> None:
    periods = [
        period(TUE, time(13, 30), time(17)),
        period(TUE, time(9), time(12)),
        period(SAT, time(10), time(14)),
        period(TUE, time(14), time(16), CONSULTATION),
    ]

    week = week_schedule(periods)

    assert [day for day, _ in week] == [MON, TUE, WED, THU, FRI, SAT, SUN]
    assert week[TUE][1] == [(time(9), time(12)), (time(13, 30), time(17))]
    assert week[SAT][1] == [(time(10), time(14))]
    assert week[MON][1] == []
    assert week_schedule(periods, CONSULTATION)[TUE][1] == [(time(14), time(16))]


# --- time zones and daylight saving time ------------------------------------------------------


def test_moment_given_in_utc_is_read_as_dutch_time_in_summer_and_winter() -> None:
    # Summer: 09:00 in Amsterdam is 07:00 UTC. Winter: 09:00 is 08:00 UTC.
    assert not status(office_hours(), [], utc(2025, 6, 3, 6, 59)).open_now
    assert status(office_hours(), [], utc(2025, 6, 3, 7, 0)).open_now
    assert status(office_hours(), [], utc(2025, 6, 3, 14, 59)).open_now
    assert not status(office_hours(), [], utc(2025, 6, 3, 15, 0)).open_now
    assert not status(office_hours(), [], utc(2025, 1, 7, 7, 59)).open_now
    assert status(office_hours(), [], utc(2025, 1, 7, 8, 0)).open_now
    assert not status(office_hours(), [], utc(2025, 1, 7, 16, 0)).open_now


def test_moment_in_another_time_zone_gives_the_same_answer() -> None:
    new_york = ZoneInfo("America/New_York")
    moment = utc(2025, 6, 3, 7, 30)

    assert status(office_hours(), [], moment.astimezone(new_york)) == status(
        office_hours(), [], moment
    )
    assert status(office_hours(), [], moment.astimezone(new_york)).open_now


def test_night_opening_on_the_sunday_summer_time_starts_lasts_two_real_hours() -> None:
    periods = [period(SUN, time(1), time(4))]

    (interval,) = intervals_on(SPRING_FORWARD, periods, [])

    assert interval.start.astimezone(UTC) == utc(2025, 3, 30, 0, 0)  # 01:00 CET
    assert interval.end.astimezone(UTC) == utc(2025, 3, 30, 2, 0)  # 04:00 CEST
    assert interval.end.astimezone(UTC) - interval.start.astimezone(UTC) == timedelta(hours=2)
    assert status(periods, [], utc(2025, 3, 29, 23, 59)).open_now is False
    assert status(periods, [], utc(2025, 3, 30, 0, 30)).open_now  # 01:30 CET
    assert status(periods, [], utc(2025, 3, 30, 1, 30)).open_now  # 03:30 CEST
    assert not status(periods, [], utc(2025, 3, 30, 2, 0)).open_now  # 04:00 CEST
    assert status(periods, [], utc(2025, 3, 30, 1, 59)).until == local(2025, 3, 30, 4, 0)


def test_night_opening_on_the_sunday_summer_time_ends_lasts_four_real_hours() -> None:
    periods = [period(SUN, time(1), time(4))]

    (interval,) = intervals_on(FALL_BACK, periods, [])

    assert interval.start.astimezone(UTC) == utc(2025, 10, 25, 23, 0)  # 01:00 CEST
    assert interval.end.astimezone(UTC) == utc(2025, 10, 26, 3, 0)  # 04:00 CET
    assert interval.end.astimezone(UTC) - interval.start.astimezone(UTC) == timedelta(hours=4)
    assert not status(periods, [], utc(2025, 10, 25, 22, 59)).open_now
    assert status(periods, [], utc(2025, 10, 26, 0, 30)).open_now  # 02:30 CEST
    assert status(periods, [], utc(2025, 10, 26, 1, 30)).open_now  # 02:30 CET, the second time
    assert status(periods, [], utc(2025, 10, 26, 2, 59)).open_now  # 03:59 CET
    assert not status(periods, [], utc(2025, 10, 26, 3, 0)).open_now


def test_closing_in_the_repeated_hour_is_not_stretched_by_turning_the_clock_back() -> None:
    # 02:15 happens twice on 26 October; a closing time means the first 02:15 (00:15 UTC).
    periods = [period(SUN, time(1), time(2, 15))]

    before = status(periods, [], utc(2025, 10, 26, 0, 10))
    after_first_quarter_past_two = status(periods, [], utc(2025, 10, 26, 1, 5))  # 02:05 CET

    assert before.open_now
    assert before.until is not None
    assert before.until.astimezone(UTC) == utc(2025, 10, 26, 0, 15)
    assert not after_first_quarter_past_two.open_now
    assert after_first_quarter_past_two.next_open is not None
    assert after_first_quarter_past_two.next_open.start == local(2025, 11, 2, 1, 0)


@pytest.mark.parametrize(
    ("saturday", "monday_nine_utc"),
    [
        (date(2025, 3, 29), utc(2025, 3, 31, 7, 0)),  # summer time from Sunday: 09:00 = 07:00 UTC
        (date(2025, 10, 25), utc(2025, 10, 27, 8, 0)),  # winter time from Sunday: 09:00 = 08:00 UTC
    ],
)
def test_opens_monday_nine_computed_on_the_saturday_before_the_clock_change(
    saturday: date, monday_nine_utc: datetime
) -> None:
    periods = [period(MON, time(9), time(17))]
    saturday_noon = datetime.combine(saturday, time(12), tzinfo=AMSTERDAM).astimezone(UTC)

    state = status(periods, [], saturday_noon)

    assert not state.open_now
    assert state.next_open is not None
    assert state.next_open.start.astimezone(UTC) == monday_nine_utc
    assert state.next_open.start.astimezone(AMSTERDAM).time() == time(9)
    length = state.next_open.end.astimezone(UTC) - state.next_open.start.astimezone(UTC)
    assert length == timedelta(hours=8)


@pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK, date(2025, 6, 8)])
def test_daytime_hours_on_a_clock_change_sunday_are_as_long_as_on_any_sunday(day: date) -> None:
    (interval,) = intervals_on(day, [period(SUN, time(10), time(17))], [])

    assert interval.end.astimezone(UTC) - interval.start.astimezone(UTC) == timedelta(hours=7)


# --- properties -------------------------------------------------------------------------------

DST_CHANGES = [
    utc(2024, 3, 31, 1),
    utc(2024, 10, 27, 1),
    utc(2025, 3, 30, 1),
    utc(2025, 10, 26, 1),
    utc(2026, 3, 29, 1),
    utc(2026, 10, 25, 1),
]
ZONES = [UTC, AMSTERDAM, ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")]


@st.composite
def day_schedules(draw: st.DrawFn, weekday: int, night_only: bool = False) -> list[OpeningPeriod]:
    """Non-overlapping ranges on one weekday, on a quarter-hour grid (00:00-23:45), often at
    night, when the clock changes (only at night with ``night_only``: 00:00-05:00)."""
    night = st.integers(0, 20)
    boundary = night if night_only else st.one_of(st.integers(0, 95), night)
    quarters = draw(st.lists(boundary, unique=True, max_size=6).map(sorted))
    if len(quarters) % 2:
        quarters = quarters[:-1]
    as_time = [time(q // 4, q % 4 * 15) for q in quarters]
    return [period(weekday, o, c) for o, c in zip(as_time[::2], as_time[1::2], strict=True)]


@st.composite
def schedules(draw: st.DrawFn) -> list[OpeningPeriod]:
    return [p for weekday in range(7) for p in draw(day_schedules(weekday))]


moments = st.one_of(
    st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 1), timezones=st.just(UTC)
    ),
    st.builds(
        lambda change, minutes: change + timedelta(minutes=minutes),
        st.sampled_from(DST_CHANGES),
        st.one_of(st.integers(-26 * 60, 26 * 60), st.integers(-180, 180)),
    ),
).flatmap(lambda m: st.sampled_from(ZONES).map(m.astimezone))


@st.composite
def exception_lists(draw: st.DrawFn, around: datetime) -> list[OpeningException]:
    first = around.astimezone(AMSTERDAM).date()
    offsets = draw(st.lists(st.integers(-1, 10), unique=True, max_size=4))
    items = []
    for offset in offsets:
        day = first + timedelta(days=offset)
        if draw(st.booleans()):
            items.append(closed_on(day))
        else:
            opens = draw(st.integers(0, 94))
            closes = draw(st.integers(opens + 1, 95))
            items.append(
                special(day, time(opens // 4, opens % 4 * 15), time(closes // 4, closes % 4 * 15))
            )
    return items


def _instants(day: date, periods: list[OpeningPeriod], exceptions: list[OpeningException]):
    return [
        (i.start.astimezone(UTC), i.end.astimezone(UTC))
        for i in intervals_on(day, periods, exceptions)
    ]


def _check_status(
    periods: list[OpeningPeriod], exceptions: list[OpeningException], moment: datetime
) -> None:
    instant = moment.astimezone(UTC)
    local_day = moment.astimezone(AMSTERDAM).date()
    containing = [(s, e) for s, e in _instants(local_day, periods, exceptions) if s <= instant < e]

    state = status(periods, exceptions, moment)

    assert state.open_now == bool(containing)
    if state.open_now:
        assert state.until is not None
        assert state.until.astimezone(UTC) > instant
        assert state.until.astimezone(UTC) in {end for _, end in containing}
        assert state.next_open is None
    else:
        assert state.until is None


@hsettings(max_examples=150, deadline=None, database=None)
@given(periods=schedules(), data=st.data())
def test_status_is_open_exactly_when_the_moment_lies_in_an_interval_of_its_local_date(
    periods: list[OpeningPeriod], data: st.DataObject
) -> None:
    moment = data.draw(moments, label="moment")
    exceptions = data.draw(exception_lists(moment), label="exceptions")

    _check_status(periods, exceptions, moment)


@hsettings(max_examples=300, deadline=None, database=None)
@given(
    sunday=day_schedules(SUN, night_only=True),
    moment=st.builds(
        lambda change, minutes: change + timedelta(minutes=minutes),
        st.sampled_from(DST_CHANGES),
        st.integers(-180, 180),
    ),
)
def test_status_is_right_in_the_night_the_clock_changes(
    sunday: list[OpeningPeriod], moment: datetime
) -> None:
    _check_status(sunday, [], moment)


@hsettings(max_examples=150, deadline=None, database=None)
@given(periods=schedules(), data=st.data())
def test_next_opening_is_the_first_interval_that_starts_after_the_moment(
    periods: list[OpeningPeriod], data: st.DataObject
) -> None:
    moment = data.draw(moments, label="moment")
    exceptions = data.draw(exception_lists(moment), label="exceptions")
    instant = moment.astimezone(UTC)
    first = moment.astimezone(AMSTERDAM).date()
    later_starts = sorted(
        s
        for offset in range(hours.LOOKAHEAD_DAYS + 1)
        for s, _ in _instants(first + timedelta(days=offset), periods, exceptions)
        if s > instant
    )

    state = status(periods, exceptions, moment)

    if state.open_now:
        return
    if state.next_open is None:
        assert later_starts == []
    else:
        assert state.next_open.start.astimezone(UTC) > instant
        assert state.next_open.start.astimezone(UTC) == later_starts[0]


@hsettings(max_examples=100, deadline=None, database=None)
@given(periods=schedules(), day=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)))
def test_intervals_are_the_schedule_of_that_weekday_in_dutch_wall_clock_time(
    periods: list[OpeningPeriod], day: date
) -> None:
    intervals = intervals_on(day, periods, [])

    expected = sorted((p.opens, p.closes) for p in periods if p.weekday == day.weekday())
    assert [(i.start.replace(tzinfo=None), i.end.replace(tzinfo=None)) for i in intervals] == [
        (datetime.combine(day, o), datetime.combine(day, c)) for o, c in expected
    ]
    assert all(i.start.tzinfo == AMSTERDAM and i.end.tzinfo == AMSTERDAM for i in intervals)


# --- stored branches --------------------------------------------------------------------------


@pytest.mark.django_db
def test_branch_status_reads_stored_hours_and_holidays_with_or_without_prefetch() -> None:
    branch = BranchFactory()
    weekly_hours(branch)
    OpeningException.objects.create(branch=branch, date=date(2025, 4, 21), closed=True)
    OpeningException.objects.create(
        branch=branch, date=date(2025, 4, 22), closed=False, opens=time(12), closes=time(15)
    )
    moment = local(2025, 4, 21, 10, 0)
    prefetched = (
        type(branch).objects.prefetch_related(*hours.hours_prefetch(moment)).get(pk=branch.pk)
    )

    for item in (branch, prefetched):
        state = hours.branch_status(item, moment)
        assert not state.open_now
        assert state.next_open is not None
        assert state.next_open.start == local(2025, 4, 22, 12, 0)
