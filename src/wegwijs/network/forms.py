"""Forms for editing a branch, its weekly hours and its exceptions (holidays)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijs.network.models import Branch, HoursKind, OpeningException, OpeningPeriod
from wegwijs.network.services import ExceptionData, PeriodData
from wegwijs.network.validators import normalise_postcode


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class BranchForm(forms.ModelForm):
    class Meta:
        model = Branch
        fields = [
            "organisation",
            "name",
            "street",
            "postcode",
            "place",
            "municipality",
            "latitude",
            "longitude",
            "has_ido",
            "staff_count",
            "volunteer_count",
            "accessibility",
        ]
        widgets = {
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "place": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = True
        self.fields["organisation"].error_messages["required"] = _(
            "Choose the library organisation this branch belongs to."
        )
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data.get("postcode", ""))


class PeriodForm(forms.ModelForm):
    class Meta:
        model = OpeningPeriod
        fields = ["kind", "weekday", "opens", "closes"]
        widgets = {"opens": TimeInput(), "closes": TimeInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be later than the opening time."))
        return data

    def to_data(self) -> PeriodData:
        d = self.cleaned_data
        return PeriodData(
            weekday=d["weekday"], opens=d["opens"], closes=d["closes"], kind=d["kind"]
        )


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = OpeningException
        fields = ["date", "closed", "opens", "closes", "reason"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "opens": TimeInput(),
            "closes": TimeInput(),
        }

    def to_data(self) -> ExceptionData:
        d = self.cleaned_data
        return ExceptionData(
            date=d["date"],
            closed=d["closed"],
            opens=d.get("opens"),
            closes=d.get("closes"),
            reason=d.get("reason", ""),
        )


def kept_rows(formset: forms.BaseFormSet) -> list[Any]:
    """The rows to keep: existing or filled-in rows, not marked for removal."""
    return [
        form
        for form in formset.forms
        if (form.instance.pk or form.has_changed())
        and form.is_valid()
        and not form.cleaned_data.get("DELETE")
    ]


class BasePeriodFormSet(forms.BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        from django.core.exceptions import ValidationError

        from wegwijs.network.services import validate_periods

        rows = kept_rows(self)
        try:
            validate_periods([form.to_data() for form in rows])
        except ValidationError as exc:
            for index, messages in exc.message_dict.items():
                for message in messages:
                    rows[int(index)].add_error("opens", message)
            raise ValidationError(_("Some hours overlap. Correct the rows marked below.")) from None


PeriodFormSet = forms.modelformset_factory(
    OpeningPeriod, form=PeriodForm, formset=BasePeriodFormSet, extra=3, can_delete=True
)
ExceptionFormSet = forms.modelformset_factory(
    OpeningException, form=ExceptionForm, extra=2, can_delete=True
)

__all__ = ["BranchForm", "ExceptionFormSet", "HoursKind", "PeriodFormSet", "kept_rows"]
