"""The services of the partnership tools: ranges refused with nothing stored (also by the
database itself), the privacy guard, names, the social-map picker and the national set."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from wegwijs.programme.partnerships import reports, services
from wegwijs.programme.partnerships.models import (
    PartnershipAdviceSettings,
    PartnershipContribution,
    PartnershipCriterion,
    PartnershipNationalCriterion,
    PartnershipPartner,
    PartnershipScore,
    PartnershipTactic,
)
from wegwijs.programme.partnerships.scoring import Advice, Quadrant
from wegwijs.socialmap.models import SocialOrganization

pytestmark = pytest.mark.django_db


def _scores(partner: PartnershipPartner) -> list[tuple[str, int, int, int]]:
    return sorted(
        (s.criterion.name, s.fit, s.added_value, s.feasibility)
        for s in PartnershipScore.objects.filter(partner=partner).select_related("criterion")
    )


@pytest.mark.parametrize("bad", [0, 6])
def test_a_score_outside_1_to_5_is_refused_and_nothing_is_stored(tools: Any, bad: int) -> None:
    before = _scores(tools.raadslieden)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.save_scores(
            None,
            tools.raadslieden,
            {tools.doelgroep.pk: (1, 1, 1), tools.capaciteit.pk: (4, bad, 4)},
        )
    assert caught.value.message_dict == {
        f"scores.{tools.capaciteit.pk}.added_value": ["Give a score from 1 to 5."]
    }
    assert _scores(tools.raadslieden) == before  # the valid row was not stored either


def test_the_database_refuses_scores_and_weights_out_of_range(tools: Any) -> None:
    for field, value in [("fit", 0), ("added_value", 6), ("feasibility", 0)]:
        score = PartnershipScore.objects.get(partner=tools.raadslieden, criterion=tools.doelgroep)
        setattr(score, field, value)
        with pytest.raises(IntegrityError), transaction.atomic():
            score.save()
    for value in (0, 6):
        with pytest.raises(IntegrityError), transaction.atomic():
            PartnershipCriterion.objects.filter(pk=tools.doelgroep.pk).update(weight=value)
        with pytest.raises(IntegrityError), transaction.atomic():
            PartnershipNationalCriterion.objects.create(name=f"Te zwaar {value}", weight=value)
        with pytest.raises(IntegrityError), transaction.atomic():
            PartnershipPartner.objects.filter(pk=tools.humanitas.pk).update(influence=value)
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipAdviceSettings.objects.create(
            library=tools.library, start_from=40, explore_from=60
        )
    score = PartnershipScore.objects.get(partner=tools.raadslieden, criterion=tools.doelgroep)
    assert (score.fit, score.added_value, score.feasibility) == (5, 5, 4)
    assert PartnershipCriterion.objects.get(pk=tools.doelgroep.pk).weight == 3


def test_valid_scores_are_stored_and_an_empty_row_clears_a_criterion(tools: Any) -> None:
    count = services.save_scores(
        None, tools.raadslieden, {tools.doelgroep.pk: (2, 3, 4), tools.capaciteit.pk: None}
    )
    assert count == 1
    assert _scores(tools.raadslieden) == [("Gedeelde doelgroep", 2, 3, 4)]


def test_scores_on_another_library_s_criterion_are_refused(tools: Any, network: Any) -> None:
    other = PartnershipCriterion.objects.create(library=network.zaanstreek, name="X", weight=2)
    with pytest.raises(ValidationError):
        services.save_scores(None, tools.raadslieden, {other.pk: (3, 3, 3)})
    assert not PartnershipScore.objects.filter(criterion=other).exists()


@pytest.mark.parametrize("bad", [0, 6])
def test_a_weight_outside_1_to_5_is_refused(tools: Any, bad: int) -> None:
    with pytest.raises(ValidationError) as caught:
        services.save_criterion(tools.library, {"name": "Kosten", "weight": bad})
    assert "weight" in caught.value.message_dict
    assert not PartnershipCriterion.objects.filter(name="Kosten").exists()


def test_the_weighing_table_totals_and_advises(tools: Any) -> None:
    rows = list(reports.partners(tools.library))
    table = reports.weighing(tools.library, rows)
    by_name = {r.partner.name: r for r in table.rows}
    assert by_name["Sociaal Raadslieden"].total == 81
    assert by_name["Sociaal Raadslieden"].advice == Advice.START
    assert by_name["Humanitas"].total is None
    assert by_name["Humanitas"].advice == Advice.INCOMPLETE
    services.save_advice_settings(tools.library, {"start_from": 90, "explore_from": 80})
    table = reports.weighing(tools.library, rows)
    assert {r.partner.name: r.advice for r in table.rows}["Sociaal Raadslieden"] == Advice.EXPLORE
    # Half the criteria scored: a total, but no advice yet.
    services.save_scores(None, tools.humanitas, {tools.doelgroep.pk: (5, 5, 5)})
    row = reports.weighing(tools.library, rows).rows[0]
    assert (row.partner.name, row.total, row.advice) == ("Humanitas", 100, Advice.INCOMPLETE)


def test_thresholds_must_be_in_order(tools: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.save_advice_settings(tools.library, {"start_from": 50, "explore_from": 60})
    assert "explore_from" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.save_advice_settings(tools.library, {"start_from": 101, "explore_from": 60})
    assert not PartnershipAdviceSettings.objects.exists()


def test_the_strength_analysis_places_partners_in_quadrants(tools: Any) -> None:
    services.save_strength(
        None, tools.humanitas, {"influence": 2, "added_value": 4, "attitude": "neutral"}
    )
    analysis = reports.strength(list(reports.partners(tools.library)))
    assert [(p.number, p.partner.name, p.quadrant) for p in analysis.points] == [
        (1, "Humanitas", Quadrant.INFORM),
        (2, "Sociaal Raadslieden", Quadrant.KEY),
    ]
    with pytest.raises(ValidationError) as caught:
        services.save_strength(None, tools.humanitas, {"influence": 6, "added_value": 4})
    assert "influence" in caught.value.message_dict
    tools.humanitas.refresh_from_db()
    assert tools.humanitas.influence == 2


def test_notes_with_personal_data_are_refused(tools: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.save_partner(
            None,
            tools.library,
            {"name": "Welzijn", "notes": "Bel Jan de Vries op 06-12345678", "status": "potential"},
        )
    assert "notes" in caught.value.message_dict
    assert not PartnershipPartner.objects.filter(name="Welzijn").exists()
    with pytest.raises(ValidationError) as caught:
        services.save_tactic(tools.humanitas, {"approach": "Mail naar info@voorbeeld.nl"})
    assert "approach" in caught.value.message_dict
    assert not PartnershipTactic.objects.exists()


def test_a_partner_takes_its_name_from_the_social_map_and_is_linked_once(tools: Any) -> None:
    partner = services.save_partner(
        None,
        tools.library,
        {"social_organization": tools.near, "name": "", "sector": "formulierenhulp"},
    )
    assert partner.name == "Formulierenbrigade Delft"
    assert partner.social_organization == tools.near
    with pytest.raises(ValidationError) as caught:
        services.save_partner(
            None, tools.library, {"social_organization": tools.near, "name": "Andere naam"}
        )
    assert "social_organization" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.save_partner(None, tools.library, {"name": "humanitas"})
    assert "name" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.save_partner(None, tools.library, {"name": " "})


def test_the_picker_lists_the_region_and_searches_the_whole_map(tools: Any) -> None:
    assert services.find_social_organisations(tools.library) == [tools.near]
    assert services.find_social_organisations(tools.library, "brigade") == [tools.near]
    assert services.find_social_organisations(tools.library, "humanitas") == []
    assert services.find_social_organisations(tools.library, "HUMANITAS", everywhere=True) == [
        tools.far
    ]
    assert services.find_social_organisations(tools.library, "", everywhere=True) == []


def test_the_national_set_is_copied_once(tools: Any) -> None:
    assert PartnershipNationalCriterion.objects.count() == len(services.STANDARD_CRITERIA)
    PartnershipNationalCriterion.objects.filter(name="Capaciteit").update(weight=5)
    added = services.add_national_criteria(tools.library)
    assert added == len(services.STANDARD_CRITERIA) - 2  # "Gedeelde doelgroep", "Capaciteit"
    assert services.add_national_criteria(tools.library) == 0
    assert PartnershipCriterion.objects.get(library=tools.library, name="Capaciteit").weight == 1


def test_contributions_need_a_level_for_a_note(tools: Any) -> None:
    goal = tools.bereiken
    with pytest.raises(ValidationError) as caught:
        services.save_contributions(None, tools.humanitas, {goal.pk: ("", "Veel ouderen")})
    assert f"contributions.{goal.pk}.level" in caught.value.message_dict
    services.save_contributions(None, tools.humanitas, {goal.pk: ("strong", "Veel ouderen")})
    cell = PartnershipContribution.objects.get(partner=tools.humanitas, goal=goal)
    assert (cell.level, cell.note) == ("strong", "Veel ouderen")
    services.save_contributions(None, tools.humanitas, {goal.pk: ("", "")})
    assert not PartnershipContribution.objects.exists()


def test_the_demo_loads_twice_without_duplicates(network: Any) -> None:
    from wegwijs.programme.partnerships import demo
    from wegwijs.testing.factories import LibraryFactory, PartnerFactory

    LibraryFactory(slug="de-bieb-voor-de-zaanstreek", province=network.noord_holland)
    partner = PartnerFactory(slug="sociaal-raadslieden-rotterdam-demo")
    social = SocialOrganization.objects.create(
        name="Sociaal Raadslieden Rotterdam", description="Hulp.", owner=partner
    )
    first = demo.load()
    counts = (PartnershipPartner.objects.count(), PartnershipScore.objects.count())
    assert demo.load() == first
    assert (PartnershipPartner.objects.count(), PartnershipScore.objects.count()) == counts
    assert counts[0] == 14
    linked = PartnershipPartner.objects.filter(social_organization=social)
    assert [p.name for p in linked] == ["Sociaal Raadslieden Rotterdam"]
    rotterdam = PartnershipPartner.objects.filter(library=network.rotterdam)
    assert {p.status for p in rotterdam} == {"potential", "exploring", "active", "ended"}
    assert PartnershipTactic.objects.count() == 5
