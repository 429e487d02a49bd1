"""The pieces the programme's areas share (``programme.common``): a service's errors on a form,
the error collector, the export formats, the POI and province filter, and a coordinator's
own library."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from wegwijs.accounts.models import Role
from wegwijs.network.models import Organisation, Province
from wegwijs.programme import access
from wegwijs.programme.common import Errors, PoiProvinceFilterForm, apply_errors, export_format
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import user_for


class NoteForm(forms.Form):
    note = forms.CharField(required=False)
    amount_1_2020 = forms.IntegerField(required=False)


def _bound() -> NoteForm:
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    return form


def test_errors_are_collected_by_path_and_raised_once_with_their_codes() -> None:
    errors = Errors()
    errors.raise_if_any()  # nothing collected: nothing raised
    errors.add("note", "Too long.", "max_length")
    errors.add("note", ValidationError("Personal data.", code="personal_data"))
    errors.add("__all__", "Not now.")
    with pytest.raises(ValidationError) as caught:
        errors.raise_if_any()
    assert [e.code for e in caught.value.error_dict["note"]] == ["max_length", "personal_data"]
    assert caught.value.message_dict["__all__"] == ["Not now."]


def test_a_services_errors_land_at_their_fields_renamed_or_at_the_top() -> None:
    form = _bound()
    exc = ValidationError(
        {
            "note": [ValidationError("Personal data.", code="personal_data")],
            "amounts.1.2020": ["Negative."],
            "elsewhere": ["Somewhere else."],
        }
    )
    apply_errors(form, exc, lambda path: path.replace("amounts.", "amount_").replace(".", "_"))
    assert form.has_error("note", code="personal_data")  # the guard's "Mask and save" needs it
    assert form.errors["amount_1_2020"] == ["Negative."]
    assert form.non_field_errors() == ["Somewhere else."]
    plain = _bound()
    apply_errors(plain, ValidationError("No path at all."))
    assert plain.non_field_errors() == ["No path at all."]


def test_only_csv_and_xlsx_are_export_formats() -> None:
    assert export_format("csv") == "csv" and export_format("xlsx") == "xlsx"
    for other in ("pdf", "CSV", ""):
        with pytest.raises(Http404):
            export_format(other)


@pytest.mark.django_db
def test_the_poi_filter_is_there_only_for_the_national_view(network: Any) -> None:
    provinces = Province.objects.filter(code=network.noord_holland.code)
    local = PoiProvinceFilterForm(
        {"province": network.noord_holland.code}, pois=None, provinces=provinces
    )
    assert "poi" not in local.fields
    assert local.is_valid() and local.cleaned_data["province"] == network.noord_holland
    pois = Organisation.objects.pois()
    national = PoiProvinceFilterForm(
        {"poi": network.probiblio.slug, "province": "NL-XX"}, pois=pois, provinces=provinces
    )
    assert not national.is_valid() and list(national.errors) == ["province"]
    assert national.cleaned_data["poi"] == network.probiblio


@pytest.mark.django_db
def test_a_coordinator_has_its_own_library_and_others_have_none(network: Any) -> None:
    coordinator = user_for(Role.COORDINATOR, network)
    assert access.own_library(coordinator) == access.libraries(coordinator).get()
    with pytest.raises(PermissionDenied):
        access.own_library(make_user(Role.COORDINATOR, organisation=network.probiblio))
