"""The catalogue of support activities: the built-in basic and extra support of the POIs.

Basic support (every province): intake, account management, a local meeting with staff, a
dialogue session with partners, a privacy session. Extra support (offered where a POI can,
e.g. Noord-Holland thanks to a provincial subsidy): advice on policy, strategy, marketing,
staff and volunteer policy; sessions on G!DS, drawing up a social map, marketing, working
with partners.

:func:`ensure` creates the built-in types that are missing (never changes existing ones, so
the offer that the programme office or a POI set stays as they set it). Extra types start
offered in Noord-Holland only. Built-in types are shown with a translated label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wegwijs.network.models import Province

if TYPE_CHECKING:
    from wegwijs.programme.support.models import SupportActivityType

#: Where the extra support starts out being offered.
EXTRA_PROVINCES = ("NL-NH",)


@dataclass(frozen=True)
class Builtin:
    code: str
    label: str | Promise
    tier: str
    category: str


BUILTIN: tuple[Builtin, ...] = (
    Builtin("intake", _("Intake interview"), "basic", "conversation"),
    Builtin(
        "accountmanagement",
        _("Account management (advice, sparring partner)"),
        "basic",
        "conversation",
    ),
    Builtin("lokale-bijeenkomst", _("Local meeting with staff"), "basic", "session"),
    Builtin("dialoogsessie", _("Dialogue session with partners"), "basic", "session"),
    Builtin("privacysessie", _("Privacy session"), "basic", "session"),
    Builtin("advies-beleid", _("Advice on policy"), "extra", "conversation"),
    Builtin("advies-strategie", _("Advice on strategy"), "extra", "conversation"),
    Builtin("advies-marketing", _("Advice on marketing"), "extra", "conversation"),
    Builtin("advies-personeel", _("Advice on staff and volunteer policy"), "extra", "conversation"),
    Builtin("sessie-gids", _("Session: working with G!DS"), "extra", "session"),
    Builtin("sessie-sociale-kaart", _("Session: drawing up a social map"), "extra", "session"),
    Builtin("sessie-marketing", _("Session: marketing the Informatiepunt"), "extra", "session"),
    Builtin("sessie-partners", _("Session: working with partners"), "extra", "session"),
)

LABELS: dict[str, str | Promise] = {b.code: b.label for b in BUILTIN}
BASIC_CODES: tuple[str, ...] = tuple(b.code for b in BUILTIN if b.tier == "basic")


def label(activity: SupportActivityType) -> str:
    """The name to show: the translated label of a built-in type, else the stored name."""
    if activity.is_builtin and activity.code in LABELS:
        return str(LABELS[activity.code])
    return activity.name


def _english(text: str | Promise) -> str:
    with translation.override("en"):
        return str(text)


def ensure() -> None:
    """Create the built-in types that are missing (cheap when they all exist: one query)."""
    from wegwijs.programme.support.models import SupportActivityType

    codes = {b.code for b in BUILTIN}
    have = set(SupportActivityType.objects.filter(code__in=codes).values_list("code", flat=True))
    if have == codes:
        return
    with transaction.atomic():
        extra_provinces = list(Province.objects.filter(code__in=EXTRA_PROVINCES))
        for position, builtin in enumerate(BUILTIN, start=1):
            if builtin.code in have:
                continue
            activity, created = SupportActivityType.objects.get_or_create(
                code=builtin.code,
                defaults={
                    # The English name (the msgid); pages show the translated label.
                    "name": _english(builtin.label),
                    "tier": builtin.tier,
                    "category": builtin.category,
                    "offered_everywhere": builtin.tier == "basic",
                    "position": position,
                    "is_builtin": True,
                },
            )
            if created and builtin.tier == "extra":
                activity.provinces.set(extra_provinces)
