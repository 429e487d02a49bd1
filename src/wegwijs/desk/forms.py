"""Forms of the desk screen. They parse input; the rules live in desk.services."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.desk.codes import (
    MAX_TEXT,
    Channel,
    Duration,
    HelpGiven,
    Kind,
    OrganisationCode,
    ReferralTarget,
    Theme,
)
from wegwijs.desk.services import MAX_QUESTIONS, MAX_TALLY, QuestionInput, VisitInput


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class VisitForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("Now, unless you register a visit afterwards."),
    )
    branch = forms.TypedChoiceField(label=_("Branch"), coerce=int)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, widget=forms.RadioSelect
    )
    duration = forms.ChoiceField(
        label=_("Duration"), choices=Duration.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anonymous note"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Never names, phone numbers, BSN or other personal data."),
    )

    def __init__(self, *args: Any, branches: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = branches  # type: ignore[attr-defined]

    def to_input(self, questions: list[QuestionInput]) -> VisitInput:
        d = self.cleaned_data
        occurred_at = d["occurred_at"]
        if occurred_at is not None and timezone.is_naive(occurred_at):
            occurred_at = timezone.make_aware(occurred_at)
        return VisitInput(
            branch_id=d["branch"],
            occurred_at=occurred_at,
            channel=d["channel"],
            duration=d["duration"],
            note=d.get("note", ""),
            questions=questions,
        )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        initial=Kind.OVERHEID,
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", "—"), *Theme.choices])
    organisation = forms.ChoiceField(
        label=_("Organisation"), choices=[("", "—"), *OrganisationCode.choices]
    )
    help_given = forms.ChoiceField(
        label=_("Help given"), choices=HelpGiven.choices, widget=forms.RadioSelect
    )
    referral_target = forms.ChoiceField(
        label=_("Referred to"),
        choices=[("", "—"), *ReferralTarget.choices],
        required=False,
        help_text=_("Only when the question was referred."),
    )
    citizen_words = forms.CharField(
        label=_("The question in the citizen's words"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_(
            "Without personal data. Wegwijs suggests the theme and organisation as you type; "
            "Enter takes the first suggestion."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
    )

    def __init__(
        self,
        *args: Any,
        themes: list[tuple[str, Any]] | None = None,
        organisations: list[tuple[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if themes is not None:
            self.fields["theme"].choices = [("", "—"), *themes]  # type: ignore[attr-defined]
        if organisations is not None:
            self.fields["organisation"].choices = [("", "—"), *organisations]  # type: ignore[attr-defined]
        # htmx: suggestions for this question while the worker types (debounced). A POST from
        # inside the form sends the whole form, CSRF token included; nothing is stored.
        self.fields["citizen_words"].widget.attrs.update(
            {
                "hx-post": reverse("desk:suggest"),
                "hx-trigger": "input changed delay:350ms, suggest",
                "hx-target": f"#suggestions-{self.prefix}",
                "hx-vals": json.dumps({"prefix": self.prefix}),
                "hx-sync": "this:replace",
                "data-suggest-for": self.prefix,
                "aria-describedby": f"id_{self.prefix}-citizen_words_helptext suggestions-{self.prefix}",
            }
        )

    def to_input(self) -> QuestionInput:
        d = self.cleaned_data
        return QuestionInput(
            kind=d["kind"],
            theme=d["theme"],
            organisation=d["organisation"],
            help_given=d["help_given"],
            referral_target=d.get("referral_target", ""),
            citizen_words=d.get("citizen_words", ""),
        )


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=0, min_num=1, validate_min=True, max_num=MAX_QUESTIONS, validate_max=True
)


class TallyForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of visits"),
        min_value=1,
        max_value=MAX_TALLY,
        initial=1,
        help_text=_("All these visits get the same answers below."),
    )


class VisitFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    branch = forms.TypedChoiceField(label=_("Branch"), coerce=int, required=False, empty_value=None)
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("All themes")), *Theme.choices], required=False
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        choices=[("", _("All organisations")), *OrganisationCode.choices],
        required=False,
    )

    def __init__(self, *args: Any, branches: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", _("All branches")), *branches]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date lies before the start date."))
        return data
