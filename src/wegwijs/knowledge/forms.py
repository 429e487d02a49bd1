"""Forms of the knowledge base. They parse text into lists; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijs.desk.codes import OrganisationCode, Theme
from wegwijs.knowledge.models import Article


def _lines(items: list[str]) -> str:
    return "\n".join(items)


class ArticleForm(forms.Form):
    slug = forms.SlugField(
        label=_("Web address (slug)"),
        max_length=80,
        help_text=_(
            "Lowercase letters, digits and hyphens, e.g. digid-aanvragen. Cannot be changed later."
        ),
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=120)
    question = forms.CharField(
        label=_("Question"), max_length=200, help_text=_("As a citizen would ask it.")
    )
    summary = forms.CharField(
        label=_("Short answer"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One to three sentences in plain language (B1)."),
    )
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One step per line."),
    )
    bring = forms.CharField(
        label=_("What to bring"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line, e.g. DigiD, machtigingscode, the letter."),
    )
    refer = forms.CharField(
        label=_("When and to whom to refer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    links = forms.CharField(
        label=_("Official links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: title | https://address"),
    )
    theme = forms.ChoiceField(label=_("Main theme"), choices=[("", "—"), *Theme.choices])
    themes = forms.MultipleChoiceField(
        label=_("Other themes"),
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.ChoiceField(
        label=_("Main organisation"), choices=[("", "—"), *OrganisationCode.choices]
    )
    organisations = forms.MultipleChoiceField(
        label=_("Other organisations"),
        required=False,
        choices=OrganisationCode.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(
        label=_("Search words"),
        required=False,
        help_text=_("Everyday words people use, separated by commas (e.g. blauwe envelop)."),
    )
    source = forms.URLField(
        label=_("Source"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The official page the facts come from."),
    )

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[int, str]],
        article: Article | None = None,
        **kwargs: Any,
    ) -> None:
        if article is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **article.content(),
                "slug": article.slug,
                "owner": article.owner_id,
                "steps": _lines(article.steps),
                "bring": _lines(article.bring),
                "links": _lines([f"{link['title']} | {link['url']}" for link in article.links]),
                "keywords": ", ".join(article.keywords),
                "theme": article.main_theme,
                "themes": article.themes[1:],
                "organisation": article.main_organisation,
                "organisations": article.organisations[1:],
            }
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]
        if article is not None:
            del self.fields["slug"]
            del self.fields["owner"]

    def content(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "question": d["question"],
            "summary": d["summary"],
            "steps": d["steps"],
            "bring": d.get("bring", ""),
            "refer": d.get("refer", ""),
            "links": d.get("links", ""),
            "themes": [d["theme"], *(t for t in d.get("themes", []) if t != d["theme"])],
            "organisations": [
                d["organisation"],
                *(o for o in d.get("organisations", []) if o != d["organisation"]),
            ],
            "keywords": [k.strip() for k in d.get("keywords", "").split(",") if k.strip()],
            "source": d["source"],
        }

    def apply_errors(self, errors: dict[str, list[str]]) -> None:
        """Put path-keyed service errors ("links.1.url") on the field they belong to."""
        for path, messages in errors.items():
            name = path.split(".")[0]
            name = {"themes": "theme", "organisations": "organisation"}.get(name, name)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        choices=[("", _("All organisations")), *OrganisationCode.choices],
    )
