"""The programme's areas as the start page and the navigation list them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    key: str
    label: str | Promise
    description: str | Promise
    url_name: str

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:  # an area whose pages are not there (yet)
            return None


AREAS: tuple[Area, ...] = (
    Area(
        "rollout",
        _("Rollout and checklist"),
        _("Waves, opening dates, coverage per municipality and each library's set-up steps."),
        "programme:rollout:index",
    ),
    Area(
        "subsidy",
        _("Subsidy scheme"),
        _("Applications, assessment, decision letters, payments and the budget per year."),
        "programme:subsidy:index",
    ),
    Area(
        "support",
        _("POI support"),
        _("Support trajectories per library and the Soob learning network."),
        "programme:support:index",
    ),
    Area(
        "partnerships",
        _("Partnerships"),
        _("Strength analysis, weighing table, partnerships against goals, and tactics."),
        "programme:partnerships:index",
    ),
    Area(
        "training",
        _("Training"),
        _("E-learning and sessions per staff member or volunteer; trained people per branch."),
        "programme:training:index",
    ),
    Area(
        "contact",
        _("News, materials and contact requests"),
        _("News, campaign materials to download, and 'Meer weten?' requests to handle."),
        "programme:contact:index",
    ),
)
