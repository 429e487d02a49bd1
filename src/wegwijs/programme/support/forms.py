"""Forms of the support area. The rules live in services.py; these collect and type input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.models import User
from wegwijs.network.models import Organisation, Province
from wegwijs.privacy.forms import MaskablePrivacyFormMixin, PrivacyCheckedCharField
from wegwijs.programme.common import DateInput, PoiProvinceFilterForm, TimeInput
from wegwijs.programme.support.matrix import STATUS_CHOICES
from wegwijs.programme.support.models import (
    MAX_DESCRIPTION,
    MAX_NOTES,
    SupportActivityType,
    SupportCategory,
    SupportTier,
)
from wegwijs.programme.support.texts import VenueField


class ConsultantChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class ActivityChoiceField(forms.ModelChoiceField[SupportActivityType]):
    def label_from_instance(self, obj: SupportActivityType) -> str:
        return obj.label


class ItemForm(MaskablePrivacyFormMixin, forms.Form):
    planned_on = forms.DateField(label=_("Planned for"), required=False, widget=DateInput())
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())
    consultant = ConsultantChoiceField(
        label=_("By (POI consultant)"), queryset=User.objects.none(), required=False
    )
    notes = PrivacyCheckedCharField(
        label=_("Notes"),
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was agreed or done. No names, phone numbers or other personal data."),
    )

    def __init__(self, *args: Any, consultants: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants  # type: ignore[attr-defined]

    def clean_done_on(self) -> Any:
        # The service checks this too; here it shows together with the other fields' errors.
        done_on = self.cleaned_data.get("done_on")
        if done_on is not None and done_on > timezone.localdate():
            raise forms.ValidationError(_("A date in the future cannot be the date it was done."))
        return done_on


class PlanBasicForm(forms.Form):
    start = forms.DateField(
        label=_("Date of the intake"),
        widget=DateInput(),
        help_text=_(
            "The next activities are planned four weeks apart; you can change each date later."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"start": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["start"].widget.attrs["id"] = "id_plan_start"


class MatrixFilterForm(PoiProvinceFilterForm):
    activity = ActivityChoiceField(
        label=_("Activity"),
        queryset=SupportActivityType.objects.none(),
        required=False,
        to_field_name="code",
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Every status")), *STATUS_CHOICES], required=False
    )

    def __init__(
        self, *args: Any, activities: QuerySet[SupportActivityType], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["activity"].empty_label = _("Any activity")  # type: ignore[attr-defined]


class ProvincesField(forms.ModelMultipleChoiceField[Province]):
    widget = forms.CheckboxSelectMultiple


class OfferForm(forms.Form):
    provinces = ProvincesField(
        label=_("Offered in"), queryset=Province.objects.none(), required=False
    )
    offered_everywhere = forms.BooleanField(label=_("Offered in every province"), required=False)
    active = forms.BooleanField(label=_("In use"), required=False)

    def __init__(
        self, *args: Any, provinces: QuerySet[Province], national: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provinces"].queryset = provinces  # type: ignore[attr-defined]
        if not national:
            del self.fields["offered_everywhere"]
            del self.fields["active"]


class ActivityForm(forms.Form):
    name = PrivacyCheckedCharField(label=_("Name"), max_length=120)
    tier = forms.ChoiceField(label=_("Tier"), choices=SupportTier.choices)
    category = forms.ChoiceField(label=_("Form"), choices=SupportCategory.choices)
    offered_everywhere = forms.BooleanField(label=_("Offered in every province"), required=False)
    provinces = ProvincesField(
        label=_("Offered in"), queryset=Province.objects.all(), required=False
    )


class MeetingForm(MaskablePrivacyFormMixin, forms.Form):
    topic = PrivacyCheckedCharField(label=_("Topic"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts at"), required=False, widget=TimeInput())
    online = forms.BooleanField(label=_("Online meeting"), required=False)
    place = VenueField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_(
            "The venue and the town, e.g. Bibliotheek Zaandam. Leave empty for an online meeting."
        ),
    )
    provinces = ProvincesField(label=_("Provinces"), queryset=Province.objects.none())
    organiser = forms.ModelChoiceField(
        label=_("Organiser (POI)"), queryset=Organisation.objects.none(), empty_label=None
    )
    description = PrivacyCheckedCharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        provinces: QuerySet[Province],
        organisers: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provinces"].queryset = provinces  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]


class ParticipantsForm(forms.Form):
    """One number field per library of the meeting's provinces (0 or empty: not there)."""

    def __init__(self, *args: Any, libraries: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.libraries = libraries
        for library in libraries:
            self.fields[f"people_{library.pk}"] = forms.IntegerField(
                label=library.name,
                required=False,
                min_value=0,
                max_value=999,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def people(self) -> dict[int, int]:
        return {
            library.pk: self.cleaned_data.get(f"people_{library.pk}") or 0
            for library in self.libraries
        }


class MaterialForm(MaskablePrivacyFormMixin, forms.Form):
    title = PrivacyCheckedCharField(label=_("Title"), max_length=200)
    description = PrivacyCheckedCharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, image or office document, at most 10 MB."),
    )
    url = forms.URLField(
        label=_("Or a link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("For example a page on the BiebtoBieb group."),
    )


class MeetingFilterForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False, to_field_name="code"
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("All meetings")), ("komend", _("Coming")), ("geweest", _("Past"))],
    )

    def __init__(self, *args: Any, provinces: QuerySet[Province], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        self.fields["province"].empty_label = _("Every province")  # type: ignore[attr-defined]
