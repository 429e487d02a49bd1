"""The rollout pages through the test client: who may open and change what, forms without
JavaScript (post, redirect, get), messages at the field with nothing stored, exports."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.network.models import Organisation
from wegwijs.programme.rollout.models import (
    LibraryRollout,
    RolloutStep,
    RolloutStepProgress,
    RolloutWave,
)
from wegwijs.programme.rollout.tests.conftest import World
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%test\n"


def url(name: str, *args: Any) -> str:
    return reverse(f"programme:rollout:{name}", args=args)


def read_csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# -- who may open what -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROGRAMME_OFFICE, 200),
        (Role.ADMIN, 200),
        (Role.POI_CONSULTANT, 200),
        (Role.COORDINATOR, 302),
        (Role.DESK_WORKER, 403),
        (Role.AGENCY_ANALYST, 403),
        (Role.PARTNER_EDITOR, 403),
    ],
)
def test_who_may_open_the_progress_page(world: World, log_in: Any, role: str, status: int) -> None:
    response = log_in(user_for(role, world.net)).get(url("index"))
    assert response.status_code == status
    if status == 302:  # the coordinator goes to its own library's rollout
        assert response["Location"] == url("library", "bibliotheek-rotterdam")


@pytest.mark.parametrize("name", ["coverage", "behind", "libraries"])
def test_the_overviews_are_for_the_office_and_the_pois(
    world: World, log_in: Any, name: str
) -> None:
    assert log_in(user_for(Role.COORDINATOR, world.net)).get(url(name)).status_code == 403
    assert log_in(user_for(Role.DESK_WORKER, world.net)).get(url(name)).status_code == 403
    assert log_in(user_for(Role.POI_CONSULTANT, world.net)).get(url(name)).status_code == 200


def test_a_poi_cannot_see_or_change_another_provinces_library(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, world.net))
    utrecht = "bibliotheek-utrecht"
    step = world.elearning.pk
    assert client.get(url("library", utrecht)).status_code == 403
    assert client.get(url("plan", utrecht)).status_code == 403
    assert client.post(url("plan", utrecht), {"planned_opening": "2020-09-01"}).status_code == 403
    assert client.get(url("step", utrecht, step)).status_code == 403
    assert client.post(url("tick", utrecht, step), {"action": "done"}).status_code == 403
    assert client.get(url("evidence", utrecht, step)).status_code == 403
    for page in ("index", "behind", "coverage", "libraries"):
        assert client.get(url(page), {"province": "NL-UT"}).status_code == 403
    assert client.get(url("export", "libraries", "csv"), {"province": "NL-UT"}).status_code == 403
    assert client.get(url("library", "no-such-library")).status_code == 404
    assert not RolloutStepProgress.objects.exists()
    assert LibraryRollout.objects.get(library=world.net.utrecht_library).planned_opening == date(
        2020, 6, 1
    )


def test_a_coordinator_sees_its_own_plan_but_does_not_change_it(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.COORDINATOR, world.net))
    page = client.get(url("library", "bibliotheek-rotterdam"))
    assert page.status_code == 200
    assert url("plan", "bibliotheek-rotterdam") not in page.content.decode()
    assert client.get(url("plan", "bibliotheek-rotterdam")).status_code == 403
    assert client.get(url("library", "zaanstreek")).status_code == 403


def test_only_the_office_changes_waves_and_steps(world: World, log_in: Any) -> None:
    poi = log_in(user_for(Role.POI_CONSULTANT, world.net))
    assert poi.get(url("waves")).status_code == 200
    assert poi.get(url("steps")).status_code == 200
    assert poi.get(url("wave_edit", "2020")).status_code == 403
    assert poi.post(url("wave_create"), {"code": "2021"}).status_code == 403
    assert poi.post(url("step_create"), {"title": "X"}).status_code == 403
    assert poi.post(url("step_move", world.opening.pk), {"direction": "up"}).status_code == 403
    assert not RolloutWave.objects.filter(code="2021").exists()


# -- the progress page -----------------------------------------------------------------
def test_the_progress_page_shows_figures_chart_table_and_map(world: World, log_in: Any) -> None:
    response = log_in(user_for(Role.PROGRAMME_OFFICE, world.net)).get(url("index"))
    html = response.content.decode()
    assert '<svg class="chart rollout-chart" role="img"' in html
    assert "<caption" in html
    assert 'id="map-points"' in html
    assert "rollout-map.js" in html
    assert response.context["covered"] == 2
    assert response.context["municipalities"] == 4
    assert [planned for _wave, planned in response.context["wave_rows"]] == [15, 65]
    behind = [(row.library.slug, days) for row, days in response.context["behind_libraries"]]
    assert behind == [("zaanstreek", (timezone.localdate() - date(2020, 5, 1)).days)]
    statuses = {p["name"]: p["status"] for p in response.context["map_points"]}
    assert statuses["De Bieb Zaandam"] == "behind"


def test_one_province(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.PROGRAMME_OFFICE, world.net))
    response = client.get(url("index"), {"province": "NL-NH"})
    progress = response.context["progress"]
    assert (progress.total.libraries, progress.total.behind) == (1, 1)
    assert [planned for _wave, planned in response.context["wave_rows"]] == [0, 1]
    assert client.get(url("index"), {"province": "NL-XX"}).status_code == 404


def test_the_office_filters_by_poi(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.PROGRAMME_OFFICE, world.net))
    response = client.get(url("behind"), {"poi": "bisc"})
    assert {i.library.slug for i in response.context["page"].object_list} <= {"bibliotheek-utrecht"}
    response = client.get(url("index"), {"poi": "probiblio"})
    assert response.context["progress"].total.libraries == 2
    assert client.get(url("index"), {"poi": "nobody"}).status_code == 404


# -- exports ---------------------------------------------------------------------------
def test_exports_as_csv_and_xlsx(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, world.net))
    libraries = read_csv(client.get(url("export", "libraries", "csv")))
    assert [row[0] for row in libraries[1:]] == [
        "Bibliotheek Rotterdam",
        "De Bieb voor de Zaanstreek",
    ]
    waves = read_csv(client.get(url("export", "waves", "csv")))
    assert waves[1][:5] == ["Kopgroep 2019", "2019-07-01", "15", "1", "1"]
    behind = read_csv(client.get(url("behind_export", "csv")))
    assert behind[1][0] == "Bibliotheek Rotterdam"
    assert all(row[0] != "Bibliotheek Utrecht" for row in behind)
    municipalities = read_csv(client.get(url("coverage_export", "csv"), {"q": "zaan"}))
    assert [row[1] for row in municipalities[1:]] == ["Zaanstad"]
    xlsx = client.get(url("export", "branches", "xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/programma/uitrol/export/libraries.pdf").status_code == 404
    assert client.get("/programma/uitrol/export/secrets.csv").status_code == 404


def test_coverage_page_search_sort_and_filter(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.PROGRAMME_OFFICE, world.net))
    response = client.get(url("coverage"), {"sort": "-name"})
    assert [r.municipality.name for r in response.context["page"].object_list] == [
        "Zaanstad",
        "Utrecht",
        "Schiedam",
        "Rotterdam",
    ]
    assert response.context["covered"] == 2
    response = client.get(url("coverage"), {"coverage": "none"})
    assert [r.municipality.name for r in response.context["page"].object_list] == ["Schiedam"]
    response = client.get(url("coverage"), {"q": "0344"})
    assert [r.municipality.name for r in response.context["page"].object_list] == ["Utrecht"]
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html


# -- forms without JavaScript ----------------------------------------------------------
def test_tick_a_step_without_javascript(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.COORDINATOR, world.net))
    response = client.post(
        url("tick", "bibliotheek-rotterdam", world.elearning.pk), {"action": "done"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#step-{world.elearning.pk}")
    progress = RolloutStepProgress.objects.get(library=world.net.rotterdam, step=world.elearning)
    assert progress.done_on == timezone.localdate()
    page = client.get(response["Location"])
    assert page.status_code == 200
    client.post(url("tick", "bibliotheek-rotterdam", world.elearning.pk), {"action": "undo"})
    progress.refresh_from_db()
    assert progress.done_on is None


def test_confirm_a_suggestion(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, world.net))
    client.post(url("tick", "bibliotheek-rotterdam", world.opening.pk), {"action": "suggestion"})
    progress = RolloutStepProgress.objects.get(library=world.net.rotterdam, step=world.opening)
    assert (progress.done_on, progress.from_suggestion) == (date(2019, 7, 1), True)
    client.post(url("tick", "zaanstreek", world.opening.pk), {"action": "suggestion"})
    assert not RolloutStepProgress.objects.filter(library=world.net.zaanstreek).exists()


def test_the_step_form_with_evidence_and_protected_download(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.COORDINATOR, world.net))
    step_url = url("step", "bibliotheek-rotterdam", world.elearning.pk)
    assert "due_date" not in client.get(step_url).context["form"].fields
    response = client.post(
        step_url,
        {
            "done": "on",
            "done_on": "2019-05-01",
            "evidence_note": "Alle vrijwilligers zijn klaar.",
            "evidence_link": "https://www.example.nl/e-learning",
            "evidence_file": SimpleUploadedFile("certificaten.pdf", PDF),
        },
    )
    assert response.status_code == 302
    download = client.get(url("evidence", "bibliotheek-rotterdam", world.elearning.pk))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert "bewijs-e-learning-bibliotheek-rotterdam.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    # The POI of the province may download it too; the other POI and the public may not.
    poi = log_in(user_for(Role.POI_CONSULTANT, world.net))
    assert poi.get(url("evidence", "bibliotheek-rotterdam", world.elearning.pk)).status_code == 200
    assert poi.get(url("evidence", "bibliotheek-rotterdam", world.socialmap.pk)).status_code == 404
    client.logout()
    anonymous = client.get(url("evidence", "bibliotheek-rotterdam", world.elearning.pk))
    assert anonymous.status_code == 302


def test_a_bad_step_form_shows_messages_and_stores_nothing(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.COORDINATOR, world.net))
    response = client.post(
        url("step", "bibliotheek-rotterdam", world.elearning.pk),
        {
            "done": "on",
            "done_on": "2099-01-01",
            "evidence_note": "Bel mevrouw Jansen op 06-12345678",
            "evidence_file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00"),
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"done_on", "evidence_note", "evidence_file"}
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_done_on"' in html
    assert 'name="_mask"' in html  # the privacy guard's "Mask and save"
    assert not RolloutStepProgress.objects.exists()


def test_mask_and_save(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.COORDINATOR, world.net))
    client.post(
        url("step", "bibliotheek-rotterdam", world.elearning.pk),
        {"done_on": "2019-05-01", "evidence_note": "Gebeld met 06-12345678", "_mask": "1"},
    )
    progress = RolloutStepProgress.objects.get(library=world.net.rotterdam)
    assert "06-12345678" not in progress.evidence_note
    assert progress.evidence_note.startswith("Gebeld met [")


def test_the_poi_changes_a_plan_and_bad_dates_are_refused(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, world.net))
    plan_url = url("plan", "zaanstreek")
    form = client.get(plan_url).context["form"]
    assert "wave" not in form.fields  # the wave is the programme office's
    response = client.post(
        plan_url,
        {"planned_opening": "2021-03-01", "actual_opening": "2019-01-01", "notes": "Nieuw"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"planned_opening", "actual_opening"}
    assert LibraryRollout.objects.get(library=world.net.zaanstreek).notes == ""
    response = client.post(
        plan_url,
        {"planned_opening": "2020-10-01", "area_kind": "urban", "partner_cooperation": "starting"},
    )
    assert response.status_code == 302
    plan = LibraryRollout.objects.get(library=world.net.zaanstreek)
    assert (plan.planned_opening, plan.area_kind) == (date(2020, 10, 1), "urban")


def test_the_office_moves_a_library_to_another_wave(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.PROGRAMME_OFFICE, world.net))
    response = client.post(
        url("plan", "zaanstreek"), {"wave": "later", "planned_opening": "2027-03-01"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(slug="zaanstreek").wave == "later"


def test_the_office_plans_a_wave_and_refuses_a_wrong_year(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.PROGRAMME_OFFICE, world.net))
    assert [
        c for c, _l in client.get(url("wave_create")).context["form"].fields["code"].choices
    ] == [
        "",
        "2021",
        "later",
    ]
    response = client.post(
        url("wave_create"),
        {"code": "2021", "planned_libraries": "70", "planned_start": "2022-01-01"},
    )
    assert response.status_code == 400
    assert "planned_start" in response.context["form"].errors
    assert not RolloutWave.objects.filter(code="2021").exists()
    response = client.post(
        url("wave_create"),
        {
            "code": "2021",
            "planned_libraries": "70",
            "planned_start": "2021-01-01",
            "selection_criteria": "Spreiding over het land.",
        },
    )
    assert response.status_code == 302
    assert RolloutWave.objects.get(code="2021").planned_libraries == 70
    response = client.post(
        url("wave_edit", "2020"), {"planned_libraries": "abc", "planned_start": "2020-01-01"}
    )
    assert response.status_code == 400
    assert RolloutWave.objects.get(code="2020").planned_libraries == 65


def test_the_office_adds_and_moves_a_step(world: World, log_in: Any) -> None:
    client = log_in(user_for(Role.PROGRAMME_OFFICE, world.net))
    response = client.post(
        url("step_create"),
        {"title": "Maak het bekend", "due_offset_days": "30", "suggestion": "", "active": "on"},
    )
    assert response.status_code == 302
    step = RolloutStep.objects.get(key="maak-het-bekend")
    client.post(url("step_move", step.pk), {"direction": "up"})
    assert list(RolloutStep.objects.values_list("key", flat=True))[-2:] == [
        "maak-het-bekend",
        "opening",
    ]
    response = client.post(
        url("step_edit", step.pk),
        {"title": "Maak het bekend", "due_offset_days": "9999", "active": ""},
    )
    assert response.status_code == 400
    step.refresh_from_db()
    assert (step.due_offset_days, step.active) == (30, True)
    client.post(url("step_edit", step.pk), {"title": "Maak het bekend", "due_offset_days": "30"})
    step.refresh_from_db()
    assert not step.active
    checklist = client.get(url("library", "zaanstreek")).context["items"]
    assert step not in [i.step for i in checklist]
