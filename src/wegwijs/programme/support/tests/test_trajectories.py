"""Support trajectories: who may see and keep them, the offer per province, the matrix and
its figures, planning the basic trajectory, the forms without JavaScript and the exports."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.programme.support import catalogue, matrix, services
from wegwijs.programme.support.models import SupportActivityType, SupportItem
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def types(network: Any) -> dict[str, SupportActivityType]:
    catalogue.ensure()
    return {t.code: t for t in SupportActivityType.objects.all()}


def _url(name: str, *args: Any) -> str:
    return reverse(f"programme:support:{name}", args=args)


def test_the_catalogue_has_the_five_basic_and_eight_extra_activities(types: Any) -> None:
    basic = [t for t in types.values() if t.tier == "basic"]
    extra = [t for t in types.values() if t.tier == "extra"]
    assert len(basic) == 5 and all(t.offered_everywhere for t in basic)
    assert len(extra) == 8
    assert all([p.code for p in t.provinces.all()] == ["NL-NH"] for t in extra)
    catalogue.ensure()  # again: nothing doubles
    assert SupportActivityType.objects.count() == 13


@pytest.mark.parametrize(
    ("role", "slug", "status"),
    [
        (Role.PROGRAMME_OFFICE, "bibliotheek-utrecht", 200),
        (Role.POI_CONSULTANT, "zaanstreek", 200),
        (Role.POI_CONSULTANT, "bibliotheek-utrecht", 403),
        (Role.COORDINATOR, "bibliotheek-rotterdam", 200),
        (Role.COORDINATOR, "zaanstreek", 403),
        (Role.DESK_WORKER, "bibliotheek-rotterdam", 403),
        (Role.AGENCY_ANALYST, "bibliotheek-rotterdam", 403),
    ],
)
def test_who_sees_which_trajectory(
    network: Any, log_in: Any, role: str, slug: str, status: int
) -> None:
    client = log_in(user_for(role, network))
    assert client.get(_url("trajectory", slug)).status_code == status


def test_the_coordinator_reads_its_trajectory_but_may_not_change_it(
    network: Any, log_in: Any, types: Any
) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    response = client.get(_url("index"))
    assert response.status_code == 302
    assert response["Location"] == _url("trajectory", "bibliotheek-rotterdam")
    page = client.get(response["Location"])
    assert _url("item", "bibliotheek-rotterdam", "intake") not in page.content.decode()
    assert client.get(_url("item", "bibliotheek-rotterdam", "intake")).status_code == 403
    response = client.post(_url("plan_basic", "bibliotheek-rotterdam"), {"start": "2020-03-01"})
    assert response.status_code == 403
    assert not SupportItem.objects.exists()


def test_the_poi_keeps_only_its_provinces_trajectories(
    network: Any, log_in: Any, types: Any
) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    data = {"planned_on": "2020-02-01", "done_on": "", "consultant": "", "notes": ""}
    response = client.post(_url("item", "bibliotheek-utrecht", "intake"), data)
    assert response.status_code == 403
    response = client.post(_url("item", "bibliotheek-rotterdam", "intake"), data)
    assert response.status_code == 302
    item = SupportItem.objects.get()
    assert item.library == network.rotterdam and item.planned_on == date(2020, 2, 1)


def test_extra_support_is_refused_outside_noord_holland_with_a_message(
    network: Any, log_in: Any, types: Any
) -> None:
    poi = user_for(Role.POI_CONSULTANT, network)
    client = log_in(poi)
    data = {"planned_on": "2020-02-01", "done_on": "", "consultant": "", "notes": ""}
    with timezone.override("Europe/Amsterdam"):
        response = client.post(_url("item", "bibliotheek-rotterdam", "sessie-gids"), data)
    assert response.status_code == 400
    assert "Zuid-Holland" in response.content.decode()
    assert not SupportItem.objects.exists()
    # the same extra activity for the Noord-Holland library is fine
    response = client.post(_url("item", "zaanstreek", "sessie-gids"), data)
    assert response.status_code == 302
    assert SupportItem.objects.get().library == network.zaanstreek
    # and the service refuses it too, whoever calls it
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.save_item(
            user_for(Role.PROGRAMME_OFFICE, network),
            network.rotterdam,
            types["advies-beleid"],
            planned_on=date(2020, 1, 1),
            done_on=None,
            consultant=None,
            notes="",
        )
    assert "activity" in caught.value.error_dict


def test_the_english_message_names_the_activity_and_the_province(network: Any, types: Any) -> None:
    from django.utils import translation

    with translation.override("en"):
        message = services.not_offered_message(types["sessie-gids"], network.rotterdam)
    assert message.startswith("Session: working with G!DS is not offered in Zuid-Holland.")


def test_a_poi_sets_the_offer_in_its_own_provinces_only(
    network: Any, log_in: Any, types: Any
) -> None:
    gids = types["sessie-gids"]
    gids.provinces.add(network.utrecht)  # the offer of another POI's province
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    page = client.get(_url("activity_edit", "sessie-gids"))
    assert page.status_code == 200
    choices = {str(c[1]) for c in page.context["form"].fields["provinces"].choices}
    assert choices == {"Noord-Holland", "Zuid-Holland"}
    response = client.post(
        _url("activity_edit", "sessie-gids"), {"provinces": [network.zuid_holland.pk]}
    )
    assert response.status_code == 302
    assert {p.code for p in gids.provinces.all()} == {"NL-ZH", "NL-UT"}
    # now Rotterdam may get the G!DS session
    services.save_item(
        user_for(Role.POI_CONSULTANT, network),
        network.rotterdam,
        gids,
        planned_on=date(2020, 5, 1),
        done_on=None,
        consultant=None,
        notes="",
    )
    assert client.get(_url("activity_create")).status_code == 403
    coordinator = log_in(user_for(Role.COORDINATOR, network))
    assert coordinator.get(_url("activity_edit", "sessie-gids")).status_code == 403


def test_the_programme_office_adds_an_activity(network: Any, log_in: Any, types: Any) -> None:
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    response = client.post(
        _url("activity_create"),
        {
            "name": "Sessie digitale vaardigheden",
            "tier": "extra",
            "category": "session",
            "provinces": [network.utrecht.pk],
        },
    )
    assert response.status_code == 302
    added = SupportActivityType.objects.get(code="sessie-digitale-vaardigheden")
    assert added.label == "Sessie digitale vaardigheden" and not added.is_builtin
    assert matrix.is_offered(added, network.utrecht.pk)
    assert not matrix.is_offered(added, network.zuid_holland.pk)


def test_plan_the_basic_trajectory_in_one_action(network: Any, log_in: Any, types: Any) -> None:
    poi = user_for(Role.POI_CONSULTANT, network)
    client = log_in(poi)
    SupportItem.objects.create(
        library=network.rotterdam, activity=types["intake"], done_on=date(2020, 1, 10)
    )
    response = client.post(_url("plan_basic", "bibliotheek-rotterdam"), {"start": "2020-03-02"})
    assert response.status_code == 302
    items = SupportItem.objects.filter(library=network.rotterdam).order_by("activity__position")
    assert [i.activity.code for i in items] == list(catalogue.BASIC_CODES)
    planned = [i for i in items if i.activity.code != "intake"]
    assert [i.planned_on for i in planned] == [
        date(2020, 3, 2) + timedelta(weeks=4) * n for n in range(1, 5)
    ]
    assert all(i.consultant == poi for i in planned)
    assert items[0].done_on == date(2020, 1, 10) and items[0].planned_on is None  # untouched
    # again: nothing is added twice
    client.post(_url("plan_basic", "bibliotheek-rotterdam"), {"start": "2021-01-01"})
    assert SupportItem.objects.filter(library=network.rotterdam).count() == 5


def test_item_form_without_javascript_errors_at_the_field_and_masks_notes(
    network: Any, log_in: Any, types: Any
) -> None:
    poi = user_for(Role.POI_CONSULTANT, network, first_name="Anne", last_name="Jansen")
    client = log_in(poi)
    url = _url("item", "bibliotheek-rotterdam", "intake")
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["consultant"] == poi.pk
    tomorrow = timezone.localdate() + timedelta(days=1)
    notes = "Bel de coördinator op 06-12345678 over de planning."
    response = client.post(
        url,
        {
            "planned_on": "2020-02-01",
            "done_on": tomorrow.isoformat(),
            "consultant": poi.pk,
            "notes": notes,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_done_on"' in html
    assert 'id="id_notes_error"' in html and 'name="_mask"' in html
    assert not SupportItem.objects.exists()
    response = client.post(
        url,
        {
            "planned_on": "2020-02-01",
            "done_on": "2020-02-03",
            "consultant": poi.pk,
            "notes": notes,
            "_mask": "1",
        },
    )
    assert response.status_code == 302
    item = SupportItem.objects.get()
    assert item.notes == "Bel de coördinator op [TELEFOONNUMMER] over de planning."
    assert item.consultant == poi and item.done_on == date(2020, 2, 3)
    # a consultant of another POI is refused
    other = make_user(Role.POI_CONSULTANT, organisation=network.bisc)
    response = client.post(url, {"planned_on": "2020-02-01", "consultant": other.pk})
    assert response.status_code == 400
    # remove
    response = client.post(url, {"remove": "1"})
    assert response.status_code == 302
    assert not SupportItem.objects.exists()


def test_matrix_statuses_and_completion_figures(network: Any, types: Any) -> None:
    SupportItem.objects.create(
        library=network.rotterdam, activity=types["intake"], done_on=date(2020, 1, 10)
    )
    SupportItem.objects.create(
        library=network.rotterdam, activity=types["privacysessie"], planned_on=date(2020, 6, 1)
    )
    SupportItem.objects.create(
        library=network.zaanstreek, activity=types["intake"], done_on=date(2020, 2, 1)
    )
    SupportItem.objects.create(
        library=network.zaanstreek, activity=types["sessie-gids"], done_on=date(2020, 3, 1)
    )
    libraries = [network.rotterdam, network.zaanstreek]
    grid = matrix.build(libraries)
    rotterdam, zaanstreek = grid.rows
    by_code = {c.activity.code: c.status for c in rotterdam.cells}
    assert by_code["intake"] == matrix.DONE
    assert by_code["privacysessie"] == matrix.PLANNED
    assert by_code["dialoogsessie"] == matrix.NOT_YET
    assert by_code["sessie-gids"] == matrix.NOT_OFFERED
    assert (rotterdam.offered, rotterdam.done) == (5, 1)
    assert (zaanstreek.offered, zaanstreek.done) == (13, 2)
    intake = next(f for f in grid.figures if f.activity.code == "intake")
    assert intake.counts[matrix.DONE] == 2 and intake.percent_done == 100
    gids = next(f for f in grid.figures if f.activity.code == "sessie-gids")
    assert gids.offered == 1 and gids.counts[matrix.NOT_OFFERED] == 1
    assert (grid.done, grid.offered, grid.planned) == (3, 18, 1)
    assert grid.percent_done == 17  # 3 of 18 = 16.7 %
    assert grid.basic_complete == 0
    # filtered: libraries with a planned cell; in one column
    assert [r.library for r in matrix.build(libraries, status=matrix.PLANNED).rows] == [
        network.rotterdam
    ]
    assert [
        r.library
        for r in matrix.build(libraries, status=matrix.DONE, activity=types["sessie-gids"]).rows
    ] == [network.zaanstreek]


def test_the_basic_trajectory_is_complete_when_every_basic_activity_is_done(
    network: Any, types: Any
) -> None:
    for code in catalogue.BASIC_CODES:
        SupportItem.objects.create(
            library=network.rotterdam, activity=types[code], done_on=date(2020, 5, 1)
        )
    grid = matrix.build([network.rotterdam, network.zaanstreek])
    assert grid.basic_complete == 1 and grid.rows[0].basic_complete


def test_overview_page_filters_by_province_and_status(
    network: Any, log_in: Any, types: Any
) -> None:
    SupportItem.objects.create(
        library=network.zaanstreek, activity=types["intake"], planned_on=date(2020, 2, 1)
    )
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    page = client.get(_url("index"))
    assert page.status_code == 200
    assert [r.library for r in page.context["grid"].rows] == [network.rotterdam, network.zaanstreek]
    page = client.get(_url("index"), {"province": "NL-NH"})
    assert [r.library for r in page.context["grid"].rows] == [network.zaanstreek]
    page = client.get(_url("index"), {"status": "planned"})
    assert [r.library for r in page.context["grid"].rows] == [network.zaanstreek]
    html = page.content.decode()
    assert "<caption" in html and 'scope="row"' in html
    office = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    page = office.get(_url("index"), {"poi": "bisc"})
    assert [r.library for r in page.context["grid"].rows] == [network.utrecht_library]


@pytest.mark.parametrize("role", [Role.DESK_WORKER, Role.PARTNER_EDITOR])
def test_roles_outside_the_programme_get_403(network: Any, log_in: Any, role: str) -> None:
    client = log_in(user_for(role, network))
    for url in (_url("index"), _url("export", "csv"), _url("activities"), _url("soob")):
        assert client.get(url).status_code == 403


def test_export_csv_and_xlsx(network: Any, log_in: Any, types: Any) -> None:
    from openpyxl import load_workbook

    SupportItem.objects.create(
        library=network.zaanstreek,
        activity=types["intake"],
        done_on=date(2020, 2, 1),
        notes="=HYPERLINK()",
    )
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    response = client.get(_url("export", "csv"), {"province": "NL-NH"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == "De Bieb voor de Zaanstreek"
    assert any(cell.endswith("2020-02-01") for cell in rows[1])
    response = client.get(_url("export", "xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    items = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert items[1][-1] == "'=HYPERLINK()"  # formula neutralised
    assert client.get(_url("export", "pdf")).status_code == 404
    coordinator = log_in(user_for(Role.COORDINATOR, network))
    rows = list(
        csv.reader(io.StringIO(coordinator.get(_url("export", "csv")).content.decode("utf-8-sig")))
    )
    assert [r[0] for r in rows[1:]] == ["Bibliotheek Rotterdam"]
