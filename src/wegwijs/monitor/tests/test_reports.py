"""The quarterly report as a PDF: built from the dashboard's report for the scope and quarter,
its text as a reader sees it (pypdf), small figures suppressed outside the library, each role
only its own scope, bad quarters refused. PDF rendering costs about a second: only two tests
render one; the others check the HTML the PDF is laid out from, or the report object."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from wegwijs.accounts.models import Role
from wegwijs.monitor import pdfreport
from wegwijs.monitor.pdfreport import Kind, ReportError
from wegwijs.monitor.tests.conftest import Registered
from wegwijs.monitor.tests.test_dashboard import assert_tables_protected, figure
from wegwijs.testing.network import user_for
from wegwijs.testing.pdf import assert_accessible

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def html_text(report_scope: pdfreport.ReportScope, year: int, quarter: int, **kwargs: Any) -> str:
    """The text of the HTML the PDF is laid out from (no PDF rendering)."""
    report = pdfreport.build_report(report_scope, year, quarter, **kwargs)
    html = render_to_string(
        pdfreport.TEMPLATE, pdfreport.context(report, report_scope, year, quarter)
    )
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&lt;", "<")


def test_a_coordinator_gets_its_own_library_as_it_is(
    registered: Registered, client: Any, log_in: Any
) -> None:
    log_in(user_for(Role.COORDINATOR, registered.network))
    response = client.get(f"/monitor/rapport/{registered.year}/1/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="kwartaalrapport-bibliotheek-rotterdam-{registered.year}-q1.pdf"'
    )
    tagged = assert_accessible(
        response.content,
        lang="en",
        title=f"Quarterly report Q1 {registered.year}: Bibliotheek Rotterdam",
    )
    assert "Questions by theme. DigiD" in " ".join(str(alt) for alt in tagged.figures())
    text = pdf_text(response.content)
    assert re.search(r"Key figure Q1 \d{4} Q4 \d{4} Difference\s+Questions 50 0", text)
    assert f"Quarterly report Q1 {registered.year}" in text
    assert "Bibliotheek Rotterdam" in text
    assert f"Period: 1 January {registered.year} to 31 March {registered.year}" in text
    assert f"Compared with: Q4 {registered.year - 1}" in text
    assert "Made on:" in text and "Page 1 of" in text
    assert re.search(r"Questions 50 0", text)  # key figure, the previous quarter had none
    assert re.search(r"Visits 50 0", text)
    assert re.search(r"Fines \(CJIB\) 1 ", text)  # inside the library: as it is
    assert "These are your library's own figures" in text
    assert "Comparison of branches" in text and "Centrale Bibliotheek" in text


def test_an_agency_gets_small_figures_suppressed_and_no_raw_small_figure(
    registered: Registered, client: Any, log_in: Any
) -> None:
    log_in(user_for(Role.AGENCY_ANALYST, registered.network))
    response = client.get(f"/monitor/rapport/{registered.year}/1/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Questions about UWV, all IDOs" in text
    assert re.search(r"Questions 11 0", text)
    # UWV: 3 could not be helped, 2 got information, 6 did it together
    assert re.search(r"Information, explained <5", text)
    assert re.search(r"Could not help <5", text)
    assert re.search(r"Did it together 6 ", text)
    for raw in (r"Information, explained 2\b", r"Could not help 3\b", r"Work and benefits 3\b"):
        assert not re.search(raw, text), raw
    assert "Figures below 5 are shown as <5" in text
    assert re.search(r"Bibliotheek Neude Bibliotheek Utrecht <5", text)  # 2 questions


def test_the_programme_office_gets_any_organisation_suppressed(
    registered: Registered,
) -> None:
    office = user_for(Role.PROGRAMME_OFFICE, registered.network)
    library = pdfreport.scope_for(office, "bibliotheek-rotterdam")
    assert library.kind == Kind.LIBRARY and not pdfreport.is_inside(office, library)
    report = pdfreport.build_report(library, registered.year, 1, inside=False)
    assert report.suppressed and report.key_figures[0][1].value == 50
    assert figure(report.table("theme"), "boetes").display == "<5"
    assert_tables_protected(report)
    with translation.override("en"):
        text = html_text(library, registered.year, 1, inside=False)
    assert "Fines (CJIB) <5" in text and "Fines (CJIB) 1 " not in text
    nation = pdfreport.scope_for(office, None)
    assert nation == pdfreport.NATIONAL == pdfreport.scope_for(office, "kb")
    national = pdfreport.build_report(nation, registered.year, 1, inside=True)
    assert national.suppressed, "inside only for the library's own people"
    assert national.key_figures[0][1].value == 75
    poi = pdfreport.scope_for(office, "probiblio")
    assert (
        pdfreport.build_report(poi, registered.year, 1, inside=False).key_figures[0][1].value == 66
    )
    agency = pdfreport.scope_for(office, "uwv")
    assert (
        pdfreport.build_report(agency, registered.year, 1, inside=False).key_figures[0][1].value
        == 11
    )


def test_a_poi_gets_itself_and_its_libraries_only(
    registered: Registered, client: Any, log_in: Any
) -> None:
    poi = user_for(Role.POI_CONSULTANT, registered.network)
    own = pdfreport.scope_for(poi, None)
    assert (own.kind, own.organisation) == (Kind.POI, registered.network.probiblio)
    report = pdfreport.build_report(own, registered.year, 1, inside=False)
    assert report.suppressed and report.key_figures[0][1].value == 66  # not Utrecht
    assert_tables_protected(report)
    assert pdfreport.scope_for(poi, "zaanstreek").organisation == registered.network.zaanstreek
    assert {s.key for s in pdfreport.choices_for(poi)} == {
        "poi:probiblio",
        "library:bibliotheek-rotterdam",
        "library:zaanstreek",
    }
    log_in(poi)
    answer = client.get(
        f"/monitor/rapport/{registered.year}/1/", {"organisation": "bibliotheek-utrecht"}
    )
    assert answer.status_code == 403
    assert "error-code" in answer.text


@pytest.mark.parametrize(
    ("role", "slug", "status"),
    [
        (Role.COORDINATOR, "zaanstreek", 403),
        (Role.COORDINATOR, "probiblio", 403),
        (Role.COORDINATOR, "kb", 403),
        (Role.AGENCY_ANALYST, "bibliotheek-rotterdam", 403),
        (Role.AGENCY_ANALYST, "kb", 403),
        (Role.POI_CONSULTANT, "bisc", 403),
        (Role.POI_CONSULTANT, "uwv", 403),
        (Role.DESK_WORKER, None, 403),
        (Role.PARTNER_EDITOR, None, 403),
        (Role.PROGRAMME_OFFICE, "does-not-exist", 404),
        (Role.PROGRAMME_OFFICE, "partner", 404),
    ],
)
def test_each_role_gets_only_its_own_scope(
    role: str, slug: str | None, status: int, registered: Registered, client: Any, log_in: Any
) -> None:
    user = user_for(role, registered.network)
    if slug == "partner":
        slug = registered.network.partner.slug
    with pytest.raises(ReportError) as refused:
        pdfreport.scope_for(user, slug)
    assert refused.value.status == status
    log_in(user)
    params = {"organisation": slug} if slug else {}
    answer = client.get(f"/monitor/rapport/{registered.year}/1/", params)
    assert answer.status_code == status
    assert answer["Content-Type"].startswith("text/html")


def test_bad_or_future_quarters_are_refused_with_a_message(
    registered: Registered, client: Any, log_in: Any
) -> None:
    log_in(user_for(Role.PROGRAMME_OFFICE, registered.network))
    today = date.today()
    future_year, future_quarter = pdfreport.quarter_of(today)
    future_quarter += 1
    if future_quarter == 5:
        future_year, future_quarter = future_year + 1, 1
    for url in (
        "/monitor/rapport/2018/4/",
        f"/monitor/rapport/{registered.year}/5/",
        f"/monitor/rapport/{registered.year}/0/",
        f"/monitor/rapport/{future_year}/{future_quarter}/",
        f"/monitor/rapport/{today.year + 1}/1/",
        "/monitor/rapport/99999/1/",
    ):
        answer = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert answer.status_code == 400, url
        assert "This quarterly report cannot be made" in answer.text
    assert client.get("/monitor/rapport/abc/1/").status_code == 404
    assert client.get(f"/monitor/rapport/{registered.year}/1/x/").status_code == 404


def test_a_quarter_without_data_gives_a_report_saying_so(registered: Registered) -> None:
    coordinator = user_for(Role.COORDINATOR, registered.network)
    own = pdfreport.scope_for(coordinator, None)
    with translation.override("en"):
        text = html_text(own, registered.year - 2, 1, inside=True)
    assert f"No questions were registered in Q1 {registered.year - 2}" in text
    assert "Questions by theme" not in text


def test_the_current_quarter_counts_up_to_today() -> None:
    today = date(2026, 5, 20)
    pdfreport.check_quarter(2026, 2, today)
    with pytest.raises(ReportError):
        pdfreport.check_quarter(2026, 3, today)
    assert pdfreport.quarter_period(2026, 2).last_day == date(2026, 6, 30)
    # the report day: the second working day of the next quarter (1 and 2 January,
    # Easter Monday and weekends do not count)
    assert pdfreport.report_day(2025, 4) == date(2026, 1, 5)
    assert pdfreport.report_day(2026, 1) == date(2026, 4, 2)
    assert pdfreport.last_reported_quarter(date(2026, 1, 2)) == (2025, 3)
    assert pdfreport.last_reported_quarter(date(2026, 1, 5)) == (2025, 4)
    assert pdfreport.parse_quarter("2026q3") == pdfreport.parse_quarter("2026-Q3") == (2026, 3)
    with pytest.raises(ValueError):
        pdfreport.parse_quarter("2026Q5")


def test_the_page_chooses_a_report_without_javascript(
    registered: Registered, client: Any, log_in: Any
) -> None:
    log_in(user_for(Role.PROGRAMME_OFFICE, registered.network))
    page = client.get("/monitor/rapport/")
    assert page.status_code == 200
    main = page.text[page.text.index("<main") : page.text.index("</main>")]
    assert 'name="organisation"' in main and 'value="bibliotheek-rotterdam"' in main
    assert " style=" not in main and "<script" not in main
    answer = client.get(
        "/monitor/rapport/",
        {"year": registered.year, "quarter": 1, "organisation": "bibliotheek-rotterdam"},
    )
    assert answer.status_code == 302
    assert answer["Location"] == (
        f"/monitor/rapport/{registered.year}/1/?organisation=bibliotheek-rotterdam"
    )
    own = client.get("/monitor/rapport/", {"year": registered.year, "quarter": 1})
    assert own["Location"] == f"/monitor/rapport/{registered.year}/1/"
    bad = client.get("/monitor/rapport/", {"year": registered.year, "quarter": 7})
    assert bad.status_code == 400 and "error-summary" in bad.text
    log_in(user_for(Role.COORDINATOR, registered.network))
    page = client.get("/monitor/rapport/")
    assert 'name="organisation"' not in page.text  # one choice: its own library
    wrong = client.get(
        "/monitor/rapport/", {"year": registered.year, "quarter": 1, "organisation": "zaanstreek"}
    )
    assert wrong.status_code == 302 and "organisation" not in wrong["Location"]
    log_in(user_for(Role.DESK_WORKER, registered.network))
    assert client.get("/monitor/rapport/").status_code == 403
    dashboard = client.get("/monitor/", registered.params())
    assert "/monitor/rapport/" not in dashboard.text
    log_in(user_for(Role.PROGRAMME_OFFICE, registered.network))
    dashboard = client.get("/monitor/", registered.params())
    assert "/monitor/rapport/" in dashboard.text and "/monitor/open-data/" in dashboard.text
