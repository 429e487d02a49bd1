"""System check: the referral keys must be valid Fernet keys (checked at start-up)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register


@register()
def referral_keys_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from wegwijs.referrals.crypto import key_problems

    return [
        Error(problem, hint="Make one with `wegwijs referrals generate-key`.", id="referrals.E001")
        for problem in key_problems()
    ]
