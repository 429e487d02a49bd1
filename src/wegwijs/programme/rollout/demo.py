"""Demo data of the rollout: the three waves, the essential steps, and a plan and checklist
for every demo library. Safe to run again: what exists is left as it is.

DEMO DATA. The waves and the kopgroep's opening on 1 July 2019 follow the KB's reports; the
other libraries' dates, kinds of area and checklist progress are illustrative: the 2020 and
2021 libraries mostly opened, a few are behind schedule, and the libraries of the wave
"later" have an opening planned in the coming months.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from wegwijs.network.models import Organisation, OrganisationKind, Wave
from wegwijs.programme.rollout.models import (
    AreaKind,
    LibraryRollout,
    PartnerCooperation,
    RolloutStep,
    RolloutStepProgress,
    RolloutWave,
    StepSuggestion,
)

KOPGROEP_OPENING = date(2019, 7, 1)
CRITERIA = (
    "Spreiding over het land, de aard van het werkgebied (stad, platteland of gemengd) en "
    "inhoudelijke criteria zoals de samenwerking met lokale partners."
)
WAVES = [
    (
        Wave.KOPGROEP_2019,
        15,
        KOPGROEP_OPENING,
        "Vijftien kopgroep-bibliotheken openen op 1 juli 2019 als eerste een Informatiepunt "
        "Digitale Overheid. Zij plaveien de weg voor de uitrol in de twee jaar daarna.",
    ),
    (
        Wave.WAVE_2020,
        65,
        date(2020, 1, 1),
        "In 2020 sluiten 65 volgende bibliotheken aan.",
    ),
    (
        Wave.WAVE_2021,
        70,
        date(2021, 1, 1),
        "In 2021 volgen nog 70 bibliotheken: een landelijk dekkend netwerk.",
    ),
]
#: key, title, days from the planned opening, suggestion, explanation
STEPS = [
    ("e-learning", "Volg de e-learning", -90, "", "De e-learning met praktijkopdrachten."),
    (
        "lokale-bijeenkomst",
        "Plan de lokale bijeenkomst",
        -60,
        "",
        "Een bijeenkomst met medewerkers en vrijwilligers, met de POI.",
    ),
    (
        "lokaal-netwerk",
        "Breng het lokale netwerk in kaart",
        -45,
        "",
        "Welke partners helpen inwoners verder, en hoe verwijs je door?",
    ),
    (
        "sociale-kaart",
        "Zet het aanbod in de sociale kaart",
        -14,
        StepSuggestion.SOCIAL_MAP,
        "Het eigen aanbod en het Informatiepunt zelf.",
    ),
    ("opening", "Open het Informatiepunt", 0, StepSuggestion.OPENING, ""),
    (
        "campagne",
        "Maak het Informatiepunt bekend met de landelijke campagnematerialen",
        30,
        "",
        "Posters, flyers en de huisstijl van het Informatiepunt.",
    ),
]
NOTES = {
    "e-learning": "E-learning afgerond door het team van het Informatiepunt.",
    "lokale-bijeenkomst": "Bijeenkomst gehouden met medewerkers en vrijwilligers.",
    "lokaal-netwerk": "Overzicht van partners gemaakt, met afspraken over doorverwijzen.",
    "campagne": "Posters in alle vestigingen, bericht op de website.",
}
URBAN = {"oba", "bibliotheek-rotterdam", "bibliotheek-den-haag", "bibliotheek-midden-brabant"}
#: Which libraries of a wave (by their place in the wave) are behind schedule.
BEHIND = {Wave.WAVE_2020: {3, 9}, Wave.WAVE_2021: {2, 7, 12}}


def _plan(library: Organisation, index: int, today: date) -> tuple[LibraryRollout, int]:
    """A plan for the ``index``-th library of its wave, and how many steps it has done."""
    wave = library.wave
    area = (
        AreaKind.URBAN
        if library.slug in URBAN
        else [AreaKind.MIXED, AreaKind.RURAL, AreaKind.URBAN][index % 3]
    )
    cooperation = [
        PartnerCooperation.ESTABLISHED,
        PartnerCooperation.STARTING,
        PartnerCooperation.NONE,
    ][index % 3]
    plan = LibraryRollout(library=library, area_kind=area, partner_cooperation=cooperation)
    if wave == Wave.KOPGROEP_2019:
        plan.planned_opening = plan.actual_opening = KOPGROEP_OPENING
        plan.partner_cooperation = PartnerCooperation.ESTABLISHED
        plan.selection_notes = "Gekozen voor de kopgroep om de spreiding over het land."
        return plan, len(STEPS)
    if wave in (Wave.WAVE_2020, Wave.WAVE_2021):
        year = int(wave)
        plan.planned_opening = date(year, 2 + index % 10, 1 + (index * 7) % 27)
        if index in BEHIND[Wave(wave)]:
            return plan, 1 + index % 3
        plan.actual_opening = plan.planned_opening + timedelta(days=7 * (index % 3))
        return plan, len(STEPS) - (index % 2)
    plan.planned_opening = today + timedelta(days=90 + 110 * index)
    return plan, index % 2


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@transaction.atomic
def load() -> str:
    today = timezone.localdate()
    for code, planned, start, description in WAVES:
        RolloutWave.objects.update_or_create(
            code=code,
            defaults={
                "planned_libraries": planned,
                "planned_start": start,
                "description": description,
                "selection_criteria": CRITERIA,
            },
        )
    steps = []
    for position, (key, title, offset, suggestion, text) in enumerate(STEPS, start=1):
        step, _created = RolloutStep.objects.get_or_create(
            key=key,
            defaults={
                "title": title,
                "description": text,
                "due_offset_days": offset,
                "suggestion": suggestion,
                "position": position * 10,
            },
        )
        steps.append(step)
    libraries = list(
        Organisation.objects.filter(kind=OrganisationKind.LIBRARY, is_demo=True).order_by("name")
    )
    existing = set(LibraryRollout.objects.values_list("library_id", flat=True))
    plans, progress = [], []
    per_wave: dict[str, int] = {}
    for library in libraries:
        index = per_wave.get(library.wave, 0)
        per_wave[library.wave] = index + 1
        if library.pk in existing:
            continue
        plan, done = _plan(library, index, today)
        plans.append(plan)
        assert plan.planned_opening is not None
        for number, step in enumerate(steps):
            due = plan.planned_opening + timedelta(days=step.due_offset_days)
            if number >= done or (step.key == "opening" and plan.actual_opening is None):
                continue
            on = plan.actual_opening if step.key == "opening" else min(due, today)
            assert on is not None
            progress.append(
                RolloutStepProgress(
                    library=library,
                    step=step,
                    done_on=on,
                    marked_at=_moment(on),
                    from_suggestion=step.key == "opening",
                    evidence_note=NOTES.get(step.key, ""),
                )
            )
    LibraryRollout.objects.bulk_create(plans)
    RolloutStepProgress.objects.bulk_create(progress, ignore_conflicts=True)
    opened = LibraryRollout.objects.filter(
        library__in=libraries, actual_opening__isnull=False
    ).count()
    return (
        f"Rollout: {len(WAVES)} waves, {len(steps)} checklist steps, "
        f"{len(libraries)} libraries ({opened} opened)."
    )
