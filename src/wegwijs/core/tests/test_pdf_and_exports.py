"""PDF rendering and table downloads shared by every app. The PDF tests share one tagged
document (module scope): WeasyPrint takes about half a second per PDF."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from wegwijs.core import exports, pdf
from wegwijs.testing.pdf import Tagged, assert_accessible, read

# A report page as a template could write it, without lang and without <title>.
PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="/static/wegwijs/wegwijs.css"></head><body>
<h1>Kwartaalrapport K3 2026</h1>
<p>Vragen aan de Informatiepunten.</p>
<section><h2>Vragen per thema</h2>
<svg class="chart" role="img" aria-label="Vragen per thema. DigiD kwam het vaakst voor."
 viewBox="0 0 200 40" xmlns="http://www.w3.org/2000/svg">
<rect width="150" height="12"></rect><text x="155" y="10">42</text></svg>
<svg aria-hidden="true" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg">
<title>decoratie</title><circle cx="5" cy="5" r="4"></circle></svg>
<table><caption>Vragen per thema (gegevens van de grafiek)</caption>
<thead><tr><th scope="col">Thema</th><th scope="col">Vragen</th></tr></thead>
<tbody><tr><th scope="row">DigiD</th><td>42</td></tr>
<tr><th scope="row">Toeslagen</th><td>17</td></tr></tbody></table>
</section>
<section><h2>Over dit rapport</h2><p>Anoniem geregistreerd.</p></section>
</body></html>"""


@pytest.fixture(scope="module")
def tagged() -> Tagged:
    with translation.override("nl"):
        body = pdf.html_to_pdf(PAGE)
    return assert_accessible(body, lang="nl", title="Kwartaalrapport K3 2026")


def test_a_pdf_is_tagged_with_language_title_and_structure(tagged: Tagged) -> None:
    # The language and title come from the active language and the first heading when the
    # template has none; the headings, paragraphs, sections and table are tagged in order.
    tags = [e.tag for e in tagged.tags()]
    assert tags.index("H1") < tags.index("P") < tags.index("Sect") < tags.index("Table")
    assert tagged.headings() == [1, 2, 2]
    table = next(e for e in tagged.tags() if e.tag == "Table")
    cells = [e for e in table.walk() if e.tag in ("TH", "TD")]
    assert [e.tag for e in cells] == ["TH", "TH", "TH", "TD", "TH", "TD"]
    # Each data cell names its column header and its row header.
    headers = [e.attributes.get("Headers") for e in cells if e.tag == "TD"]
    assert all(h is not None and len(h) == 2 for h in headers), headers


def test_a_chart_has_its_label_as_alternative_text(tagged: Tagged) -> None:
    assert tagged.figures()[0] == "Vragen per thema. DigiD kwam het vaakst voor."
    # A decorative SVG keeps its own title; it gets no label from elsewhere.
    assert tagged.figures()[1] == "decoratie"


def test_a_pdf_text_reads_in_order(tagged: Tagged) -> None:
    text = " ".join(tagged.text.split())
    order = [
        "Kwartaalrapport K3 2026",
        "Vragen per thema",
        "Vragen per thema (gegevens van de grafiek)",
        "Thema Vragen",
        "DigiD 42",
        "Toeslagen 17",
        "Over dit rapport",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions and positions == sorted(positions), (positions, text)


def test_a_template_language_and_title_are_kept() -> None:
    html = (
        '<html lang="en"><head><title>Decision on application A-1</title></head>'
        "<body><h1>Decision</h1></body></html>"
    )
    with translation.override("nl"):
        body = pdf.html_to_pdf(html)
    found = read(body)
    assert (found.lang, found.title) == ("en", "Decision on application A-1")


def test_a_pdf_never_fetches_remote_urls() -> None:
    with pytest.raises(ValueError, match="does not fetch"):
        pdf._url_fetcher("https://example.org/tracker.png")
    with pytest.raises(ValueError, match="does not fetch"):
        pdf._url_fetcher("file:///etc/passwd")


def test_csv_export_neutralises_formulas_and_keeps_accents() -> None:
    sheet = exports.Sheet("Aanvragen", ["naam", "bedrag"], [["=HYPERLINK(1)", 5], ["Fryslân", 7]])
    response = exports.table_response("Aanvragen 2019", [sheet], "csv")
    assert response["Content-Disposition"] == 'attachment; filename="aanvragen-2019.csv"'
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["naam", "bedrag"], ["'=HYPERLINK(1)", "5"], ["Fryslân", "7"]]


def test_xlsx_export_has_one_sheet_per_table_with_safe_unique_names() -> None:
    sheets = [
        exports.Sheet("Budget: 2019/2020", ["jaar"], [[2019]]),
        exports.Sheet("Budget: 2019/2020", ["jaar"], [[2020]]),
    ]
    response = exports.table_response("budget", sheets, "xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Budget- 2019-2020", "Budget- 2019-2020 2"]
    assert workbook.worksheets[1]["A2"].value == 2020


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        exports.table_response("x", [exports.Sheet("a", [], [])], "pdf")
