"""Forms of the training area. The rules live in services.py; these collect and type input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wegwijs.accounts.models import User
from wegwijs.network.models import Branch, Organisation
from wegwijs.privacy.forms import MaskablePrivacyFormMixin, PrivacyCheckedCharField
from wegwijs.programme.common import DateInput, TimeInput
from wegwijs.programme.support.texts import VenueField
from wegwijs.programme.training import retention
from wegwijs.programme.training.models import PersonRole, TrainingKind, TrainingType


class AccountChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.username})" if obj.get_full_name() else name


class TrainingChoiceField(forms.ModelChoiceField[TrainingType]):
    def label_from_instance(self, obj: TrainingType) -> str:
        return obj.label


class TrainingsField(forms.ModelMultipleChoiceField[TrainingType]):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: TrainingType) -> str:
        return obj.label


class BranchesField(forms.ModelMultipleChoiceField[Branch]):
    widget = forms.CheckboxSelectMultiple


def _not_in_future(value: Any) -> Any:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("This date lies in the future."))
    return value


class PersonForm(forms.Form):
    """The person and, per training, the dates: one form, one save."""

    user = AccountChoiceField(
        label=_("Wegwijs account"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No account: give the name"),
        help_text=_("For someone with a Wegwijs account the name comes from the account."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("Only for someone without a Wegwijs account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices)
    branches = BranchesField(label=_("Branches"), queryset=Branch.objects.none(), required=False)
    active = forms.BooleanField(
        label=_("Still works at the Informatiepunt"),
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args: Any,
        accounts: QuerySet[User],
        branches: QuerySet[Branch],
        trainings: list[TrainingType],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        days = retention.keep_days()
        self.fields["active"].help_text = ngettext(
            "Untick when someone has left. The record is deleted %(days)s day later.",
            "Untick when someone has left. The record is deleted %(days)s days later.",
            days,
        ) % {"days": days}
        self.fields["user"].queryset = accounts  # type: ignore[attr-defined]
        self.fields["branches"].queryset = branches  # type: ignore[attr-defined]
        self.trainings = trainings
        for training in trainings:
            if training.is_elearning:
                self.fields[f"started_{training.pk}"] = forms.DateField(
                    label=_("%(training)s: started") % {"training": training.label},
                    required=False,
                    widget=DateInput(),
                )
            self.fields[f"completed_{training.pk}"] = forms.DateField(
                label=_("%(training)s: completed") % {"training": training.label},
                required=False,
                widget=DateInput(),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if name.startswith(("started_", "completed_")):
                try:
                    _not_in_future(value)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        if not data.get("user") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the name, or choose the person's Wegwijs account."))
        return data

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("user", "name", "role", "branches", "active")]

    def training_rows(self) -> list[tuple[TrainingType, Any, Any]]:
        return [
            (
                t,
                self[f"started_{t.pk}"] if t.is_elearning else None,
                self[f"completed_{t.pk}"],
            )
            for t in self.trainings
        ]

    def records(self) -> dict[int, Any]:
        from wegwijs.programme.training.services import RecordInput

        return {
            t.pk: RecordInput(
                started_on=self.cleaned_data.get(f"started_{t.pk}"),
                completed_on=self.cleaned_data.get(f"completed_{t.pk}"),
            )
            for t in self.trainings
        }


class SessionForm(MaskablePrivacyFormMixin, forms.Form):
    training = TrainingChoiceField(label=_("Training"), queryset=TrainingType.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts at"), required=False, widget=TimeInput())
    place = VenueField(label=_("Place"), max_length=200, help_text=_("The venue and the town."))
    given_by = PrivacyCheckedCharField(
        label=_("Given by"),
        max_length=120,
        required=False,
        help_text=_("The organisation that gives the session, e.g. Probiblio. No names of people."),
    )
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, organisers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = TrainingType.objects.filter(  # type: ignore[attr-defined]
            kind=TrainingKind.SESSION, active=True
        )
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    people = forms.MultipleChoiceField(
        label=_("Attended"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        several = len({p.library_id for p in people}) > 1
        self.fields["people"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), f"{p.display_name} – {p.library.name}" if several else p.display_name)
            for p in people
        ]

    def person_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["people"]]


class PolicyForm(forms.Form):
    threshold = forms.DecimalField(
        label=_("Trained people per weekly opening hour, at least"),
        min_value=Decimal("0.01"),
        max_value=Decimal("10"),
        decimal_places=2,
        max_digits=4,
        help_text=_(
            "A branch with fewer is flagged. 0.25 means one trained person for every four "
            "opening hours a week."
        ),
        localize=True,
    )
    required = TrainingsField(
        label=_("Required to count as trained"), queryset=TrainingType.objects.none()
    )
    active = TrainingsField(label=_("In use"), queryset=TrainingType.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trainings = TrainingType.objects.order_by("position", "name")
        self.fields["required"].queryset = trainings  # type: ignore[attr-defined]
        self.fields["active"].queryset = trainings  # type: ignore[attr-defined]


class TrainingTypeForm(forms.Form):
    name = PrivacyCheckedCharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    required = forms.BooleanField(label=_("Required to count as trained"), required=False)
