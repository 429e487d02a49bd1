"""Trained people per opening hour: which hours count, who counts as trained, the
arithmetic (also without hours), the threshold, and the aggregates without names."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from wegwijs.accounts.models import Role
from wegwijs.programme.training import figures, services
from wegwijs.programme.training.models import TrainingPolicy, TrainingType
from wegwijs.programme.training.tests.conftest import CONSULT, OPEN, complete, hours, person
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


def _all_required(trainings: dict[str, TrainingType]) -> list[TrainingType]:
    return [trainings["elearning"], trainings["doorvragen"], trainings["zakelijke-empathie"]]


def test_trained_means_every_required_training_completed(network: Any, trainings: Any) -> None:
    assert {t.code for t in figures.required_trainings()} == {
        "elearning",
        "doorvragen",
        "zakelijke-empathie",
    }
    full = person(network.rotterdam, "Ans")
    complete(full, *_all_required(trainings))
    no_session = person(network.rotterdam, "Bert")
    complete(no_session, trainings["elearning"], trainings["doorvragen"], trainings["privacy"])
    started_only = person(network.rotterdam, "Cor")
    from wegwijs.programme.training.models import TrainingRecord

    TrainingRecord.objects.create(person=started_only, training=trainings["elearning"])
    complete(started_only, trainings["doorvragen"], trainings["zakelijke-empathie"])
    ids = [full.pk, no_session.pk, started_only.pk]
    assert figures.trained_ids(ids, figures.required_trainings()) == {full.pk}
    # the programme office makes privacy required too
    services.save_policy(
        user_for(Role.PROGRAMME_OFFICE, network),
        threshold=Decimal("0.25"),
        required=[*_all_required(trainings), trainings["privacy"]],
    )
    assert figures.trained_ids(ids, figures.required_trainings()) == set()


def test_weekly_minutes_count_overlapping_ranges_once(network: Any) -> None:
    branch = network.rotterdam_centrum
    hours(
        branch,
        OPEN,
        (0, "09:00", "12:00"),
        (0, "11:00", "13:00"),
        (0, "10:00", "11:30"),
        (2, "13:00", "17:30"),
    )
    hours(branch, CONSULT, (1, "10:00", "12:00"))
    periods = list(branch.opening_periods.all())
    assert figures.weekly_minutes(periods, OPEN) == 4 * 60 + 270
    assert figures.weekly_minutes(periods, CONSULT) == 120


def test_basis_counts_consultation_hours_the_other_models_opening_hours(
    network: Any, trainings: Any
) -> None:
    assert network.rotterdam.ido_model == "basis"
    hours(network.rotterdam_centrum, OPEN, *[(d, "09:00", "17:00") for d in range(5)])
    hours(
        network.rotterdam_centrum,
        CONSULT,
        (1, "10:00", "12:00"),
        (3, "10:00", "12:00"),
        (3, "13:00", "17:00"),
    )
    for name in ("Ans", "Bert"):
        complete(
            person(network.rotterdam, name, network.rotterdam_centrum), *_all_required(trainings)
        )
    [figure] = figures.library_figures([network.rotterdam])
    centrum = next(b for b in figure.branches if b.branch == network.rotterdam_centrum)
    assert centrum.consultation and centrum.minutes == 8 * 60
    assert (centrum.trained, centrum.ratio) == (2, Decimal("0.25"))
    assert not centrum.below  # exactly at the threshold of 0.25
    network.rotterdam.ido_model = "altijd"
    network.rotterdam.save()
    [figure] = figures.library_figures([network.rotterdam])
    centrum = next(b for b in figure.branches if b.branch == network.rotterdam_centrum)
    assert not centrum.consultation and centrum.minutes == 40 * 60
    assert centrum.ratio == Decimal("0.05") and centrum.below


def test_the_arithmetic_and_the_threshold(network: Any, trainings: Any) -> None:
    hours(network.zaandam, OPEN, *[(d, "10:00", "16:00") for d in range(5)])
    network.zaanstreek.ido_model = "breed"
    network.zaanstreek.save()
    people = [person(network.zaanstreek, f"P{n}", network.zaandam) for n in range(8)]
    for p in people[:7]:
        complete(p, *_all_required(trainings))
    people[6].left_on = people[6].created_at.date()  # left: not counted
    people[6].save()
    [figure] = figures.library_figures([network.zaanstreek])
    [zaandam] = figure.branches
    assert (zaandam.minutes, zaandam.active, zaandam.trained) == (30 * 60, 7, 6)
    assert zaandam.ratio == Decimal("0.20") and zaandam.below  # 6 / 30 < 0.25
    assert figures.per_hour(1, 180) == Decimal("0.33")
    assert figures.per_hour(2, 180) == Decimal("0.67")
    assert not figures.below(1, 240, Decimal("0.25"))  # 1 / 4 h is exactly the threshold
    assert figures.below(1, 241, Decimal("0.25"))
    policy = TrainingPolicy.current()
    policy.min_trained_per_hour = Decimal("0.20")
    policy.save()
    [figure] = figures.library_figures([network.zaanstreek])
    assert not figure.branches[0].below


def test_a_branch_without_hours_gets_no_figure_and_says_so(
    network: Any, trainings: Any, log_in: Any
) -> None:
    complete(person(network.rotterdam, "Ans", network.rotterdam_zuid), *_all_required(trainings))
    [figure] = figures.library_figures([network.rotterdam])
    zuid = next(b for b in figure.branches if b.branch == network.rotterdam_zuid)
    assert zuid.minutes == 0 and zuid.ratio is None and not zuid.below and not zuid.has_hours
    assert figure.ratio is None and figure.without_hours == 2
    client = log_in(user_for(Role.COORDINATOR, network))
    url = reverse("programme:training:library", args=["bibliotheek-rotterdam"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("No consultation hours") == 2  # both branches of this basis IDO
    network.rotterdam.ido_model = "altijd"
    network.rotterdam.save()
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("No opening hours") == 2


def test_a_person_at_two_branches_counts_at_both_and_once_for_the_library(
    network: Any, trainings: Any
) -> None:
    hours(network.rotterdam_centrum, CONSULT, (0, "10:00", "12:00"))
    hours(network.rotterdam_zuid, CONSULT, (2, "10:00", "12:00"))
    both = person(network.rotterdam, "Ans", network.rotterdam_centrum, network.rotterdam_zuid)
    complete(both, *_all_required(trainings))
    [figure] = figures.library_figures([network.rotterdam])
    assert [b.trained for b in figure.branches] == [1, 1]
    assert figure.trained == 1 and figure.minutes == 240 and figure.ratio == Decimal("0.25")


def test_aggregates_per_province_and_poi_hold_counts_only(network: Any, trainings: Any) -> None:
    hours(network.zaandam, CONSULT, (0, "10:00", "14:00"))
    complete(person(network.zaanstreek, "Ans", network.zaandam), *_all_required(trainings))
    person(network.rotterdam, "Bert", network.rotterdam_centrum)
    libs = figures.library_figures([network.rotterdam, network.zaanstreek, network.utrecht_library])
    provinces = {g.label: g for g in figures.aggregate(libs, "province")}
    assert (provinces["Noord-Holland"].trained, provinces["Noord-Holland"].ratio) == (
        1,
        Decimal("0.25"),
    )
    assert provinces["Zuid-Holland"].active == 1 and provinces["Zuid-Holland"].trained == 0
    pois = {g.label: g for g in figures.aggregate(libs, "poi")}
    assert pois["Probiblio"].libraries == 2 and pois["BiSC"].libraries == 1
    total = figures.total(libs, "NL")
    assert (total.active, total.trained, total.branches) == (2, 1, 4)


def test_the_figures_take_a_fixed_number_of_queries(
    network: Any, trainings: Any, django_assert_num_queries: Any
) -> None:
    for n in range(3):
        complete(
            person(network.rotterdam, f"P{n}", network.rotterdam_centrum), *_all_required(trainings)
        )
        person(network.zaanstreek, f"Z{n}", network.zaandam)
    TrainingPolicy.current()
    libs = [network.rotterdam, network.zaanstreek, network.utrecht_library]
    with django_assert_num_queries(7):
        result = figures.library_figures(libs)
    assert [f.active for f in result] == [3, 3, 0]
