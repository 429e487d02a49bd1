"""Forms of the subsidy pages. They collect input; the rules live in ``services.py``."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from wegwijs.network.models import Organisation, Province
from wegwijs.privacy.forms import MaskablePrivacyFormMixin
from wegwijs.programme.common import DateInput
from wegwijs.programme.subsidy.formatting import AmountError, format_amount, parse_amount
from wegwijs.programme.subsidy.models import (
    MAX_CONTACT,
    MAX_NOTE,
    SubsidyLineAmount,
    SubsidyScheme,
    SubsidyState,
)

MAX_AMOUNT_INPUT = 30


class AmountField(forms.Field):
    """An amount in euros as people type it ("12.500", "€ 12.500,50"); gives a Decimal."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "class": "subsidy-amount"}
        )

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > MAX_AMOUNT_INPUT:
            raise ValidationError(_("This amount is too long."), code="invalid")
        try:
            return parse_amount(text)
        except AmountError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_amount(value)
        return value


class PrivacyText(forms.CharField):
    """Free text that the service checks for personal data (with the "Mask" offer)."""

    privacy_checked = True


class ApplicationForm(MaskablePrivacyFormMixin, forms.Form):
    contact = PrivacyText(
        label=_("How can the programme office reach you about this application?"),
        required=False,
        max_length=MAX_CONTACT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example the department or the general address of your organisation. No names, "
            "phone numbers or e-mail addresses of people: the person who submits is linked to "
            "the application."
        ),
    )
    total = AmountField(
        label=_("Total requested (check)"),
        required=False,
        help_text=_(
            "Optional: the total of all rows, as in your budget. If you fill it in, it must "
            "equal the sum of the amounts."
        ),
    )


class LineForm(forms.Form):
    """One library: the start year and the amount per budget year."""

    library = forms.TypedChoiceField(label=_("Library organisation"), coerce=int, required=False)
    start_year = forms.TypedChoiceField(label=_("Start year"), coerce=int, required=False)

    def __init__(
        self,
        *args: Any,
        scheme: SubsidyScheme,
        libraries: Sequence[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        library = cast(forms.TypedChoiceField, self.fields["library"])
        choices = [(o.pk, o.name) for o in libraries]
        library.choices = choices if len(choices) == 1 else [("", "---------"), *choices]
        if len(choices) == 1:
            self.fields["library"].initial = choices[0][0]
        start = cast(forms.TypedChoiceField, self.fields["start_year"])
        start.choices = [("", "---------"), *[(y, str(y)) for y in scheme.start_years]]
        self.years = scheme.years
        for year in self.years:
            self.fields[f"amount_{year}"] = AmountField(
                label=_("Amount %(year)s") % {"year": year}, required=False
            )

    def amount_fields(self) -> list[forms.BoundField]:
        return [self[f"amount_{year}"] for year in self.years]

    def is_blank(self) -> bool:
        """Nothing filled in: the row is left out."""
        data = getattr(self, "cleaned_data", {})
        return not data.get("library") and not any(
            data.get(f"amount_{year}") for year in self.years
        )


def line_formset(
    *,
    scheme: SubsidyScheme,
    libraries: Sequence[Organisation],
    data: Any = None,
    initial: list[dict[str, Any]] | None = None,
    extra_rows: int = 0,
) -> Any:
    """The lines' formset: rows for ``initial`` plus ``extra_rows`` empty ones (a library
    applies with exactly one row), never more rows than libraries to choose from."""
    rows = len(initial or []) + extra_rows
    limit = max(1, len(libraries))
    formset_class = formset_factory(
        LineForm,
        extra=max(0, min(rows, limit) - len(initial or [])),
        max_num=limit,
        absolute_max=limit,
        validate_max=True,
    )
    return formset_class(
        data,
        initial=initial,
        prefix="lines",
        form_kwargs={"scheme": scheme, "libraries": libraries},
    )


# -- the programme office ------------------------------------------------------------------
def amount_key(row: SubsidyLineAmount) -> str:
    return f"amount_{row.line_id}_{row.year}"


class AmountsForm(MaskablePrivacyFormMixin, forms.Form):
    """One amount per organisation and year (granting, paying, settling)."""

    def __init__(
        self, *args: Any, rows: Sequence[SubsidyLineAmount], initial_from: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[amount_key(row)] = AmountField(
                label=_("%(organisation)s, %(year)s")
                % {"organisation": row.line.library.name, "year": row.year},
                required=True,
                initial=getattr(row, initial_from),
            )
        # Text and date fields after the amounts.
        self.order_fields([amount_key(r) for r in self.rows])

    def amounts(self) -> dict[tuple[int, int], Decimal | None]:
        return {
            (row.line_id, row.year): self.cleaned_data.get(amount_key(row)) for row in self.rows
        }

    def amount_rows(self) -> list[tuple[SubsidyLineAmount, forms.BoundField]]:
        return [(row, self[amount_key(row)]) for row in self.rows]


class AssessForm(MaskablePrivacyFormMixin, forms.Form):
    note = PrivacyText(
        label=_("Assessment"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what you checked. Without personal data."),
    )


class GrantForm(AmountsForm):
    reason = PrivacyText(
        label=_("Reason for a lower amount"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you grant less than requested. It is in the decision letter."),
    )


class RejectForm(MaskablePrivacyFormMixin, forms.Form):
    reason = PrivacyText(
        label=_("Reason for the rejection"),
        required=True,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("It is in the decision letter. Without personal data."),
    )


class PaymentForm(AmountsForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())


class ListFilterForm(forms.Form):
    regeling = forms.ChoiceField(label=_("Scheme"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *SubsidyState.choices]
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    poi = forms.ChoiceField(label=_("POI"), required=False)
    start_year = forms.TypedChoiceField(label=_("Start year"), required=False, coerce=int)

    def __init__(
        self,
        *args: Any,
        schemes: Sequence[SubsidyScheme],
        provinces: Sequence[Province],
        pois: Sequence[Organisation],
        start_years: Sequence[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["regeling"]).choices = [
            (s.slug, s.name) for s in schemes
        ]
        cast(forms.ChoiceField, self.fields["province"]).choices = [
            ("", _("All")),
            *[(p.code, p.name) for p in provinces],
        ]
        cast(forms.ChoiceField, self.fields["poi"]).choices = [
            ("", _("All")),
            *[(p.slug, p.name) for p in pois],
        ]
        cast(forms.ChoiceField, self.fields["start_year"]).choices = [
            ("", _("All")),
            *[(y, str(y)) for y in start_years],
        ]
        if len(schemes) <= 1:
            del self.fields["regeling"]
        for name, options in (("province", provinces), ("poi", pois), ("start_year", start_years)):
            if not options:  # nothing to choose (a coordinator has no provinces or POIs here)
                del self.fields[name]
