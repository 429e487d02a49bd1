"""Filters for the network pages and API: province, POI, wave, IDO model, free text."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wegwijs.network.models import (
    Branch,
    IdoModel,
    Organisation,
    OrganisationKind,
    Wave,
)
from wegwijs.network.reference import PROVINCES


def _pois(request: object) -> QuerySet[Organisation]:
    return Organisation.objects.pois()


class _NetworkFilter(django_filters.FilterSet):
    """Shared filters; ``prefix`` is the lookup path from the model to the library organisation."""

    prefix = ""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    province = django_filters.ChoiceFilter(
        label=_("Province"),
        choices=PROVINCES,
        method="filter_province",
        empty_label=_("All provinces"),
    )
    poi = django_filters.ModelChoiceFilter(
        label=_("POI"),
        queryset=_pois,
        to_field_name="slug",
        method="filter_poi",
        empty_label=_("All POIs"),
    )
    wave = django_filters.ChoiceFilter(
        label=_("Wave"), choices=Wave.choices, method="filter_wave", empty_label=_("All waves")
    )
    ido_model = django_filters.ChoiceFilter(
        label=_("IDO model"),
        choices=IdoModel.choices,
        method="filter_ido_model",
        empty_label=_("All models"),
    )

    def _path(self, field: str) -> str:
        return f"{self.prefix}{field}"

    def filter_province(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(**{self._path("province__code"): value})

    def filter_poi(self, qs: QuerySet, name: str, value: Organisation | str) -> QuerySet:
        if isinstance(value, Organisation):
            return qs.filter(**{self._path("poi"): value})
        return qs.filter(**{self._path("poi__slug"): value})

    def filter_wave(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(**{self._path("wave"): value})

    def filter_ido_model(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(**{self._path("ido_model"): value})

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs


class OrganisationFilter(_NetworkFilter):
    """Organisations of any kind; the library filters (province, POI...) match libraries."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices)

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return qs.filter(name__icontains=value) if value else qs


class LibraryFilter(_NetworkFilter):
    prefix = ""

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return qs
        # A subquery, not a join: a join on branches would also limit the branch counts that
        # the list annotates to the branches whose place matched.
        in_place = Branch.objects.filter(place__icontains=value).values("organisation_id")
        return qs.filter(Q(name__icontains=value) | Q(pk__in=in_place))

    @property
    def qs(self) -> QuerySet:
        return super().qs.filter(kind=OrganisationKind.LIBRARY)


class BranchFilter(_NetworkFilter):
    prefix = "organisation__"

    has_ido = django_filters.BooleanFilter(label=_("Has an Informatiepunt"))

    class Meta:
        model = Branch
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return qs
        condition = (
            Q(name__icontains=value)
            | Q(place__icontains=value)
            | Q(organisation__name__icontains=value)
        )
        digits = value.replace(" ", "")[:4]
        if len(digits) == 4 and digits.isdigit():
            condition |= Q(postcode__startswith=digits)
        return qs.filter(condition)


class _ApiPoiFilter(django_filters.FilterSet):
    """In the API the POI is given by slug; an unknown slug matches nothing (no 400), since
    the valid slugs depend on the data and cannot be listed in the OpenAPI contract."""

    poi = django_filters.CharFilter(label=_("POI"), method="filter_poi")


class OrganisationApiFilter(_ApiPoiFilter, OrganisationFilter):
    class Meta(OrganisationFilter.Meta):
        pass


class BranchApiFilter(_ApiPoiFilter, BranchFilter):
    class Meta(BranchFilter.Meta):
        pass
