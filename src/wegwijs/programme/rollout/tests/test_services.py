"""The rollout's rules: who may change what, and bad input refused with nothing stored."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from wegwijs.accounts.models import Role
from wegwijs.network.models import Organisation
from wegwijs.programme.rollout import services
from wegwijs.programme.rollout.models import (
    LibraryRollout,
    RolloutStep,
    RolloutStepProgress,
    RolloutWave,
)
from wegwijs.programme.rollout.services import PlanInput, ProgressInput, StepInput, WaveInput
from wegwijs.programme.rollout.tests.conftest import World
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"
PHONE_NOTE = "Bel Jan de Vries op 06-12345678"


def png() -> bytes:
    """A real (tiny) PNG: the check opens images to be sure."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "#1a5aa6").save(out, "PNG")
    return out.getvalue()


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# -- waves -----------------------------------------------------------------------------
def test_only_the_programme_office_plans_waves(world: World) -> None:
    data = WaveInput("2021", 70, date(2021, 1, 1))
    for role in (Role.POI_CONSULTANT, Role.COORDINATOR):
        with pytest.raises(PermissionDenied):
            services.save_wave(user_for(role, world.net), data)
    wave = services.save_wave(user_for(Role.PROGRAMME_OFFICE, world.net), data)
    assert (wave.code, wave.planned_libraries, wave.year) == ("2021", 70, 2021)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (WaveInput("2021", 70, date(2022, 1, 1)), "planned_start"),  # not the wave's year
        (WaveInput("2021", 0, date(2021, 1, 1)), "planned_libraries"),
        (WaveInput("2021", 5000, date(2021, 1, 1)), "planned_libraries"),
        (WaveInput("2020", 65, date(2020, 1, 1)), "code"),  # planned already
        (WaveInput("nonsense", 5, date(2021, 1, 1)), "code"),
        (WaveInput("later", 5, date(2018, 1, 1)), "planned_start"),  # before the programme
        (WaveInput("2021", 70, date(2021, 1, 1), description=PHONE_NOTE), "description"),
    ],
)
def test_a_bad_wave_is_refused_and_nothing_stored(world: World, data: Any, field: str) -> None:
    office = user_for(Role.PROGRAMME_OFFICE, world.net)
    before = list(RolloutWave.objects.values_list("code", "planned_libraries"))
    with pytest.raises(ValidationError) as exc:
        services.save_wave(office, data)
    assert field in errors_of(exc)
    assert list(RolloutWave.objects.values_list("code", "planned_libraries")) == before


# -- a library's plan ------------------------------------------------------------------
def test_the_poi_plans_its_provinces_libraries_only(world: World) -> None:
    poi = user_for(Role.POI_CONSULTANT, world.net)
    plan = services.save_plan(
        poi, world.net.zaanstreek, PlanInput(date(2020, 9, 1), None, area_kind="mixed")
    )
    assert (plan.planned_opening, plan.area_kind, plan.updated_by) == (
        date(2020, 9, 1),
        "mixed",
        poi,
    )
    with pytest.raises(PermissionDenied):
        services.save_plan(poi, world.net.utrecht_library, PlanInput(date(2020, 9, 1), None))
    with pytest.raises(PermissionDenied):  # coordinators see their plan, but do not keep it
        services.save_plan(
            user_for(Role.COORDINATOR, world.net),
            world.net.rotterdam,
            PlanInput(date(2019, 7, 1), date(2019, 7, 1)),
        )


def test_the_wave_lives_on_the_organisation_and_only_the_office_moves_it(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.save_plan(
            user_for(Role.POI_CONSULTANT, world.net),
            world.net.zaanstreek,
            PlanInput(None, None, wave="2021"),
        )
    office = user_for(Role.PROGRAMME_OFFICE, world.net)
    services.save_plan(office, world.net.zaanstreek, PlanInput(date(2021, 3, 1), None, wave="2021"))
    assert Organisation.objects.get(pk=world.net.zaanstreek.pk).wave == "2021"
    assert not hasattr(LibraryRollout, "wave")


@pytest.mark.parametrize(
    ("planned", "actual", "field", "words"),
    [
        (date(2021, 3, 1), None, "planned_opening", "2020"),  # outside the wave's year
        (None, date(2019, 12, 1), "actual_opening", "1 January 2020"),  # before the wave
        (None, "tomorrow", "actual_opening", "future"),
        (date(2016, 1, 1), None, "planned_opening", "2019"),
    ],
)
def test_bad_dates_are_refused_with_a_message_and_nothing_stored(
    world: World, planned: Any, actual: Any, field: str, words: str
) -> None:
    if actual == "tomorrow":
        actual = timezone.localdate() + timedelta(days=1)
    poi = user_for(Role.POI_CONSULTANT, world.net)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.save_plan(poi, world.net.zaanstreek, PlanInput(planned, actual, notes="Nieuw"))
    assert words in " ".join(errors_of(exc)[field])
    plan = LibraryRollout.objects.get(library=world.net.zaanstreek)
    assert (plan.planned_opening, plan.actual_opening, plan.notes) == (date(2020, 5, 1), None, "")


def test_notes_with_personal_data_are_refused(world: World) -> None:
    poi = user_for(Role.POI_CONSULTANT, world.net)
    with pytest.raises(ValidationError) as exc:
        services.save_plan(
            poi, world.net.zaanstreek, PlanInput(date(2020, 5, 1), None, notes=PHONE_NOTE)
        )
    assert exc.value.error_dict["notes"][0].code == "personal_data"
    assert LibraryRollout.objects.get(library=world.net.zaanstreek).notes == ""


# -- the steps -------------------------------------------------------------------------
def test_the_office_adds_and_reorders_steps(world: World) -> None:
    office = user_for(Role.PROGRAMME_OFFICE, world.net)
    step = services.save_step(office, StepInput("Maak het bekend", due_offset_days=30))
    assert step.key == "maak-het-bekend"
    assert list(RolloutStep.objects.values_list("key", flat=True))[-1] == "maak-het-bekend"
    services.move_step(office, step, "up")
    assert list(RolloutStep.objects.values_list("key", flat=True)) == [
        "e-learning",
        "sociale-kaart",
        "maak-het-bekend",
        "opening",
    ]
    services.move_step(office, world.elearning, "up")  # the first stays first
    assert RolloutStep.objects.first() == world.elearning
    with pytest.raises(PermissionDenied):
        services.move_step(user_for(Role.POI_CONSULTANT, world.net), step, "down")
    with pytest.raises(ValidationError):
        services.save_step(office, StepInput("", due_offset_days=5000))
    assert RolloutStep.objects.count() == 4


# -- a library's progress --------------------------------------------------------------
def test_a_coordinator_ticks_its_own_steps_with_evidence(world: World) -> None:
    coordinator = user_for(Role.COORDINATOR, world.net)
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    progress = services.save_progress(
        coordinator,
        world.net.rotterdam,
        world.elearning,
        ProgressInput(
            done=True,
            done_on=date(2019, 5, 1),
            evidence_note="Het hele team is klaar.",
            evidence_link="https://www.example.nl/verslag",
            evidence_file=upload,
        ),
    )
    assert (progress.done_on, progress.done_by) == (date(2019, 5, 1), coordinator)
    assert progress.evidence_file.name.endswith(".pdf")
    assert "verslag" not in progress.evidence_file.name  # a name of our own
    with pytest.raises(PermissionDenied):
        services.save_progress(
            coordinator, world.net.zaanstreek, world.elearning, ProgressInput(done=False)
        )


def test_a_new_file_replaces_the_old_one(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = user_for(Role.COORDINATOR, world.net)
    first = services.save_progress(
        coordinator,
        world.net.rotterdam,
        world.elearning,
        ProgressInput(True, date(2019, 5, 1), evidence_file=SimpleUploadedFile("a.pdf", PDF)),
    )
    old = first.evidence_file.name
    storage = first.evidence_file.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = services.save_progress(
            coordinator,
            world.net.rotterdam,
            world.elearning,
            ProgressInput(
                True,
                date(2019, 5, 1),
                evidence_file=SimpleUploadedFile("b.png", png()),
            ),
        )
    assert second.evidence_file.name.endswith(".png")
    assert storage.exists(second.evidence_file.name)
    assert not storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        third = services.save_progress(
            coordinator,
            world.net.rotterdam,
            world.elearning,
            ProgressInput(True, date(2019, 5, 1), remove_file=True),
        )
    assert not third.evidence_file
    assert not storage.exists(second.evidence_file.name)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (ProgressInput(True, None), "done_on"),
        (ProgressInput(True, date(2099, 1, 1)), "done_on"),
        (ProgressInput(True, date(2019, 5, 1), evidence_note=PHONE_NOTE), "evidence_note"),
        (
            ProgressInput(True, date(2019, 5, 1), evidence_link="javascript:alert(1)"),
            "evidence_link",
        ),
        (
            ProgressInput(
                True, date(2019, 5, 1), evidence_file=SimpleUploadedFile("x.exe", b"MZ\x90\x00")
            ),
            "evidence_file",
        ),
        (  # a PDF in name only
            ProgressInput(
                True, date(2019, 5, 1), evidence_file=SimpleUploadedFile("x.pdf", b"<html>")
            ),
            "evidence_file",
        ),
    ],
)
def test_bad_progress_is_refused_and_nothing_stored(world: World, data: Any, field: str) -> None:
    coordinator = user_for(Role.COORDINATOR, world.net)
    with pytest.raises(ValidationError) as exc:
        services.save_progress(coordinator, world.net.rotterdam, world.elearning, data)
    assert field in errors_of(exc)
    assert not RolloutStepProgress.objects.exists()


def test_a_file_over_10_mb_is_refused(world: World) -> None:
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.save_progress(
            user_for(Role.COORDINATOR, world.net),
            world.net.rotterdam,
            world.elearning,
            ProgressInput(True, date(2019, 5, 1), evidence_file=big),
        )
    assert "10 MB" in " ".join(errors_of(exc)["evidence_file"])
    assert not RolloutStepProgress.objects.exists()


def test_only_who_keeps_the_plan_changes_a_due_date(world: World) -> None:
    data = ProgressInput(False, due_date=date(2020, 4, 1), change_due_date=True)
    with pytest.raises(PermissionDenied):
        services.save_progress(
            user_for(Role.COORDINATOR, world.net), world.net.rotterdam, world.elearning, data
        )
    progress = services.save_progress(
        user_for(Role.POI_CONSULTANT, world.net), world.net.zaanstreek, world.elearning, data
    )
    assert progress.due_date == date(2020, 4, 1)


def test_tick_and_untick_keep_the_evidence(world: World) -> None:
    coordinator = user_for(Role.COORDINATOR, world.net)
    services.save_progress(
        coordinator,
        world.net.rotterdam,
        world.elearning,
        ProgressInput(False, evidence_note="Ingepland voor maart."),
    )
    done = services.tick(coordinator, world.net.rotterdam, world.elearning)
    assert done.done_on == timezone.localdate()
    assert done.evidence_note == "Ingepland voor maart."
    undone = services.tick(coordinator, world.net.rotterdam, world.elearning, done=False)
    assert (undone.done_on, undone.done_by, undone.evidence_note) == (
        None,
        None,
        "Ingepland voor maart.",
    )


def test_removing_a_step_removes_the_evidence_files(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    progress = services.save_progress(
        user_for(Role.COORDINATOR, world.net),
        world.net.rotterdam,
        world.elearning,
        ProgressInput(True, date(2019, 5, 1), evidence_file=SimpleUploadedFile("a.pdf", PDF)),
    )
    name, storage = progress.evidence_file.name, progress.evidence_file.storage
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        world.elearning.delete()
    assert not storage.exists(name)
