"""Amounts as people type and read them, and the deadline as the scheme writes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from wegwijs.programme.subsidy.formatting import (
    DUTCH_TIME,
    MAX_AMOUNT,
    AmountError,
    format_amount,
    format_deadline,
    format_euros,
    parse_amount,
)

amounts = st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12500", "12500.00"),
        ("12.500", "12500.00"),
        ("12.500,50", "12500.50"),
        ("€ 12.500,-", "12500.00"),
        ("€12.500,--", "12500.00"),
        ("12500,5", "12500.50"),
        ("12.5", "12.50"),  # one or two digits after a point: a decimal point
        ("1.234.567,89", "1234567.89"),
        ("12 500", "12500.00"),
        ("  7,05 EUR ", "7.05"),
        ("0", "0.00"),
    ],
)
def test_dutch_amounts_are_read(text: str, expected: str) -> None:
    assert parse_amount(text, "nl") == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,500.50", "12500.50"), ("12,50", "12.50"), ("€ 1,000", "1000.00"), ("3.5", "3.50")],
)
def test_english_amounts_are_read(text: str, expected: str) -> None:
    assert parse_amount(text, "en") == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "-5",
        "12,345",
        "1.23,4",
        "12,5,0",
        "1.2345",
        "12.50.00",
        "10000000000",
        "١٢",
        "1e5",
    ],
)
def test_what_is_not_an_amount_is_refused(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text, "nl")


def test_amounts_are_written_per_language() -> None:
    assert format_amount(Decimal("1234567.5"), "nl") == "1.234.567,50"
    assert format_amount(Decimal("1234567.5"), "en") == "1,234,567.50"
    assert format_euros(Decimal("12500"), "nl") == "€\u00a012.500,00"
    assert format_euros(Decimal("12500"), "en") == "€12,500.00"
    assert format_euros(None) == ""


@settings(max_examples=60, deadline=None)
@given(amount=amounts, language=st.sampled_from(["nl", "en"]))
def test_what_is_written_reads_back_the_same(amount: Decimal, language: str) -> None:
    written = format_amount(amount, language)
    assert parse_amount(written, language) == amount
    assert parse_amount(format_euros(amount, language), language) == amount
    # Plain digits with a point (what a spreadsheet or the API gives) read in both languages.
    assert parse_amount(f"{amount:.2f}".rstrip("0").rstrip(".") or "0", language) == amount


@settings(max_examples=40, deadline=None)
@given(amount=amounts)
def test_the_dutch_thousands_point_never_becomes_a_decimal_point(amount: Decimal) -> None:
    whole = amount.quantize(Decimal(1), rounding=ROUND_DOWN)
    written = format_amount(whole, "nl").removesuffix(",00")  # "12.500"
    assert parse_amount(written, "nl") == whole


def test_the_deadline_is_written_as_the_scheme_does() -> None:
    deadline = datetime(2019, 10, 12, 0, 0, tzinfo=DUTCH_TIME)
    with translation.override("en"):
        assert format_deadline(deadline) == "11 October 2019 at 24:00"
        # The same moment given in UTC.
        assert format_deadline(datetime(2019, 10, 11, 22, 0, tzinfo=UTC)) == (
            "11 October 2019 at 24:00"
        )
        assert format_deadline(datetime(2019, 10, 11, 17, 5, tzinfo=DUTCH_TIME)) == (
            "11 October 2019 at 17:05"
        )
    with translation.override("nl"):
        # The Dutch month name comes from Django's own catalogue.
        assert format_deadline(deadline).startswith("11 oktober 2019")


@settings(max_examples=40, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
    )
)
def test_midnight_is_never_written_as_zero_hours(moment: datetime) -> None:
    local = moment.astimezone(DUTCH_TIME)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    with translation.override("en"):
        text = format_deadline(midnight)
        day_before = (midnight - timedelta(days=1)).day
        assert text.endswith("at 24:00")
        assert text.startswith(f"{day_before} ")
        if (local.hour, local.minute) != (0, 0):  # the formatter shows no seconds
            other = format_deadline(local)
            assert not other.endswith(" 0:00") and "24:00" not in other
            assert other.startswith(f"{local.day} ")
