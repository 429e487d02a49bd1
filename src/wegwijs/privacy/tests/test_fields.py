"""The validator, the form field with its one-click mask, the template include and the DRF field."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation
from rest_framework import serializers

from wegwijs.privacy import api
from wegwijs.privacy.checks import PersonalDataError, validate_no_personal_data
from wegwijs.privacy.forms import MaskablePrivacyFormMixin, PrivacyCheckedCharField


class NoteForm(MaskablePrivacyFormMixin, forms.Form):
    note = PrivacyCheckedCharField(max_length=60, required=False, widget=forms.Textarea)
    other = forms.CharField(required=False)


class NoteSerializer(serializers.Serializer):
    note = api.PrivacyCheckedCharField(max_length=200, allow_blank=True)


def test_the_message_says_what_and_where_but_not_the_data() -> None:
    text = "Mijn BSN is 1234 56 782 en mijn nummer is 06-12345678."
    with pytest.raises(PersonalDataError) as caught:
        validate_no_personal_data(text)
    error = caught.value
    assert error.code == "personal_data"
    assert [f.kind for f in error.findings] == ["bsn", "phone"]
    message = error.messages[0]
    assert message == (
        "Deze tekst lijkt persoonsgegevens te bevatten: een BSN (burgerservicenummer) "
        "(teken 13–23) en een telefoonnummer (teken 43–53). Haal ze weg of kies 'Maskeer'."
    )
    assert "1234 56 782" not in message and "06-12345678" not in message


def test_the_message_in_english() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_no_personal_data("Bel mij op 06-12345678")
    assert caught.value.messages == [
        "This text seems to contain personal data: a phone number (characters 12–22). "
        "Remove it or choose 'Mask'."
    ]


def test_many_findings_are_summed_up() -> None:
    text = " ".join(f"06-1234567{i}" for i in range(8))
    with pytest.raises(ValidationError) as caught:
        validate_no_personal_data(text)
    assert "nog 3 andere gegevens" in caught.value.messages[0]


def test_clean_text_passes() -> None:
    validate_no_personal_data("Ik word 67, hoe vraag ik AOW aan?")
    validate_no_personal_data("")
    validate_no_personal_data(None)


def test_form_field_refuses_personal_data() -> None:
    form = NoteForm(data={"note": "Bel mij op 06-12345678"})
    assert not form.is_valid()
    assert form.has_error("note", code="personal_data")
    assert "telefoonnummer (teken 12–22)" in form.errors["note"][0]


def test_form_field_keeps_max_length() -> None:
    form = NoteForm(data={"note": "x" * 61})
    assert not form.is_valid()
    assert form.has_error("note", code="max_length")
    assert NoteForm(data={"note": "Vraag over de AOW"}).is_valid()


def test_mask_and_save_masks_the_checked_fields_only() -> None:
    form = NoteForm(data={"note": "Bel mij op 06-12345678", "other": "06-12345678", "_mask": "1"})
    assert form.is_valid(), form.errors
    assert form.masked
    assert form.cleaned_data["note"] == "Bel mij op [TELEFOONNUMMER]"
    assert form.cleaned_data["other"] == "06-12345678"  # not a privacy-checked field


def test_mask_works_with_a_query_dict_and_a_prefix() -> None:
    data = QueryDict(mutable=True)
    data.update({"visit-note": "Mevrouw Jansen, 06-12345678", "_mask": "1"})
    form = NoteForm(data=data, prefix="visit")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "Mevrouw [NAAM], [TELEFOONNUMMER]"
    assert data["visit-note"] == "Mevrouw Jansen, 06-12345678"  # the request's data is untouched


def test_without_mask_nothing_changes() -> None:
    form = NoteForm(data={"note": "Vraag over de AOW", "_mask": "0"})
    assert form.is_valid()
    assert not form.masked
    assert form.cleaned_data["note"] == "Vraag over de AOW"


INCLUDE = Template(
    '{% include "privacy/_finding_error.html" with field=form.note %}{{ form.note }}'
)


def test_include_offers_the_mask_button_linked_to_the_error() -> None:
    form = NoteForm(data={"note": "Bel mij op 06-12345678"})
    form.is_valid()
    html = INCLUDE.render(Context({"form": form}))
    assert '<p class="field-error" id="id_note_error">' in html
    assert '<button type="submit" name="_mask" value="1"' in html
    assert 'aria-describedby="id_note_error id_note_mask_help"' in html
    assert "Maskeer en sla op" in html
    assert "06-12345678" in html  # in the textarea, for the user to edit; not in the message
    assert html.count("06-12345678") == 1
    assert 'aria-describedby="id_note_error"' in html  # Django links the field to the error
    assert 'aria-invalid="true"' in html


def test_include_has_no_button_for_other_errors_and_nothing_without_errors() -> None:
    form = NoteForm(data={"note": "x" * 61})
    form.is_valid()
    html = INCLUDE.render(Context({"form": form}))
    assert 'id="id_note_error"' in html
    assert "_mask" not in html
    form = NoteForm(data={"note": "Vraag"})
    form.is_valid()
    assert "field-error" not in INCLUDE.render(Context({"form": form}))


def test_include_in_english() -> None:
    form = NoteForm(data={"note": "Bel mij op 06-12345678"})
    with translation.override("en"):
        form.is_valid()
        html = INCLUDE.render(Context({"form": form}))
    assert "Mask and save" in html
    assert "a phone number (characters 12–22)" in html


def test_drf_field_error() -> None:
    serializer = NoteSerializer(data={"note": "Mijn IBAN is NL91ABNA0417164300"})
    assert not serializer.is_valid()
    error = serializer.errors["note"][0]
    assert error.code == "personal_data"
    assert "een rekeningnummer (IBAN) (teken 14–31)" in str(error)
    assert "NL91ABNA0417164300" not in str(error)
    assert "Maskeer" not in str(error)  # API clients have no button
    assert NoteSerializer(data={"note": "Vraag over de AOW"}).is_valid()
