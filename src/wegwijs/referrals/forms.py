"""Forms of the referral pages. The rules live in services.py; these only collect input."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wegwijs.privacy.forms import MaskablePrivacyFormMixin
from wegwijs.referrals import consent
from wegwijs.referrals.models import MAX_NOTE, MAX_SUMMARY, DeclineReason, Kind
from wegwijs.referrals.sessions import Session


class SummaryField(forms.CharField):
    """Checked for personal data by the service (with the "Mask" offer of the privacy guard)."""

    privacy_checked = True


class ServiceSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the social map"),
        required=False,
        max_length=200,
        help_text=_("For example: formulieren, schulden, Klik & Tik."),
    )


class ReferralForm(MaskablePrivacyFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("How do you refer?"), widget=forms.RadioSelect)
    branch = forms.TypedChoiceField(label=_("Branch"), coerce=int, required=False)
    session = forms.ChoiceField(label=_("Course date"), required=False)
    consent = forms.BooleanField(label=_("The citizen agrees with the text above."), required=False)
    consent_version = forms.CharField(widget=forms.HiddenInput, required=False)
    contact_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    contact_email = forms.CharField(label=_("E-mail address"), max_length=254, required=False)
    summary = SummaryField(
        label=_("Short summary for the partner"),
        max_length=MAX_SUMMARY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the question is about, without a name, BSN, address or phone number: those go "
            "in the contact fields."
        ),
    )

    def __init__(
        self,
        *args: Any,
        course: bool,
        sessions: list[Session],
        branches: list[tuple[int, str]] | None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("consent_version", consent.CURRENT_VERSION)
        kwargs["initial"].setdefault("kind", Kind.COURSE if course else Kind.WARM)
        super().__init__(*args, **kwargs)
        first = (Kind.COURSE, Kind.COURSE.label) if course else (Kind.WARM, Kind.WARM.label)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [first, (Kind.COLD, Kind.COLD.label)]
        if branches is None:
            del self.fields["branch"]
        else:
            cast(forms.ChoiceField, self.fields["branch"]).choices = [("", "---------"), *branches]
            self.fields["branch"].required = True
        if course and sessions:
            cast(forms.ChoiceField, self.fields["session"]).choices = [
                ("", _("No date yet")),
                *_session_choices(sessions),
            ]
        else:
            del self.fields["session"]
        for name, autocomplete in (
            ("contact_name", "off"),
            ("contact_phone", "off"),
            ("contact_email", "off"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete
        self.fields["contact_phone"].widget.input_type = "tel"
        self.fields["contact_email"].widget.input_type = "email"


def _session_choices(sessions: list[Session]) -> list[tuple[str, str]]:
    from django.template.defaultfilters import date as date_filter

    choices = []
    for s in sessions:
        if s.full:
            continue
        when = f"{date_filter(s.day, 'l j F Y')} {s.opens_at:%H:%M}–{s.closes_at:%H:%M}"
        if s.until is not None:
            when = ngettext(
                "%(n)s meeting from %(when)s to %(until)s",
                "%(n)s meetings from %(when)s to %(until)s",
                s.meetings,
            ) % {"n": s.meetings, "when": when, "until": date_filter(s.until, "j F Y")}
        places = (
            ""
            if s.places_left is None
            else " · "
            + ngettext("%(n)s place left", "%(n)s places left", s.places_left)
            % {"n": s.places_left}
        )
        choices.append((s.value, f"{when}, {s.location}{places}"))
    return choices


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "---------"), *DeclineReason.choices]
    )
    note = forms.CharField(
        label=_("Explanation for the desk"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Without personal data."),
    )


class ListFilterForm(forms.Form):
    STATE_CHOICES = [
        ("", _("All")),
        ("open", _("Open")),
        ("overdue", _("No response after 2 working days")),
        ("closed", _("Closed")),
    ]
    state = forms.ChoiceField(label=_("Show"), choices=STATE_CHOICES, required=False)
    mine = forms.BooleanField(label=_("Only my referrals"), required=False)
