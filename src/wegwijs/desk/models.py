"""A visit (bezoek) at the IDO with one or more questions, and the audit trail of changes.

Registration is anonymous: no field holds personal data, and the free-text fields pass the
privacy guard before they are stored (see wegwijs.privacy).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijs.desk.codes import (
    MAX_TEXT,
    Channel,
    Duration,
    HelpGiven,
    Kind,
    Layer,
    OrganisationCode,
    ReferralTarget,
    Theme,
)
from wegwijs.network.models import Branch


class Visit(models.Model):
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="visits"
    )
    occurred_at = models.DateTimeField(_("date and time"), db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    duration = models.CharField(_("duration"), max_length=6, choices=Duration.choices)
    note = models.TextField(_("anonymous note"), max_length=MAX_TEXT, blank=True)
    batch = models.UUIDField(
        _("tally batch"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Visits entered together in tally mode share a batch."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_visits",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["branch", "occurred_at"], name="visit_branch_time")]

    def __str__(self) -> str:
        return f"{self.branch} {self.occurred_at:%Y-%m-%d %H:%M}"


class Question(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind of question"), max_length=12, choices=Kind.choices)
    theme = models.CharField(_("theme"), max_length=24, choices=Theme.choices, db_index=True)
    organisation = models.CharField(
        _("organisation"), max_length=20, choices=OrganisationCode.choices, db_index=True
    )
    layer = models.CharField(_("government layer"), max_length=10, choices=Layer.choices)
    help_given = models.CharField(_("help given"), max_length=14, choices=HelpGiven.choices)
    referral_target = models.CharField(
        _("referred to"), max_length=24, choices=ReferralTarget.choices, blank=True
    )
    citizen_words = models.TextField(
        _("the question in the citizen's words"), max_length=MAX_TEXT, blank=True
    )

    class Meta:
        ordering = ["visit", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(help_given="doorverwezen") | ~models.Q(referral_target=""),
                name="referral_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme} / {self.organisation}"


class IdempotencyKey(models.Model):
    """An API client's Idempotency-Key: a retried POST returns the first result."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=200)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key


class VisitChange(models.Model):
    """Audit trail: who created, changed or deleted a registration, and which fields changed.

    Keeps the visit id (also after deletion) and the changed codes; free-text values are not
    copied (only "changed"), so the trail never holds more than the registration did.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("registered")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    visit_id_ref = models.BigIntegerField(_("visit"), db_index=True)
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change to a registration")
        verbose_name_plural = _("changes to registrations")

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.visit_id_ref}"
