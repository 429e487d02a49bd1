"""Template tags the desk pages use to offer referrals."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("referrals/_desk_offer.html", takes_context=True)
def referral_offer(context: dict[str, Any]) -> dict[str, Any]:
    """After registering a visit with a referral: links to refer its questions (once)."""
    from wegwijs.referrals.desk import pop_referral_questions

    request = context.get("request")
    if request is None or request.method != "GET":
        return {"referral_questions": []}
    return {"referral_questions": pop_referral_questions(request)}


@register.simple_tag(takes_context=True)
def can_refer(context: dict[str, Any]) -> bool:
    from wegwijs.referrals.selectors import can_make_referrals

    request = context.get("request")
    return bool(request is not None and can_make_referrals(request.user))
