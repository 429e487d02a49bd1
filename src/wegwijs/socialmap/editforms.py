"""Forms of the keeper pages: a service with its organisation, its phones, its locations and
their times, and the spreadsheet upload. They read what was typed; the rules live in
``keeping.py`` and ``services.py``."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijs.desk.codes import Theme
from wegwijs.geo.models import in_netherlands
from wegwijs.network.validators import normalise_postcode
from wegwijs.privacy.forms import MaskablePrivacyFormMixin, PrivacyCheckedCharField
from wegwijs.socialmap import keeping
from wegwijs.socialmap.models import (
    Access,
    Format,
    Location,
    Phone,
    Schedule,
    Scope,
    ServiceAtLocation,
    TargetGroup,
)

_PHONE_RE = re.compile(r"\+?[0-9][0-9 ()\-.]{4,28}[0-9]")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _lines(items: list[str]) -> str:
    return "\n".join(items)


class _Row:
    """A row of a formset: ``stored`` tells an existing object from a new row (ids are UUIDs
    with a default, so a new instance has a pk already)."""

    instance: Any

    @property
    def stored(self) -> bool:
        return not self.instance._state.adding


#: The organisation choice that means "a new organisation".
NEW = "nieuw"


class ServiceForm(MaskablePrivacyFormMixin, forms.Form):
    """The service and which organisation offers it (one of the keeper's, or a new one)."""

    organization = forms.ChoiceField(
        label=_("Organisation"),
        help_text=_("One of the organisations you keep, or a new one (fill it in below)."),
    )
    new_organization_name = forms.CharField(
        label=_("Name of the new organisation"), required=False, max_length=200
    )
    new_organization_description = PrivacyCheckedCharField(
        label=_("What the new organisation does"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_organization_website = forms.URLField(
        label=_("Website of the new organisation"), required=False
    )
    new_organization_email = forms.EmailField(
        label=_("E-mail address of the new organisation"), required=False
    )
    owner = forms.TypedChoiceField(
        label=_("Kept by"),
        coerce=int,
        required=False,
        help_text=_("The library or partner whose keepers look after the new organisation."),
    )
    name = forms.CharField(label=_("Name of the offer"), max_length=200)
    alternate_name = forms.CharField(label=_("Other name"), required=False, max_length=200)
    description = PrivacyCheckedCharField(
        label=_("Description"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it is, in plain language (B1). No personal data."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    access = forms.ChoiceField(
        label=_("Sign up or walk in"), choices=Access.choices, initial=Access.WALK_IN
    )
    capacity = forms.IntegerField(
        label=_("Places per session"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("For courses, e.g. 8."),
    )
    intake_required = forms.BooleanField(label=_("Intake first"), required=False)
    what_to_bring = PrivacyCheckedCharField(
        label=_("What to bring"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line, e.g. DigiD login details."),
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=100,
        help_text=_("Two-letter codes separated by commas, e.g. nl, en, ar."),
    )
    fees_description = PrivacyCheckedCharField(
        label=_("Cost"), required=False, max_length=300, help_text=_("Empty when it is free.")
    )
    url = forms.URLField(label=_("Web page"), required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, initial=Scope.LOCAL)
    status = forms.ChoiceField(
        label=_("Status"), choices=keeping.STATUS_CHOICES, initial=keeping.STATUS_VALUES[0]
    )

    #: The fields about a new organisation, shown together.
    NEW_ORGANIZATION = (
        "new_organization_name",
        "new_organization_description",
        "new_organization_website",
        "new_organization_email",
        "owner",
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[Any],
        owners: list[tuple[int, str]] | None = None,
        service: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(NEW, _("A new organisation (fill in below)"))]
        choices += [(str(org.pk), org.name) for org in organizations]
        self.fields["organization"].choices = choices  # type: ignore[attr-defined]
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].choices = [("", "—"), *owners]  # type: ignore[attr-defined]
        if service is not None:
            self.initial.update(
                {
                    "organization": str(service.organization_id),
                    "name": service.name,
                    "alternate_name": service.alternate_name,
                    "description": service.description,
                    "themes": service.themes,
                    "target_groups": service.target_groups,
                    "format": service.format,
                    "access": service.access,
                    "capacity": service.capacity,
                    "intake_required": service.intake_required,
                    "what_to_bring": _lines(service.what_to_bring),
                    "languages": ", ".join(service.languages),
                    "fees_description": service.fees_description,
                    "url": service.url,
                    "email": service.email,
                    "scope": service.scope,
                    "status": keeping.status_value(service),
                }
            )
        elif organizations:
            self.initial.setdefault("organization", str(organizations[0].pk))

    def clean_languages(self) -> list[str]:
        raw = self.cleaned_data.get("languages") or ""
        return [part.strip().lower() for part in re.split(r"[,;\s]+", raw) if part.strip()]

    def clean_what_to_bring(self) -> list[str]:
        raw = self.cleaned_data.get("what_to_bring") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organization") == NEW:
            if not data.get("new_organization_name"):
                self.add_error(
                    "new_organization_name",
                    _("Choose an organisation above, or fill in the name of a new one."),
                )
            if not data.get("new_organization_description") and not self.has_error(
                "new_organization_description"
            ):
                self.add_error("new_organization_description", _("Fill in this field."))
            if "owner" in self.fields and not data.get("owner"):
                self.add_error("owner", _("Choose who keeps the new organisation."))
        return data

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "alternate_name": d.get("alternate_name", ""),
            "description": d["description"],
            "themes": d["themes"],
            "target_groups": d.get("target_groups", []),
            "format": d["format"],
            "access": d["access"],
            "capacity": d.get("capacity"),
            "intake_required": bool(d.get("intake_required")),
            "what_to_bring": d.get("what_to_bring", []),
            "languages": d.get("languages", []),
            "fees_description": d.get("fees_description", ""),
            "url": d.get("url", ""),
            "email": d.get("email", ""),
            "scope": d["scope"],
            **keeping.status_fields(d["status"]),
        }

    def new_organization_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d.get("new_organization_name", ""),
            "description": d.get("new_organization_description", ""),
            "website": d.get("new_organization_website", ""),
            "email": d.get("new_organization_email", ""),
        }


class PhoneForm(_Row, MaskablePrivacyFormMixin, forms.ModelForm):
    description = PrivacyCheckedCharField(
        label=_("What for"), required=False, max_length=200, help_text=_("e.g. Sign up")
    )

    class Meta:
        model = Phone
        fields = ["number", "description"]
        widgets = {"number": forms.TextInput(attrs={"autocomplete": "off", "size": 14})}

    def clean_number(self) -> str:
        number = (self.cleaned_data.get("number") or "").strip()
        if number and (not _PHONE_RE.fullmatch(number) or len(re.sub(r"\D", "", number)) < 6):
            raise forms.ValidationError(_("Write a phone number in digits, e.g. 010 123 4567."))
        return number


class LocationForm(_Row, MaskablePrivacyFormMixin, forms.ModelForm):
    """One location of the service: an existing link (its location's fields can be changed),
    or a new row that picks an existing location or describes a new one."""

    existing_location = forms.ChoiceField(label=_("Existing location"), required=False)
    name = forms.CharField(label=_("Name of the location"), required=False, max_length=200)
    location_type = forms.ChoiceField(
        label=_("Kind of location"),
        choices=Location.LocationType.choices,
        initial=Location.LocationType.PHYSICAL,
    )
    address_1 = forms.CharField(
        label=_("Street and number"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    postal_code = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"size": 8, "autocomplete": "off"}),
    )
    city = forms.CharField(label=_("Place"), required=False, max_length=100)
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        help_text=_("Leave empty: Wegwijs finds the point from the address."),
    )
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    accessibility = PrivacyCheckedCharField(
        label=_("Accessibility of the building"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = PrivacyCheckedCharField(
        label=_("Particulars at this location"),
        required=False,
        max_length=500,
        help_text=_("e.g. In the large hall, first floor."),
    )

    LOCATION_FIELDS = (
        "name",
        "location_type",
        "address_1",
        "postal_code",
        "city",
        "latitude",
        "longitude",
        "accessibility",
    )

    field_order = ["existing_location", *LOCATION_FIELDS, "description"]

    class Meta:
        model = ServiceAtLocation
        fields = ["description"]

    def __init__(self, *args: Any, locations: dict[str, Location], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locations = locations
        if self.stored:
            del self.fields["existing_location"]
            location = self.instance.location
            for name in self.LOCATION_FIELDS:
                self.initial[name] = getattr(location, name)
        else:
            self.fields["existing_location"].choices = [  # type: ignore[attr-defined]
                ("", _("None: a new location (fill in below)")),
                *((pk, f"{loc.organization.name}: {loc}") for pk, loc in locations.items()),
            ]

    def clean_postal_code(self) -> str:
        value = (self.cleaned_data.get("postal_code") or "").strip()
        return normalise_postcode(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE"):
            return data
        chosen = data.get("existing_location")
        own_fields = any(data.get(k) for k in ("name", "address_1", "postal_code", "city"))
        if chosen:
            if chosen not in self.locations:
                self.add_error("existing_location", _("Choose a location from the list."))
            elif own_fields:
                self.add_error(
                    "existing_location",
                    _("Choose an existing location or fill in a new one, not both."),
                )
            return data
        if not data.get("name") and not self.has_error("name"):
            self.add_error("name", _("Fill in a name, or choose an existing location."))
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("longitude", _("Fill in both coordinates, or neither."))
        elif latitude is not None and not in_netherlands(latitude, longitude):  # type: ignore[arg-type]
            self.add_error("latitude", _("This point is not in the Netherlands."))
        if (
            data.get("location_type") == Location.LocationType.PHYSICAL
            and not data.get("city")
            and not data.get("postal_code")
            and not self.has_error("postal_code")
        ):
            self.add_error("city", _("Fill in the place or the postcode."))
        return data

    def chosen_location(self) -> Location | None:
        if self.stored:
            return None
        return self.locations.get(self.cleaned_data.get("existing_location") or "")

    def location_fields(self) -> dict[str, Any] | None:
        """The location's own values, or None when an existing location was picked."""
        if self.chosen_location() is not None:
            return None
        return {name: self.cleaned_data.get(name) or "" for name in self.LOCATION_FIELDS} | {
            "latitude": self.cleaned_data.get("latitude"),
            "longitude": self.cleaned_data.get("longitude"),
        }


DAY_CHOICES = [
    ("MO", _("Mon")),
    ("TU", _("Tue")),
    ("WE", _("Wed")),
    ("TH", _("Thu")),
    ("FR", _("Fri")),
    ("SA", _("Sat")),
    ("SU", _("Sun")),
]
REPEAT_CHOICES = [
    ("weekly", _("Every week")),
    ("monthly", _("Every month")),
    ("once", _("Once (one date)")),
]
_FREQ = {"weekly": Schedule.Freq.WEEKLY.value, "monthly": Schedule.Freq.MONTHLY.value, "once": ""}


class ScheduleForm(_Row, MaskablePrivacyFormMixin, forms.ModelForm):
    """A time block: every week on some days, every month, or one date; a course is every
    week from its first to its last date."""

    repeat = forms.ChoiceField(label=_("Repeats"), choices=REPEAT_CHOICES, initial="weekly")
    days = forms.MultipleChoiceField(
        label=_("Days"), choices=DAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    description = PrivacyCheckedCharField(
        label=_("Note"), required=False, max_length=300, help_text=_("e.g. Lesson 1")
    )

    field_order = ["repeat", "days", "opens_at", "closes_at", "dtstart", "until", "description"]

    class Meta:
        model = Schedule
        fields = ["repeat", "days", "opens_at", "closes_at", "dtstart", "until", "description"]
        widgets = {
            "opens_at": TimeInput(),
            "closes_at": TimeInput(),
            "dtstart": DateInput(),
            "until": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if self.stored:
            self.initial["repeat"] = {
                Schedule.Freq.WEEKLY: "weekly",
                Schedule.Freq.MONTHLY: "monthly",
            }.get(instance.freq, "once")
            self.initial["days"] = [d for d in instance.byday.split(",") if d]
        else:
            self.initial["repeat"] = "weekly"
            self.initial["days"] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE"):
            return data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The end time must be later than the start."))
        repeat = data.get("repeat")
        if repeat == "weekly" and not data.get("days"):
            self.add_error("days", _("Choose the days of the week."))
        if repeat == "monthly" and not data.get("days") and not data.get("dtstart"):
            self.add_error("days", _("Choose a day of the week or fill in the first date."))
        if repeat == "once" and not data.get("dtstart") and not self.has_error("dtstart"):
            self.add_error("dtstart", _("Fill in the date."))
        start, until = data.get("dtstart"), data.get("until")
        if start and until and until < start:
            self.add_error("until", _("The last date cannot be before the first date."))
        return data

    def to_data(self, key: str) -> keeping.ScheduleData:
        d = self.cleaned_data
        freq = _FREQ[d["repeat"]]
        until = d.get("until")
        if not freq and until is None:
            until = d.get("dtstart")
        return keeping.ScheduleData(
            key=key,
            instance=self.instance if self.stored else None,
            freq=freq,
            byday=",".join(day for day, _label in DAY_CHOICES if day in d.get("days", [])),
            opens_at=d["opens_at"],
            closes_at=d["closes_at"],
            dtstart=d.get("dtstart"),
            until=until,
            description=d.get("description", ""),
        )


class _RowsFormSet(forms.BaseModelFormSet):
    delete_label = _("Remove")

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label


class _LocationsFormSet(_RowsFormSet):
    delete_label = _("Remove this location from the offer")


PhoneFormSet = forms.modelformset_factory(
    Phone,
    form=PhoneForm,
    formset=_RowsFormSet,
    extra=1,
    can_delete=True,
    max_num=10,
    validate_max=True,
)
LocationFormSet = forms.modelformset_factory(
    ServiceAtLocation,
    form=LocationForm,
    formset=_LocationsFormSet,
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
)
ScheduleFormSet = forms.modelformset_factory(
    Schedule,
    form=ScheduleForm,
    formset=_RowsFormSet,
    extra=2,
    can_delete=True,
    max_num=60,
    validate_max=True,
)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=keeping.STATUS_CHOICES)


class SheetUploadForm(forms.Form):
    sheet = forms.FileField(
        label=_("Spreadsheet (Excel .xlsx or CSV)"),
        help_text=_("One row per offer per location, with the column names on row 1."),
    )
    owner = forms.TypedChoiceField(label=_("Kept by"), coerce=int, required=True)

    def __init__(self, *args: Any, owners: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].choices = [("", "—"), *owners]  # type: ignore[attr-defined]
