"""Triage at the desk: suggestions while typing (htmx) and the same without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wegwijs.desk.models import Visit
from wegwijs.desk.tests.test_pages import form_data
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db

SUGGEST = reverse("desk:suggest")
REGISTER = reverse("desk:register")


def test_typing_the_citizens_words_suggests_theme_and_organisation(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for("desk_worker", network))
    response = client.post(
        SUGGEST,
        {"prefix": "form-0", "form-0-citizen_words": "digi d doet het niet meer"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'value="form-0:digid:logius"' in html


def test_personal_data_in_the_words_is_masked_and_the_worker_warned(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for("desk_worker", network))
    response = client.post(
        SUGGEST,
        {"prefix": "form-0", "form-0-citizen_words": "digid kwijt, mail jan@example.nl"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "persoonsgegevens" in html
    assert "jan@example.nl" not in html
    assert 'value="form-0:digid:logius"' in html  # still helpful


def test_suggestions_refuse_a_bad_prefix_and_roles_without_a_desk(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for("desk_worker", network))
    assert client.post(SUGGEST, {"prefix": "x<script>"}).status_code == 400
    analyst = log_in(user_for("agency_analyst", network))
    assert analyst.post(SUGGEST, {"prefix": "form-0"}).status_code == 403


def test_without_javascript_the_suggest_button_shows_suggestions_and_stores_nothing(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for("desk_worker", network))
    data = form_data(
        network.rotterdam_centrum.pk,
        **{
            "form-0-theme": "",
            "form-0-organisation": "",
            "form-0-citizen_words": "zorgtoeslag aanvragen",
        },
    )
    response = client.post(REGISTER, {**data, "suggest": "form-0"})
    assert response.status_code == 200
    assert 'value="form-0:toeslagen:toeslagen"' in response.content.decode()
    assert not Visit.objects.exists()


def test_without_javascript_taking_a_suggestion_fills_in_the_question(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for("desk_worker", network))
    data = form_data(
        network.rotterdam_centrum.pk, **{"form-0-theme": "", "form-0-organisation": ""}
    )
    response = client.post(REGISTER, {**data, "apply": "form-0:toeslagen:toeslagen"})
    assert response.status_code == 200
    form = response.context["formset"].forms[0]
    assert form["theme"].value() == "toeslagen"
    assert form["organisation"].value() == "toeslagen"
    assert not Visit.objects.exists()
    # A forged value is ignored, not stored.
    response = client.post(REGISTER, {**data, "apply": "form-0:nonsense:uwv"})
    assert response.context["formset"].forms[0]["theme"].value() == ""
