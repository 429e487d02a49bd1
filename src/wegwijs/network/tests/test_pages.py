"""Network pages: lists and detail pages show only the user's part; editing a branch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import time, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from wegwijs.accounts.models import Role
from wegwijs.network.models import Branch, IdoModel, OpeningException, OpeningPeriod, Wave
from wegwijs.testing.factories import BranchFactory, make_user, weekly_hours
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db

LogIn = Callable[..., Any]

LIBRARIES = reverse("network:library_list")
BRANCHES = reverse("network:branch_list")
NEW_BRANCH = reverse("network:branch_create")


def library_names(response: Any) -> list[str]:
    return [library.name for library in response.context["page"].object_list]


def branch_names(response: Any) -> set[str]:
    return {branch.name for branch, _status in response.context["rows"]}


# --- lists and detail pages -------------------------------------------------------------------

ROTTERDAM = ["Bibliotheek Rotterdam"]
PROBIBLIO = ["Bibliotheek Rotterdam", "De Bieb voor de Zaanstreek"]
EVERYONE = ["Bibliotheek Rotterdam", "Bibliotheek Utrecht", "De Bieb voor de Zaanstreek"]


@pytest.mark.parametrize(
    ("role", "libraries", "branches"),
    [
        (Role.DESK_WORKER, ROTTERDAM, {"Centrale Bibliotheek", "Bibliotheek Zuidplein"}),
        (Role.COORDINATOR, ROTTERDAM, {"Centrale Bibliotheek", "Bibliotheek Zuidplein"}),
        (
            Role.POI_CONSULTANT,
            PROBIBLIO,
            {"Centrale Bibliotheek", "Bibliotheek Zuidplein", "De Bieb Zaandam"},
        ),
        (
            Role.PROGRAMME_OFFICE,
            EVERYONE,
            {
                "Centrale Bibliotheek",
                "Bibliotheek Zuidplein",
                "De Bieb Zaandam",
                "Bibliotheek Neude",
            },
        ),
        (
            Role.ADMIN,
            EVERYONE,
            {
                "Centrale Bibliotheek",
                "Bibliotheek Zuidplein",
                "De Bieb Zaandam",
                "Bibliotheek Neude",
            },
        ),
        (Role.AGENCY_ANALYST, [], set()),
        (Role.PARTNER_EDITOR, [], set()),
    ],
)
def test_network_lists_show_each_role_only_its_own_part(
    network: Network, log_in: LogIn, role: str, libraries: list[str], branches: set[str]
) -> None:
    client = log_in(user_for(role, network))

    library_page = client.get(LIBRARIES)
    branch_page = client.get(BRANCHES)

    assert library_page.status_code == 200
    assert library_names(library_page) == libraries
    assert library_page.context["total"] == len(libraries)
    assert branch_page.status_code == 200
    assert branch_names(branch_page) == branches
    assert {p["name"] for p in branch_page.context["map_points"]} == branches
    for name in {"Bibliotheek Utrecht", "Bibliotheek Neude"} - set(libraries) - branches:
        assert name not in library_page.content.decode()
        assert name not in branch_page.content.decode()


def test_desk_worker_of_one_library_gets_not_found_on_another_librarys_pages(
    network: Network, log_in: LogIn
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))

    own_branch = client.get(network.rotterdam_zuid.get_absolute_url())
    other_branch = client.get(network.zaandam.get_absolute_url())
    other_library = client.get(network.zaanstreek.get_absolute_url())
    own_library = client.get(network.rotterdam.get_absolute_url())

    assert own_branch.status_code == 200
    assert other_branch.status_code == 404
    assert other_library.status_code == 404
    assert own_library.status_code == 200
    assert {b.name for b, _ in own_library.context["rows"]} == {
        "Centrale Bibliotheek",
        "Bibliotheek Zuidplein",
    }


def test_poi_consultant_opens_libraries_in_its_provinces_but_not_elsewhere(
    network: Network, log_in: LogIn
) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))

    assert client.get(network.zaanstreek.get_absolute_url()).status_code == 200
    assert client.get(network.zaandam.get_absolute_url()).status_code == 200
    assert client.get(network.utrecht_library.get_absolute_url()).status_code == 404
    assert client.get(network.utrecht_neude.get_absolute_url()).status_code == 404


def test_branch_page_shows_the_week_and_offers_editing_only_to_its_coordinator(
    network: Network, log_in: LogIn
) -> None:
    weekly_hours(network.rotterdam_centrum)
    coordinator_view = log_in(user_for(Role.COORDINATOR, network)).get(
        network.rotterdam_centrum.get_absolute_url()
    )
    worker_view = log_in(user_for(Role.DESK_WORKER, network)).get(
        network.rotterdam_centrum.get_absolute_url()
    )

    assert coordinator_view.context["can_edit"]
    assert not worker_view.context["can_edit"]
    week = dict(worker_view.context["week"])
    assert week[0] == [(time(9), time(17))]
    assert week[6] == []
    edit_url = reverse("network:branch_edit", args=[network.rotterdam_centrum.pk])
    assert edit_url in coordinator_view.content.decode()
    assert edit_url not in worker_view.content.decode()


def test_library_page_offers_adding_a_branch_only_to_those_who_may(
    network: Network, log_in: LogIn
) -> None:
    url = network.rotterdam.get_absolute_url()

    assert log_in(user_for(Role.COORDINATOR, network)).get(url).context["can_add_branch"]
    assert not log_in(user_for(Role.POI_CONSULTANT, network)).get(url).context["can_add_branch"]


def test_visitor_who_is_not_logged_in_is_sent_to_the_login_page(
    network: Network, client: Any
) -> None:
    for url in (LIBRARIES, BRANCHES, network.rotterdam_centrum.get_absolute_url(), NEW_BRANCH):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def office(network: Network, log_in: LogIn) -> Any:
    network.rotterdam.wave = Wave.KOPGROEP_2019
    network.rotterdam.ido_model = IdoModel.ALTIJD
    network.rotterdam.save()
    network.zaanstreek.wave = Wave.WAVE_2021
    network.zaanstreek.ido_model = IdoModel.BREED
    network.zaanstreek.save()
    Branch.objects.filter(pk=network.rotterdam_centrum.pk).update(
        place="Rotterdam", postcode="3011 AB"
    )
    Branch.objects.filter(pk=network.rotterdam_zuid.pk).update(place="Rotterdam", has_ido=False)
    Branch.objects.filter(pk=network.zaandam.pk).update(place="Zaandam", postcode="1506 MA")
    Branch.objects.filter(pk=network.utrecht_neude.pk).update(place="Utrecht", postcode="3512 JE")
    return log_in(user_for(Role.PROGRAMME_OFFICE, network))


@pytest.mark.parametrize(
    ("query", "libraries"),
    [
        ({"province": "NL-NH"}, ["De Bieb voor de Zaanstreek"]),
        ({"province": "NL-UT"}, ["Bibliotheek Utrecht"]),
        ({"poi": "probiblio"}, ["Bibliotheek Rotterdam", "De Bieb voor de Zaanstreek"]),
        ({"poi": "bisc"}, ["Bibliotheek Utrecht"]),
        ({"wave": "kopgroep-2019"}, ["Bibliotheek Rotterdam"]),
        ({"ido_model": "breed"}, ["De Bieb voor de Zaanstreek"]),
        ({"poi": "probiblio", "wave": "2021"}, ["De Bieb voor de Zaanstreek"]),
        ({"q": "zaan"}, ["De Bieb voor de Zaanstreek"]),
        ({"q": "  ROTTERDAM "}, ["Bibliotheek Rotterdam"]),
        ({"q": "Zaandam"}, ["De Bieb voor de Zaanstreek"]),  # place of a branch
        ({"q": "Amsterdam"}, []),
        ({}, EVERYONE),
    ],
)
def test_library_filters_narrow_the_list(office: Any, query: dict, libraries: list[str]) -> None:
    response = office.get(LIBRARIES, query)

    assert response.status_code == 200
    assert library_names(response) == libraries


@pytest.mark.parametrize(
    ("query", "branches"),
    [
        ({"province": "NL-ZH"}, {"Centrale Bibliotheek", "Bibliotheek Zuidplein"}),
        ({"poi": "bisc"}, {"Bibliotheek Neude"}),
        ({"wave": "2021"}, {"De Bieb Zaandam"}),
        ({"ido_model": "altijd"}, {"Centrale Bibliotheek", "Bibliotheek Zuidplein"}),
        ({"q": "zuidplein"}, {"Bibliotheek Zuidplein"}),
        ({"q": "Zaanstreek"}, {"De Bieb Zaandam"}),  # name of the library organisation
        ({"q": "3512"}, {"Bibliotheek Neude"}),  # postcode
        ({"q": "3512 je"}, {"Bibliotheek Neude"}),
        ({"has_ido": "false"}, {"Bibliotheek Zuidplein"}),
        ({"province": "NL-ZH", "has_ido": "true"}, {"Centrale Bibliotheek"}),
    ],
)
def test_branch_filters_narrow_the_list(office: Any, query: dict, branches: set[str]) -> None:
    response = office.get(BRANCHES, query)

    assert response.status_code == 200
    assert branch_names(response) == branches
    assert response.context["total"] == len(branches)


def test_filters_never_widen_a_users_scope(network: Network, log_in: LogIn) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))

    assert library_names(client.get(LIBRARIES, {"province": "NL-UT"})) == []
    assert branch_names(client.get(BRANCHES, {"poi": "bisc"})) == set()


def test_searching_a_place_still_counts_all_branches_of_the_library(office: Any) -> None:
    response = office.get(LIBRARIES, {"q": "Rotterdam"})
    (library,) = response.context["page"].object_list

    # Both branches of the library are in Rotterdam; one has an IDO.
    assert (library.branch_count, library.ido_count) == (2, 1)

    Branch.objects.filter(name="Bibliotheek Zuidplein").update(place="Schiedam")
    response = office.get(LIBRARIES, {"q": "Schiedam"})
    (library,) = response.context["page"].object_list

    assert library.name == "Bibliotheek Rotterdam"
    assert (library.branch_count, library.ido_count) == (2, 1)


def test_htmx_request_gets_only_the_results_part(office: Any) -> None:
    full = office.get(LIBRARIES, {"province": "NL-NH"})
    partial = office.get(LIBRARIES, {"province": "NL-NH"}, HTTP_HX_REQUEST="true")
    partial_branches = office.get(BRANCHES, {"q": "Zaandam"}, HTTP_HX_REQUEST="true")

    assert "network/library_list.html" in [t.name for t in full.templates]
    assert partial.templates[0].name == "network/_library_results.html"
    assert "<html" not in partial.content.decode()
    assert "<html" in full.content.decode()
    assert library_names(partial) == ["De Bieb voor de Zaanstreek"]
    assert partial_branches.templates[0].name == "network/_branch_results.html"
    assert branch_names(partial_branches) == {"De Bieb Zaandam"}


# --- editing a branch -------------------------------------------------------------------------


def _value(bound: Any) -> str | None:
    value = bound.value()
    widget_type = getattr(bound.field.widget, "input_type", "")
    if widget_type == "checkbox":
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def form_data(response: Any) -> dict[str, str]:
    """What the browser would send back for the edit page as shown."""
    ctx = response.context
    forms = [ctx["form"]]
    for formset in (ctx["period_formset"], ctx["exception_formset"]):
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    data: dict[str, str] = {}
    for form in forms:
        for bound in form:
            value = _value(bound)
            if value is not None:
                data[bound.html_name] = value
    return data


def set_rows(data: dict[str, str], prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    """Fill the extra rows of a formset (after the existing ones) with ``rows``."""
    start = int(data[f"{prefix}-INITIAL_FORMS"])
    total = max(int(data[f"{prefix}-TOTAL_FORMS"]), start + len(rows))
    data[f"{prefix}-TOTAL_FORMS"] = str(total)
    for offset, row in enumerate(rows):
        index = start + offset
        for key in [k for k in data if k.startswith(f"{prefix}-{index}-")]:
            del data[key]
        for field, value in row.items():
            data[f"{prefix}-{index}-{field}"] = value
    return data


def hours_of(branch: Branch) -> list[tuple[int, time, time]]:
    return list(
        branch.opening_periods.order_by("weekday", "opens").values_list(
            "weekday", "opens", "closes"
        )
    )


def edit_url(branch: Branch) -> str:
    return reverse("network:branch_edit", args=[branch.pk])


def test_coordinator_edits_a_branch_and_its_hours(network: Network, log_in: LogIn) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    branch = network.rotterdam_centrum
    page = client.get(edit_url(branch))
    data = form_data(page)
    data["volunteer_count"] = "12"
    data["postcode"] = "3011ab"
    set_rows(
        data,
        "uren",
        [
            {"kind": "open", "weekday": "0", "opens": "09:00", "closes": "12:30"},
            {"kind": "open", "weekday": "0", "opens": "13:30", "closes": "17:00"},
            {"kind": "spreekuur", "weekday": "2", "opens": "10:00", "closes": "12:00"},
        ],
    )
    holiday = timezone.localdate() + timedelta(days=7)
    set_rows(
        data, "afwijkingen", [{"date": holiday.isoformat(), "closed": "on", "reason": "Studiedag"}]
    )

    response = client.post(edit_url(branch), data)

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == branch.get_absolute_url()
    branch.refresh_from_db()
    assert branch.volunteer_count == 12
    assert branch.postcode == "3011 AB"
    assert hours_of(branch) == [
        (0, time(9), time(12, 30)),
        (0, time(13, 30), time(17)),
        (2, time(10), time(12)),
    ]
    assert list(branch.opening_exceptions.values_list("date", "closed")) == [(holiday, True)]


def test_coordinator_removes_an_opening_period(network: Network, log_in: LogIn) -> None:
    branch = network.rotterdam_centrum
    weekly_hours(branch)
    client = log_in(user_for(Role.COORDINATOR, network))
    data = form_data(client.get(edit_url(branch)))
    friday = next(i for i in range(5) if data[f"uren-{i}-weekday"] == "4")
    data[f"uren-{friday}-DELETE"] = "on"

    response = client.post(edit_url(branch), data)

    assert response.status_code == 302
    assert [weekday for weekday, _, _ in hours_of(branch)] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    "role", [Role.DESK_WORKER, Role.POI_CONSULTANT, Role.AGENCY_ANALYST, Role.PARTNER_EDITOR]
)
def test_users_who_may_not_edit_get_forbidden_and_nothing_changes(
    network: Network, log_in: LogIn, role: str
) -> None:
    branch = network.rotterdam_centrum
    coordinator = log_in(user_for(Role.COORDINATOR, network))
    data = form_data(coordinator.get(edit_url(branch)))
    data["name"] = "Gekaapt"
    client = log_in(user_for(role, network))

    assert client.get(edit_url(branch)).status_code == 403
    assert client.post(edit_url(branch), data).status_code == 403
    assert client.get(NEW_BRANCH).status_code == 403
    branch.refresh_from_db()
    assert branch.name == "Centrale Bibliotheek"


def test_coordinator_of_another_library_gets_forbidden(network: Network, log_in: LogIn) -> None:
    branch = network.rotterdam_centrum
    data = form_data(log_in(user_for(Role.COORDINATOR, network)).get(edit_url(branch)))
    data["name"] = "Gekaapt"
    other = log_in(make_user(Role.COORDINATOR, organisation=network.zaanstreek))

    assert other.get(edit_url(branch)).status_code == 403
    assert other.post(edit_url(branch), data).status_code == 403
    branch.refresh_from_db()
    assert branch.name == "Centrale Bibliotheek"


def test_programme_office_edits_any_branch(network: Network, log_in: LogIn) -> None:
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    data = form_data(client.get(edit_url(network.utrecht_neude)))
    data["staff_count"] = "3"

    assert client.post(edit_url(network.utrecht_neude), data).status_code == 302
    network.utrecht_neude.refresh_from_db()
    assert network.utrecht_neude.staff_count == 3


def test_coordinator_adds_a_branch_to_own_library(network: Network, log_in: LogIn) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    page = client.get(NEW_BRANCH)
    data = form_data(page)
    data.update(
        {
            "name": "Bibliotheek Noord",
            "street": "Noordplein 1",
            "postcode": "3035 EA",
            "place": "Rotterdam",
        }
    )
    set_rows(data, "uren", [{"kind": "open", "weekday": "5", "opens": "10:00", "closes": "14:00"}])

    response = client.post(NEW_BRANCH, data)

    assert page.context["form"]["organisation"].value() == network.rotterdam.pk  # preselected
    assert response.status_code == 302
    branch = Branch.objects.get(name="Bibliotheek Noord")
    assert branch.organisation == network.rotterdam
    assert hours_of(branch) == [(5, time(10), time(14))]


def test_coordinator_cannot_add_a_branch_to_another_library(
    network: Network, log_in: LogIn
) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    data = form_data(client.get(NEW_BRANCH))
    data.update(
        {
            "organisation": str(network.zaanstreek.pk),
            "name": "Bibliotheek Noord",
            "street": "Noordplein 1",
            "postcode": "3035 EA",
            "place": "Zaandam",
        }
    )

    response = client.post(NEW_BRANCH, data)

    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Branch.objects.filter(name="Bibliotheek Noord").exists()


# --- bad input: a message on the form, nothing stored -----------------------------------------


@pytest.fixture
def editing(network: Network, log_in: LogIn) -> tuple[Any, Branch, dict[str, str]]:
    branch = network.rotterdam_centrum
    weekly_hours(branch)
    OpeningException.objects.create(branch=branch, date=timezone.localdate() + timedelta(days=9))
    client = log_in(user_for(Role.COORDINATOR, network))
    return client, branch, form_data(client.get(edit_url(branch)))


def assert_nothing_stored(branch: Branch) -> None:
    fresh = Branch.objects.get(pk=branch.pk)
    assert fresh.name == "Centrale Bibliotheek"
    assert fresh.postcode == "2611 BT"
    assert hours_of(fresh) == [(day, time(9), time(17)) for day in range(5)]
    assert list(fresh.opening_exceptions.values_list("date", flat=True)) == [
        timezone.localdate() + timedelta(days=9)
    ]


def test_invalid_postcode_shows_a_message_at_the_postcode_and_stores_nothing(
    editing: tuple[Any, Branch, dict[str, str]],
) -> None:
    client, branch, data = editing
    data.update({"name": "Nieuwe naam", "postcode": "1234 SA"})
    set_rows(data, "uren", [{"kind": "open", "weekday": "5", "opens": "10:00", "closes": "14:00"}])

    response = client.post(edit_url(branch), data)

    assert response.status_code == 400
    assert response.context["form"].has_error("postcode", "invalid_postcode")
    assert 'id="error-summary"' in response.content.decode()
    assert_nothing_stored(branch)


def test_overlapping_hours_are_marked_on_the_row_and_nothing_is_stored(
    editing: tuple[Any, Branch, dict[str, str]],
) -> None:
    client, branch, data = editing
    data["name"] = "Nieuwe naam"
    set_rows(data, "uren", [{"kind": "open", "weekday": "0", "opens": "16:00", "closes": "18:00"}])

    response = client.post(edit_url(branch), data)

    formset = response.context["period_formset"]
    assert response.status_code == 400
    assert formset.non_form_errors()
    assert formset.forms[5].errors["opens"]  # the new Monday row, which starts at 16:00
    assert not formset.forms[0].errors
    assert_nothing_stored(branch)


def test_closing_before_opening_is_marked_on_the_closing_time(
    editing: tuple[Any, Branch, dict[str, str]],
) -> None:
    client, branch, data = editing
    set_rows(data, "uren", [{"kind": "open", "weekday": "5", "opens": "14:00", "closes": "10:00"}])

    response = client.post(edit_url(branch), data)

    assert response.status_code == 400
    assert response.context["period_formset"].forms[5].errors["closes"]
    assert_nothing_stored(branch)


def test_exception_in_the_past_is_refused_and_nothing_is_stored(
    editing: tuple[Any, Branch, dict[str, str]],
) -> None:
    client, branch, data = editing
    data["name"] = "Nieuwe naam"
    yesterday = timezone.localdate() - timedelta(days=1)
    set_rows(data, "afwijkingen", [{"date": yesterday.isoformat(), "closed": "on"}])

    response = client.post(edit_url(branch), data)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert_nothing_stored(branch)


def test_new_branch_without_an_organisation_is_refused_with_a_message(
    network: Network, log_in: LogIn
) -> None:
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    data = form_data(client.get(NEW_BRANCH))
    data.update(
        {
            "organisation": "",
            "name": "Zwerfvestiging",
            "street": "Straat 1",
            "postcode": "1234 AB",
            "place": "Ergens",
        }
    )
    set_rows(data, "uren", [{"kind": "open", "weekday": "0", "opens": "09:00", "closes": "17:00"}])

    response = client.post(NEW_BRANCH, data)

    assert response.status_code == 400
    assert response.context["form"].has_error("organisation", "required")
    assert not Branch.objects.filter(name="Zwerfvestiging").exists()
    assert not OpeningPeriod.objects.filter(branch__name="Zwerfvestiging").exists()


def test_form_messages_are_dutch(editing: tuple[Any, Branch, dict[str, str]]) -> None:
    client, branch, data = editing
    data["postcode"] = "12345"
    data["name"] = ""

    response = client.post(edit_url(branch), data)

    # Django's own messages are translated; ours follow when the catalogue is complete.
    assert response.status_code == 400
    assert "Dit veld is vereist." in response.context["form"].errors["name"]
    assert response.context["form"].errors["postcode"]
    assert response["Content-Language"] == "nl"
    assert_nothing_stored(branch)


def test_branch_list_shows_the_open_status_of_each_branch(network: Network, log_in: LogIn) -> None:
    BranchFactory(organisation=network.rotterdam, name="Nooit open")
    client = log_in(user_for(Role.COORDINATOR, network))

    response = client.get(BRANCHES)

    statuses = {b.name: s for b, s in response.context["rows"]}
    assert statuses["Nooit open"].open_now is False
    assert statuses["Nooit open"].next_open is None


def test_branch_of_an_always_available_ido_says_help_is_given_all_opening_hours(
    network: Network, log_in: LogIn
) -> None:
    from wegwijs.network.models import IdoModel

    network.rotterdam.ido_model = IdoModel.ALTIJD
    network.rotterdam.save()
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))

    page = client.get(network.rotterdam_centrum.get_absolute_url()).content.decode()

    assert page.count("<table") == 1  # only the opening hours, no empty consultation table
    assert "helpt tijdens alle openingstijden" in page
