"""The API side of the privacy guard: a DRF CharField that refuses personal data.

The error is a normal field error (code ``personal_data``) in the problem+json response; it
names the kinds and character positions found, never the data. Clients mask with their own
copy of the rules or send the text again without it.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from wegwijs.privacy.checks import validate_no_personal_data_api


class PrivacyCheckedCharField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_no_personal_data_api)
