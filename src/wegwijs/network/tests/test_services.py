"""Saving a branch with its hours: valid input is stored, invalid input stores nothing."""

from __future__ import annotations

from datetime import date, time, timedelta
from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils import timezone

from wegwijs.network.models import Branch, HoursKind, OpeningException, OpeningPeriod
from wegwijs.network.services import ExceptionData, PeriodData, save_branch
from wegwijs.testing.factories import (
    BranchFactory,
    LibraryFactory,
    PartnerFactory,
    weekly_hours,
)

pytestmark = pytest.mark.django_db


def _today() -> date:
    return timezone.localdate()


def _hours(branch: Branch) -> list[tuple[str, int, time, time]]:
    return sorted(
        branch.opening_periods.values_list("kind", "weekday", "opens", "closes")  # type: ignore[arg-type]
    )


def _new_branch(**fields: object) -> Branch:
    values: dict[str, object] = {
        "organisation": LibraryFactory(),
        "name": "Bibliotheek Oost",
        "street": "Kerkstraat 5",
        "postcode": "3011ab",
        "place": "Rotterdam",
    }
    values.update(fields)
    return Branch(**values)


def test_new_branch_is_stored_with_its_postcode_written_the_dutch_way_and_its_hours() -> None:
    tomorrow = _today() + timedelta(days=1)

    branch = save_branch(
        _new_branch(),
        periods=[
            PeriodData(0, time(9), time(12)),
            PeriodData(0, time(13), time(17)),
            PeriodData(2, time(10), time(12), HoursKind.CONSULTATION),
        ],
        exceptions=[ExceptionData(tomorrow, closed=True, reason="Studiedag")],
    )

    stored = Branch.objects.get(pk=branch.pk)
    assert stored.postcode == "3011 AB"
    assert _hours(stored) == [
        ("open", 0, time(9), time(12)),
        ("open", 0, time(13), time(17)),
        ("spreekuur", 2, time(10), time(12)),
    ]
    assert list(stored.opening_exceptions.values_list("date", "closed", "reason")) == [
        (tomorrow, True, "Studiedag")
    ]


def test_saving_new_hours_replaces_the_old_week() -> None:
    branch = BranchFactory()
    weekly_hours(branch)

    save_branch(branch, periods=[PeriodData(5, time(10), time(14))])

    assert _hours(branch) == [("open", 5, time(10), time(14))]


def test_saving_without_hours_keeps_the_hours() -> None:
    branch = BranchFactory()
    weekly_hours(branch)

    branch.staff_count = 4
    save_branch(branch)

    assert len(_hours(branch)) == 5
    assert Branch.objects.get(pk=branch.pk).staff_count == 4


def test_special_hours_store_their_times_and_a_closed_day_stores_none() -> None:
    branch = BranchFactory()
    day = _today() + timedelta(days=3)

    save_branch(
        branch,
        exceptions=[
            ExceptionData(day, closed=False, opens=time(10), closes=time(16)),
            ExceptionData(day + timedelta(days=1), closed=True, opens=time(10), closes=time(12)),
        ],
    )

    assert list(branch.opening_exceptions.values_list("date", "opens", "closes")) == [
        (day, time(10), time(16)),
        (day + timedelta(days=1), None, None),
    ]


def test_past_exceptions_stay_as_history_when_future_ones_are_replaced() -> None:
    branch = BranchFactory()
    past = OpeningException.objects.create(branch=branch, date=_today() - timedelta(days=30))
    OpeningException.objects.create(branch=branch, date=_today() + timedelta(days=30))

    save_branch(branch, exceptions=[ExceptionData(_today() + timedelta(days=5))])

    assert sorted(branch.opening_exceptions.values_list("date", flat=True)) == [
        past.date,
        _today() + timedelta(days=5),
    ]


def test_an_exception_today_is_allowed() -> None:
    branch = BranchFactory()

    save_branch(branch, exceptions=[ExceptionData(_today())])

    assert branch.opening_exceptions.filter(date=_today()).exists()


# --- nothing is stored on any error -----------------------------------------------------------


def _assert_unchanged(branch: Branch, hours: list, exceptions: list, name: str) -> None:
    fresh = Branch.objects.get(pk=branch.pk)
    assert fresh.name == name
    assert _hours(fresh) == hours
    assert list(fresh.opening_exceptions.values_list("date", flat=True)) == exceptions


@pytest.fixture
def branch_with_hours() -> Branch:
    branch = BranchFactory(name="Bibliotheek Centrum")
    weekly_hours(branch)
    OpeningException.objects.create(branch=branch, date=_today() + timedelta(days=10))
    return branch


def test_overlapping_hours_are_refused_per_row_and_nothing_is_stored(
    branch_with_hours: Branch,
) -> None:
    hours_before = _hours(branch_with_hours)
    exceptions_before = [_today() + timedelta(days=10)]
    branch_with_hours.name = "Nieuwe naam"

    with pytest.raises(ValidationError) as info:
        save_branch(
            branch_with_hours,
            periods=[
                PeriodData(0, time(9), time(12)),
                PeriodData(0, time(11), time(17)),
                PeriodData(1, time(9), time(17)),
            ],
            exceptions=[ExceptionData(_today() + timedelta(days=2))],
        )

    assert set(info.value.message_dict) == {"periods.1"}
    _assert_unchanged(branch_with_hours, hours_before, exceptions_before, "Bibliotheek Centrum")


def test_closing_before_opening_is_refused_and_nothing_is_stored(
    branch_with_hours: Branch,
) -> None:
    hours_before = _hours(branch_with_hours)

    with pytest.raises(ValidationError) as info:
        save_branch(branch_with_hours, periods=[PeriodData(0, time(17), time(9))])

    assert set(info.value.message_dict) == {"periods.0"}
    _assert_unchanged(
        branch_with_hours, hours_before, [_today() + timedelta(days=10)], "Bibliotheek Centrum"
    )


def test_exception_in_the_past_is_refused_and_old_exceptions_are_kept(
    branch_with_hours: Branch,
) -> None:
    with pytest.raises(ValidationError) as info:
        save_branch(
            branch_with_hours,
            exceptions=[
                ExceptionData(_today() + timedelta(days=1)),
                ExceptionData(_today() - timedelta(days=1)),
            ],
        )

    assert [key.split(".")[:2] for key in info.value.message_dict] == [["exceptions", "1"]]
    _assert_unchanged(
        branch_with_hours,
        _hours(branch_with_hours),
        [_today() + timedelta(days=10)],
        "Bibliotheek Centrum",
    )


def test_the_same_date_twice_is_refused_on_the_second_row(branch_with_hours: Branch) -> None:
    day = _today() + timedelta(days=4)

    with pytest.raises(ValidationError) as info:
        save_branch(branch_with_hours, exceptions=[ExceptionData(day), ExceptionData(day)])

    assert [key.split(".")[:2] for key in info.value.message_dict] == [["exceptions", "1"]]
    assert list(branch_with_hours.opening_exceptions.values_list("date", flat=True)) == [
        _today() + timedelta(days=10)
    ]


def test_special_hours_without_times_or_closing_before_opening_are_refused(
    branch_with_hours: Branch,
) -> None:
    day = _today() + timedelta(days=4)

    with pytest.raises(ValidationError) as info:
        save_branch(
            branch_with_hours,
            exceptions=[
                ExceptionData(day, closed=False),
                ExceptionData(
                    day + timedelta(days=1), closed=False, opens=time(16), closes=time(10)
                ),
            ],
        )

    assert {tuple(key.split(".")[:2]) for key in info.value.message_dict} == {
        ("exceptions", "0"),
        ("exceptions", "1"),
    }
    assert branch_with_hours.opening_exceptions.count() == 1


def test_invalid_postcode_is_refused_and_nothing_is_stored(branch_with_hours: Branch) -> None:
    branch_with_hours.postcode = "1234 SS"
    branch_with_hours.name = "Nieuwe naam"

    with pytest.raises(ValidationError) as info:
        save_branch(branch_with_hours, periods=[PeriodData(6, time(12), time(16))])

    assert set(info.value.message_dict) == {"postcode"}
    fresh = Branch.objects.get(pk=branch_with_hours.pk)
    assert fresh.postcode == "2611 BT"
    assert fresh.name == "Bibliotheek Centrum"
    assert len(_hours(fresh)) == 5


def test_branch_without_an_organisation_is_refused_and_not_stored() -> None:
    count = Branch.objects.count()

    with pytest.raises(ValidationError) as info:
        save_branch(_new_branch(organisation=None), periods=[PeriodData(0, time(9), time(17))])

    assert "organisation" in info.value.message_dict
    assert Branch.objects.count() == count
    assert OpeningPeriod.objects.count() == 0


def test_branch_of_an_organisation_that_is_not_a_library_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        save_branch(_new_branch(organisation=PartnerFactory()))

    assert "organisation" in info.value.message_dict
    assert not Branch.objects.filter(name="Bibliotheek Oost").exists()


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        save_branch(
            _new_branch(postcode="0123 AB"),
            periods=[PeriodData(0, time(9), time(12)), PeriodData(0, time(10), time(11))],
            exceptions=[ExceptionData(_today() - timedelta(days=3))],
        )

    keys = {
        key.split(".")[0] + (".1" if key.startswith("periods") else "")
        for key in info.value.message_dict
    }
    assert {"postcode", "periods.1", "exceptions"} <= keys
    assert not Branch.objects.filter(name="Bibliotheek Oost").exists()


def test_two_branches_of_one_library_cannot_share_a_name() -> None:
    existing = BranchFactory(name="Bibliotheek Zuid")

    with pytest.raises(ValidationError):
        save_branch(_new_branch(organisation=existing.organisation, name="Bibliotheek Zuid"))

    assert Branch.objects.filter(name="Bibliotheek Zuid").count() == 1


def test_a_failure_while_storing_keeps_the_old_branch_and_hours(branch_with_hours: Branch) -> None:
    # Even when the database refuses something after the hours were replaced, nothing is kept.
    branch_with_hours.name = "Nieuwe naam"

    with (
        patch.object(
            OpeningException.objects, "bulk_create", side_effect=DatabaseError("disk full")
        ),
        pytest.raises(DatabaseError),
    ):
        save_branch(
            branch_with_hours,
            periods=[PeriodData(6, time(12), time(16))],
            exceptions=[ExceptionData(_today() + timedelta(days=1))],
        )

    _assert_unchanged(
        branch_with_hours,
        [("open", day, time(9), time(17)) for day in range(5)],
        [_today() + timedelta(days=10)],
        "Bibliotheek Centrum",
    )
