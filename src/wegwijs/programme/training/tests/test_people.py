"""Trained people: who sees names, who keeps them, the form without JavaScript, marking
someone as left, the retention, and the exports (names only where allowed)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.programme.training import retention
from wegwijs.programme.training.models import TrainingPerson, TrainingRecord
from wegwijs.programme.training.tests.conftest import complete, person
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


def _library(slug: str) -> str:
    return reverse("programme:training:library", args=[slug])


@pytest.mark.parametrize(
    ("role", "slug", "status", "names"),
    [
        (Role.COORDINATOR, "bibliotheek-rotterdam", 200, True),
        (Role.COORDINATOR, "zaanstreek", 403, False),
        (Role.POI_CONSULTANT, "bibliotheek-rotterdam", 200, True),
        (Role.POI_CONSULTANT, "bibliotheek-utrecht", 403, False),
        (Role.PROGRAMME_OFFICE, "bibliotheek-rotterdam", 200, False),
        (Role.DESK_WORKER, "bibliotheek-rotterdam", 403, False),
        (Role.AGENCY_ANALYST, "bibliotheek-rotterdam", 403, False),
    ],
)
def test_who_sees_a_library_and_who_sees_names(
    network: Any, trainings: Any, log_in: Any, role: str, slug: str, status: int, names: bool
) -> None:
    person(network.rotterdam, "Ans Verhoeven", network.rotterdam_centrum)
    client = log_in(user_for(role, network))
    response = client.get(_library(slug))
    assert response.status_code == status
    if status == 200:
        assert ("Ans Verhoeven" in response.content.decode()) is names
        assert response.context["names"] is names


def test_the_programme_office_sees_counts_only_everywhere(
    network: Any, trainings: Any, log_in: Any
) -> None:
    ans = person(network.rotterdam, "Ans Verhoeven", network.rotterdam_centrum)
    complete(ans, trainings["elearning"])
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    for url in (
        reverse("programme:training:index"),
        _library("bibliotheek-rotterdam"),
        reverse("programme:training:export", args=["csv"]),
        reverse("programme:training:library_export", args=["bibliotheek-rotterdam", "csv"]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert b"Verhoeven" not in response.content
    people_export = reverse(
        "programme:training:library_export", args=["bibliotheek-rotterdam", "xlsx"]
    )
    assert client.get(people_export, {"mensen": "1"}).status_code == 403
    assert client.get(reverse("programme:training:person", args=[ans.pk])).status_code == 403


def test_the_coordinator_adds_people_without_javascript(
    network: Any, trainings: Any, log_in: Any
) -> None:
    coordinator = user_for(Role.COORDINATOR, network)
    desk = user_for(Role.DESK_WORKER, network, first_name="Mila", last_name="de Boer")
    client = log_in(coordinator)
    url = reverse("programme:training:person_create", args=["bibliotheek-rotterdam"])
    page = client.get(url)
    assert page.status_code == 200
    assert desk in page.context["form"].fields["user"].queryset
    response = client.post(url, {"role": "volunteer", "name": "", "active": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_name"' in html and 'id="id_name_error"' in html
    assert not TrainingPerson.objects.exists()
    elearning = trainings["elearning"]
    response = client.post(
        url,
        {
            "role": "volunteer",
            "name": "Ans Verhoeven",
            "branches": [network.rotterdam_centrum.pk],
            "active": "on",
            f"started_{elearning.pk}": "2020-04-01",
            f"completed_{elearning.pk}": "2020-03-01",  # before it started
        },
    )
    assert response.status_code == 400
    assert f"completed_{elearning.pk}" in response.context["form"].errors
    assert not TrainingPerson.objects.exists()
    response = client.post(
        url,
        {
            "role": "volunteer",
            "name": "Ans Verhoeven",
            "branches": [network.rotterdam_centrum.pk],
            "active": "on",
            f"started_{elearning.pk}": "2020-04-01",
            f"completed_{elearning.pk}": "2020-05-01",
        },
    )
    assert response.status_code == 302
    ans = TrainingPerson.objects.get()
    assert (ans.name, ans.role, ans.active) == ("Ans Verhoeven", "volunteer", True)
    record = TrainingRecord.objects.get(person=ans)
    assert (record.started_on, record.completed_on) == (date(2020, 4, 1), date(2020, 5, 1))
    # someone with a Wegwijs account: the name comes from the account
    response = client.post(url, {"role": "staff", "user": desk.pk, "name": "", "active": "on"})
    assert response.status_code == 302
    linked = TrainingPerson.objects.get(user=desk)
    assert linked.name == "" and linked.display_name == "Mila de Boer"
    # the account cannot be linked twice
    response = client.post(url, {"role": "staff", "user": desk.pk, "active": "on"})
    assert response.status_code == 400


def test_a_name_field_holds_a_name_only(network: Any, trainings: Any, log_in: Any) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    url = reverse("programme:training:person_create", args=["bibliotheek-rotterdam"])
    response = client.post(url, {"role": "staff", "name": "Ans 06-12345678", "active": "on"})
    assert response.status_code == 400
    assert not TrainingPerson.objects.exists()


def test_only_the_own_coordinator_keeps_people(network: Any, trainings: Any, log_in: Any) -> None:
    ans = person(network.rotterdam, "Ans Verhoeven")
    poi = log_in(user_for(Role.POI_CONSULTANT, network))
    assert poi.get(reverse("programme:training:person", args=[ans.pk])).status_code == 403
    url = reverse("programme:training:person_create", args=["bibliotheek-rotterdam"])
    assert poi.post(url, {"role": "staff", "name": "X", "active": "on"}).status_code == 403
    other = log_in(make_user(Role.COORDINATOR, organisation=network.zaanstreek))
    assert other.get(reverse("programme:training:person", args=[ans.pk])).status_code == 403
    assert other.post(reverse("programme:training:person_delete", args=[ans.pk])).status_code == 403
    assert TrainingPerson.objects.filter(pk=ans.pk).exists()


def test_marking_as_left_and_the_retention(network: Any, trainings: Any, log_in: Any) -> None:
    ans = person(network.rotterdam, "Ans Verhoeven", network.rotterdam_centrum)
    complete(ans, trainings["elearning"])
    client = log_in(user_for(Role.COORDINATOR, network))
    response = client.post(
        reverse("programme:training:person", args=[ans.pk]),
        {"role": "volunteer", "name": "Ans Verhoeven", "branches": [network.rotterdam_centrum.pk]},
    )  # "active" unticked
    assert response.status_code == 302
    ans.refresh_from_db()
    today = timezone.localdate()
    assert ans.left_on == today
    # the page leaves her out, unless asked
    page = client.get(_library("bibliotheek-rotterdam"))
    assert "Ans Verhoeven" not in page.content.decode()
    assert (
        "Ans Verhoeven"
        in client.get(_library("bibliotheek-rotterdam"), {"vertrokken": "1"}).content.decode()
    )
    # retention: kept during the keep period, deleted after
    keep = retention.keep_days()
    assert keep == 365
    assert retention.run(dry_run=False, today=today + timedelta(days=keep)).count == 0
    assert TrainingPerson.objects.filter(pk=ans.pk).exists()
    outcome = retention.run(dry_run=True, today=today + timedelta(days=keep + 1))
    assert outcome.count == 1 and TrainingPerson.objects.filter(pk=ans.pk).exists()
    outcome = retention.run(dry_run=False, today=today + timedelta(days=keep + 1))
    assert outcome.count == 1
    assert not TrainingPerson.objects.filter(pk=ans.pk).exists()
    assert not TrainingRecord.objects.exists()
    assert all("Verhoeven" not in line for line in outcome.lines)


def test_the_keep_period_is_a_setting(network: Any, trainings: Any, settings: Any) -> None:
    settings.TRAINING_RECORDS_KEEP_DAYS = 30
    left = person(network.rotterdam, "Ans", left_on=date(2024, 1, 1))
    assert retention.run(dry_run=False, today=date(2024, 1, 31)).count == 0
    assert retention.run(dry_run=False, today=date(2024, 2, 1)).count == 1
    assert not TrainingPerson.objects.filter(pk=left.pk).exists()


def test_a_removed_account_counts_as_left(network: Any, trainings: Any) -> None:
    desk = user_for(Role.DESK_WORKER, network)
    linked = TrainingPerson.objects.create(library=network.rotterdam, user=desk, role="staff")
    desk.delete()
    outcome = retention.run(dry_run=False, today=date(2024, 3, 1))
    linked.refresh_from_db()
    assert linked.left_on == date(2024, 3, 1) and outcome.count == 1


def test_the_retention_command_runs_the_training_part(
    network: Any, trainings: Any, capsys: Any
) -> None:
    person(network.rotterdam, "Ans", left_on=date(2000, 1, 1))
    call_command("retention", "--only", "training-records")
    out = capsys.readouterr().out
    assert "training-records" in out and "deleted: 1" in out
    assert not TrainingPerson.objects.exists()


def test_people_export_for_the_coordinator_and_figures_export_without_names(
    network: Any, trainings: Any, log_in: Any
) -> None:
    from openpyxl import load_workbook

    ans = person(network.rotterdam, "Ans Verhoeven", network.rotterdam_centrum)
    complete(ans, trainings["elearning"], on=date(2020, 5, 1))
    client = log_in(user_for(Role.COORDINATOR, network))
    url = reverse("programme:training:library_export", args=["bibliotheek-rotterdam", "xlsx"])
    response = client.get(url, {"mensen": "1"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    people = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert people[1][0] == "Ans Verhoeven" and "2020-05-01" in people[1]
    response = client.get(
        reverse("programme:training:library_export", args=["bibliotheek-rotterdam", "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Bibliotheek Zuidplein", "Centrale Bibliotheek"]
    assert "Verhoeven" not in response.content.decode("utf-8-sig")
    assert client.get(url.replace("xlsx", "pdf")).status_code == 404
