"""Sessions: who creates and sees them, the bulk "mark these people as attended" (and taking
it back), and names only for those who may see them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.programme.training import services
from wegwijs.programme.training.models import (
    TrainingAttendance,
    TrainingRecord,
    TrainingSession,
)
from wegwijs.programme.training.tests.conftest import person
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(network: Any, trainings: Any) -> TrainingSession:
    return TrainingSession.objects.create(
        training=trainings["doorvragen"],
        date=date(2020, 5, 12),
        place="Centrale Bibliotheek",
        organiser=network.rotterdam,
    )


def _session_url(item: TrainingSession) -> str:
    return reverse("programme:training:session", args=[item.pk])


def test_the_coordinator_creates_a_session_without_javascript(
    network: Any, trainings: Any, log_in: Any
) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    url = reverse("programme:training:session_create")
    page = client.get(url)
    assert list(page.context["form"].fields["organiser"].queryset) == [network.rotterdam]
    assert trainings["elearning"] not in page.context["form"].fields["training"].queryset
    response = client.post(
        url,
        {
            "training": trainings["doorvragen"].pk,
            "date": "2020-05-12",
            "place": "",
            "organiser": network.rotterdam.pk,
        },
    )
    assert response.status_code == 400
    assert 'href="#id_place"' in response.content.decode()
    response = client.post(
        url,
        {
            "training": trainings["doorvragen"].pk,
            "date": "2020-05-12",
            "place": "Centrale Bibliotheek",
            "given_by": "Probiblio",
            "organiser": network.rotterdam.pk,
        },
    )
    assert response.status_code == 302
    created = TrainingSession.objects.get()
    assert (created.given_by, created.organiser) == ("Probiblio", network.rotterdam)
    # another organisation as organiser is refused
    response = client.post(
        url,
        {
            "training": trainings["doorvragen"].pk,
            "date": "2020-05-12",
            "place": "Zaandam",
            "organiser": network.zaanstreek.pk,
        },
    )
    assert response.status_code == 400


def test_bulk_attendance_completes_the_training_and_can_be_taken_back(
    network: Any, trainings: Any, log_in: Any, session: TrainingSession
) -> None:
    ans = person(network.rotterdam, "Ans Verhoeven")
    bert = person(network.rotterdam, "Bert Smit")
    earlier = person(network.rotterdam, "Cor de Wit")
    TrainingRecord.objects.create(
        person=earlier, training=trainings["doorvragen"], completed_on=date(2019, 11, 1)
    )
    person(network.rotterdam, "Dirk Left", left_on=date(2020, 1, 1))
    zaandam = person(network.zaanstreek, "Els Zaandam")
    client = log_in(user_for(Role.COORDINATOR, network))
    page = client.get(_session_url(session))
    offered = {int(v) for v, _label in page.context["form"].fields["people"].choices}
    assert offered == {ans.pk, bert.pk, earlier.pk}  # own active people only
    response = client.post(_session_url(session), {"people": [ans.pk, bert.pk, earlier.pk]})
    assert response.status_code == 302
    assert TrainingAttendance.objects.filter(session=session).count() == 3
    records = {r.person_id: r for r in TrainingRecord.objects.filter(training=session.training)}
    assert records[ans.pk].completed_on == date(2020, 5, 12) and records[ans.pk].session == session
    assert records[earlier.pk].completed_on == date(2019, 11, 1)  # the earlier completion stays
    # take Ans off again: her completion from this session goes
    response = client.post(_session_url(session), {"people": [bert.pk, earlier.pk]})
    assert response.status_code == 302
    assert not TrainingRecord.objects.filter(person=ans).exists()
    assert TrainingRecord.objects.filter(person=earlier, completed_on=date(2019, 11, 1)).exists()
    # someone of another library cannot be marked
    response = client.post(_session_url(session), {"people": [zaandam.pk]})
    assert response.status_code == 400
    assert not TrainingAttendance.objects.filter(person=zaandam).exists()


def test_attendance_of_a_future_session_is_refused(
    network: Any, trainings: Any, session: TrainingSession
) -> None:
    session.date = timezone.localdate() + timedelta(days=3)
    session.save()
    ans = person(network.rotterdam, "Ans")
    with pytest.raises(ValidationError):
        services.set_attendance(user_for(Role.COORDINATOR, network), session, [ans.pk])
    assert not TrainingAttendance.objects.exists()


def test_a_poi_session_coordinators_mark_their_own_and_the_poi_its_provinces(
    network: Any, trainings: Any, log_in: Any
) -> None:
    may = TrainingSession.objects.create(
        training=trainings["zakelijke-empathie"],
        date=date(2019, 5, 20),
        place="Leiden",
        organiser=network.probiblio,
    )
    ans = person(network.rotterdam, "Ans Verhoeven")
    els = person(network.zaanstreek, "Els Zaandam")
    utrecht = person(network.utrecht_library, "Ute Utrecht")
    poi = user_for(Role.POI_CONSULTANT, network)
    services.set_attendance(poi, may, [ans.pk, els.pk], today=date(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.set_attendance(poi, may, [utrecht.pk], today=date(2020, 1, 1))
    # Rotterdam's coordinator sees the session, Ans by name and Els as a count
    client = log_in(user_for(Role.COORDINATOR, network))
    page = client.get(_session_url(may))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ans Verhoeven" in html and "Els Zaandam" not in html
    assert page.context["others"] == 1
    # unmarking by the coordinator leaves Els's attendance alone
    client.post(_session_url(may), {"people": []})
    assert list(TrainingAttendance.objects.values_list("person_id", flat=True)) == [els.pk]
    # a coordinator in Utrecht (other POI) does not see it
    bisc_coordinator = log_in(make_user(Role.COORDINATOR, organisation=network.utrecht_library))
    assert bisc_coordinator.get(_session_url(may)).status_code == 403


def test_the_programme_office_sees_a_session_without_names(
    network: Any, trainings: Any, log_in: Any, session: TrainingSession
) -> None:
    ans = person(network.rotterdam, "Ans Verhoeven")
    services.set_attendance(user_for(Role.COORDINATOR, network), session, [ans.pk])
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    page = client.get(_session_url(session))
    assert page.status_code == 200
    assert "Verhoeven" not in page.content.decode()
    assert page.context["attended_total"] == 1 and page.context["form"] is None
    assert client.post(_session_url(session), {"people": [ans.pk]}).status_code == 403
    assert (
        client.get(reverse("programme:training:session_edit", args=[session.pk])).status_code == 403
    )


def test_moving_or_deleting_a_session_moves_or_takes_back_its_completions(
    network: Any, trainings: Any, session: TrainingSession
) -> None:
    coordinator = user_for(Role.COORDINATOR, network)
    ans = person(network.rotterdam, "Ans")
    services.set_attendance(coordinator, session, [ans.pk])
    services.save_session(
        coordinator,
        session,
        services.SessionInput(
            training=session.training,
            date=date(2020, 5, 19),
            place="Centrale Bibliotheek",
            organiser=network.rotterdam,
        ),
    )
    assert TrainingRecord.objects.get(person=ans).completed_on == date(2020, 5, 19)
    services.delete_session(coordinator, session)
    assert not TrainingRecord.objects.exists()


def test_the_programme_office_sets_the_threshold_and_adds_a_training(
    network: Any, trainings: Any, log_in: Any
) -> None:
    url = reverse("programme:training:settings")
    assert log_in(user_for(Role.POI_CONSULTANT, network)).get(url).status_code == 403
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    response = client.post(url, {"threshold": "0,5", "required": []})
    assert response.status_code == 400  # at least one required training
    response = client.post(
        url,
        {
            "threshold": "0,5",
            "required": [trainings["elearning"].pk],
            "active": [t.pk for t in trainings.values()],
        },
    )
    assert response.status_code == 302
    from wegwijs.programme.training.models import TrainingPolicy, TrainingType

    assert TrainingPolicy.current().min_trained_per_hour == Decimal("0.50")
    assert list(TrainingType.objects.filter(required=True)) == [trainings["elearning"]]
    response = client.post(url, {"nieuw-name": "Omgaan met agressie", "nieuw-kind": "session"})
    assert response.status_code == 302
    assert TrainingType.objects.filter(name="Omgaan met agressie", kind="session").exists()
