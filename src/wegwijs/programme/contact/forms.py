"""Forms of the contact area. The rules live in services, news and materials; these only
collect input."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.core import uploads
from wegwijs.network.models import Province
from wegwijs.privacy.forms import MaskablePrivacyFormMixin
from wegwijs.programme.contact.models import (
    MAX_MATERIAL_DESCRIPTION,
    MAX_NEWS_BODY,
    MAX_NEWS_SUMMARY,
    MAX_NEWS_TITLE,
    MAX_ORGANISATION,
    MAX_QUESTION,
    Audience,
    MaterialCategory,
    MaterialLanguage,
    NewsStatus,
    Outcome,
)


class CheckedText(forms.CharField):
    """Checked for personal data by the service (with the "Mask" offer of the privacy guard)."""

    privacy_checked = True


class MeerWetenForm(MaskablePrivacyFormMixin, forms.Form):
    email = forms.CharField(label=_("E-mail address"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("A Dutch number, such as 06 12345678."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=MAX_ORGANISATION,
        required=False,
        help_text=_("For example the library you work for."),
    )
    question = CheckedText(
        label=_("Your question"),
        max_length=MAX_QUESTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "At most 1,000 characters. No BSN, address or other personal details: your e-mail "
            "address or phone number go in the fields above."
        ),
    )
    province = forms.ChoiceField(label=_("Your province"), required=False)
    #: The honeypot: hidden from people, filled in by simple robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, provinces: list[Province], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(provinces) > 1:
            cast(forms.ChoiceField, self.fields["province"]).choices = [
                ("", _("Choose your province")),
                *((p.code, p.name) for p in provinces),
            ]
        else:
            del self.fields["province"]
        email = self.fields["email"].widget
        email.input_type = "email"
        email.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        phone = self.fields["phone"].widget
        phone.input_type = "tel"
        phone.attrs["autocomplete"] = "tel"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})


class ProvinceChoiceForm(forms.Form):
    provincie = forms.ChoiceField(label=_("Your province"))

    def __init__(self, *args: Any, provinces: list[Province], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["provincie"]).choices = [
            ("", _("Choose your province")),
            *((p.code, p.name) for p in provinces),
        ]


class HandleForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Not given")), *Outcome.choices],
        help_text=_("For the counts only. The contact details and question are erased at once."),
    )


class ExpertForm(forms.Form):
    user = forms.ChoiceField(label=_("POI consultant"))

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["user"]).choices = [("", "---------"), *candidates]


class CountsFilterForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        cast(forms.ChoiceField, self.fields["jaar"]).choices = [
            ("", _("All years")),
            *((y, str(y)) for y in range(this_year, this_year - 6, -1)),
        ]


class NewsForm(MaskablePrivacyFormMixin, forms.Form):
    title = CheckedText(label=_("Title"), max_length=MAX_NEWS_TITLE)
    summary = CheckedText(
        label=_("Summary"),
        max_length=MAX_NEWS_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences, shown in the list."),
    )
    body = CheckedText(
        label=_("Text"),
        max_length=MAX_NEWS_BODY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Plain text. An empty line starts a new paragraph; web addresses become links. "
            "No personal data."
        ),
    )
    publish_on = forms.DateField(
        label=_("Publish date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The item shows from this day on, when it is published."),
    )
    audience = forms.ChoiceField(
        label=_("For whom"), choices=Audience.choices, widget=forms.RadioSelect
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=NewsStatus.choices, widget=forms.RadioSelect
    )


class MaterialForm(MaskablePrivacyFormMixin, forms.Form):
    title = CheckedText(label=_("Title"), max_length=200)
    description = CheckedText(
        label=_("Description"),
        max_length=MAX_MATERIAL_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "---------"), *MaterialCategory.choices]
    )
    language = forms.ChoiceField(label=_("Language"), choices=MaterialLanguage.choices)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "PDF, image (PNG, JPEG, GIF, WebP) or office document (Word, Excel, PowerPoint, "
            "OpenDocument), at most 10 MB."
        ),
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT}),
    )
    url = forms.CharField(
        label=_("Or a link"),
        max_length=500,
        required=False,
        help_text=_("Where the material lives, for example on www.landelijkehuisstijl.nl."),
    )
    thumbnail = forms.FileField(
        label=_("Preview image"),
        required=False,
        help_text=_(
            "A PNG, JPEG, GIF or WebP image; made smaller for the list. For an image file, the file itself is used when you leave this empty."
        ),
        widget=forms.FileInput(attrs={"accept": uploads.IMAGE_ACCEPT}),
    )
    remove_thumbnail = forms.BooleanField(label=_("Remove the preview image"), required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.input_type = "url"
        if editing:
            self.fields["file"].help_text = _(
                "Leave empty to keep the current file. PDF, image or office document, at most "
                "10 MB."
            )
        else:
            del self.fields["remove_thumbnail"]


class MaterialFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    categorie = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *MaterialCategory.choices],
    )
    taal = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *MaterialLanguage.choices],
    )
