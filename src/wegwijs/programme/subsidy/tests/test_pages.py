"""The subsidy pages through the test client: who sees what, the form with its formset
(tampered POSTs included), the applicant's and the programme office's actions, exports and
the decision letter as PDF."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from wegwijs.accounts.models import Role
from wegwijs.programme.subsidy import services
from wegwijs.programme.subsidy.formatting import DUTCH_TIME
from wegwijs.programme.subsidy.models import (
    SubsidyApplication,
    SubsidyEvent,
    SubsidyLineAmount,
    SubsidyState,
)
from wegwijs.programme.subsidy.tests.conftest import (
    BEFORE,
    DECIDED,
    World,
    collective_application,
    granted_application,
    line,
    own_application,
)
from wegwijs.testing.network import user_for
from wegwijs.testing.pdf import assert_accessible

pytestmark = pytest.mark.django_db

INDEX = "programme:subsidy:index"


def form_data(rows: list[dict[str, Any]], **extra: str) -> dict[str, str]:
    data = {
        "lines-TOTAL_FORMS": str(len(rows)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "contact": "",
        "total": "",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"lines-{i}-{key}"] = str(value)
    data.update(extra)
    return data


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


# -- who may open the pages --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROGRAMME_OFFICE, 200),
        (Role.POI_CONSULTANT, 200),
        (Role.COORDINATOR, 200),
        (Role.DESK_WORKER, 403),
        (Role.AGENCY_ANALYST, 403),
    ],
)
def test_who_may_open_the_list(world: World, log_in: Any, role: str, status: int) -> None:
    client = log_in(user_for(role, world.n))
    assert client.get(reverse(INDEX)).status_code == status


def test_each_role_sees_its_applications_and_the_filters_work(world: World, log_in: Any) -> None:
    own = own_application(world)
    utrecht = services.create_application(
        world.bisc,
        world.scheme,
        services.ApplicationInput(lines=[line(world.n.utrecht_library, 2021, y2021="9000")]),
        at=BEFORE,
    )
    services.submit(world.bisc, utrecht, at=BEFORE)

    def refs(client: Any, **params: str) -> set[str]:
        response = client.get(reverse(INDEX), params)
        assert response.status_code == 200
        return {a.reference for a in response.context["page"].object_list}

    client = log_in(world.office)
    assert refs(client) == {own.reference, utrecht.reference}
    assert refs(client, state="submitted") == {utrecht.reference}
    assert refs(client, province="NL-UT") == {utrecht.reference}
    assert refs(client, poi="probiblio") == {own.reference}  # Rotterdam's POI
    assert refs(client, start_year="2020") == {own.reference}
    assert refs(client, start_year="2021") == {utrecht.reference}
    client = log_in(world.poi)  # Probiblio: Zuid- and Noord-Holland
    assert refs(client) == {own.reference}
    client = log_in(world.bisc)
    assert refs(client) == {utrecht.reference}
    client = log_in(world.zaanstreek_coordinator)
    assert refs(client) == set()
    detail = reverse("programme:subsidy:detail", args=[own.reference])
    assert client.get(detail).status_code == 403
    assert client.get(reverse("programme:subsidy:detail", args=["DI-2019-9999"])).status_code == 404


# -- the form ------------------------------------------------------------------------------
def test_a_coordinator_saves_a_draft_and_submits_it(world: World, log_in: Any, clock: Any) -> None:
    client = log_in(world.coordinator)
    page = client.get(reverse("programme:subsidy:create"))
    assert page.status_code == 200
    assert len(page.context["formset"].forms) == 1
    response = client.post(
        reverse("programme:subsidy:create"),
        form_data(
            [
                {
                    "library": world.n.rotterdam.pk,
                    "start_year": 2020,
                    "amount_2020": "20.000",
                    "amount_2021": "10.000,50",
                }
            ],
            total="€ 30.000,50",
            contact="via de afdeling subsidies",
        ),
    )
    application = SubsidyApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.reference == "DI-2019-0001"
    assert application.total("requested") == Decimal("30000.50")
    assert application.created_by == world.coordinator
    detail = client.get(response["Location"])
    assert detail.context["actions"] == ["edit", "submit", "withdraw"]
    assert b"DI-2019-0001" in detail.content
    response = client.post(
        reverse("programme:subsidy:act", args=[application.reference, "indienen"])
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == SubsidyState.SUBMITTED
    # Submitted: nothing left to do for the applicant.
    assert client.get(application.get_absolute_url()).context["actions"] == []
    assert (
        client.get(reverse("programme:subsidy:edit", args=[application.reference])).status_code
        == 302
    )


def test_submitting_after_the_deadline_shows_the_message_and_keeps_the_draft(
    world: World, log_in: Any, clock: Any
) -> None:
    application = own_application(world)
    clock(datetime(2019, 10, 12, 0, 0, tzinfo=DUTCH_TIME))
    client = log_in(world.coordinator)
    with translation.override("en"):
        response = client.post(
            reverse("programme:subsidy:act", args=[application.reference, "indienen"]),
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    messages = [str(m) for m in response.context["messages"]]
    assert any("11 oktober 2019" in m or "11 October 2019" in m for m in messages), messages
    application.refresh_from_db()
    assert application.state == SubsidyState.DRAFT


def test_a_late_application_is_refused_on_the_page_and_nothing_stored(
    world: World, log_in: Any, clock: Any
) -> None:
    clock(datetime(2019, 10, 12, 0, 0, tzinfo=DUTCH_TIME))
    client = log_in(world.coordinator)
    response = client.post(
        reverse("programme:subsidy:create"),
        form_data([{"library": world.n.rotterdam.pk, "start_year": 2020, "amount_2020": "1000"}]),
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not SubsidyApplication.objects.exists()


def test_a_poi_gets_only_libraries_of_its_provinces_and_a_tampered_post_is_refused(
    world: World, log_in: Any, clock: Any
) -> None:
    client = log_in(world.poi)
    page = client.get(reverse("programme:subsidy:create"))
    offered = {
        value for value, _label in page.context["formset"].forms[0].fields["library"].choices
    }
    assert offered == {"", world.n.rotterdam.pk, world.n.zaanstreek.pk}
    rows = [
        {"library": world.n.rotterdam.pk, "start_year": 2020, "amount_2020": "20000"},
        {"library": world.n.utrecht_library.pk, "start_year": 2021, "amount_2021": "5000"},
    ]
    response = client.post(reverse("programme:subsidy:create"), form_data(rows))
    assert response.status_code == 400
    assert response.context["formset"].forms[1].errors["library"]
    assert not SubsidyApplication.objects.exists()
    # Two libraries of its provinces: one application, a line each.
    rows[1]["library"] = world.n.zaanstreek.pk
    response = client.post(reverse("programme:subsidy:create"), form_data(rows, total="25000"))
    assert response.status_code == 302
    application = SubsidyApplication.objects.get()
    assert application.applicant == world.n.probiblio
    assert {line.library for line in application.lines.all()} == {
        world.n.rotterdam,
        world.n.zaanstreek,
    }


def test_more_rows_stores_nothing_and_empty_rows_are_left_out(
    world: World, log_in: Any, clock: Any
) -> None:
    client = log_in(world.poi)
    rows = [{"library": world.n.rotterdam.pk, "start_year": 2020, "amount_2020": "1000"}]
    response = client.post(reverse("programme:subsidy:create"), form_data(rows, _more="1"))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2  # capped at the two libraries
    assert not SubsidyApplication.objects.exists()
    response = client.post(
        reverse("programme:subsidy:create"), form_data([*rows, {"library": "", "start_year": ""}])
    )
    assert response.status_code == 302
    assert SubsidyApplication.objects.get().lines.count() == 1


@pytest.mark.parametrize(
    ("rows", "extra", "field"),
    [
        ([{"start_year": 2020, "amount_2020": "abc"}], {}, "amount_2020"),
        ([{"start_year": 2020, "amount_2020": "-5"}], {}, "amount_2020"),
        ([{"start_year": 2020, "amount_2020": "1000"}], {"total": "999"}, "total"),
        ([{"start_year": 2019, "amount_2020": "1000"}], {}, "start_year"),
        ([{"start_year": 2020}], {}, "__all__"),
        (
            [{"start_year": 2020, "amount_2020": "1000"}],
            {"contact": "mail naar jan@example.org"},
            "contact",
        ),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_stored(
    world: World,
    log_in: Any,
    clock: Any,
    rows: list[dict[str, Any]],
    extra: dict[str, str],
    field: str,
) -> None:
    client = log_in(world.coordinator)
    for row in rows:
        row["library"] = world.n.rotterdam.pk
    response = client.post(reverse("programme:subsidy:create"), form_data(rows, **extra))
    assert response.status_code == 400
    form, line_form = response.context["form"], response.context["formset"].forms[0]
    errors = {**form.errors, **line_form.errors}
    assert field in errors, errors
    assert b"error-summary" in response.content
    assert not SubsidyApplication.objects.exists()


def test_a_draft_is_changed_through_the_form(world: World, log_in: Any, clock: Any) -> None:
    application = own_application(world)
    client = log_in(world.coordinator)
    url = reverse("programme:subsidy:edit", args=[application.reference])
    page = client.get(url)
    assert page.context["formset"].forms[0].initial["amount_2020"] == Decimal("20000.00")
    assert 'value="20.000,00"' in page.content.decode()
    response = client.post(
        url,
        form_data(
            [{"library": world.n.rotterdam.pk, "start_year": 2021, "amount_2021": "12.000"}],
            **{"lines-INITIAL_FORMS": "1"},
        ),
    )
    assert response.status_code == 302
    amounts = list(SubsidyLineAmount.objects.values_list("year", "requested"))
    assert amounts == [(2021, Decimal("12000.00"))]
    event = application.events.get(action=SubsidyEvent.Action.UPDATE)
    assert event.user == world.coordinator
    history = client.get(application.get_absolute_url()).context["events"]
    assert any("Bibliotheek Rotterdam" in line for _event, lines in history for line in lines)
    # Somebody else cannot open the form.
    assert log_in(world.poi).get(url).status_code == 403


# -- the programme office ----------------------------------------------------------------------
def test_the_office_assesses_grants_less_with_a_reason_and_the_letter_says_so(
    world: World, log_in: Any, clock: Any
) -> None:
    application = collective_application(world)
    services.submit(world.poi, application, at=BEFORE)
    clock(DECIDED)
    client = log_in(world.office)
    url = reverse("programme:subsidy:assess", args=[application.reference])
    assert log_in(world.poi).get(url).status_code == 403
    client = log_in(world.office)
    response = client.post(url, {"action": "assess", "assess-note": "begroting gecontroleerd"})
    assert response.status_code == 302
    page = client.get(url)
    grant_form = page.context["grant_form"]
    names = list(grant_form.fields)
    rotterdam_2020 = next(
        r for r in grant_form.rows if r.line.library == world.n.rotterdam and r.year == 2020
    )
    key = f"amount_{rotterdam_2020.line_id}_2020"
    data = {f"grant-{name}": grant_form[name].value() or "" for name in names}
    data = {k: (v if not isinstance(v, Decimal) else str(v)) for k, v in data.items()}
    data.update({"action": "grant", f"grant-{key}": "15.000", "grant-reason": ""})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "reason" in response.context["grant_form"].errors
    data["grant-reason"] = "de inrichtingskosten zijn elders gedekt"
    response = client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == SubsidyState.GRANTED
    assert application.total("granted") == Decimal("50000.00")
    letter = client.get(reverse("programme:subsidy:letter", args=[application.reference]))
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert_accessible(letter.content, lang="nl", title=application.reference)
    text = pdf_text(letter.content)
    with translation.override("nl"):
        from django.utils.translation import gettext as _

        objection = " ".join(
            _(
                "Then you can object (bezwaar maken) within 6 weeks of the date of this letter. "
                "Send a signed letter with your name and address, the date, the reference number "
                "of this decision and why you disagree."
            ).split()
        )
    assert application.reference in text
    assert "Probiblio" in text
    assert "2 december 2019" in text  # the decision date, in Dutch
    assert "Bibliotheek Rotterdam" in text and "De Bieb voor de Zaanstreek" in text
    assert "€ 15.000,00" in text and "€ 50.000,00" in text and "€ 55.000,00" in text
    assert "de inrichtingskosten zijn elders gedekt" in text
    assert objection in text
    assert "Koninklijke Bibliotheek" in text  # the letterhead
    # The POI (applicant) gets the letter too; the library inside the application does not.
    assert (
        log_in(world.poi)
        .get(reverse("programme:subsidy:letter", args=[application.reference]))
        .status_code
        == 200
    )
    assert (
        log_in(world.coordinator)
        .get(reverse("programme:subsidy:letter", args=[application.reference]))
        .status_code
        == 403
    )


def test_a_rejection_letter_has_the_reason_and_the_objection_clause(
    world: World, log_in: Any, clock: Any
) -> None:
    application = own_application(world)
    services.submit(world.coordinator, application, at=BEFORE)
    services.assess(world.office, application, at=DECIDED)
    clock(DECIDED)
    client = log_in(world.office)
    url = reverse("programme:subsidy:assess", args=[application.reference])
    assert client.post(url, {"action": "reject", "reject-reason": ""}).status_code == 400
    response = client.post(url, {"action": "reject", "reject-reason": "geen plan voor partners"})
    assert response.status_code == 302
    letter_url = reverse("programme:subsidy:letter", args=[application.reference])
    text = pdf_text(log_in(world.coordinator).get(letter_url).content)
    assert "geen plan voor partners" in text
    assert "Bibliotheek Rotterdam" in text and application.reference in text
    assert "6" in text and "bezwaar" in text


def test_payment_and_settlement_pages(world: World, log_in: Any, clock: Any) -> None:
    application = granted_application(world)
    rows = services.amount_rows(application)
    clock(datetime(2020, 3, 1, 10, tzinfo=DUTCH_TIME))
    pay_url = reverse("programme:subsidy:pay", args=[application.reference])
    assert log_in(world.coordinator).get(pay_url).status_code == 403
    client = log_in(world.office)
    page = client.get(pay_url)
    assert page.status_code == 200
    fields = {f"amount_{r.line_id}_{r.year}": r for r in rows}
    # The form starts with the granted amounts, written the Dutch way.
    assert [page.context["form"][name].value() for name in fields] == ["20.000,00", "10.000,00"]
    first = next(iter(fields))
    data = {name: str(r.granted) for name, r in fields.items()}
    data["date"] = "2020-04-01"  # in the future
    response = client.post(pay_url, data)
    assert response.status_code == 400
    assert "date" in response.context["form"].errors
    data["date"] = "2020-01-15"
    data[first] = "25.000"  # more than granted
    response = client.post(pay_url, data)
    assert response.status_code == 400
    assert first in response.context["form"].errors
    data[first] = ""  # an amount is required on the page
    assert client.post(pay_url, data).status_code == 400
    data[first] = "18.000"
    assert client.post(pay_url, data).status_code == 302
    application.refresh_from_db()
    assert application.state == SubsidyState.PAID
    assert application.paid_on.isoformat() == "2020-01-15"
    assert application.total("paid") == Decimal("28000.00")
    settle_url = reverse("programme:subsidy:settle", args=[application.reference])
    page = client.get(settle_url)
    assert page.context["form"][first].value() == "18.000,00"  # starts from what was paid
    data = {name: "18.000" if name == first else "9.000" for name in fields}
    data["date"] = "2020-02-01"
    assert client.post(settle_url, data).status_code == 302
    application.refresh_from_db()
    assert application.state == SubsidyState.SETTLED
    assert application.total("settled") == Decimal("27000.00")
    # Settled: no money pages any more.
    assert client.get(pay_url).status_code == 302


# -- exports, budget, admin ---------------------------------------------------------------------
def test_the_exports_have_amounts_as_numbers(world: World, log_in: Any) -> None:
    granted = granted_application(world)
    services.record_payment(world.office, granted, DECIDED.date(), at=DECIDED)
    client = log_in(world.office)
    response = client.get(reverse("programme:subsidy:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == granted.reference
    assert rows[1][7] == 30000 and isinstance(rows[1][7], int | float)
    response = client.get(reverse("programme:subsidy:accounting", args=["csv"]))
    assert response["Content-Disposition"].endswith('.csv"')
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(table) == 3  # header, 2020, 2021
    assert table[1][0] == granted.reference and table[1][2] == "Bibliotheek Rotterdam"
    assert table[1][5:10] == ["2020", table[1][6], "20000.00", "20000.00", ""]
    assert table[1][11] == "2019-12-02"  # paid on
    response = client.get(reverse("programme:subsidy:accounting", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [v[7] for v in values] == [20000, 10000]
    assert client.get(reverse("programme:subsidy:export", args=["pdf"])).status_code == 404
    # Accounting is for the programme office only.
    assert (
        log_in(world.poi).get(reverse("programme:subsidy:accounting", args=["csv"])).status_code
        == 403
    )


def test_the_budget_page_has_the_chart_the_table_and_the_export(world: World, log_in: Any) -> None:
    granted_application(world)
    client = log_in(world.office)
    response = client.get(reverse("programme:subsidy:budget"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<svg class="chart subsidy-chart" role="img"' in content
    assert "<caption" in content
    overview = response.context["overview"]
    assert overview.total.figures.granted == Decimal("30000.00")
    assert overview.total.remaining == Decimal("920000.00")
    response = client.get(reverse("programme:subsidy:budget_export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    years, provinces = workbook.worksheets
    rows = list(years.iter_rows(min_row=2, values_only=True))
    assert rows[1][:4] == ("2020", 400000, 20000, 20000)
    assert rows[-1][6] == 920000
    first_province = next(provinces.iter_rows(min_row=2, values_only=True))
    assert first_province[:2] == ("Zuid-Holland", 2020)
    assert log_in(world.coordinator).get(reverse("programme:subsidy:budget")).status_code == 403


def test_the_admin_shows_the_trail_read_only(world: World, log_in: Any) -> None:
    application = own_application(world)
    admin = log_in(user_for(Role.ADMIN, world.n))
    response = admin.get(
        reverse("admin:programme_subsidyapplication_change", args=[application.pk])
    )
    assert response.status_code == 200
    assert b"DI-2019-0001" in response.content
    assert admin.get(reverse("admin:programme_subsidyevent_changelist")).status_code == 200
    assert admin.get(reverse("admin:programme_subsidyevent_add")).status_code == 403
    assert (
        admin.get(
            reverse("admin:programme_subsidyscheme_change", args=[world.scheme.pk])
        ).status_code
        == 200
    )
