"""Demo partnership tools (``wegwijs loaddemo``) for two demo libraries of Probiblio's
provinces, Bibliotheek Rotterdam (the demo coordinator's) and De Bieb voor de Zaanstreek, so
the demo coordinator, the demo POI adviser and the programme office all see them. Partners
(one linked to the demo social map's local partner), strength analyses, the national criteria
with scores, goals with contributions, and tactics. Idempotent: records are found by their
names and updated. No person names anywhere: organisations and roles only."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wegwijs.network.models import Organisation
from wegwijs.programme.partnerships import services
from wegwijs.programme.partnerships.models import (
    PartnershipAdviceSettings,
    PartnershipContribution,
    PartnershipCriterion,
    PartnershipGoal,
    PartnershipPartner,
    PartnershipScore,
    PartnershipTactic,
)
from wegwijs.socialmap.models import SocialOrganization

GOALS = [
    (
        "Meer inwoners bereiken",
        "Inwoners die moeite hebben met de digitale overheid weten het Informatiepunt te vinden.",
    ),
    ("Warm doorverwijzen", "Inwoners komen via een warme overdracht bij de juiste hulp terecht."),
    ("Digitale vaardigheden", "Meer inwoners volgen een cursus zoals Klik & Tik of Digisterker."),
    (
        "Positie in het sociaal domein",
        "De bibliotheek is een vaste partner van de gemeente in het sociaal domein.",
    ),
]

#: name, sector, status, influence, added value, attitude, interests, notes,
#: (fit, added value, feasibility) base scores or None, criteria scored (None: all),
#: contribution per goal ("strong"/"some"/"none"/""), linked to the demo social map.
Partner = tuple[
    str,
    str,
    str,
    int | None,
    int | None,
    str,
    str,
    str,
    tuple[int, int, int] | None,
    int | None,
    str,
    bool,
]

LIBRARIES: dict[str, list[Partner]] = {
    "bibliotheek-rotterdam": [
        (
            "Sociaal Raadslieden Rotterdam",
            "sociaal-raadslieden",
            "active",
            4,
            5,
            "supportive",
            "Minder inwoners die vastlopen met brieven, toeslagen en bezwaar; geldzorgen vroeg zien.",
            "Spreekuur op vrijdagochtend in de Centrale Bibliotheek.",
            (5, 5, 4),
            None,
            "msnm",
            True,
        ),
        (
            "Formulierenbrigade Rotterdam",
            "formulierenhulp",
            "active",
            3,
            5,
            "supportive",
            "Meer inwoners bereiken die hulp nodig hebben bij formulieren.",
            "",
            (4, 5, 4),
            None,
            "msnn",
            False,
        ),
        (
            "Humanitas Rotterdam",
            "vrijwilligers",
            "exploring",
            2,
            4,
            "neutral",
            "Vrijwilligers inzetten voor thuisadministratie; een plek om inwoners te ontmoeten.",
            "Eerste gesprek gehad; zij zoeken een vaste ruimte.",
            (4, 3, 3),
            None,
            "mm n",
            False,
        ),
        (
            "Cliëntondersteuning gemeente Rotterdam",
            "clientondersteuning",
            "exploring",
            5,
            4,
            "supportive",
            "Inwoners eerder en dichter bij huis helpen; minder druk op de wijkteams.",
            "",
            (4, 4, 3),
            None,
            "ms s",
            False,
        ),
        (
            "Zorgkantoor regio Rotterdam",
            "zorg",
            "potential",
            4,
            2,
            "neutral",
            "Goede voorlichting over de Wlz en eigen bijdragen.",
            "",
            (2, 2, 3),
            None,
            "n  n",
            False,
        ),
        (
            "Ouderenbond afdeling Rotterdam",
            "belangenorganisatie",
            "potential",
            2,
            3,
            "supportive",
            "Leden helpen met DigiD en de AOW; bekendheid van het Informatiepunt onder ouderen.",
            "",
            (4, 3, 4),
            3,
            "s   ",
            False,
        ),
        (
            "Taalhuis Rotterdam",
            "taal",
            "active",
            3,
            4,
            "supportive",
            "Laaggeletterde inwoners doorverwijzen naar taalcursussen.",
            "Het Taalhuis zit al in de bibliotheek.",
            (5, 4, 5),
            None,
            "mmsm",
            False,
        ),
        (
            "Schuldhulpmaatje Rotterdam",
            "schuldhulp",
            "ended",
            2,
            3,
            "neutral",
            "",
            "Samenwerking gestopt: het project liep af.",
            None,
            None,
            "",
            False,
        ),
    ],
    "de-bieb-voor-de-zaanstreek": [
        (
            "Welzijn Zaanstad",
            "welzijn",
            "active",
            4,
            4,
            "supportive",
            "Eenzaamheid tegengaan; inwoners met vragen op één plek helpen.",
            "",
            (5, 4, 4),
            None,
            "ssnm",
            False,
        ),
        (
            "Formulierenhulp Zaanstreek",
            "formulierenhulp",
            "active",
            3,
            5,
            "supportive",
            "Een vaste plek voor het spreekuur.",
            "",
            (4, 5, 4),
            None,
            "msnn",
            False,
        ),
        (
            "MEE Zaanstreek",
            "zorg",
            "exploring",
            3,
            4,
            "neutral",
            "Mensen met een beperking beter bereiken.",
            "",
            (4, 4, 2),
            None,
            " m n",
            False,
        ),
        (
            "Gemeente Zaanstad, sociaal domein",
            "gemeente",
            "active",
            5,
            3,
            "supportive",
            "Een laagdrempelige plek voor vragen over gemeentelijke regelingen.",
            "Subsidie loopt via het sociaal domein.",
            (4, 3, 3),
            None,
            "m ns",
            False,
        ),
        (
            "Vakbond regio Zaanstreek",
            "belangenorganisatie",
            "potential",
            2,
            2,
            "",
            "",
            "",
            (2, 2, 3),
            4,
            "    ",
            False,
        ),
        (
            "Taalhuis Zaanstad",
            "taal",
            "exploring",
            2,
            4,
            "supportive",
            "Cursisten verder helpen met digitale vaardigheden.",
            "",
            (4, 4, 4),
            None,
            "n sm",
            False,
        ),
    ],
}

LEVELS = {"s": "strong", "m": "some", "n": "none"}

#: library slug -> (partner name, approach, who, days from today, status)
TACTICS: dict[str, list[tuple[str, str, str, int, str]]] = {
    "bibliotheek-rotterdam": [
        (
            "Cliëntondersteuning gemeente Rotterdam",
            "Uitnodigen voor de lokale bijeenkomst en samen afspraken maken over doorverwijzen.",
            "coördinator IDO",
            21,
            "planned",
        ),
        (
            "Zorgkantoor regio Rotterdam",
            "Voorlichting over de Wlz voorstellen voor de Digicafés; eerst kennismaken.",
            "adviseur Probiblio",
            45,
            "planned",
        ),
        (
            "Humanitas Rotterdam",
            "Proef van drie maanden met een wekelijks spreekuur thuisadministratie.",
            "coördinator IDO",
            7,
            "under_way",
        ),
    ],
    "de-bieb-voor-de-zaanstreek": [
        (
            "MEE Zaanstreek",
            "Gesprek over een gezamenlijk spreekuur in De Bieb Zaandam.",
            "coördinator IDO",
            14,
            "planned",
        ),
        (
            "Gemeente Zaanstad, sociaal domein",
            "Cijfers uit de monitor delen in het halfjaarlijkse overleg met de beleidsadviseur.",
            "directeur bibliotheek",
            30,
            "under_way",
        ),
    ],
}

#: How each criterion's scores differ from the partner's base (so the table is not flat).
VARIATION = [
    (0, 0, 0),
    (1, 0, -1),
    (0, -1, 0),
    (-1, 1, 0),
    (0, 0, 1),
    (1, 1, 0),
    (0, -1, -1),
    (0, 1, 0),
]


def _clamp(value: int) -> int:
    return max(1, min(5, value))


@transaction.atomic
def load() -> str:
    services.install_standard_criteria()
    social = SocialOrganization.objects.filter(
        owner__slug="sociaal-raadslieden-rotterdam-demo"
    ).first()
    today = timezone.localdate()
    counts = {"libraries": 0, "partners": 0, "scores": 0, "tactics": 0}
    for slug, partners in LIBRARIES.items():
        library = Organisation.objects.libraries().filter(slug=slug).first()
        if library is None:
            continue
        counts["libraries"] += 1
        services.add_national_criteria(library)
        criteria = list(PartnershipCriterion.objects.filter(library=library))
        goals = []
        for n, (name, description) in enumerate(GOALS, start=1):
            goal, _ = PartnershipGoal.objects.update_or_create(
                library=library, name=name, defaults={"description": description, "position": n}
            )
            goals.append(goal)
        if slug == "de-bieb-voor-de-zaanstreek":
            PartnershipAdviceSettings.objects.update_or_create(
                library=library, defaults={"start_from": 65, "explore_from": 45}
            )
        by_name: dict[str, PartnershipPartner] = {}
        for row in partners:
            (
                name,
                sector,
                status,
                influence,
                added,
                attitude,
                interests,
                notes,
                base,
                scored,
                goal_levels,
                linked,
            ) = row
            partner, _ = PartnershipPartner.objects.update_or_create(
                library=library,
                name=name,
                defaults={
                    "sector": sector,
                    "status": status,
                    "influence": influence,
                    "added_value": added,
                    "attitude": attitude,
                    "interests": interests,
                    "notes": notes,
                    "social_organization": social if linked else None,
                },
            )
            by_name[name] = partner
            counts["partners"] += 1
            if base is not None:
                for i, criterion in enumerate(criteria[: scored or len(criteria)]):
                    shift = VARIATION[i % len(VARIATION)]
                    PartnershipScore.objects.update_or_create(
                        partner=partner,
                        criterion=criterion,
                        defaults={
                            "fit": _clamp(base[0] + shift[0]),
                            "added_value": _clamp(base[1] + shift[1]),
                            "feasibility": _clamp(base[2] + shift[2]),
                        },
                    )
                    counts["scores"] += 1
            for goal, code in zip(goals, goal_levels.ljust(len(goals)), strict=False):
                if code.strip():
                    PartnershipContribution.objects.update_or_create(
                        partner=partner, goal=goal, defaults={"level": LEVELS[code]}
                    )
        for partner_name, approach, who, days, status in TACTICS.get(slug, []):
            PartnershipTactic.objects.update_or_create(
                partner=by_name[partner_name],
                approach=approach,
                defaults={
                    "who": who,
                    "planned_for": today + timedelta(days=days),
                    "status": status,
                },
            )
            counts["tactics"] += 1
    return (
        f"Partnerships: {counts['libraries']} libraries, {counts['partners']} partners, "
        f"{counts['scores']} scores, {counts['tactics']} tactics."
    )
