"""Downloads of the partnership tools: CSV per tool, one XLSX with a sheet per tool, and the
PDF overview with the quadrant chart; the chart itself."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wegwijs.accounts.models import Role
from wegwijs.programme.partnerships import charts, reports
from wegwijs.programme.partnerships.models import (
    PartnershipContribution,
    PartnershipPartner,
    PartnershipTactic,
)
from wegwijs.testing.network import user_for
from wegwijs.testing.pdf import assert_accessible


def _with_data(tools: Any) -> None:
    PartnershipContribution.objects.create(
        partner=tools.raadslieden, goal=tools.bereiken, level="strong", note="Spreekuur"
    )
    PartnershipTactic.objects.create(
        partner=tools.humanitas,
        approach="=Uitnodigen voor de lokale bijeenkomst",
        who="coördinator",
    )


@pytest.mark.django_db
def test_each_tool_downloads_as_csv(tools: Any, network: Any, log_in: Any) -> None:
    _with_data(tools)
    client = log_in(user_for(Role.COORDINATOR, network))
    slug = tools.library.slug

    def rows(tool: str) -> list[list[str]]:
        response = client.get(reverse("programme:partnerships:export", args=[slug, tool, "csv"]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    partners = rows("partners")
    assert [r[0] for r in partners[1:]] == ["Humanitas", "Sociaal Raadslieden"]
    strength = rows("krachtenanalyse")
    assert strength[2][:4] == ["1", "Sociaal Raadslieden", "Minder vastgelopen inwoners.", "5"]
    weighing = rows("afwegingstabel")
    assert weighing[0][1:3] == ["Gedeelde doelgroep (×3)", "Capaciteit (×1)"]
    assert weighing[2][0] == "Sociaal Raadslieden" and weighing[2][3] == "81"
    scores = rows("scores")
    assert scores[1:] == [
        ["Sociaal Raadslieden", "Gedeelde doelgroep", "3", "5", "5", "4", "4.67"],
        ["Sociaal Raadslieden", "Capaciteit", "1", "3", "3", "3", "3.0"],
    ]
    goals = rows("doelen")
    assert goals[0][1] == "Meer inwoners bereiken"
    assert goals[2][0] == "Sociaal Raadslieden" and goals[2][2] == "Spreekuur"
    tactics = rows("tactieken")
    assert tactics[1][:3] == ["Humanitas", "'=Uitnodigen voor de lokale bijeenkomst", "coördinator"]
    missing = client.get(reverse("programme:partnerships:export", args=[slug, "onbekend", "csv"]))
    assert missing.status_code == 404
    pdf_as_table = client.get(
        reverse("programme:partnerships:export", args=[slug, "partners", "pdf"])
    )
    assert pdf_as_table.status_code == 404


@pytest.mark.django_db
def test_one_workbook_has_a_sheet_per_tool(tools: Any, network: Any, log_in: Any) -> None:
    _with_data(tools)
    client = log_in(user_for(Role.PROGRAMME_OFFICE, network))
    response = client.get(
        reverse("programme:partnerships:export", args=[tools.library.slug, "alles", "xlsx"])
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 6
    values = {
        name: [[c.value for c in row] for row in workbook[name].iter_rows()]
        for name in workbook.sheetnames
    }
    everything = str(values)
    for text in (
        "Sociaal Raadslieden",
        "Humanitas",
        "Gedeelde doelgroep",
        "Spreekuur",
        "coördinator",
    ):
        assert text in everything
    weighing = values[workbook.sheetnames[2]]
    assert weighing[2][0] == "Sociaal Raadslieden" and weighing[2][3] == 81


@pytest.mark.django_db
def test_the_pdf_overview_has_every_tool_and_the_chart(
    tools: Any, network: Any, log_in: Any
) -> None:
    from pypdf import PdfReader

    _with_data(tools)
    client = log_in(user_for(Role.POI_CONSULTANT, network))
    response = client.get(
        reverse("programme:partnerships:overview_pdf", args=[tools.library.slug]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="partnerships-bibliotheek-rotterdam.pdf"' in response["Content-Disposition"]
    tagged = assert_accessible(
        response.content, lang="en", title="Partnerships of Bibliotheek Rotterdam"
    )
    assert tagged.figures()[0].startswith("Strength analysis of Bibliotheek Rotterdam.")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    for expected in (
        "Partnerships of Bibliotheek Rotterdam",
        "Strength analysis",
        "Key partner: 1 (Sociaal Raadslieden)",  # the chart's summary and legend
        "Keep informed",
        "Weighing table",
        "Start the partnership",
        "Partnerships and goals",
        "Meer inwoners bereiken",
        "Tactics",
        "Uitnodigen voor de lokale bijeenkomst",
    ):
        assert expected in flat, expected
    # The chart is drawn as vectors: its texts and dots are form objects on its page.
    chart_page = next(p for p in reader.pages if "data of the chart" in p.extract_text())
    assert len(chart_page["/Resources"]["/XObject"]) >= 10
    # The weighing table and the matrix have landscape pages.
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert (842, 595) in sizes and (595, 842) in sizes


def _partner(pk: int, name: str, influence: int, added_value: int) -> PartnershipPartner:
    return PartnershipPartner(pk=pk, name=name, influence=influence, added_value=added_value)


def test_the_chart_labels_every_dot_and_numbers_a_crowded_band() -> None:
    few = [
        _partner(1, "Welzijn", 4, 5),
        _partner(2, "Cliëntondersteuning gemeente Rotterdam", 1, 2),
    ]
    analysis = reports.strength(few)
    svg = str(charts.quadrant_chart(analysis, title="Krachten"))
    assert svg.count("<circle") == 2
    assert ">Welzijn</text>" in svg
    assert ">Cliëntondersteun…</text>" in svg and ">gemeente Rotterd…</text>" in svg
    assert 'aria-label="Krachten. ' in svg
    assert "style=" not in svg  # presentation attributes only (CSP)
    crowd = [_partner(n, f"Partner {n}", 2, 2) for n in range(1, 19)]
    svg = str(charts.quadrant_chart(reports.strength(crowd), title="Vol"))
    assert svg.count("<circle") == 14  # one band holds 14 numbered dots and "+4"
    assert ">+4</text>" in svg
    assert "Partner 1<" not in svg  # numbers only in a crowded band; the table has the names
