"""Form support: a checked text field, and the one-click "mask it" for a whole form.

    class NoteForm(MaskablePrivacyFormMixin, forms.Form):
        note = PrivacyCheckedCharField(max_length=500, required=False, widget=forms.Textarea)

In the template render the field's errors with ``{% include "privacy/_finding_error.html" with
field=form.note %}``: on a personal-data error it offers a submit button named ``_mask``. When
that button sends the form, every privacy-checked field is masked before validation, so the
same submit saves "Bel mij op [TELEFOONNUMMER]" instead of refusing "Bel mij op 06-12345678".
"""

from __future__ import annotations

from typing import Any

from django import forms

from wegwijs.privacy.checks import validate_no_personal_data
from wegwijs.privacy.scanner import mask

MASK_PARAM = "_mask"


class PrivacyCheckedCharField(forms.CharField):
    """A CharField (max_length, strip... as usual) that refuses personal data."""

    privacy_checked = True
    default_validators = [validate_no_personal_data]


class MaskablePrivacyFormMixin:
    """On a submit with ``_mask=1``, mask the privacy-checked fields before validation."""

    fields: dict[str, forms.Field]
    data: Any
    is_bound: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.masked = False
        if self.is_bound and str(self.data.get(MASK_PARAM, "")) == "1":
            self.data = self._masked_data()
            self.masked = True

    def _masked_data(self) -> Any:
        data = self.data.copy()
        for name, field in self.fields.items():
            if not getattr(field, "privacy_checked", False):
                continue
            key = self.add_prefix(name)  # type: ignore[attr-defined]
            value = data.get(key)
            if isinstance(value, str) and value:
                data[key] = mask(value)
        return data
