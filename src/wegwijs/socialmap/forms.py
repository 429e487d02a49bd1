from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijs.desk.codes import Theme
from wegwijs.socialmap.models import Access, Format, TargetGroup


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("What is the question?"), required=False, max_length=200)
    near = forms.CharField(
        label=_("Place or postcode"),
        required=False,
        max_length=100,
        help_text=_("Nearest first, e.g. 1541 AB or Zaandam."),
    )
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats")), *Format.choices]
    )
    access = forms.ChoiceField(
        label=_("Sign up or walk in"),
        required=False,
        choices=[("", _("Either")), *Access.choices],
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[("", _("All target groups")), *TargetGroup.choices],
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    day = forms.DateField(
        label=_("On a day"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Offers with a session on that day."),
    )

    #: The filters that are facets next to the results.
    FACETS = ("theme", "format", "access", "target_group")

    def filters(self) -> dict[str, Any]:
        """The valid filters: a wrong value in one field leaves the others working."""
        self.is_valid()
        return dict(getattr(self, "cleaned_data", {}))


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("What is not right?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The keeper of this entry gets your suggestion. No personal data."),
    )
