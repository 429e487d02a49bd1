"""Trained triage classifiers, kept in the database so every app process uses the same one."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TriageModel(models.Model):
    created_at = models.DateTimeField(_("trained"), default=timezone.now)
    examples = models.PositiveIntegerField(_("built-in examples"), default=0)
    articles = models.PositiveIntegerField(_("articles"), default=0)
    registrations = models.PositiveIntegerField(_("desk registrations"), default=0)
    last_question_id = models.BigIntegerField(_("last registration used"), default=0)
    metrics = models.JSONField(_("measured quality"), default=dict, blank=True)
    #: The fitted scikit-learn pipelines, pickled. Only ever written by ``train()`` in this
    #: process's code; never accepted from outside.
    blob = models.BinaryField(_("model"))

    class Meta:
        verbose_name = _("triage model")
        verbose_name_plural = _("triage models")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.registrations} registrations)"
