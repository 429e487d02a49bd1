"""Changes to a library's partnership tools, for the pages and the admin alike.

Each function validates the whole change first (ranges, names, the privacy guard on every free
text, ``full_clean`` for the model's own validators) and raises a ``ValidationError`` keyed by
field path (``name``, ``scores.12.fit``, ``contributions.3.note``), storing nothing; only a
valid change is written, in one transaction. The database's check and unique constraints are
the last line (a race between two saves ends as the same ``ValidationError``).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.network.models import Organisation
from wegwijs.privacy.checks import personal_data_errors
from wegwijs.programme.partnerships.models import (
    ContributionLevel,
    PartnerAttitude,
    PartnerSector,
    PartnershipAdviceSettings,
    PartnershipContribution,
    PartnershipCriterion,
    PartnershipGoal,
    PartnershipNationalCriterion,
    PartnershipPartner,
    PartnershipScore,
    PartnershipTactic,
    PartnerStatus,
    TacticStatus,
)
from wegwijs.programme.partnerships.scoring import SCORE_MAX, SCORE_MIN
from wegwijs.socialmap.models import Location, SocialOrganization

Errors = dict[str, list[str]]

#: The national set as it is first installed (migration 0006_partnerships; the programme
#: office changes it on its page): name, description, weight. Dutch, as libraries see it.
STANDARD_CRITERIA: list[tuple[str, str, int]] = [
    (
        "Gedeelde doelgroep",
        "De partner helpt dezelfde inwoners als het Informatiepunt: ouderen, laaggeletterden, "
        "mensen met weinig digitale vaardigheden.",
        3,
    ),
    (
        "Aanvullend aanbod",
        "De partner geeft hulp die de bibliotheek niet geeft, zoals persoonlijk advies, hulp bij "
        "formulieren of bij schulden.",
        3,
    ),
    (
        "Capaciteit",
        "De partner heeft mensen en tijd om doorverwezen inwoners snel te helpen.",
        2,
    ),
    (
        "Continuïteit",
        "De partner is er over een jaar ook nog: vaste financiering, vaste medewerkers of "
        "vrijwilligers.",
        2,
    ),
    (
        "Kosten en inzet",
        "Wat de samenwerking de bibliotheek kost aan geld en uren, tegenover wat het oplevert.",
        2,
    ),
    (
        "Bereikbaarheid",
        "Inwoners en het Informatiepunt kunnen de partner makkelijk bereiken, bijvoorbeeld met een "
        "spreekuur in de bibliotheek.",
        2,
    ),
    (
        "Terugkoppeling",
        "De partner laat weten of een warme doorverwijzing is opgepakt.",
        1,
    ),
    (
        "Afspraken over privacy",
        "De partner kan afspraken maken over het delen van gegevens volgens de AVG.",
        1,
    ),
]

#: Social-map organisations within this distance of one of the library's branches belong to
#: its region (the picker's default list).
REGION_KM = 25.0
#: The picker lists at most this many organisations.
PICKER_LIMIT = 25


class _Collector:
    def __init__(self) -> None:
        self.errors: Errors = {}

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(str(message))

    def privacy(self, texts: Iterable[tuple[str, str]]) -> None:
        for path, messages in personal_data_errors(texts).items():
            for message in messages:
                self.fail(path, message)

    def model(self, instance: Any, prefix: str = "", exclude: Iterable[str] = ()) -> None:
        """The model's own validators (ranges, lengths, choices)."""
        try:
            instance.full_clean(
                exclude=list(exclude), validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.fail(f"{prefix}{field}", message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _text(data: Mapping[str, Any], key: str) -> str:
    return str(data.get(key) or "").strip()


def _save(instance: Any, conflict_path: str, conflict_message: str) -> None:
    """Save, turning a unique-constraint race into a field error."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError({conflict_path: [conflict_message]}) from exc


# -- the national set of criteria --------------------------------------------------------
def install_standard_criteria() -> int:
    """Fill an empty national set with :data:`STANDARD_CRITERIA`; returns how many were added
    (none when the programme office already keeps a set)."""
    if PartnershipNationalCriterion.objects.exists():
        return 0
    PartnershipNationalCriterion.objects.bulk_create(
        PartnershipNationalCriterion(name=name, description=text, weight=weight, position=n)
        for n, (name, text, weight) in enumerate(STANDARD_CRITERIA, start=1)
    )
    return len(STANDARD_CRITERIA)


@transaction.atomic
def save_national_criterion(
    data: Mapping[str, Any], criterion: PartnershipNationalCriterion | None = None
) -> PartnershipNationalCriterion:
    errors = _Collector()
    criterion = criterion or PartnershipNationalCriterion()
    name = _text(data, "name")
    criterion.name = name
    criterion.description = _text(data, "description")
    criterion.weight = data.get("weight")  # type: ignore[assignment]
    criterion.position = data.get("position") or _next_position(
        PartnershipNationalCriterion.objects.all()
    )
    if name and (
        PartnershipNationalCriterion.objects.filter(name__iexact=name)
        .exclude(pk=criterion.pk)
        .exists()
    ):
        errors.fail("name", _("The national set already has a criterion with this name."))
    errors.privacy([("name", name), ("description", criterion.description)])
    errors.model(criterion)
    errors.raise_if_any()
    _save(criterion, "name", _("The national set already has a criterion with this name."))
    return criterion


def _next_position(qs: Any) -> int:
    return int(qs.aggregate(top=Max("position"))["top"] or 0) + 1


# -- the social map picker ---------------------------------------------------------------
def _fold(text: str) -> str:
    from wegwijs.geo.geocoding import fold

    return fold(text)


def region_organisations(library: Organisation) -> list[SocialOrganization]:
    """The social-map organisations of the library's region: those it keeps, those with a
    location in one of its branches, and those with a location within :data:`REGION_KM` of a
    branch (a latitude/longitude box in SQL, the exact distance in Python)."""
    from wegwijs.geo.geocoding import distance_km

    branches = [
        (b.latitude, b.longitude)
        for b in library.branches.all()
        if b.latitude is not None and b.longitude is not None
    ]
    ids: set[uuid.UUID] = set(
        SocialOrganization.objects.filter(
            Q(owner=library) | Q(locations__branch__organisation=library)
        ).values_list("pk", flat=True)
    )
    if branches:
        box = Q()
        for lat, lon in branches:
            d_lat = REGION_KM / 111.0
            d_lon = REGION_KM / (111.0 * max(0.1, math.cos(math.radians(lat))))
            box |= Q(
                latitude__range=(lat - d_lat, lat + d_lat),
                longitude__range=(lon - d_lon, lon + d_lon),
            )
        for org_id, loc_lat, loc_lon in Location.objects.filter(box).values_list(
            "organization_id", "latitude", "longitude"
        ):
            if org_id in ids or loc_lat is None or loc_lon is None:
                continue
            if any(
                distance_km(loc_lat, loc_lon, b_lat, b_lon) <= REGION_KM
                for b_lat, b_lon in branches
            ):
                ids.add(org_id)
    return list(SocialOrganization.objects.filter(pk__in=ids).order_by("name"))


def find_social_organisations(
    library: Organisation, query: str = "", *, everywhere: bool = False
) -> list[SocialOrganization]:
    """The picker's list: the region's organisations (or, with ``everywhere``, the whole
    social map) whose name holds every word of ``query`` (without case or accents)."""
    words = _fold(query).split()
    if everywhere:
        if not words:
            return []
        rows = SocialOrganization.objects.values_list("pk", "name", "alternate_name")
        found = [
            pk for pk, name, other in rows if all(w in _fold(f"{name} {other}") for w in words)
        ]
        return list(
            SocialOrganization.objects.filter(pk__in=found[: PICKER_LIMIT * 4]).order_by("name")
        )[:PICKER_LIMIT]
    candidates = region_organisations(library)
    if words:
        candidates = [
            o for o in candidates if all(w in _fold(f"{o.name} {o.alternate_name}") for w in words)
        ]
    return candidates[:PICKER_LIMIT]


# -- partners and their strength analysis -----------------------------------------------
@transaction.atomic
def save_partner(
    user: Any,
    library: Organisation,
    data: Mapping[str, Any],
    partner: PartnershipPartner | None = None,
) -> PartnershipPartner:
    """Create or change a partner: ``social_organization`` (or None), ``name`` (taken from the
    social map when left empty), ``sector``, ``status``, ``notes``."""
    errors = _Collector()
    if partner is not None and partner.library_id != library.pk:
        raise ValueError("partner of another library")
    partner = partner or PartnershipPartner(library=library)
    organisation = data.get("social_organization")
    if organisation is not None and not isinstance(organisation, SocialOrganization):
        raise TypeError("social_organization must be a SocialOrganization or None")
    name = _text(data, "name")
    if not name and organisation is not None:
        name = organisation.name[: PartnershipPartner._meta.get_field("name").max_length]
    if not name:
        errors.fail("name", _("Fill in a name, or choose an organisation on the social map."))
    others = PartnershipPartner.objects.filter(library=library).exclude(pk=partner.pk)
    if name and others.filter(name__iexact=name).exists():
        errors.fail("name", _("This library already has a partner with this name."))
    if organisation is not None and others.filter(social_organization=organisation).exists():
        errors.fail(
            "social_organization", _("This organisation is already a partner of this library.")
        )
    partner.social_organization = organisation
    partner.name = name
    partner.sector = _text(data, "sector") or PartnerSector.OTHER
    partner.status = _text(data, "status") or PartnerStatus.POTENTIAL
    partner.notes = _text(data, "notes")
    errors.privacy([("name", name), ("notes", partner.notes)])
    errors.model(partner, exclude=["library", "social_organization", "updated_by"])
    errors.raise_if_any()
    partner.updated_at = timezone.now()
    partner.updated_by = user if getattr(user, "pk", None) else None
    _save(partner, "name", _("This library already has a partner with this name."))
    return partner


@transaction.atomic
def save_strength(user: Any, partner: PartnershipPartner, data: Mapping[str, Any]) -> None:
    """The strength analysis of one partner: ``interests``, ``influence`` and ``added_value``
    (1-5 or None), ``attitude``."""
    errors = _Collector()
    partner.interests = _text(data, "interests")
    partner.influence = data.get("influence")
    partner.added_value = data.get("added_value")
    attitude = _text(data, "attitude")
    if attitude and attitude not in PartnerAttitude.values:
        errors.fail("attitude", _("Choose one of the options."))
    partner.attitude = attitude
    for field in ("influence", "added_value"):
        value = getattr(partner, field)
        if value is not None and (
            not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX
        ):
            errors.fail(field, _("Give a score from 1 to 5."))
    errors.privacy([("interests", partner.interests)])
    if not errors.errors:
        errors.model(partner, exclude=["library", "social_organization", "updated_by"])
    errors.raise_if_any()
    partner.updated_at = timezone.now()
    partner.updated_by = user if getattr(user, "pk", None) else None
    partner.save()


def delete_partner(partner: PartnershipPartner) -> None:
    partner.delete()


# -- the weighing table ------------------------------------------------------------------
def advice_settings(library: Organisation) -> PartnershipAdviceSettings:
    """The library's thresholds (the defaults, unsaved, until it sets its own)."""
    found = PartnershipAdviceSettings.objects.filter(library=library).first()
    return found or PartnershipAdviceSettings(library=library)


@transaction.atomic
def save_advice_settings(
    library: Organisation, data: Mapping[str, Any]
) -> PartnershipAdviceSettings:
    errors = _Collector()
    settings = advice_settings(library)
    settings.start_from = data.get("start_from")  # type: ignore[assignment]
    settings.explore_from = data.get("explore_from")  # type: ignore[assignment]
    errors.model(settings, exclude=["library"])
    if (
        not errors.errors
        and isinstance(settings.start_from, int)
        and isinstance(settings.explore_from, int)
        and settings.explore_from > settings.start_from
    ):
        errors.fail(
            "explore_from",
            _("'Explore further' cannot start above 'start the partnership'."),
        )
    errors.raise_if_any()
    settings.save()
    return settings


@transaction.atomic
def save_criterion(
    library: Organisation,
    data: Mapping[str, Any],
    criterion: PartnershipCriterion | None = None,
) -> PartnershipCriterion:
    errors = _Collector()
    if criterion is not None and criterion.library_id != library.pk:
        raise ValueError("criterion of another library")
    criterion = criterion or PartnershipCriterion(library=library)
    criterion.name = _text(data, "name")
    criterion.description = _text(data, "description")
    criterion.weight = data.get("weight")  # type: ignore[assignment]
    criterion.position = (
        data.get("position")
        or criterion.position
        or _next_position(library.partnership_criteria.all())
    )
    message = _("This weighing table already has a criterion with this name.")
    if (
        criterion.name
        and PartnershipCriterion.objects.filter(library=library, name__iexact=criterion.name)
        .exclude(pk=criterion.pk)
        .exists()
    ):
        errors.fail("name", message)
    errors.privacy([("name", criterion.name), ("description", criterion.description)])
    errors.model(criterion, exclude=["library"])
    errors.raise_if_any()
    _save(criterion, "name", message)
    return criterion


def delete_criterion(criterion: PartnershipCriterion) -> None:
    """Remove a criterion and every score on it."""
    criterion.delete()


@transaction.atomic
def add_national_criteria(library: Organisation) -> int:
    """Copy the national criteria the library does not have yet (by name); returns how many."""
    have = {n.casefold() for n in library.partnership_criteria.values_list("name", flat=True)}
    position = _next_position(library.partnership_criteria.all())
    added = []
    for national in PartnershipNationalCriterion.objects.order_by("position", "name"):
        if national.name.casefold() in have:
            continue
        added.append(
            PartnershipCriterion(
                library=library,
                name=national.name,
                description=national.description,
                weight=national.weight,
                position=position,
            )
        )
        position += 1
    PartnershipCriterion.objects.bulk_create(added)
    return len(added)


ScoreTriple = tuple[Any, Any, Any]


@transaction.atomic
def save_scores(
    user: Any, partner: PartnershipPartner, scores: Mapping[int, ScoreTriple | None]
) -> int:
    """Store a partner's scores: per criterion id ``(fit, added value, feasibility)`` (each
    1-5) or None to clear it. Everything or nothing; returns the number of scored criteria."""
    errors = _Collector()
    criteria = {c.pk: c for c in PartnershipCriterion.objects.filter(library_id=partner.library_id)}
    existing = {s.criterion_id: s for s in partner.scores.all()}
    writes: list[PartnershipScore] = []
    clears: list[int] = []
    for criterion_id, triple in scores.items():
        if criterion_id not in criteria:
            errors.fail(f"scores.{criterion_id}", _("This criterion is not in the weighing table."))
            continue
        if triple is None or all(v is None for v in triple):
            clears.append(criterion_id)
            continue
        score = existing.get(criterion_id) or PartnershipScore(
            partner=partner, criterion=criteria[criterion_id]
        )
        for field, value in zip(("fit", "added_value", "feasibility"), triple, strict=True):
            if (
                value is None
                or isinstance(value, bool)
                or not isinstance(value, int)
                or not SCORE_MIN <= value <= SCORE_MAX
            ):
                errors.fail(f"scores.{criterion_id}.{field}", _("Give a score from 1 to 5."))
            else:
                setattr(score, field, value)
        writes.append(score)
    if not errors.errors:
        for score in writes:
            errors.model(score, f"scores.{score.criterion_id}.", exclude=["partner", "criterion"])
    errors.raise_if_any()
    now = timezone.now()
    PartnershipScore.objects.filter(partner=partner, criterion_id__in=clears).delete()
    for score in writes:
        score.updated_at = now
        score.save()
    partner.updated_at = now
    partner.updated_by = user if getattr(user, "pk", None) else None
    partner.save(update_fields=["updated_at", "updated_by"])
    return partner.scores.count()


# -- goals and the matrix ----------------------------------------------------------------
@transaction.atomic
def save_goal(
    library: Organisation, data: Mapping[str, Any], goal: PartnershipGoal | None = None
) -> PartnershipGoal:
    errors = _Collector()
    if goal is not None and goal.library_id != library.pk:
        raise ValueError("goal of another library")
    goal = goal or PartnershipGoal(library=library)
    goal.name = _text(data, "name")
    goal.description = _text(data, "description")
    goal.position = (
        data.get("position") or goal.position or _next_position(library.partnership_goals.all())
    )
    message = _("This library already has a goal with this name.")
    if (
        goal.name
        and PartnershipGoal.objects.filter(library=library, name__iexact=goal.name)
        .exclude(pk=goal.pk)
        .exists()
    ):
        errors.fail("name", message)
    errors.privacy([("name", goal.name), ("description", goal.description)])
    errors.model(goal, exclude=["library"])
    errors.raise_if_any()
    _save(goal, "name", message)
    return goal


def delete_goal(goal: PartnershipGoal) -> None:
    goal.delete()


@transaction.atomic
def save_contributions(
    user: Any, partner: PartnershipPartner, cells: Mapping[int, tuple[str, str]]
) -> None:
    """A partner's row of the matrix: per goal id ``(level, note)``; an empty level clears the
    cell (and then the note must be empty too)."""
    errors = _Collector()
    goals = {g.pk: g for g in PartnershipGoal.objects.filter(library_id=partner.library_id)}
    existing = {c.goal_id: c for c in partner.contributions.all()}
    writes: list[PartnershipContribution] = []
    clears: list[int] = []
    texts: list[tuple[str, str]] = []
    for goal_id, (level, note) in cells.items():
        path = f"contributions.{goal_id}"
        if goal_id not in goals:
            errors.fail(path, _("This goal is not in the library's list."))
            continue
        level, note = (level or "").strip(), (note or "").strip()
        if not level:
            if note:
                errors.fail(f"{path}.level", _("Choose a contribution for this note."))
            clears.append(goal_id)
            continue
        if level not in ContributionLevel.values:
            errors.fail(f"{path}.level", _("Choose one of the options."))
            continue
        cell = existing.get(goal_id) or PartnershipContribution(
            partner=partner, goal=goals[goal_id]
        )
        cell.level, cell.note = level, note
        texts.append((f"{path}.note", note))
        writes.append(cell)
    errors.privacy(texts)
    if not errors.errors:
        for cell in writes:
            errors.model(cell, f"contributions.{cell.goal_id}.", exclude=["partner", "goal"])
    errors.raise_if_any()
    PartnershipContribution.objects.filter(partner=partner, goal_id__in=clears).delete()
    for cell in writes:
        cell.save()
    partner.updated_at = timezone.now()
    partner.updated_by = user if getattr(user, "pk", None) else None
    partner.save(update_fields=["updated_at", "updated_by"])


# -- tactics -----------------------------------------------------------------------------
@transaction.atomic
def save_tactic(
    partner: PartnershipPartner,
    data: Mapping[str, Any],
    tactic: PartnershipTactic | None = None,
) -> PartnershipTactic:
    """``approach`` (required), ``who`` (a role, not a name), ``planned_for`` (a date or None),
    ``status``."""
    errors = _Collector()
    if tactic is not None and tactic.partner_id != partner.pk:
        raise ValueError("tactic of another partner")
    tactic = tactic or PartnershipTactic(partner=partner)
    tactic.approach = _text(data, "approach")
    tactic.who = _text(data, "who")
    planned = data.get("planned_for")
    if planned is not None and not isinstance(planned, date):
        errors.fail("planned_for", _("Fill in a date."))
        planned = None
    tactic.planned_for = planned
    tactic.status = _text(data, "status") or TacticStatus.PLANNED
    errors.privacy([("approach", tactic.approach), ("who", tactic.who)])
    errors.model(tactic, exclude=["partner"])
    errors.raise_if_any()
    tactic.updated_at = timezone.now()
    tactic.save()
    return tactic


def delete_tactic(tactic: PartnershipTactic) -> None:
    tactic.delete()
