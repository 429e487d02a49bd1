"""Pre-aggregated counts of the desk registrations (rollups), kept current by database
triggers on ``desk_visit`` and ``desk_question`` (see :mod:`wegwijs.monitor.rollups`).

A rollup row counts the questions (or visits) that share a key: a *shape* (which codes the
row keeps), a *grain* (a local day or a month), a *geography* (national, a province, a
branch) and the codes of the shape. Codes a shape does not keep are stored as ``""`` (and
weekday and hour as -1), so one unique key serves every shape.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grain(models.TextChoices):
    DAY = "d", _("day")
    MONTH = "m", _("month")


class Geo(models.TextChoices):
    NATIONAL = "n", _("national")
    PROVINCE = "p", _("province")
    BRANCH = "b", _("branch")


class QuestionRollup(models.Model):
    """Questions counted by shape, grain, geography and codes."""

    shape = models.PositiveSmallIntegerField()
    grain = models.CharField(max_length=1, choices=Grain.choices)
    geo = models.CharField(max_length=1, choices=Geo.choices)
    geo_id = models.BigIntegerField(help_text="0 national, else the province's or branch's id")
    period = models.DateField(help_text="The local day, or the first day of the month")
    kind = models.CharField(max_length=12, default="", blank=True)
    organisation = models.CharField(max_length=20, default="", blank=True)
    theme = models.CharField(max_length=24, default="", blank=True)
    help_given = models.CharField(max_length=14, default="", blank=True)
    referral_target = models.CharField(max_length=24, default="", blank=True)
    channel = models.CharField(max_length=10, default="", blank=True)
    duration = models.CharField(max_length=6, default="", blank=True)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("question rollup")
        verbose_name_plural = _("question rollups")
        constraints = [
            # geo_id before period: a scope's branches or provinces are one index range each.
            models.UniqueConstraint(
                fields=[
                    "shape",
                    "grain",
                    "geo",
                    "geo_id",
                    "period",
                    "kind",
                    "organisation",
                    "theme",
                    "help_given",
                    "referral_target",
                    "channel",
                    "duration",
                ],
                name="monitor_question_rollup_key",
            ),
        ]
        indexes = [
            # every branch (or province) in a period: the branch comparison, a POI's scope
            models.Index(fields=["shape", "grain", "geo", "period"], name="monitor_q_period"),
        ]

    def __str__(self) -> str:
        return f"{self.shape}/{self.grain}/{self.geo}{self.geo_id} {self.period}: {self.n}"


class VisitRollup(models.Model):
    """Visits counted by shape, grain, geography, weekday and hour."""

    shape = models.PositiveSmallIntegerField()
    grain = models.CharField(max_length=1, choices=Grain.choices)
    geo = models.CharField(max_length=1, choices=Geo.choices)
    geo_id = models.BigIntegerField()
    period = models.DateField()
    weekday = models.SmallIntegerField(default=-1, help_text="0 Monday ... 6 Sunday, local")
    hour = models.SmallIntegerField(default=-1, help_text="0 to 23, local")
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("visit rollup")
        verbose_name_plural = _("visit rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["shape", "grain", "geo", "geo_id", "period", "weekday", "hour"],
                name="monitor_visit_rollup_key",
            ),
        ]
        indexes = [
            models.Index(fields=["shape", "grain", "geo", "period"], name="monitor_v_period"),
        ]

    def __str__(self) -> str:
        return f"{self.shape}/{self.grain}/{self.geo}{self.geo_id} {self.period}: {self.n}"


class RollupPause(models.Model):
    """While a transaction holds a row here, the triggers of *that transaction* skip their
    work: a bulk load (``wegwijs generate-registrations``) adds its rows' counts in one
    statement before it commits. Other transactions never see the uncommitted row."""

    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rollup pause")
        verbose_name_plural = _("rollup pauses")

    def __str__(self) -> str:
        return f"pause {self.pk}"
