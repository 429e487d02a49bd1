"""The desk screen through the browser's eyes (Django test client)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wegwijs.accounts.models import Role
from wegwijs.desk import services
from wegwijs.desk.models import Visit
from wegwijs.desk.services import QuestionInput, VisitInput
from wegwijs.testing.factories import make_user
from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db

REGISTER = reverse("desk:register")
TALLY = reverse("desk:tally")
LIST = reverse("desk:visit_list")


def form_data(branch_id: int, **overrides: str) -> dict[str, str]:
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "1",
        "form-MAX_NUM_FORMS": "10",
        "form-0-kind": "overheid",
        "form-0-theme": "toeslagen",
        "form-0-organisation": "toeslagen",
        "form-0-help_given": "samen",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "branch": str(branch_id),
        "channel": "telefoon",
        "duration": "lt10",
    }
    data.update(overrides)
    return data


def test_register_page_defaults_to_now_the_users_branch_and_the_desk(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    form = client.get(REGISTER).context["form"]
    assert form.initial["branch"] == network.rotterdam_centrum.pk
    assert form.initial["channel"] == "balie"
    assert abs(timezone.make_aware(form.initial["occurred_at"]) - timezone.now()) < timedelta(
        minutes=2
    )


def test_after_saving_the_form_is_ready_for_the_next_visitor_with_branch_and_channel_kept(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.post(REGISTER, form_data(network.rotterdam_zuid.pk))
    assert response.status_code == 302
    assert Visit.objects.get().branch == network.rotterdam_zuid

    form = client.get(REGISTER).context["form"]
    assert form.initial["branch"] == network.rotterdam_zuid.pk
    assert form.initial["channel"] == "telefoon"


def test_referral_without_target_shows_the_error_at_the_field_and_stores_nothing(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.post(
        REGISTER, form_data(network.rotterdam_centrum.pk, **{"form-0-help_given": "doorverwezen"})
    )
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["referral_target"]
    assert not Visit.objects.exists()


def test_unknown_code_and_future_date_are_refused(network: Network, log_in: Any) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        REGISTER,
        form_data(network.rotterdam_centrum.pk, occurred_at=later, **{"form-0-theme": "dgid"}),
    )
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["theme"]
    assert not Visit.objects.exists()


def test_adding_a_question_without_javascript_keeps_what_was_typed(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.post(REGISTER, form_data(network.rotterdam_centrum.pk, add_question="1"))
    formset = response.context["formset"]
    assert len(formset.forms) == 2
    assert formset.forms[0]["theme"].value() == "toeslagen"
    assert not Visit.objects.exists()


def test_two_questions_in_one_visit(network: Network, log_in: Any) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    data = form_data(network.rotterdam_centrum.pk)
    data.update(
        {
            "form-TOTAL_FORMS": "2",
            "form-1-kind": "overheid",
            "form-1-theme": "boetes",
            "form-1-organisation": "cjib",
            "form-1-help_given": "doorverwezen",
            "form-1-referral_target": "schuldhulp",
        }
    )
    assert client.post(REGISTER, data).status_code == 302
    assert Visit.objects.get().questions.count() == 2


def test_tally_mode_registers_the_number_given(network: Network, log_in: Any) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    response = client.post(TALLY, {**form_data(network.rotterdam_centrum.pk), "count": "7"})
    assert response.status_code == 302
    assert Visit.objects.count() == 7


def test_most_used_themes_at_the_branch_come_first(network: Network, log_in: Any) -> None:
    user = user_for(Role.DESK_WORKER, network)
    data = VisitInput(
        branch_id=network.rotterdam_centrum.pk,
        occurred_at=timezone.now(),
        channel="balie",
        duration="lt10",
        questions=[QuestionInput(theme="boetes", organisation="cjib", help_given="informatie")],
    )
    services.register_tally(user, data, 3)
    client = log_in(user)
    theme_field = client.get(REGISTER).context["formset"].forms[0].fields["theme"]
    assert [code for code, _ in theme_field.choices][1] == "boetes"


def _visit(user: Any, branch_id: int) -> Visit:
    return services.register_visit(
        user,
        VisitInput(
            branch_id=branch_id,
            occurred_at=timezone.now(),
            channel="balie",
            duration="lt10",
            questions=[QuestionInput(theme="digid", organisation="logius", help_given="samen")],
        ),
    )


def test_list_shows_scoped_registrations_and_change_links_only_for_own_recent_ones(
    network: Network, log_in: Any
) -> None:
    me = user_for(Role.DESK_WORKER, network)
    other_library = make_user(
        Role.DESK_WORKER, organisation=network.zaanstreek, branch=network.zaandam
    )
    mine = _visit(me, network.rotterdam_centrum.pk)
    _visit(other_library, network.zaandam.pk)

    client = log_in(me)
    rows = client.get(LIST).context["rows"]
    assert [(v.pk, changeable) for v, changeable in rows] == [(mine.pk, True)]


def test_delete_asks_for_confirmation_then_deletes(network: Network, log_in: Any) -> None:
    me = user_for(Role.DESK_WORKER, network)
    visit = _visit(me, network.rotterdam_centrum.pk)
    client = log_in(me)
    url = reverse("desk:delete", args=[visit.pk])
    assert client.get(url).status_code == 200
    assert Visit.objects.filter(pk=visit.pk).exists()
    assert client.post(url).status_code == 302
    assert not Visit.objects.filter(pk=visit.pk).exists()


def test_someone_elses_registration_cannot_be_edited(network: Network, log_in: Any) -> None:
    visit = _visit(user_for(Role.DESK_WORKER, network), network.rotterdam_centrum.pk)
    client = log_in(user_for(Role.DESK_WORKER, network))
    assert client.get(reverse("desk:edit", args=[visit.pk])).status_code == 403


def test_export_csv_and_xlsx_follow_the_filters(network: Network, log_in: Any) -> None:
    me = user_for(Role.DESK_WORKER, network)
    _visit(me, network.rotterdam_centrum.pk)
    services.register_visit(
        me,
        VisitInput(
            branch_id=network.rotterdam_centrum.pk,
            occurred_at=timezone.now(),
            channel="balie",
            duration="lt10",
            questions=[QuestionInput(theme="boetes", organisation="cjib", help_given="informatie")],
        ),
    )
    client = log_in(me)

    response = client.get(reverse("desk:export", args=["csv"]), {"theme": "boetes"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert [r["theme"] for r in records] == ["boetes"]
    assert records[0]["layer"] == "rijk"

    response = client.get(reverse("desk:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3  # header + two questions


def test_export_outside_the_library_has_no_free_text_columns(network: Network, log_in: Any) -> None:
    _visit(user_for(Role.DESK_WORKER, network), network.rotterdam_centrum.pk)
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    response = client.get(reverse("desk:export", args=["csv"]))
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert "note" not in header and "citizen_words" not in header
    assert client.get(reverse("desk:export", args=["pdf"])).status_code == 404


def test_roles_that_do_not_register_get_no_desk(network: Network, log_in: Any) -> None:
    client = log_in(user_for(Role.AGENCY_ANALYST, network))
    assert client.get(REGISTER).status_code == 403


def test_personal_data_in_a_note_is_refused_and_one_click_masks_it_and_registers(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    data = form_data(
        network.rotterdam_centrum.pk,
        note="Mevrouw wil teruggebeld worden op 06-12345678 over haar toeslag",
        **{"form-0-citizen_words": "mijn BSN is 111222333, wat moet ik doen"},
    )

    refused = client.post(REGISTER, data)

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "06-12345678" not in page.split("<textarea")[0]  # not echoed in the messages
    assert refused.context["has_personal_data"]
    assert not Visit.objects.exists()

    masked = client.post(REGISTER, {**data, "_mask": "1"})

    assert masked.status_code == 302
    visit = Visit.objects.get()
    assert "06-12345678" not in visit.note and "[TELEFOONNUMMER]" in visit.note
    assert visit.questions.get().citizen_words == "mijn BSN is [BSN], wat moet ik doen"


def test_an_ordinary_question_in_the_citizens_words_is_stored_as_typed(
    network: Network, log_in: Any
) -> None:
    client = log_in(user_for(Role.DESK_WORKER, network))
    words = "Ik word 67, hoe vraag ik AOW aan? Ik kreeg een boete van 300 euro."
    response = client.post(
        REGISTER, form_data(network.rotterdam_centrum.pk, **{"form-0-citizen_words": words})
    )
    assert response.status_code == 302
    assert Visit.objects.get().questions.get().citizen_words == words
