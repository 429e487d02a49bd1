"""Small pieces the programme's areas share, so each area's views, forms and services keep
only what is their own: date and time inputs, the POI and province filter of the overviews,
collecting a service's errors by field, putting them on a form, and the export formats.

Uploaded files are checked, named and served by :mod:`wegwijs.core.uploads`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from wegwijs.core.exports import FORMATS
from wegwijs.network.models import Organisation, Province
from wegwijs.privacy.checks import personal_data_errors


# -- forms -------------------------------------------------------------------------------
class DateInput(forms.DateInput):
    """The browser's date picker (ISO dates, so it can show the value)."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class PoiProvinceFilterForm(forms.Form):
    """The overviews' filter: a province of those given, and a POI when ``pois`` is given
    (the programme office's national view); without ``pois`` the field is left out."""

    poi = forms.ModelChoiceField(
        label=_("POI"), queryset=Organisation.objects.none(), required=False, to_field_name="slug"
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False, to_field_name="code"
    )

    def __init__(
        self,
        *args: Any,
        pois: QuerySet[Organisation] | None,
        provinces: QuerySet[Province],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if pois is None:
            del self.fields["poi"]
        else:
            self.fields["poi"].queryset = pois  # type: ignore[attr-defined]
            self.fields["poi"].empty_label = _("Every POI")  # type: ignore[attr-defined]
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        self.fields["province"].empty_label = _("Every province")  # type: ignore[attr-defined]


# -- errors ------------------------------------------------------------------------------
class Errors:
    """A service's errors, collected by field path (``"title"``, ``"lines.0.amount_2020"``,
    ``"__all__"``) while it checks the whole change; :meth:`raise_if_any` raises them as one
    ``ValidationError`` before anything is stored."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, path: str, message: Any, code: str | None = None) -> None:
        """Add a message (or a ``ValidationError``, which keeps its own code) to ``path``."""
        error = message if isinstance(message, ValidationError) else ValidationError(message, code)
        self.errors.setdefault(path, []).append(error)

    def add_texts(self, texts: Iterable[tuple[str, str]]) -> None:
        """The privacy guard over ``(path, text)`` pairs: what it finds goes to the path with
        the code that lets the form offer "Mask and save"."""
        for path, found in personal_data_errors(texts).items():
            for message in found:
                self.add(path, message, "personal_data")

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def apply_errors(
    form: forms.BaseForm, exc: ValidationError, rename: Callable[[str], str] | None = None
) -> None:
    """Put a service's ``ValidationError`` on ``form``: each path's errors at the field of that
    name (after ``rename``), the others and errors without a path at the top of the form.
    Codes and parameters stay, so the privacy guard can offer "Mask and save"."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for path, errors in exc.error_dict.items():
        name = rename(path) if rename is not None else path
        form.add_error(name if name in form.fields else None, errors)


def save_posted(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], object],
    message: str,
    rename: Callable[[str], str] | None = None,
) -> bool:
    """The POST half of a form page: when ``form`` is posted and valid, ``save(cleaned_data)``
    and flash ``message``; True when saved (redirect then). A service's refusal lands on the
    form (see :func:`apply_errors`) and gives False, as does a GET or an invalid form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc, rename)
        return False
    messages.success(request, message)
    return True


# -- exports -----------------------------------------------------------------------------
def export_format(fmt: str) -> str:
    """``fmt`` when it is a download format (``csv``, ``xlsx``); otherwise the page is 404."""
    if fmt not in FORMATS:
        raise Http404
    return fmt
