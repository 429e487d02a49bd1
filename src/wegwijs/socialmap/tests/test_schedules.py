"""When a service is on: weekly, monthly and one-off sessions, in Amsterdam time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from wegwijs.socialmap import schedules
from wegwijs.socialmap.schedules import (
    describe,
    describe_session,
    next_occurrences,
    next_session,
    occurrence_dates,
    occurs_on,
    open_at,
    parse_byday,
)

AMS = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class S:
    freq: str = "WEEKLY"
    byday: str = "TU"
    opens_at: time = time(10)
    closes_at: time = time(12)
    dtstart: date | None = None
    until: date | None = None


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)  # type: ignore[misc]


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# -- which days ------------------------------------------------------------------------------
def test_weekly_on_the_given_days_between_the_first_and_last_date() -> None:
    s = S(byday="TU,TH", dtstart=date(2025, 6, 5), until=date(2025, 6, 19))
    on = [d for d in days(date(2025, 6, 1), date(2025, 6, 30)) if occurs_on(s, d)]
    assert on == [
        date(2025, 6, 5),
        date(2025, 6, 10),
        date(2025, 6, 12),
        date(2025, 6, 17),
        date(2025, 6, 19),
    ]


def test_weekly_without_days_repeats_the_weekday_of_the_first_date() -> None:
    s = S(byday="", dtstart=date(2025, 6, 4))  # a Wednesday
    assert occurs_on(s, date(2025, 6, 11))
    assert not occurs_on(s, date(2025, 6, 10))
    assert not occurs_on(S(byday="", dtstart=None), date(2025, 6, 11))


def test_monthly_with_an_ordinal_the_first_tuesday_and_the_last_friday() -> None:
    first_tuesday = S(freq="MONTHLY", byday="1TU")
    assert [
        d for d in days(date(2025, 6, 1), date(2025, 8, 31)) if occurs_on(first_tuesday, d)
    ] == [
        date(2025, 6, 3),
        date(2025, 7, 1),
        date(2025, 8, 5),
    ]
    last_friday = S(freq="MONTHLY", byday="-1FR")
    assert [d for d in days(date(2025, 5, 1), date(2025, 7, 31)) if occurs_on(last_friday, d)] == [
        date(2025, 5, 30),
        date(2025, 6, 27),
        date(2025, 7, 25),
    ]


def test_monthly_fifth_weekday_only_in_months_that_have_one() -> None:
    fifth_monday = S(freq="MONTHLY", byday="5MO")
    found = [d for d in days(date(2025, 1, 1), date(2025, 6, 30)) if occurs_on(fifth_monday, d)]
    assert found == [date(2025, 3, 31), date(2025, 6, 30)]


def test_monthly_without_days_on_the_day_of_the_month_of_the_first_date() -> None:
    s = S(freq="MONTHLY", byday="", dtstart=date(2025, 1, 31))
    found = [d for d in days(date(2025, 1, 1), date(2025, 5, 31)) if occurs_on(s, d)]
    assert found == [date(2025, 1, 31), date(2025, 3, 31), date(2025, 5, 31)]  # no 31 Feb/Apr


def test_monthly_day_without_ordinal_is_every_such_day_as_in_rfc_5545() -> None:
    s = S(freq="MONTHLY", byday="TU")
    assert occurs_on(s, date(2025, 6, 3)) and occurs_on(s, date(2025, 6, 24))


def test_a_one_off_session_only_on_its_date() -> None:
    s = S(freq="", byday="", dtstart=date(2025, 4, 1), until=date(2025, 4, 1))
    assert occurs_on(s, date(2025, 4, 1))
    assert not occurs_on(s, date(2025, 4, 8))
    assert not occurs_on(S(freq="", byday="", dtstart=None), date(2025, 4, 1))


def test_byday_parsing_skips_what_it_does_not_know() -> None:
    assert parse_byday("MO, -1fr,XX,0TU,6WE") == (
        schedules.ByDay(0, None),
        schedules.ByDay(4, -1),
    )


# -- which moments ---------------------------------------------------------------------------
def test_open_from_the_opening_time_until_just_before_closing() -> None:
    s = S()  # Tuesdays 10:00-12:00
    assert not open_at(s, local(2025, 6, 3, 9, 59))
    assert open_at(s, local(2025, 6, 3, 10, 0))
    assert open_at(s, local(2025, 6, 3, 11, 59))
    assert not open_at(s, local(2025, 6, 3, 12, 0))
    assert not open_at(s, local(2025, 6, 4, 10, 30))  # a Wednesday


def test_moments_in_another_time_zone_are_compared_in_amsterdam_time() -> None:
    s = S()
    assert open_at(s, datetime(2025, 6, 3, 8, 30, tzinfo=UTC))  # 10:30 summer time
    assert not open_at(s, datetime(2025, 1, 7, 8, 30, tzinfo=UTC))  # 09:30 winter time
    assert open_at(s, datetime(2025, 1, 7, 9, 30, tzinfo=UTC))


def test_a_session_lasts_as_long_on_the_days_the_clocks_change() -> None:
    spring = S(byday="SU", opens_at=time(1), closes_at=time(4))
    session = next_occurrences(spring, local(2025, 3, 30, 0), 1)[0]
    assert session.end.timestamp() - session.start.timestamp() == 2 * 3600  # no 02:00-03:00
    assert open_at(spring, datetime(2025, 3, 30, 1, 30, tzinfo=UTC))  # 03:30 summer time
    autumn = S(byday="SU", opens_at=time(1), closes_at=time(4))
    session = next_occurrences(autumn, local(2025, 10, 26, 0), 1)[0]
    assert session.end.timestamp() - session.start.timestamp() == 4 * 3600  # 02:00-03:00 twice


def test_a_session_past_midnight_is_open_the_next_morning() -> None:
    s = S(byday="FR", opens_at=time(22), closes_at=time(1))
    assert open_at(s, local(2025, 6, 7, 0, 30))  # Saturday
    assert not open_at(s, local(2025, 6, 7, 1, 0))


def test_next_occurrences_start_with_the_session_under_way() -> None:
    s = S(byday="TU,TH")
    found = next_occurrences(s, local(2025, 6, 3, 11), 3)
    assert [x.start for x in found] == [
        local(2025, 6, 3, 10),
        local(2025, 6, 5, 10),
        local(2025, 6, 10, 10),
    ]
    assert next_occurrences(s, local(2025, 6, 3, 12), 1)[0].start == local(2025, 6, 5, 10)


def test_next_occurrences_stop_at_the_last_date() -> None:
    s = S(until=date(2025, 6, 10))
    assert len(next_occurrences(s, local(2025, 6, 1), 10)) == 2
    past = S(freq="", byday="", dtstart=date(2025, 4, 1))
    assert next_occurrences(past, local(2025, 6, 1), 1) == []
    assert next_occurrences(s, local(2025, 6, 1), 0) == []


def test_next_session_is_the_soonest_of_several_schedules() -> None:
    tuesday, course = (
        S(),
        S(freq="", byday="", dtstart=date(2025, 6, 2), opens_at=time(14), closes_at=time(16)),
    )
    found = next_session([tuesday, course], local(2025, 6, 1, 12))
    assert found is not None and found[0] is course
    assert next_session([], local(2025, 6, 1)) is None


# -- in words --------------------------------------------------------------------------------
def test_schedules_in_plain_dutch() -> None:
    assert describe(S(byday="TH,TU")) == "Elke dinsdag en donderdag, 10:00–12:00"
    assert (
        describe(S(freq="MONTHLY", byday="1TU")) == "Elke eerste dinsdag van de maand, 10:00–12:00"
    )
    assert (
        describe(S(freq="MONTHLY", byday="-1FR"))
        == "Elke laatste vrijdag van de maand, 10:00–12:00"
    )
    assert (
        describe(S(freq="MONTHLY", byday="", dtstart=date(2025, 1, 8)))
        == "Elke maand op de 8e, 10:00–12:00"
    )
    assert (
        describe(
            S(freq="", byday="", dtstart=date(2025, 4, 1), opens_at=time(14), closes_at=time(16))
        )
        == "dinsdag 1 april 2025, 14:00–16:00"
    )
    assert (
        describe(S(until=date(2025, 12, 31))) == "Elke dinsdag, 10:00–12:00, tot 31 december 2025"
    )


def test_next_session_in_plain_dutch() -> None:
    s = S()
    now = local(2025, 6, 3, 11)
    assert describe_session(next_occurrences(s, now)[0], now) == "Nu, tot 12:00"
    assert (
        describe_session(next_occurrences(s, local(2025, 6, 3, 8))[0], local(2025, 6, 3, 8))
        == "Vandaag, 10:00–12:00"
    )
    assert (
        describe_session(next_occurrences(s, local(2025, 6, 2, 8))[0], local(2025, 6, 2, 8))
        == "Morgen, 10:00–12:00"
    )
    assert (
        describe_session(next_occurrences(s, local(2025, 6, 4, 8))[0], local(2025, 6, 4, 8))
        == "dinsdag 10 juni, 10:00–12:00"
    )


# -- properties ------------------------------------------------------------------------------
token = st.builds(
    lambda n, d: f"{n}{d}",
    st.sampled_from(["", "", "1", "2", "3", "4", "5", "-1", "-2", "+1"]),
    st.sampled_from(schedules.DAY_CODES),
)
some_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
clock = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@st.composite
def any_schedule(draw: st.DrawFn) -> S:
    freq = draw(st.sampled_from(["", "WEEKLY", "MONTHLY"]))
    start = draw(st.none() | some_dates)
    until = draw(st.none() | some_dates)
    return S(
        freq=freq,
        byday=",".join(draw(st.lists(token, max_size=3))),
        opens_at=draw(clock),
        closes_at=draw(clock),
        dtstart=start,
        until=until,
    )


@settings(max_examples=150, deadline=None)
@given(any_schedule(), some_dates, st.integers(min_value=0, max_value=120))
def test_occurrence_dates_are_the_days_it_occurs_on(s: S, start: date, span: int) -> None:
    horizon = timedelta(days=span)
    assert list(occurrence_dates(s, start, horizon)) == [
        d for d in days(start, start + horizon) if occurs_on(s, d)
    ]


moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(AMS)
)


@settings(max_examples=150, deadline=None)
@given(any_schedule(), moments)
def test_open_exactly_when_the_next_session_has_started(s: S, moment: datetime) -> None:
    upcoming = next_occurrences(s, moment, 1)
    assert open_at(s, moment) == bool(
        upcoming and upcoming[0].start.timestamp() <= moment.timestamp()
    )


@settings(max_examples=150, deadline=None)
@given(any_schedule(), moments, st.integers(min_value=1, max_value=4))
def test_next_occurrences_are_the_first_sessions_not_ended_on_the_days_it_occurs(
    s: S, moment: datetime, n: int
) -> None:
    found = next_occurrences(s, moment, n)
    today = moment.date()
    brute = [
        schedules.session_on(s, d)
        for d in days(today - timedelta(days=1), today + timedelta(days=70))
        if occurs_on(s, d) and schedules.session_on(s, d).end.timestamp() > moment.timestamp()
    ]
    assert len(found) <= n
    if len(found) < n:
        assert len(brute) <= len(found)
    assert found[: len(brute)] == brute[: len(found)]
    assert all(x.end.timestamp() > moment.timestamp() for x in found)
    starts = [x.start.timestamp() for x in found]
    assert starts == sorted(starts)
