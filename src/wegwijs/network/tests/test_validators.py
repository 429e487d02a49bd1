"""Postcodes and weekly schedules: what a coordinator may enter, and the message when not."""

from __future__ import annotations

import string
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from wegwijs.network.models import HoursKind
from wegwijs.network.services import PeriodData, validate_periods
from wegwijs.network.validators import TimeRange, normalise_postcode, validate_schedule

FORBIDDEN = {"SA", "SD", "SS"}

first_digit = st.sampled_from("123456789")
digits = st.text(alphabet=string.digits, min_size=3, max_size=3)
letter_pairs = st.text(alphabet=string.ascii_letters, min_size=2, max_size=2).filter(
    lambda pair: pair.upper() not in FORBIDDEN
)


# --- postcodes --------------------------------------------------------------------------------


@hsettings(max_examples=200, database=None)
@given(
    first=first_digit,
    rest=digits,
    letters=letter_pairs,
    space=st.sampled_from(["", " "]),
    padding=st.sampled_from(["", " ", "  "]),
)
def test_valid_postcode_in_any_common_spelling_is_stored_as_four_digits_space_two_capitals(
    first: str, rest: str, letters: str, space: str, padding: str
) -> None:
    typed = f"{padding}{first}{rest}{space}{letters}{padding}"

    result = normalise_postcode(typed)

    assert result == f"{first}{rest} {letters.upper()}"
    assert normalise_postcode(result) == result  # normalising twice changes nothing


@hsettings(max_examples=100, database=None)
@given(rest=digits, letters=letter_pairs, space=st.sampled_from(["", " "]))
def test_postcode_starting_with_zero_is_refused(rest: str, letters: str, space: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_postcode(f"0{rest}{space}{letters}")

    assert info.value.code == "invalid_postcode"


@hsettings(max_examples=100, database=None)
@given(
    first=first_digit,
    rest=digits,
    letters=st.sampled_from(sorted(FORBIDDEN)).flatmap(
        lambda pair: st.sampled_from(
            [pair, pair.lower(), pair.capitalize(), pair[0] + pair[1].lower()]
        )
    ),
    space=st.sampled_from(["", " "]),
)
def test_postcode_with_letters_sa_sd_or_ss_is_refused(
    first: str, rest: str, letters: str, space: str
) -> None:
    with pytest.raises(ValidationError):
        normalise_postcode(f"{first}{rest}{space}{letters}")


@hsettings(max_examples=300, database=None)
@given(typed=st.text(max_size=12))
def test_anything_that_is_not_a_postcode_is_refused_and_a_postcode_is_normalised(
    typed: str,
) -> None:
    trimmed = typed.strip()
    compact = trimmed[:4] + trimmed[5:] if len(trimmed) == 7 and trimmed[4].isspace() else trimmed
    looks_valid = (
        len(compact) == 6
        and compact[0] in "123456789"
        and all(c in string.digits for c in compact[1:4])
        and all(c in string.ascii_letters for c in compact[4:])
        and compact[4:].upper() not in FORBIDDEN
    )

    if looks_valid:
        assert normalise_postcode(typed) == f"{compact[:4]} {compact[4:].upper()}"
    else:
        with pytest.raises(ValidationError):
            normalise_postcode(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1234",
        "1234A",
        "1234ABC",
        "12345AB",
        "123AB",
        "0123 AB",
        "1234 SA",
        "1234 sd",
        "1234ss",
        "1234  AB",
        "1234-AB",
        "AB 1234",
        "1234 A1",
        "1234 ÄB",
        "١٢٣٤ AB",  # Arabic-Indic digits are digits, but not Dutch postcode digits
    ],
)
def test_examples_of_invalid_postcodes_are_refused_with_a_message(typed: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_postcode(typed)

    assert info.value.messages  # a message to show on the form


# --- weekly schedules -------------------------------------------------------------------------


def test_schedule_with_a_lunch_break_is_accepted() -> None:
    validate_schedule(
        [
            TimeRange(0, time(9), time(12)),
            TimeRange(0, time(13), time(17)),
            TimeRange(1, time(9), time(17)),
        ]
    )


def test_ranges_that_touch_do_not_overlap() -> None:
    validate_schedule([TimeRange(0, time(9), time(12)), TimeRange(0, time(12), time(17))])


def test_same_hours_on_different_days_do_not_overlap() -> None:
    validate_schedule([TimeRange(day, time(9), time(17)) for day in range(7)])


def test_overlapping_hours_are_refused_on_the_row_that_overlaps() -> None:
    ranges = [
        TimeRange(0, time(9), time(12)),
        TimeRange(1, time(9), time(17)),
        TimeRange(0, time(11), time(17)),
    ]

    with pytest.raises(ValidationError) as info:
        validate_schedule(ranges)

    assert set(info.value.message_dict) == {"2"}
    assert "09:00" in info.value.message_dict["2"][0]
    assert "12:00" in info.value.message_dict["2"][0]


def test_a_range_inside_a_long_range_is_refused_even_after_another_short_one() -> None:
    # 10-11 and 12-13 both lie inside 9-17; each row must be marked, not only the first.
    ranges = [
        TimeRange(0, time(9), time(17)),
        TimeRange(0, time(10), time(11)),
        TimeRange(0, time(12), time(13)),
    ]

    with pytest.raises(ValidationError) as info:
        validate_schedule(ranges)

    assert set(info.value.message_dict) == {"1", "2"}


def test_closing_before_opening_is_refused_on_its_row() -> None:
    ranges = [TimeRange(0, time(9), time(12)), TimeRange(0, time(17), time(13))]

    with pytest.raises(ValidationError) as info:
        validate_schedule(ranges)

    assert set(info.value.message_dict) == {"1"}


def test_closing_at_the_opening_time_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        validate_schedule([TimeRange(3, time(9), time(9))])

    assert set(info.value.message_dict) == {"0"}


quarter_hours = st.integers(0, 95).map(lambda q: time(q // 4, q % 4 * 15))


@hsettings(max_examples=300, database=None)
@given(
    ranges=st.lists(
        st.builds(TimeRange, st.integers(0, 2), quarter_hours, quarter_hours), max_size=6
    )
)
def test_every_bad_row_is_named_and_a_schedule_without_errors_has_no_overlap(
    ranges: list[TimeRange],
) -> None:
    def overlaps(i: int) -> bool:
        a = ranges[i]
        return any(
            j != i
            and ranges[j].weekday == a.weekday
            and ranges[j].opens < ranges[j].closes
            and max(a.opens, ranges[j].opens) < min(a.closes, ranges[j].closes)
            for j in range(len(ranges))
        )

    backwards = {i for i, r in enumerate(ranges) if r.closes <= r.opens}
    overlapping = {i for i in range(len(ranges)) if i not in backwards and overlaps(i)}
    try:
        validate_schedule(ranges)
    except ValidationError as exc:
        named = {int(key) for key in exc.message_dict}
    else:
        named = set()

    assert backwards <= named
    assert named <= backwards | overlapping
    # Of two overlapping rows at least one is named, so a saved schedule never overlaps.
    for i in overlapping:
        partners = {
            j
            for j in overlapping
            if ranges[j].weekday == ranges[i].weekday
            and max(ranges[i].opens, ranges[j].opens) < min(ranges[i].closes, ranges[j].closes)
        }
        assert named & (partners | {i})
    assert bool(named) == bool(backwards or overlapping)


def test_consultation_hours_may_lie_inside_opening_hours() -> None:
    validate_periods(
        [
            PeriodData(0, time(9), time(17)),
            PeriodData(0, time(10), time(12), HoursKind.CONSULTATION),
        ]
    )


def test_overlapping_consultation_hours_are_refused_on_their_own_row() -> None:
    periods = [
        PeriodData(0, time(9), time(17)),
        PeriodData(0, time(10), time(12), HoursKind.CONSULTATION),
        PeriodData(1, time(9), time(17)),
        PeriodData(0, time(11), time(13), HoursKind.CONSULTATION),
    ]

    with pytest.raises(ValidationError) as info:
        validate_periods(periods)

    assert set(info.value.message_dict) == {"3"}
