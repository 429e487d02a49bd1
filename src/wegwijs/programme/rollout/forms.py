"""Forms of the rollout pages. They only collect input; the rules live in services.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijs.network.models import Organisation, Province, Wave
from wegwijs.privacy.forms import MaskablePrivacyFormMixin
from wegwijs.programme.common import DateInput
from wegwijs.programme.rollout.models import (
    MAX_NOTE,
    MAX_TEXT,
    AreaKind,
    PartnerCooperation,
    StepSuggestion,
)
from wegwijs.programme.rollout.progress import COVERAGE_LABELS


class GuardedText(forms.CharField):
    """Free text that the service checks for personal data (with the guard's "Mask" offer)."""

    privacy_checked = True


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ScopeFilterForm(forms.Form):
    """Province (and, for the programme office, POI) of the progress and behind pages."""

    province = forms.ChoiceField(label=_("Province"), required=False)
    poi = forms.ChoiceField(label=_("POI"), required=False)

    def __init__(
        self,
        *args: Any,
        provinces: Iterable[Province],
        pois: Iterable[Organisation] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["province"]).choices = [
            ("", _("All provinces")),
            *((p.code, p.name) for p in provinces),
        ]
        if pois is None:
            del self.fields["poi"]
        else:
            cast(forms.ChoiceField, self.fields["poi"]).choices = [
                ("", _("All POIs")),
                *((p.slug, p.name) for p in pois),
            ]


class MunicipalityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search a municipality"),
        required=False,
        max_length=100,
        help_text=_("Name or CBS code."),
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    coverage = forms.ChoiceField(label=_("Informatiepunt"), required=False)

    def __init__(self, *args: Any, provinces: Iterable[Province], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["province"]).choices = [
            ("", _("All provinces")),
            *((p.code, p.name) for p in provinces),
        ]
        cast(forms.ChoiceField, self.fields["coverage"]).choices = [
            ("", _("All")),
            *COVERAGE_LABELS.items(),
        ]


class WaveForm(MaskablePrivacyFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Wave"))
    planned_libraries = forms.IntegerField(
        label=_("Planned number of libraries"), min_value=1, max_value=1000
    )
    planned_start = forms.DateField(
        label=_("Planned start"),
        widget=DateInput(),
        help_text=_("The first day an Informatiepunt of this wave may open."),
    )
    description = GuardedText(
        label=_("Description"), required=False, max_length=MAX_TEXT, widget=_textarea()
    )
    selection_criteria = GuardedText(
        label=_("Selection criteria"),
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(4),
        help_text=_(
            "How the libraries were chosen: spread over the country, kind of area, "
            "cooperation with local partners."
        ),
    )

    def __init__(self, *args: Any, codes: list[str] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if codes is None:  # an existing wave keeps its code
            del self.fields["code"]
        else:
            cast(forms.ChoiceField, self.fields["code"]).choices = [
                ("", "---------"),
                *((c, Wave(c).label) for c in codes),
            ]


class PlanForm(MaskablePrivacyFormMixin, forms.Form):
    wave = forms.ChoiceField(label=_("Wave"), choices=Wave.choices)
    planned_opening = forms.DateField(
        label=_("Planned opening"),
        required=False,
        widget=DateInput(),
        help_text=_("A day in the wave's year."),
    )
    actual_opening = forms.DateField(
        label=_("Actual opening"),
        required=False,
        widget=DateInput(),
        help_text=_("Fill this in once the Informatiepunt has opened."),
    )
    area_kind = forms.ChoiceField(
        label=_("Kind of area"),
        required=False,
        choices=[("", _("Not filled in")), *AreaKind.choices],
    )
    partner_cooperation = forms.ChoiceField(
        label=_("Cooperation with local partners"),
        required=False,
        choices=[("", _("Not filled in")), *PartnerCooperation.choices],
    )
    selection_notes = GuardedText(
        label=_("Notes on the selection"),
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(),
        help_text=_("Why this library, in this wave. No names or contact details."),
    )
    notes = GuardedText(
        label=_("Notes"),
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(),
        help_text=_("No names or contact details of people."),
    )

    def __init__(self, *args: Any, can_change_wave: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_change_wave:
            del self.fields["wave"]


class StepForm(MaskablePrivacyFormMixin, forms.Form):
    title = GuardedText(label=_("Step"), max_length=120)
    description = GuardedText(
        label=_("Explanation"), required=False, max_length=MAX_TEXT, widget=_textarea()
    )
    due_offset_days = forms.IntegerField(
        label=_("Due (days from the planned opening)"),
        min_value=-730,
        max_value=730,
        initial=0,
        help_text=_("Negative: before the opening; for example -30 is a month before."),
    )
    suggestion = forms.ChoiceField(
        label=_("What Wegwijs suggests"), required=False, choices=StepSuggestion.choices
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ProgressForm(MaskablePrivacyFormMixin, forms.Form):
    done = forms.BooleanField(label=_("This step is done"), required=False)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to follow the planned opening."),
    )
    evidence_note = GuardedText(
        label=_("Evidence"),
        required=False,
        max_length=MAX_NOTE,
        widget=_textarea(),
        help_text=_("A short note, for example what was done. No names or contact details."),
    )
    evidence_link = forms.CharField(
        label=_("Link to the evidence"),
        required=False,
        max_length=500,
        help_text=_("For example a page on the library's website."),
        widget=forms.URLInput(),
    )
    evidence_file = forms.FileField(
        label=_("Add a file"),
        required=False,
        help_text=_("PDF, picture or office document, at most 10 MB. Replaces the current file."),
    )
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)

    def __init__(
        self, *args: Any, can_change_due: bool, has_file: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not can_change_due:
            del self.fields["due_date"]
        if not has_file:
            del self.fields["remove_file"]
