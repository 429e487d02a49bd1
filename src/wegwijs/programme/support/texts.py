"""Free text of the support and training areas and the privacy guard.

Every free text (notes, descriptions, topics, titles) passes the guard as everywhere else.
The one exception is the *place* of a meeting or session: a venue's address ("Gedempte Gracht
428, Zaandam") is a public business address, not a person's, so the guard's address finding
is allowed there; every other kind (names, phone numbers, e-mail addresses...) is refused.
A refused place is not offered "mask and save" (masking would hide the venue).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wegwijs.privacy.checks import describe
from wegwijs.privacy.scanner import scan

VENUE_CODE = "personal_data_venue"


def validate_venue(value: str | None) -> None:
    findings = [f for f in scan(value or "") if f.kind != "address"]
    if findings:
        raise ValidationError(
            _("This text seems to contain personal data: %(findings)s.")
            % {"findings": describe(findings)}
            + " "
            + _("Give the venue and the town only."),
            code=VENUE_CODE,
        )


class VenueField(forms.CharField):
    """The place of a meeting: a venue and a town, its address allowed."""

    default_validators = [validate_venue]
