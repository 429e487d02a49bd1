"""Reading the rollout on a small network: statuses, figures per wave and province,
coverage per municipality, the checklist's suggestions and what is behind schedule."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from wegwijs.accounts.models import Role
from wegwijs.network.models import Organisation
from wegwijs.programme import access
from wegwijs.programme.rollout import progress as rp
from wegwijs.programme.rollout.models import LibraryRollout, RolloutStepProgress
from wegwijs.programme.rollout.tests.conftest import World
from wegwijs.socialmap.models import ServiceStatus
from wegwijs.socialmap.tests.factories import ServiceFactory, SocialOrganizationFactory
from wegwijs.testing.factories import BranchFactory
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


def test_status_of_a_plan() -> None:
    today = date(2021, 6, 1)
    assert rp.status_of(None, today) == rp.Status.UNPLANNED
    assert rp.status_of(LibraryRollout(), today) == rp.Status.UNPLANNED
    assert rp.status_of(LibraryRollout(planned_opening=date(2021, 6, 1)), today) == "planned"
    assert rp.status_of(LibraryRollout(planned_opening=date(2021, 5, 31)), today) == "behind"
    opened = LibraryRollout(planned_opening=date(2021, 1, 1), actual_opening=date(2021, 5, 1))
    assert rp.status_of(opened, today) == rp.Status.OPENED


def test_progress_per_wave_nationally_against_the_waves_targets(world: World) -> None:
    office = user_for(Role.PROGRAMME_OFFICE, world.net)
    rows = rp.library_rows(access.libraries(office), TODAY)
    progress = rp.progress(rows, national=True)
    assert [
        (w.code, w.target, w.counts.libraries, w.counts.opened, w.counts.behind)
        for w in progress.waves
    ] == [("kopgroep-2019", 15, 1, 1, 0), ("2020", 65, 2, 1, 1)]
    assert [progress.planned_of(w) for w in progress.waves] == [15, 65]
    assert (progress.total.libraries, progress.total.opened, progress.total.behind) == (3, 2, 1)
    assert [(p.province.name, p.counts.opened, p.counts.behind) for p in progress.provinces] == [
        ("Noord-Holland", 0, 1),
        ("Utrecht", 1, 0),
        ("Zuid-Holland", 1, 0),
    ]
    with translation.override("en"):
        assert progress.summary() == (
            "80 libraries are planned in 2 waves. 2 have opened their Informatiepunt (2%), "
            "1 is behind schedule."
        )


def test_a_poi_counts_the_libraries_of_its_provinces(world: World) -> None:
    poi = user_for(Role.POI_CONSULTANT, world.net)
    progress = rp.progress(rp.library_rows(access.libraries(poi), TODAY), national=False)
    assert [(w.code, progress.planned_of(w), w.counts.opened) for w in progress.waves] == [
        ("kopgroep-2019", 1, 1),
        ("2020", 1, 0),
    ]
    assert {p.province.code for p in progress.provinces} == {"NL-ZH", "NL-NH"}


def test_a_library_in_a_wave_without_a_plan_still_counts(world: World) -> None:
    Organisation.objects.filter(pk=world.net.zaanstreek.pk).update(wave="later")
    rows = rp.library_rows(Organisation.objects.libraries(), TODAY)
    progress = rp.progress(rows, national=True)
    later = progress.waves[-1]
    assert (later.code, later.target, progress.planned_of(later)) == ("later", None, 1)


def test_coverage_per_municipality(world: World) -> None:
    rows = {
        r.municipality.name: r
        for r in rp.municipality_rows(world.rotterdam_m.__class__.objects.all(), TODAY)
    }
    assert (rows["Rotterdam"].open_branches, rows["Rotterdam"].coverage) == (2, "covered")
    assert (rows["Zaanstad"].other_branches, rows["Zaanstad"].coverage) == (1, "planned")
    assert rows["Schiedam"].coverage == "none"
    assert rows["Utrecht"].coverage == "covered"
    per_province = {
        c.province.name: (c.covered, c.municipalities, c.share)
        for c in rp.coverage_by_province(rows.values())
    }
    assert per_province == {
        "Noord-Holland": (0, 1, 0),
        "Utrecht": (1, 1, 100),
        "Zuid-Holland": (1, 2, 50),
    }


def test_a_branch_without_an_ido_or_a_future_opening_does_not_cover(world: World) -> None:
    BranchFactory(organisation=world.net.zaanstreek, municipality=world.schiedam_m, has_ido=False)
    LibraryRollout.objects.filter(library=world.net.utrecht_library).update(
        actual_opening=date(2026, 12, 1)  # (typed in directly; the service refuses it)
    )
    rows = {
        r.municipality.name: r
        for r in rp.municipality_rows(world.rotterdam_m.__class__.objects.all(), TODAY)
    }
    assert rows["Schiedam"].coverage == "none"
    assert rows["Utrecht"].coverage == "planned"


def test_municipalities_sort_both_ways(world: World) -> None:
    rows = rp.municipality_rows(world.rotterdam_m.__class__.objects.all(), TODAY)
    names = lambda rs: [r.municipality.name for r in rs]  # noqa: E731
    assert names(rp.sort_municipalities(rows, "name")) == [
        "Rotterdam",
        "Schiedam",
        "Utrecht",
        "Zaanstad",
    ]
    assert names(rp.sort_municipalities(rows, "-name"))[0] == "Zaanstad"
    assert names(rp.sort_municipalities(rows, "branches"))[0] == "Rotterdam"
    assert names(rp.sort_municipalities(rows, "coverage"))[-1] == "Schiedam"
    assert names(rp.sort_municipalities(rows, "nonsense")) == names(rows)


def test_the_checklist_suggests_what_wegwijs_knows(world: World) -> None:
    owner = SocialOrganizationFactory(owner=world.net.rotterdam)
    ServiceFactory(organization=owner, created_at=timezone.make_aware(datetime(2019, 6, 3, 10)))
    ServiceFactory(organization=owner)
    ServiceFactory(organization=owner, status=ServiceStatus.INACTIVE)
    with translation.override("en"):
        items = {i.step.key: i for i in rp.checklist(world.net.rotterdam, TODAY)}
    assert items["sociale-kaart"].suggestion == (
        "The library has 2 published offers on the social map."
    )
    assert items["sociale-kaart"].suggested_date == date(2019, 6, 3)
    assert items["opening"].suggested_date == date(2019, 7, 1)
    assert items["e-learning"].suggestion == ""
    assert items["e-learning"].due == date(2019, 6, 1)  # 30 days before the planned opening
    assert items["e-learning"].overdue
    nothing = {i.step.key: i for i in rp.checklist(world.net.zaanstreek, TODAY)}
    assert nothing["sociale-kaart"].suggested_date is None
    assert nothing["opening"].suggested_date is None


def test_behind_schedule_most_overdue_first(world: World) -> None:
    for step in (world.elearning, world.socialmap, world.opening):
        RolloutStepProgress.objects.create(
            library=world.net.utrecht_library, step=step, done_on=date(2020, 6, 1)
        )
    RolloutStepProgress.objects.create(
        library=world.net.rotterdam, step=world.elearning, done_on=date(2019, 5, 1)
    )
    RolloutStepProgress.objects.create(  # its own, later due date
        library=world.net.zaanstreek, step=world.elearning, due_date=date(2026, 12, 1)
    )
    poi = user_for(Role.POI_CONSULTANT, world.net)
    with translation.override("en"):
        items = rp.behind(rp.library_rows(access.libraries(poi), TODAY), TODAY)
    assert [(i.library.slug, i.kind, i.what, i.due) for i in items] == [
        ("bibliotheek-rotterdam", "step", "Zet het aanbod in de sociale kaart", date(2019, 6, 17)),
        ("bibliotheek-rotterdam", "step", "Open het Informatiepunt", date(2019, 7, 1)),
        ("zaanstreek", "step", "Zet het aanbod in de sociale kaart", date(2020, 4, 17)),
        ("zaanstreek", "opening", "Open the Informatiepunt", date(2020, 5, 1)),
        ("zaanstreek", "step", "Open het Informatiepunt", date(2020, 5, 1)),
    ]
    assert items[0].days == (TODAY - date(2019, 6, 17)).days
    assert items[1].hint  # Rotterdam has opened: Wegwijs sees the step as done
    assert not items[4].hint


def test_the_map_and_the_list_show_each_ido_branch_with_its_status(world: World) -> None:
    BranchFactory(organisation=world.net.zaanstreek, name="Zonder IDO", has_ido=False)
    rows = rp.library_rows(Organisation.objects.libraries(), TODAY)
    branches = rp.branch_rows(rows)
    assert {(b.branch.name, b.status) for b in branches} == {
        ("Centrale Bibliotheek", "opened"),
        ("Bibliotheek Zuidplein", "opened"),
        ("De Bieb Zaandam", "behind"),
        ("Bibliotheek Neude", "opened"),
    }
    points = rp.map_points(branches)
    assert len(points) == 4
    zaandam: Any = next(p for p in points if p["name"] == "De Bieb Zaandam")
    assert zaandam["status"] == "behind"
    assert zaandam["url"] == "/programma/uitrol/bibliotheek/zaanstreek/"
