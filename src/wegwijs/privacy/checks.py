"""The one validator for free text: refuse personal data, say what was found and where.

``validate_no_personal_data(value)`` raises :class:`PersonalDataError` (a Django
ValidationError with code ``personal_data``) naming the kinds found and their character
positions, never the data itself. Forms use it through wegwijs.privacy.forms, the API through
wegwijs.privacy.api, services can call it directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wegwijs.privacy.scanner import Finding, scan

CODE = "personal_data"
MAX_LISTED = 5

KIND_LABELS = {
    "bsn": gettext_lazy("a BSN (citizen service number)"),
    "iban": gettext_lazy("a bank account number (IBAN)"),
    "phone": gettext_lazy("a phone number"),
    "email": gettext_lazy("an e-mail address"),
    "dob": gettext_lazy("a date of birth"),
    "name": gettext_lazy("a name"),
    "address": gettext_lazy("an address"),
}


class PersonalDataError(ValidationError):
    """A ValidationError that also carries the findings (kinds and offsets, no data)."""

    def __init__(self, message: str, findings: Sequence[Finding]) -> None:
        super().__init__(message, code=CODE)
        self.findings = list(findings)


def describe(findings: Sequence[Finding]) -> str:
    """'een BSN (teken 12–22) en een telefoonnummer (teken 40–51)': kinds and 1-based,
    inclusive character positions, never the text itself."""
    parts = [
        _("%(what)s (characters %(start)s–%(end)s)")
        % {"what": KIND_LABELS[f.kind], "start": f.start + 1, "end": f.end}
        for f in findings[:MAX_LISTED]
    ]
    rest = len(findings) - MAX_LISTED
    if rest > 0:
        parts.append(
            ngettext("%(count)s more piece", "%(count)s more pieces", rest) % {"count": rest}
        )
    return str(get_text_list(parts, _("and")))


def personal_data_message(findings: Sequence[Finding], *, hint: bool = True) -> str:
    message = _("This text seems to contain personal data: %(findings)s.") % {
        "findings": describe(findings)
    }
    if hint:
        message += " " + _("Remove it or choose 'Mask'.")
    return message


def validate_no_personal_data(value: str | None) -> None:
    """Raise PersonalDataError when ``value`` contains personal data."""
    findings = scan(value or "")
    if findings:
        raise PersonalDataError(personal_data_message(findings), findings)


def personal_data_errors(texts: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """For validators that collect errors by field path: the messages for each path whose
    text holds personal data (empty texts are skipped)."""
    errors: dict[str, list[str]] = {}
    for path, text in texts:
        if not text:
            continue
        try:
            validate_no_personal_data(text)
        except ValidationError as exc:
            errors.setdefault(path, []).extend(exc.messages)
    return errors


def validate_no_personal_data_api(value: str | None) -> None:
    """The same check for API clients: no hint about a button they do not have."""
    findings = scan(value or "")
    if findings:
        message = personal_data_message(findings, hint=False)
        message += " " + _("Remove it, or send the text again with it masked.")
        raise PersonalDataError(message, findings)
