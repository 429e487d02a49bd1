"""Demo data of the training area (``wegwijs loaddemo``): staff and volunteers of three demo
libraries (Rotterdam, Katwijk, De Bieb voor de Zaanstreek) with their e-learning, sessions on
'doorvragen' and 'zakelijke empathie' with attendance, and one Probiblio session to come.

DEMO DATA: the names are made up (first name and an initial); dates are relative to today.
Idempotent: people are found by library and name, sessions by organiser, training and place.
The demo desk worker's account is linked to a person in Rotterdam.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from wegwijs.accounts.models import User
from wegwijs.network.models import Branch, Organisation
from wegwijs.programme.training import catalogue
from wegwijs.programme.training.models import (
    TrainingAttendance,
    TrainingPerson,
    TrainingPolicy,
    TrainingRecord,
    TrainingSession,
    TrainingType,
)

#: library slug: [(name, role, branch name, how far: 0 nothing, 1 e-learning started,
#: 2 e-learning done, 3 + doorvragen, 4 + zakelijke empathie (trained))]
PEOPLE: dict[str, list[tuple[str, str, str, int]]] = {
    "bibliotheek-rotterdam": [
        ("Fatima B.", "staff", "Centrale Bibliotheek", 4),
        ("Jeroen K.", "staff", "Centrale Bibliotheek", 4),
        ("Wendy L.", "staff", "Centrale Bibliotheek", 4),
        ("Henk de V.", "volunteer", "Centrale Bibliotheek", 4),
        ("Ineke S.", "volunteer", "Centrale Bibliotheek", 4),
        ("Mohamed A.", "volunteer", "Centrale Bibliotheek", 3),
        ("Lotte P.", "volunteer", "Centrale Bibliotheek", 2),
        ("Kees van D.", "volunteer", "Centrale Bibliotheek", 1),
        ("Sandra M.", "staff", "Bibliotheek Zuidplein", 4),
        ("Ahmet Y.", "volunteer", "Bibliotheek Zuidplein", 4),
        ("Truus H.", "volunteer", "Bibliotheek Zuidplein", 0),
        ("Rob T.", "volunteer", "Bibliotheek Hoogvliet", 4),
    ],
    "bibliotheek-katwijk": [
        ("Marja van der K.", "staff", "Bibliotheek Katwijk aan Zee", 4),
        ("Gerrit O.", "volunteer", "Bibliotheek Katwijk aan Zee", 4),
        ("Anja R.", "volunteer", "Bibliotheek Katwijk aan Zee", 3),
        ("Piet S.", "volunteer", "Bibliotheek Rijnsburg", 1),
    ],
    "de-bieb-voor-de-zaanstreek": [
        ("Nicole J.", "staff", "De Bieb Zaandam", 4),
        ("Bas W.", "staff", "De Bieb Zaandam", 4),
        ("Els G.", "volunteer", "De Bieb Zaandam", 4),
        ("Yusuf C.", "volunteer", "De Bieb Zaandam", 4),
        ("Marian de B.", "volunteer", "De Bieb Krommenie", 2),
    ],
}


def _session(
    organiser: Organisation, training: TrainingType, place: str, on: date, given_by: str
) -> TrainingSession:
    session, _created = TrainingSession.objects.update_or_create(
        organiser=organiser,
        training=training,
        place=place,
        defaults={"date": on, "given_by": given_by},
    )
    return session


@transaction.atomic
def load() -> str:
    catalogue.ensure()
    TrainingPolicy.current()
    today = timezone.localdate()
    trainings = {t.code: t for t in TrainingType.objects.all()}
    libraries = {o.slug: o for o in Organisation.objects.libraries().filter(slug__in=PEOPLE)}
    if not libraries:
        return "Training: no demo network, nothing loaded"
    branches = {
        (b.organisation_id, b.name): b
        for b in Branch.objects.filter(organisation__in=list(libraries.values()))
    }
    probiblio = Organisation.objects.pois().filter(slug="probiblio").first()
    people = sessions = 0
    for slug, rows in PEOPLE.items():
        library = libraries.get(slug)
        if library is None:
            continue
        place = rows[0][2]  # the branch of the first person: where the sessions were
        doorvragen = _session(
            library,
            trainings["doorvragen"],
            place,
            today - timedelta(days=75),
            "Probiblio",
        )
        empathie = _session(
            library,
            trainings["zakelijke-empathie"],
            place,
            today - timedelta(days=40),
            "Probiblio",
        )
        sessions += 2
        for n, (name, role, branch_name, level) in enumerate(rows):
            person, _created = TrainingPerson.objects.update_or_create(
                library=library, name=name, defaults={"role": role, "left_on": None}
            )
            people += 1
            branch = branches.get((library.pk, branch_name))
            person.branches.set([branch] if branch else [])
            person.records.all().delete()
            person.attendances.all().delete()
            if level >= 1:
                started = today - timedelta(days=150 - n)
                TrainingRecord.objects.create(
                    person=person,
                    training=trainings["elearning"],
                    started_on=started,
                    completed_on=started + timedelta(days=21) if level >= 2 else None,
                )
            for needed, session in ((3, doorvragen), (4, empathie)):
                if level >= needed:
                    TrainingAttendance.objects.create(session=session, person=person)
                    TrainingRecord.objects.create(
                        person=person,
                        training=session.training,
                        completed_on=session.date,
                        session=session,
                    )
    desk = User.objects.filter(username="medewerker").first()
    rotterdam = libraries.get("bibliotheek-rotterdam")
    if desk is not None and rotterdam is not None:
        linked, _created = TrainingPerson.objects.update_or_create(
            user=desk, defaults={"library": rotterdam, "role": "staff", "name": "", "left_on": None}
        )
        if desk.branch is not None:
            linked.branches.set([desk.branch])
        TrainingRecord.objects.update_or_create(
            person=linked,
            training=trainings["elearning"],
            defaults={"started_on": today - timedelta(days=30), "completed_on": None},
        )
        people += 1
    if probiblio is not None:
        _session(
            probiblio,
            trainings["privacy"],
            "Probiblio Hoofddorp",
            today + timedelta(days=14),
            "Probiblio",
        )
        sessions += 1
    return f"Training: {people} staff and volunteers in {len(libraries)} libraries, {sessions} sessions"
