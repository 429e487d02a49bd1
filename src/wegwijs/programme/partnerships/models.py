"""Models of the programme's partnerships area: a library's partners and its four tools.

* **partners** (``PartnershipPartner``): linked to an organisation on the social map or kept
  by name only, with a sector and a status; no contact persons (no personal data);
* **strength analysis** (krachtenanalyse): each partner's interests, influence and added value
  (1-5) and attitude, placed in a quadrant (see :mod:`.scoring`);
* **weighing table** (afwegingstabel): the library's criteria (``PartnershipCriterion``, with a
  weight, first copied from the national set the programme office keeps,
  ``PartnershipNationalCriterion``), scores 1-5 on fit, added value and feasibility per
  partner and criterion (``PartnershipScore``), and the advice thresholds
  (``PartnershipAdviceSettings``);
* **goals matrix**: the library's strategic goals (``PartnershipGoal``) and each partner's
  contribution to them (``PartnershipContribution``);
* **tactics** (``PartnershipTactic``): how the library means to approach a partner.

Every range (scores, weights, thresholds) is checked by the form, by the model's validators
(``full_clean`` in the services) and by a database check constraint.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.programme.partnerships.scoring import (
    DEFAULT_EXPLORE_FROM,
    DEFAULT_START_FROM,
    SCORE_MAX,
    SCORE_MIN,
    WEIGHT_MAX,
    WEIGHT_MIN,
)

__all__ = [
    "PartnershipAdviceSettings",
    "PartnershipContribution",
    "PartnershipCriterion",
    "PartnershipGoal",
    "PartnershipNationalCriterion",
    "PartnershipPartner",
    "PartnershipScore",
    "PartnershipTactic",
]

MAX_NAME = 200
MAX_NOTES = 2000
MAX_TEXT = 1000
MAX_CELL_NOTE = 300

SCORE_VALIDATORS = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
WEIGHT_VALIDATORS = [MinValueValidator(WEIGHT_MIN), MaxValueValidator(WEIGHT_MAX)]
PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def _in_range(field: str, low: int, high: int, *, nullable: bool = False) -> models.Q:
    condition = models.Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return condition | models.Q(**{f"{field}__isnull": True}) if nullable else condition


class PartnerStatus(models.TextChoices):
    POTENTIAL = "potential", _("Potential partner")
    EXPLORING = "exploring", _("Exploring")
    ACTIVE = "active", _("Active partnership")
    ENDED = "ended", _("Ended")


class PartnerSector(models.TextChoices):
    """The kinds of local partner DOMAIN.md names, grouped."""

    SOCIAL_COUNSEL = "sociaal-raadslieden", _("Social counsellors (sociaal raadslieden)")
    FORMS = "formulierenhulp", _("Help with forms and letters")
    WELFARE = "welzijn", _("Welfare organisation")
    DEBT = "schuldhulp", _("Debt help")
    CLIENT_SUPPORT = "clientondersteuning", _("Client support of the municipality")
    MUNICIPALITY = "gemeente", _("Municipality")
    CARE = "zorg", _("Care (e.g. zorgkantoor, MEE)")
    INTEREST = "belangenorganisatie", _("Interest group (seniors' union, trade union)")
    VOLUNTEERS = "vrijwilligers", _("Volunteer organisation (e.g. Humanitas)")
    LANGUAGE = "taal", _("Language and basic skills (e.g. Taalhuis)")
    GOVERNMENT = "overheid", _("Public service provider")
    OTHER = "overig", _("Other")


class PartnerAttitude(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive")
    NEUTRAL = "neutral", _("Neutral")
    CRITICAL = "critical", _("Critical")


class ContributionLevel(models.TextChoices):
    NONE = "none", _("None")
    SOME = "some", _("Some")
    STRONG = "strong", _("Strong")


class TacticStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PartnershipPartner(models.Model):
    """A (possible) partner of a library organisation."""

    library = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.CASCADE,
        related_name="partnership_partners",
        limit_choices_to={"kind": "library"},
    )
    social_organization = models.ForeignKey(
        "socialmap.SocialOrganization",
        verbose_name=_("organisation on the social map"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnership_partners",
    )
    name = models.CharField(_("name"), max_length=MAX_NAME)
    sector = models.CharField(
        _("kind of partner"),
        max_length=30,
        choices=PartnerSector.choices,
        default=PartnerSector.OTHER,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PartnerStatus.choices, default=PartnerStatus.POTENTIAL
    )
    notes = models.TextField(_("notes"), max_length=MAX_NOTES, blank=True)
    # Strength analysis (krachtenanalyse)
    interests = models.TextField(_("interests"), max_length=MAX_TEXT, blank=True)
    influence = models.PositiveSmallIntegerField(
        _("influence"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    added_value = models.PositiveSmallIntegerField(
        _("added value"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    attitude = models.CharField(
        _("attitude"), max_length=20, choices=PartnerAttitude.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "library", name="programme_partner_name_once_per_library"
            ),
            models.UniqueConstraint(
                fields=["library", "social_organization"],
                condition=models.Q(social_organization__isnull=False),
                name="programme_partner_socialmap_once_per_library",
            ),
            models.CheckConstraint(
                condition=_in_range("influence", SCORE_MIN, SCORE_MAX, nullable=True),
                name="programme_partner_influence_1_5",
            ),
            models.CheckConstraint(
                condition=_in_range("added_value", SCORE_MIN, SCORE_MAX, nullable=True),
                name="programme_partner_added_value_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def analysed(self) -> bool:
        """Does the strength analysis place this partner (influence and added value known)?"""
        return self.influence is not None and self.added_value is not None


class PartnershipNationalCriterion(models.Model):
    """A criterion of the national set the programme office keeps; libraries copy it."""

    name = models.CharField(_("name"), max_length=MAX_NAME, unique=True)
    description = models.TextField(_("description"), max_length=MAX_TEXT, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=3, validators=WEIGHT_VALIDATORS)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("national partnership criterion")
        verbose_name_plural = _("national partnership criteria")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=_in_range("weight", WEIGHT_MIN, WEIGHT_MAX),
                name="programme_national_criterion_weight_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnershipCriterion(models.Model):
    """A criterion of a library's weighing table, with its weight."""

    library = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.CASCADE,
        related_name="partnership_criteria",
        limit_choices_to={"kind": "library"},
    )
    name = models.CharField(_("name"), max_length=MAX_NAME)
    description = models.TextField(_("description"), max_length=MAX_TEXT, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=3, validators=WEIGHT_VALIDATORS)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("partnership criterion")
        verbose_name_plural = _("partnership criteria")
        ordering = ["position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "library", name="programme_criterion_name_once_per_library"
            ),
            models.CheckConstraint(
                condition=_in_range("weight", WEIGHT_MIN, WEIGHT_MAX),
                name="programme_criterion_weight_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnershipAdviceSettings(models.Model):
    """A library's thresholds for the advice: from ``start_from`` "start the partnership",
    from ``explore_from`` "explore further", below it "do not start now"."""

    library = models.OneToOneField(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.CASCADE,
        related_name="partnership_advice_settings",
    )
    start_from = models.PositiveSmallIntegerField(
        _("start the partnership from"), default=DEFAULT_START_FROM, validators=PERCENT_VALIDATORS
    )
    explore_from = models.PositiveSmallIntegerField(
        _("explore further from"), default=DEFAULT_EXPLORE_FROM, validators=PERCENT_VALIDATORS
    )

    class Meta:
        verbose_name = _("advice thresholds")
        verbose_name_plural = _("advice thresholds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(explore_from__gte=0)
                & models.Q(explore_from__lte=models.F("start_from"))
                & models.Q(start_from__lte=100),
                name="programme_advice_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library}: {self.explore_from}/{self.start_from}"


class PartnershipScore(models.Model):
    """One partner's scores on one criterion: fit, added value and feasibility, each 1-5."""

    partner = models.ForeignKey(PartnershipPartner, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        PartnershipCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    fit = models.PositiveSmallIntegerField(_("fit"), validators=SCORE_VALIDATORS)
    added_value = models.PositiveSmallIntegerField(_("added value"), validators=SCORE_VALIDATORS)
    feasibility = models.PositiveSmallIntegerField(_("feasibility"), validators=SCORE_VALIDATORS)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("partnership score")
        verbose_name_plural = _("partnership scores")
        ordering = ["partner", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "criterion"], name="programme_score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=_in_range("fit", SCORE_MIN, SCORE_MAX),
                name="programme_score_fit_1_5",
            ),
            models.CheckConstraint(
                condition=_in_range("added_value", SCORE_MIN, SCORE_MAX),
                name="programme_score_added_value_1_5",
            ),
            models.CheckConstraint(
                condition=_in_range("feasibility", SCORE_MIN, SCORE_MAX),
                name="programme_score_feasibility_1_5",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.partner} / {self.criterion}: {self.fit}-{self.added_value}-{self.feasibility}"
        )


class PartnershipGoal(models.Model):
    """One of a library's strategic goals (a row of the goals matrix)."""

    library = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.CASCADE,
        related_name="partnership_goals",
        limit_choices_to={"kind": "library"},
    )
    name = models.CharField(_("goal"), max_length=MAX_NAME)
    description = models.TextField(_("description"), max_length=MAX_TEXT, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "library", name="programme_goal_name_once_per_library"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnershipContribution(models.Model):
    """What a partnership contributes to one goal: none, some or strong, with a note."""

    partner = models.ForeignKey(
        PartnershipPartner, on_delete=models.CASCADE, related_name="contributions"
    )
    goal = models.ForeignKey(
        PartnershipGoal, on_delete=models.CASCADE, related_name="contributions"
    )
    level = models.CharField(_("contribution"), max_length=10, choices=ContributionLevel.choices)
    note = models.CharField(_("note"), max_length=MAX_CELL_NOTE, blank=True)

    class Meta:
        verbose_name = _("contribution to a goal")
        verbose_name_plural = _("contributions to goals")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "goal"], name="programme_contribution_once_per_goal"
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=ContributionLevel.values),
                name="programme_contribution_level_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} / {self.goal}: {self.level}"


class PartnershipTactic(models.Model):
    """How the library means to influence a partner: approach, who (a role), when, status."""

    partner = models.ForeignKey(
        PartnershipPartner, on_delete=models.CASCADE, related_name="tactics"
    )
    approach = models.TextField(_("approach"), max_length=MAX_TEXT)
    who = models.CharField(_("who"), max_length=MAX_NAME, blank=True)
    planned_for = models.DateField(_("when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TacticStatus.choices, default=TacticStatus.PLANNED
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("tactic")
        verbose_name_plural = _("tactics")
        ordering = ["planned_for", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TacticStatus.values),
                name="programme_tactic_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.approach[:40]}"
