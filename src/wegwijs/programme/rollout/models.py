"""Models of the programme's rollout area: waves, each library's plan, and the checklist.

A library's wave is ``network.Organisation.wave`` (one truth): :class:`RolloutWave` holds the
plan of a wave (how many libraries, from when) and :class:`LibraryRollout` a library's
opening dates and selection notes, never the wave itself.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijs.core import uploads
from wegwijs.network.models import OrganisationKind, Wave

__all__ = [
    "AreaKind",
    "LibraryRollout",
    "PartnerCooperation",
    "RolloutStep",
    "RolloutStepProgress",
    "RolloutWave",
    "StepSuggestion",
]

MAX_TEXT = 2000
MAX_NOTE = 500
#: The programme started in 2019: no date in the rollout lies before it.
PROGRAMME_START = date(2019, 1, 1)


class RolloutWave(models.Model):
    """The plan of one wave (kopgroep 2019, 2020, 2021...): which libraries belong to it is
    ``Organisation.wave``."""

    code = models.CharField(_("wave"), max_length=20, choices=Wave.choices, unique=True)
    planned_libraries = models.PositiveSmallIntegerField(_("planned number of libraries"))
    planned_start = models.DateField(
        _("planned start"),
        help_text=_("The first day an Informatiepunt of this wave may open."),
    )
    description = models.TextField(_("description"), max_length=MAX_TEXT, blank=True)
    selection_criteria = models.TextField(
        _("selection criteria"),
        max_length=MAX_TEXT,
        blank=True,
        help_text=_(
            "How the libraries were chosen: spread over the country, kind of area, "
            "cooperation with local partners."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["planned_start", "code"]
        verbose_name = _("rollout wave")
        verbose_name_plural = _("rollout waves")

    def __str__(self) -> str:
        return str(self.get_code_display())

    @property
    def year(self) -> int:
        """The wave's year: the year of its planned start."""
        return self.planned_start.year


class AreaKind(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")
    MIXED = "mixed", _("Mixed")


class PartnerCooperation(models.TextChoices):
    NONE = "none", _("No cooperation yet")
    STARTING = "starting", _("Cooperation starting")
    ESTABLISHED = "established", _("Established cooperation")


class LibraryRollout(models.Model):
    """A library organisation's rollout: planned and actual opening of its Informatiepunt and
    the selection criteria. Its wave is the organisation's ``wave``."""

    library = models.OneToOneField(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.CASCADE,
        related_name="rollout",
        limit_choices_to={"kind": OrganisationKind.LIBRARY},
    )
    planned_opening = models.DateField(_("planned opening"), null=True, blank=True)
    actual_opening = models.DateField(_("actual opening"), null=True, blank=True)
    area_kind = models.CharField(
        _("kind of area"), max_length=10, choices=AreaKind.choices, blank=True
    )
    partner_cooperation = models.CharField(
        _("cooperation with local partners"),
        max_length=15,
        choices=PartnerCooperation.choices,
        blank=True,
    )
    selection_notes = models.TextField(_("notes on the selection"), max_length=MAX_TEXT, blank=True)
    notes = models.TextField(_("notes"), max_length=MAX_TEXT, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["library__name"]
        verbose_name = _("library rollout")
        verbose_name_plural = _("library rollouts")

    def __str__(self) -> str:
        return str(self.library)


class StepSuggestion(models.TextChoices):
    """What Wegwijs itself knows about a step, shown as a suggestion on the checklist."""

    NONE = "", _("None")
    SOCIAL_MAP = "socialmap", _("Published offers on the social map")
    OPENING = "opening", _("The actual opening date")


class RolloutStep(models.Model):
    """One essential step of setting up an Informatiepunt (the programme office keeps the
    list). ``due_offset_days`` places its due date relative to the planned opening."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    title = models.CharField(_("step"), max_length=120)
    description = models.TextField(_("explanation"), max_length=MAX_TEXT, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    due_offset_days = models.SmallIntegerField(
        _("due (days from the planned opening)"),
        default=0,
        help_text=_("Negative: before the opening; for example -30 is a month before."),
    )
    suggestion = models.CharField(
        _("what Wegwijs suggests"),
        max_length=20,
        choices=StepSuggestion.choices,
        blank=True,
        default=StepSuggestion.NONE,
    )
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("A step no longer in use keeps its history but leaves the checklists."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")

    def __str__(self) -> str:
        return self.title


def evidence_path(instance: RolloutStepProgress, filename: str) -> str:
    """Where an uploaded proof is kept: a name of our own, never the uploader's file name."""
    return f"programme/rollout/evidence/{instance.library_id}/{uploads.storage_name(filename)}"


class RolloutStepProgress(models.Model):
    """A library's progress on one step: due and done dates, who ticked it, the evidence."""

    library = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("library organisation"),
        on_delete=models.CASCADE,
        related_name="rollout_steps",
    )
    step = models.ForeignKey(
        RolloutStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="progress"
    )
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        help_text=_("Leave empty to follow the planned opening."),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    from_suggestion = models.BooleanField(_("confirmed from Wegwijs data"), default=False)
    evidence_note = models.CharField(_("evidence"), max_length=MAX_NOTE, blank=True)
    evidence_link = models.URLField(_("link to the evidence"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_path, max_length=200, blank=True
    )

    class Meta:
        ordering = ["library", "step__position"]
        verbose_name = _("checklist progress")
        verbose_name_plural = _("checklist progress")
        constraints = [
            models.UniqueConstraint(fields=["library", "step"], name="rollout_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.library} – {self.step}"


def _delete_evidence(sender: type, instance: RolloutStepProgress, **kwargs: object) -> None:
    """A deleted progress row (a library or step removed) takes its file along, once the
    deletion is committed."""
    from django.db import transaction

    name = instance.evidence_file.name
    if name:
        storage = instance.evidence_file.storage
        transaction.on_commit(lambda: storage.delete(name) if storage.exists(name) else None)


models.signals.post_delete.connect(
    _delete_evidence, sender=RolloutStepProgress, dispatch_uid="rollout_evidence_delete"
)
