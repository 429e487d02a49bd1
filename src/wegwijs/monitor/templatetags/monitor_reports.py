"""Template helpers for the links to the quarterly report and the open data."""

from __future__ import annotations

from typing import Any

from django import template

from wegwijs.accounts import scoping
from wegwijs.monitor import pdfreport

register = template.Library()


@register.filter
def has_quarterly_report(user: Any) -> bool:
    return pdfreport.own_scope(user) is not None


@register.filter
def may_publish_open_data(user: Any) -> bool:
    return scoping.scope_for(user).level == scoping.Level.NATIONAL
