"""The built-in trainings: the e-learning with practical assignments and the sessions
'doorvragen' (asking follow-up questions), 'zakelijke empathie' (business empathy) and
'privacy' (from the programme's Deskundigheidsbevordering).

By default someone counts as trained after the e-learning, 'doorvragen' and 'zakelijke
empathie' (the skills the programme names); the programme office chooses which trainings are
required and may add more. :func:`ensure` creates the missing built-in trainings and never
changes existing ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from wegwijs.programme.training.models import TrainingType


@dataclass(frozen=True)
class Builtin:
    code: str
    label: str | Promise
    kind: str
    required: bool


BUILTIN: tuple[Builtin, ...] = (
    Builtin("elearning", _("E-learning with practical assignments"), "elearning", True),
    Builtin("doorvragen", _("Asking follow-up questions (doorvragen)"), "session", True),
    Builtin("zakelijke-empathie", _("Business empathy (zakelijke empathie)"), "session", True),
    Builtin("privacy", _("Privacy at the Informatiepunt"), "session", False),
)
LABELS: dict[str, str | Promise] = {b.code: b.label for b in BUILTIN}


def label(training: TrainingType) -> str:
    if training.is_builtin and training.code in LABELS:
        return str(LABELS[training.code])
    return training.name


def _english(text: str | Promise) -> str:
    with translation.override("en"):
        return str(text)


def ensure() -> None:
    """Create the built-in trainings that are missing (one query when they all exist)."""
    from wegwijs.programme.training.models import TrainingType

    codes = {b.code for b in BUILTIN}
    have = set(TrainingType.objects.filter(code__in=codes).values_list("code", flat=True))
    if have == codes:
        return
    with transaction.atomic():
        for position, builtin in enumerate(BUILTIN, start=1):
            if builtin.code not in have:
                TrainingType.objects.get_or_create(
                    code=builtin.code,
                    defaults={
                        "name": _english(builtin.label),
                        "kind": builtin.kind,
                        "required": builtin.required,
                        "position": position * 10,
                        "is_builtin": True,
                    },
                )
