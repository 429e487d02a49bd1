"""Forms of the partnership tools. They check each field (ranges, choices, the privacy guard);
the services check the whole change again before anything is stored."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijs.privacy.forms import MaskablePrivacyFormMixin, PrivacyCheckedCharField
from wegwijs.programme.partnerships.models import (
    MAX_CELL_NOTE,
    MAX_NAME,
    MAX_NOTES,
    MAX_TEXT,
    ContributionLevel,
    PartnerAttitude,
    PartnerSector,
    PartnershipCriterion,
    PartnershipGoal,
    PartnerStatus,
    TacticStatus,
)
from wegwijs.programme.partnerships.scoring import SCORE_MAX, SCORE_MIN, WEIGHT_MAX, WEIGHT_MIN
from wegwijs.socialmap.models import SocialOrganization

SCORE_LABELS = {
    1: _("1 – very low"),
    2: _("2 – low"),
    3: _("3 – moderate"),
    4: _("4 – high"),
    5: _("5 – very high"),
}
SCORE_MESSAGE = _("Give a score from 1 to 5.")
WEIGHT_MESSAGE = _("Give a weight from 1 to 5.")
PERCENT_MESSAGE = _("Give a whole number from 0 to 100.")


class RangeField(forms.IntegerField):
    """A whole number in a range, chosen from a list (out-of-range input, e.g. from a changed
    request, gets one clear message)."""

    def __init__(
        self,
        *,
        low: int,
        high: int,
        message: Any,
        labels: dict[int, Any] | None = None,
        blank_label: Any = "–",
        **kwargs: Any,
    ) -> None:
        choices: list[tuple[Any, Any]] = (
            [("", blank_label)] if not kwargs.get("required", True) else []
        )
        choices += [(n, (labels or {}).get(n, str(n))) for n in range(low, high + 1)]
        kwargs.setdefault("widget", forms.Select(choices=choices))
        kwargs["error_messages"] = {
            "invalid": message,
            "min_value": message,
            "max_value": message,
            **kwargs.get("error_messages", {}),
        }
        super().__init__(min_value=low, max_value=high, **kwargs)
        # Django adds min/max attributes for a number input; a select does not need them.
        self.widget.attrs.pop("min", None)
        self.widget.attrs.pop("max", None)


def score_field(
    label: Any, *, required: bool = False, labels: bool = True, **kwargs: Any
) -> RangeField:
    return RangeField(
        low=SCORE_MIN,
        high=SCORE_MAX,
        message=SCORE_MESSAGE,
        labels=SCORE_LABELS if labels else None,
        label=label,
        required=required,
        **kwargs,
    )


def weight_field() -> RangeField:
    return RangeField(
        low=WEIGHT_MIN,
        high=WEIGHT_MAX,
        message=WEIGHT_MESSAGE,
        labels={1: _("1 – less important"), 3: _("3 – important"), 5: _("5 – very important")},
        label=_("Weight"),
        initial=3,
        help_text=_("How much this criterion counts in the total, from 1 to 5."),
    )


def position_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Position in the list"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Leave empty to put it last."),
    )


class SocialMapSearchForm(forms.Form):
    """The picker's search (GET): words of the name, in the region or on the whole map."""

    q = forms.CharField(label=_("Name contains"), max_length=100, required=False)
    overal = forms.BooleanField(label=_("Search the whole social map"), required=False)


class PartnerForm(MaskablePrivacyFormMixin, forms.Form):
    # Rendered by hand as radio buttons for the organisations the picker found.
    social_organization = forms.ModelChoiceField(
        label=_("Organisation on the social map"),
        queryset=SocialOrganization.objects.all(),
        required=False,
        # Never rendered by Django (the template lists the picker's radio buttons); a plain
        # widget gives the error summary the id of the first radio button to link to.
        widget=forms.TextInput,
        error_messages={"invalid_choice": _("This organisation is not on the social map.")},
    )
    name = PrivacyCheckedCharField(
        label=_("Name"),
        max_length=MAX_NAME,
        required=False,
        help_text=_(
            "The organisation, not a person. Leave empty to use the name on the social map."
        ),
    )
    sector = forms.ChoiceField(label=_("Kind of partner"), choices=PartnerSector.choices)
    status = forms.ChoiceField(label=_("Status"), choices=PartnerStatus.choices)
    notes = PrivacyCheckedCharField(
        label=_("Notes"),
        max_length=MAX_NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("No names or contact details of people."),
    )


class StrengthForm(MaskablePrivacyFormMixin, forms.Form):
    interests = PrivacyCheckedCharField(
        label=_("Interests"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What does this partner want to achieve, and what does it gain by working with the library?"
        ),
    )
    influence = score_field(
        _("Influence"),
        help_text=_("How much can this partner change how the Informatiepunt works or is found?"),
    )
    added_value = score_field(
        _("Added value"),
        help_text=_("How much does this partner add for the people the Informatiepunt helps?"),
    )
    attitude = forms.ChoiceField(
        label=_("Attitude towards the library"),
        choices=[("", _("Not known")), *list(PartnerAttitude.choices)],
        required=False,
    )


def score_key(criterion_id: int, part: str) -> str:
    return f"c{criterion_id}_{part}"


SCORE_PARTS = (
    ("fit", _("Fit")),
    ("added_value", _("Added value")),
    ("feasibility", _("Feasibility")),
)


class ScoresForm(forms.Form):
    """One row per criterion: fit, added value and feasibility, all three or none."""

    def __init__(self, *args: Any, criteria: list[PartnershipCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            for part, label in SCORE_PARTS:
                self.fields[score_key(criterion.pk, part)] = score_field(
                    f"{label}: {criterion.name}", labels=False
                )

    def rows(self) -> list[tuple[PartnershipCriterion, list[forms.BoundField]]]:
        return [
            (c, [self[score_key(c.pk, part)] for part, _label in SCORE_PARTS])
            for c in self.criteria
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for criterion in self.criteria:
            keys = [score_key(criterion.pk, part) for part, _label in SCORE_PARTS]
            if any(k in self.errors for k in keys):
                continue
            given = [data.get(k) is not None for k in keys]
            if any(given) and not all(given):
                self.add_error(
                    keys[given.index(False)],
                    _("Give all three scores for this criterion, or none."),
                )
        return data

    def scores(self) -> dict[int, tuple[Any, Any, Any] | None]:
        result: dict[int, tuple[Any, Any, Any] | None] = {}
        for criterion in self.criteria:
            values = tuple(
                self.cleaned_data.get(score_key(criterion.pk, part)) for part, _label in SCORE_PARTS
            )
            result[criterion.pk] = None if all(v is None for v in values) else values  # type: ignore[assignment]
        return result


class CriterionForm(MaskablePrivacyFormMixin, forms.Form):
    name = PrivacyCheckedCharField(label=_("Criterion"), max_length=MAX_NAME)
    description = PrivacyCheckedCharField(
        label=_("Explanation"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    weight = weight_field()
    position = position_field()


class AdviceSettingsForm(forms.Form):
    start_from = forms.IntegerField(
        label=_("Advice 'start the partnership' from a total of"),
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": PERCENT_MESSAGE,
            "min_value": PERCENT_MESSAGE,
            "max_value": PERCENT_MESSAGE,
        },
    )
    explore_from = forms.IntegerField(
        label=_("Advice 'explore further' from a total of"),
        min_value=0,
        max_value=100,
        help_text=_("Below this total the advice is 'do not start now'."),
        error_messages={
            "invalid": PERCENT_MESSAGE,
            "min_value": PERCENT_MESSAGE,
            "max_value": PERCENT_MESSAGE,
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, explore = data.get("start_from"), data.get("explore_from")
        if start is not None and explore is not None and explore > start:
            self.add_error(
                "explore_from", _("'Explore further' cannot start above 'start the partnership'.")
            )
        return data


class GoalForm(MaskablePrivacyFormMixin, forms.Form):
    name = PrivacyCheckedCharField(label=_("Goal"), max_length=MAX_NAME)
    description = PrivacyCheckedCharField(
        label=_("Explanation"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    position = position_field()


def goal_key(goal_id: int, part: str) -> str:
    return f"g{goal_id}_{part}"


class ContributionsForm(MaskablePrivacyFormMixin, forms.Form):
    """One partner's row of the matrix: per goal a contribution and an optional note."""

    def __init__(self, *args: Any, goals: list[PartnershipGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[goal_key(goal.pk, "level")] = forms.ChoiceField(
                label=_("Contribution to: %(goal)s") % {"goal": goal.name},
                choices=[("", _("Not assessed")), *list(ContributionLevel.choices)],
                required=False,
            )
            self.fields[goal_key(goal.pk, "note")] = PrivacyCheckedCharField(
                label=_("Note on: %(goal)s") % {"goal": goal.name},
                max_length=MAX_CELL_NOTE,
                required=False,
            )
        # The mixin masked the data before these fields existed.
        if self.is_bound and self.masked:
            self.data = self._masked_data()

    def rows(self) -> list[tuple[PartnershipGoal, forms.BoundField, forms.BoundField]]:
        return [
            (g, self[goal_key(g.pk, "level")], self[goal_key(g.pk, "note")]) for g in self.goals
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for goal in self.goals:
            level, note = goal_key(goal.pk, "level"), goal_key(goal.pk, "note")
            if not data.get(level) and data.get(note) and level not in self.errors:
                self.add_error(level, _("Choose a contribution for this note."))
        return data

    def cells(self) -> dict[int, tuple[str, str]]:
        return {
            g.pk: (
                self.cleaned_data.get(goal_key(g.pk, "level")) or "",
                self.cleaned_data.get(goal_key(g.pk, "note")) or "",
            )
            for g in self.goals
        }


class TacticForm(MaskablePrivacyFormMixin, forms.Form):
    approach = PrivacyCheckedCharField(
        label=_("Approach"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What will you do to win or keep this partner? For example: invite them to the local meeting."
        ),
    )
    who = PrivacyCheckedCharField(
        label=_("Who"),
        max_length=MAX_NAME,
        required=False,
        help_text=_("A role, not a name: for example coordinator, POI adviser, alderman."),
    )
    planned_for = forms.DateField(
        label=_("When"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Fill in a date, for example 2025-03-31.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=TacticStatus.choices)


class NationalCriterionForm(CriterionForm):
    pass


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Library name contains"), max_length=100, required=False)
