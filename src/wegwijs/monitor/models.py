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


# --- Quarterly reports by e-mail and open data (monitor/subscriptions.py, opendata.py) -------


class ReportSubscription(models.Model):
    """A user who receives the quarterly report of its own scope by e-mail."""

    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="monitor_report_subscription",
    )
    created_at = models.DateTimeField(_("subscribed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quarterly report subscription")
        verbose_name_plural = _("quarterly report subscriptions")

    def __str__(self) -> str:
        return f"subscription of user {self.user_id}"


class ReportDelivery(models.Model):
    """One quarter's report for one user: sent once (``sent_at``), retried on failure.
    ``claimed_at`` marks a run that is sending it, so two runs never send it twice."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="monitor_report_deliveries",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    scope = models.CharField(_("scope"), max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quarterly report delivery")
        verbose_name_plural = _("quarterly report deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year", "quarter"], name="monitor_report_delivery_once"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="monitor_report_delivery_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.year} for user {self.user_id}"


class OpenDataRelease(models.Model):
    """The open data of one quarter as first published, kept as it was: every later download
    gives the same figures, so versions cannot be compared to work out a small figure."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    content = models.JSONField(_("tables"))

    class Meta:
        verbose_name = _("open data release")
        verbose_name_plural = _("open data releases")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="monitor_open_data_once"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="monitor_open_data_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"open data Q{self.quarter} {self.year}"


# --- Rollup deltas (PostgreSQL; monitor/rollups.py, "fold") ------------------------------------


class QuestionRollupDelta(models.Model):
    """On PostgreSQL the triggers append their grouped counts here (same columns as
    :class:`QuestionRollup`, no unique key: registrations never wait for each other); a fold
    moves them into the rollups (``rollups.fold``). Empty on SQLite."""

    shape = models.PositiveSmallIntegerField()
    grain = models.CharField(max_length=1, choices=Grain.choices)
    geo = models.CharField(max_length=1, choices=Geo.choices)
    geo_id = models.BigIntegerField()
    period = models.DateField()
    kind = models.CharField(max_length=12, default="", blank=True)
    organisation = models.CharField(max_length=20, default="", blank=True)
    theme = models.CharField(max_length=24, default="", blank=True)
    help_given = models.CharField(max_length=14, default="", blank=True)
    referral_target = models.CharField(max_length=24, default="", blank=True)
    channel = models.CharField(max_length=10, default="", blank=True)
    duration = models.CharField(max_length=6, default="", blank=True)
    n = models.BigIntegerField()

    class Meta:
        verbose_name = _("question rollup delta")
        verbose_name_plural = _("question rollup deltas")

    def __str__(self) -> str:
        return f"{self.shape}/{self.grain}/{self.geo}{self.geo_id} {self.period}: {self.n:+}"


class VisitRollupDelta(models.Model):
    """The visit counts waiting to be folded into :class:`VisitRollup` (PostgreSQL)."""

    shape = models.PositiveSmallIntegerField()
    grain = models.CharField(max_length=1, choices=Grain.choices)
    geo = models.CharField(max_length=1, choices=Geo.choices)
    geo_id = models.BigIntegerField()
    period = models.DateField()
    weekday = models.SmallIntegerField(default=-1)
    hour = models.SmallIntegerField(default=-1)
    n = models.BigIntegerField()

    class Meta:
        verbose_name = _("visit rollup delta")
        verbose_name_plural = _("visit rollup deltas")

    def __str__(self) -> str:
        return f"{self.shape}/{self.grain}/{self.geo}{self.geo_id} {self.period}: {self.n:+}"
