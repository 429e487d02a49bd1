"""Template helper for the link from the dashboard to the feedback to agencies."""

from __future__ import annotations

from typing import Any

from django import template

from wegwijs.monitor.feedback import may_see

register = template.Library()


@register.filter
def may_see_feedback(user: Any) -> bool:
    """Agency analysts, the programme office and administrators see the feedback page."""
    return may_see(user)
