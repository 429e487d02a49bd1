"""The partnership pages: who may see and change what, scoring through the form (also with a
changed request), the privacy guard with "mask and save", the picker, and the pages' content."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wegwijs.accounts.models import Role
from wegwijs.programme.partnerships.models import (
    PartnershipContribution,
    PartnershipCriterion,
    PartnershipPartner,
    PartnershipScore,
    PartnershipTactic,
)
from wegwijs.testing.network import user_for

pytestmark = pytest.mark.django_db

URL = "programme:partnerships:"


def url(name: str, *args: Any) -> str:
    return reverse(URL + name, args=args)


@pytest.mark.parametrize(
    ("role", "own", "other_province", "edit"),
    [
        (Role.COORDINATOR, 200, 403, 200),
        (Role.POI_CONSULTANT, 200, 403, 200),
        (Role.PROGRAMME_OFFICE, 200, 200, 403),
        (Role.ADMIN, 200, 200, 403),
        (Role.DESK_WORKER, 403, 403, 403),
        (Role.AGENCY_ANALYST, 403, 403, 403),
        (Role.PARTNER_EDITOR, 403, 403, 403),
    ],
)
def test_access_per_role(
    tools: Any, network: Any, log_in: Any, role: str, own: int, other_province: int, edit: int
) -> None:
    client = log_in(user_for(role, network))
    slug = tools.library.slug
    pages = [
        url("partners", slug),
        url("partner", slug, tools.raadslieden.pk),
        url("strength", slug),
        url("weighing", slug),
        url("criteria", slug),
        url("goals", slug),
        url("tactics", slug),
        url("export", slug, "partners", "csv"),
    ]
    for page in pages:
        assert client.get(page).status_code == own, page
    assert client.get(url("partners", network.utrecht_library.slug)).status_code == other_province
    edits = [
        url("partner_create", slug),
        url("partner_edit", slug, tools.raadslieden.pk),
        url("partner_strength", slug, tools.raadslieden.pk),
        url("partner_scores", slug, tools.raadslieden.pk),
        url("partner_goals", slug, tools.raadslieden.pk),
        url("tactic_create", slug, tools.raadslieden.pk),
        url("criterion_create", slug),
        url("goal_create", slug),
        url("partner_delete", slug, tools.raadslieden.pk),
    ]
    for page in edits:
        assert client.get(page).status_code == edit, page
    # A read-only user cannot change anything by posting either.
    if edit == 403:
        response = client.post(
            url("partner_scores", slug, tools.raadslieden.pk),
            {f"c{tools.doelgroep.pk}_fit": "1"},
        )
        assert response.status_code == 403
        assert client.post(url("partner_delete", slug, tools.raadslieden.pk)).status_code == 403
        assert PartnershipPartner.objects.filter(pk=tools.raadslieden.pk).exists()
        if own == 200:
            threshold = client.post(url("criteria", slug), {"start_from": 10, "explore_from": 5})
            assert threshold.status_code == 403


def test_a_coordinator_cannot_reach_a_library_of_the_same_poi(
    tools: Any, network: Any, log_in: Any
) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    assert client.get(url("partners", network.zaanstreek.slug)).status_code == 403
    assert client.get(url("partners", "no-such-library")).status_code == 404
    # A partner of another library under this library's slug is not found.
    other = PartnershipPartner.objects.create(library=network.zaanstreek, name="Welzijn")
    assert client.get(url("partner", tools.library.slug, other.pk)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(tools: Any, client: Any) -> None:
    response = client.get(url("partners", tools.library.slug))
    assert response.status_code == 302
    assert "/account/" in response["Location"]


def test_the_start_page_per_role(tools: Any, network: Any, log_in: Any) -> None:
    coordinator = log_in(user_for(Role.COORDINATOR, network))
    response = coordinator.get(url("index"))
    assert response.status_code == 302
    assert response["Location"] == url("partners", tools.library.slug)
    poi = log_in(user_for(Role.POI_CONSULTANT, network))
    response = poi.get(url("index"))
    assert response.status_code == 200
    names = [lib.name for lib in response.context["page"].object_list]
    assert names == ["Bibliotheek Rotterdam", "De Bieb voor de Zaanstreek"]
    assert response.context["page"].object_list[0].partner_count == 2
    assert log_in(user_for(Role.DESK_WORKER, network)).get(url("index")).status_code == 403


def _scores(tools: Any) -> list[tuple[int, int, int, int]]:
    return sorted(
        (s.criterion_id, s.fit, s.added_value, s.feasibility)
        for s in PartnershipScore.objects.filter(partner=tools.humanitas)
    )


@pytest.mark.parametrize("bad", ["0", "6", "12", "drie"])
def test_a_tampered_score_is_refused_with_a_message_and_nothing_stored(
    tools: Any, network: Any, log_in: Any, bad: str
) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    d, c = tools.doelgroep.pk, tools.capaciteit.pk
    data = {
        f"c{d}_fit": "4",
        f"c{d}_added_value": "4",
        f"c{d}_feasibility": "4",
        f"c{c}_fit": "3",
        f"c{c}_added_value": bad,
        f"c{c}_feasibility": "3",
    }
    response = client.post(
        url("partner_scores", tools.library.slug, tools.humanitas.pk),
        data,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {f"c{c}_added_value": ["Give a score from 1 to 5."]}
    assert b"Give a score from 1 to 5." in response.content
    assert b'href="#id_c%d_added_value"' % c in response.content  # the error summary links to it
    assert _scores(tools) == []


def test_scoring_a_partner_through_the_form(tools: Any, network: Any, log_in: Any) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    d, c = tools.doelgroep.pk, tools.capaciteit.pk
    page = url("partner_scores", tools.library.slug, tools.humanitas.pk)
    form = client.get(page)
    assert f'name="c{d}_fit"'.encode() in form.content
    partial = {f"c{d}_fit": "4", f"c{d}_added_value": "", f"c{d}_feasibility": "4"}
    response = client.post(page, partial)
    assert response.status_code == 200
    assert f"c{d}_added_value" in response.context["form"].errors
    assert _scores(tools) == []
    full = {f"c{d}_fit": "4", f"c{d}_added_value": "5", f"c{d}_feasibility": "4"}
    response = client.post(page, full)
    assert response.status_code == 302
    assert _scores(tools) == [(d, 4, 5, 4)]
    # One of two criteria scored: a total, the advice waits. Then the second one.
    detail = client.get(url("partner", tools.library.slug, tools.humanitas.pk))
    assert detail.context["weighing_row"].total == 83  # (13/3 - 1)/4 = 5/6
    assert detail.context["weighing_row"].advice == "incomplete"
    client.post(
        page, {**full, f"c{c}_fit": "1", f"c{c}_added_value": "1", f"c{c}_feasibility": "1"}
    )
    detail = client.get(url("partner", tools.library.slug, tools.humanitas.pk))
    assert detail.context["weighing_row"].total == 63  # (3 × 5/6 + 0) / 4 = 62.5 → 63
    assert detail.context["weighing_row"].advice == "explore"


def test_personal_data_in_notes_is_refused_then_masked(
    tools: Any, network: Any, log_in: Any
) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    page = url("partner_create", tools.library.slug)
    data = {
        "social_organization": "",
        "name": "Welzijn Rotterdam",
        "sector": "welzijn",
        "status": "potential",
        "notes": "Contact via 06-12345678",
    }
    response = client.post(page, data)
    assert response.status_code == 200
    assert "notes" in response.context["form"].errors
    assert b'name="_mask"' in response.content
    assert not PartnershipPartner.objects.filter(name="Welzijn Rotterdam").exists()
    response = client.post(page, {**data, "_mask": "1"})
    assert response.status_code == 302
    partner = PartnershipPartner.objects.get(name="Welzijn Rotterdam")
    assert partner.notes == "Contact via [TELEFOONNUMMER]"


def test_the_picker_without_javascript(tools: Any, network: Any, log_in: Any) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    page = url("partner_create", tools.library.slug)
    region = client.get(page)
    assert [o.name for o in region.context["candidates"]] == ["Formulierenbrigade Delft"]
    found = client.get(page, {"q": "humanitas", "overal": "on"})
    assert [o.name for o in found.context["candidates"]] == ["Humanitas Groningen"]
    response = client.post(
        page,
        {
            "q": "humanitas",
            "overal": "on",
            "social_organization": str(tools.far.pk),
            "name": "",
            "sector": "vrijwilligers",
            "status": "exploring",
            "notes": "",
        },
    )
    assert response.status_code == 302
    partner = PartnershipPartner.objects.get(social_organization=tools.far)
    assert partner.name == "Humanitas Groningen"
    unknown = client.post(
        page,
        {
            "social_organization": "00000000-0000-0000-0000-000000000000",
            "name": "X",
            "sector": "overig",
            "status": "potential",
        },
    )
    assert unknown.status_code == 200
    assert "social_organization" in unknown.context["form"].errors


def test_the_quadrant_page_shows_the_chart_summary_and_table(
    tools: Any, network: Any, log_in: Any
) -> None:
    tools.humanitas.influence, tools.humanitas.added_value = 2, 5
    tools.humanitas.save()
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    response = client.get(url("strength", tools.library.slug), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="partnerships-chart" role="img"' in html
    for label in ("Key partner", "Keep satisfied", "Keep informed", "Keep an eye on"):
        assert label in html
    summary = response.context["analysis"].summary
    assert "Key partner: 1 (Sociaal Raadslieden)" in summary
    assert "Keep informed: 1 (Humanitas)" in summary
    assert "<caption" in html and 'scope="col"' in html
    assert ">Sociaal</text>" in html and ">Raadslieden</text>" in html  # each dot is labelled
    # Read-only: no edit links for the programme office.
    assert url("partner_strength", tools.library.slug, tools.humanitas.pk) not in html


def test_ended_partnerships_are_left_out_of_the_tools_unless_asked(
    tools: Any, network: Any, log_in: Any
) -> None:
    tools.raadslieden.status = "ended"
    tools.raadslieden.save()
    client = log_in(user_for(Role.COORDINATOR, network))
    page = url("weighing", tools.library.slug)
    assert [r.partner.name for r in client.get(page).context["weighing"].rows] == ["Humanitas"]
    rows = client.get(page, {"alle": "1"}).context["weighing"].rows
    assert [r.partner.name for r in rows] == ["Humanitas", "Sociaal Raadslieden"]


def test_goals_matrix_and_contributions(tools: Any, network: Any, log_in: Any) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    slug, goal = tools.library.slug, tools.bereiken
    response = client.post(
        url("partner_goals", slug, tools.raadslieden.pk),
        {f"g{goal.pk}_level": "strong", f"g{goal.pk}_note": "Spreekuur in de bibliotheek"},
    )
    assert response.status_code == 302
    cell = PartnershipContribution.objects.get(partner=tools.raadslieden, goal=goal)
    assert (cell.level, cell.note) == ("strong", "Spreekuur in de bibliotheek")
    bad = client.post(
        url("partner_goals", slug, tools.humanitas.pk),
        {f"g{goal.pk}_level": "enorm", f"g{goal.pk}_note": ""},
    )
    assert bad.status_code == 200
    assert not PartnershipContribution.objects.filter(partner=tools.humanitas).exists()
    matrix = client.get(url("goals", slug))
    html = matrix.content.decode()
    assert "Spreekuur in de bibliotheek" in html
    assert matrix.context["matrix"].totals == [(1, 0)]
    assert "matrix-print.css" in html
    # Goals are the library's own list.
    response = client.post(url("goal_create", slug), {"name": "Digitale vaardigheden"})
    assert response.status_code == 302
    assert [g.name for g in client.get(url("goals", slug)).context["matrix"].goals] == [
        "Meer inwoners bereiken",
        "Digitale vaardigheden",
    ]


def test_criteria_weights_and_thresholds_through_the_forms(
    tools: Any, network: Any, log_in: Any
) -> None:
    client = log_in(user_for(Role.COORDINATOR, network))
    slug = tools.library.slug
    for bad in ("0", "6"):
        response = client.post(url("criterion_create", slug), {"name": "Kosten", "weight": bad})
        assert response.status_code == 200
        assert "weight" in response.context["form"].errors
    assert not PartnershipCriterion.objects.filter(name="Kosten").exists()
    assert (
        client.post(url("criterion_create", slug), {"name": "Kosten", "weight": "2"}).status_code
        == 302
    )
    response = client.post(url("criteria", slug), {"start_from": "40", "explore_from": "60"})
    assert response.status_code == 200
    assert "explore_from" in response.context["form"].errors
    response = client.post(url("criteria", slug), {"start_from": "85", "explore_from": "60"})
    assert response.status_code == 302
    rows = client.get(url("weighing", slug)).context["weighing"].rows
    assert {r.partner.name: r.advice for r in rows}["Sociaal Raadslieden"] == "incomplete"
    client.post(url("criterion_delete", slug, PartnershipCriterion.objects.get(name="Kosten").pk))
    rows = client.get(url("weighing", slug)).context["weighing"].rows
    assert {r.partner.name: r.advice for r in rows}["Sociaal Raadslieden"] == "explore"  # 81 < 85
    added = client.post(url("criteria_add_national", slug))
    assert added.status_code == 302
    assert PartnershipCriterion.objects.filter(library=tools.library).count() == 8


def test_tactics_are_kept_per_partner(tools: Any, network: Any, log_in: Any) -> None:
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    slug, pk = tools.library.slug, tools.humanitas.pk
    response = client.post(
        url("tactic_create", slug, pk),
        {
            "approach": "Uitnodigen voor de lokale bijeenkomst",
            "who": "coördinator",
            "planned_for": "2030-03-01",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    tactic = PartnershipTactic.objects.get()
    assert (tactic.who, str(tactic.planned_for)) == ("coördinator", "2030-03-01")
    refused = client.post(
        url("tactic_edit", slug, pk, tactic.pk),
        {"approach": "Bellen", "who": "Jan de Vries", "status": "done"},
    )
    assert refused.status_code == 200
    assert "who" in refused.context["form"].errors
    tactic.refresh_from_db()
    assert tactic.status == "planned"
    overview = client.get(url("tactics", slug))
    assert "Uitnodigen voor de lokale bijeenkomst" in overview.content.decode()
    client.post(url("tactic_delete", slug, pk, tactic.pk))
    assert not PartnershipTactic.objects.exists()


def test_the_national_set_is_kept_by_the_programme_office(
    tools: Any, network: Any, log_in: Any
) -> None:
    from wegwijs.programme.partnerships.models import PartnershipNationalCriterion

    coordinator = log_in(user_for(Role.COORDINATOR, network))
    assert coordinator.get(url("national")).status_code == 200
    assert coordinator.get(url("national_create")).status_code == 403
    standard = PartnershipNationalCriterion.objects.first()
    assert standard is not None
    assert coordinator.post(url("national_delete", standard.pk)).status_code == 403
    assert coordinator.post(url("national")).status_code == 403
    # (log_in logs the same test client in as another user)
    office = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    response = office.post(url("national_create"), {"name": "Bereik", "weight": "9"})
    assert response.status_code == 200
    assert "weight" in response.context["form"].errors
    response = office.post(url("national_create"), {"name": "Bereik", "weight": "4"})
    assert response.status_code == 302
    criterion = PartnershipNationalCriterion.objects.get(name="Bereik")
    assert criterion.weight == 4
    assert office.get(url("national_delete", criterion.pk)).status_code == 200
    assert office.post(url("national_delete", criterion.pk)).status_code == 302
    assert not PartnershipNationalCriterion.objects.filter(name="Bereik").exists()
