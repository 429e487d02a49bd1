"""Reading a PDF as assistive technology does (pypdf): the catalogue entries of a tagged PDF,
its structure tree (tags in reading order, headings, figures and their alternative text,
table cells), and its text."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass
class Element:
    tag: str  # "H1", "Table", "TH", "Figure"...
    alt: str | None
    attributes: dict[str, Any]
    children: list[Element] = field(default_factory=list)

    def walk(self) -> list[Element]:
        return [self, *(e for child in self.children for e in child.walk())]


@dataclass
class Tagged:
    lang: str | None
    title: str | None
    display_doc_title: bool
    marked: bool
    ua_part: str | None  # "1" for PDF/UA-1 (XMP pdfuaid:part)
    root: Element | None  # the /Document element, None for an untagged PDF
    text: str

    def tags(self) -> list[Element]:
        return self.root.walk() if self.root is not None else []

    def headings(self) -> list[int]:
        return [int(e.tag[1]) for e in self.tags() if e.tag in {f"H{n}" for n in range(1, 7)}]

    def figures(self) -> list[str | None]:
        return [e.alt for e in self.tags() if e.tag == "Figure"]


def _element(node: Any, depth: int = 0) -> Element | None:
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if not isinstance(node, DictionaryObject) or "/S" not in node or depth > 200:
        return None
    attributes: dict[str, Any] = {}
    raw = node.get("/A")
    raw = raw.get_object() if isinstance(raw, IndirectObject) else raw
    if isinstance(raw, DictionaryObject):
        attributes = {str(k).lstrip("/"): raw[k] for k in raw}
    alt = node.get("/Alt")
    element = Element(
        str(node["/S"]).lstrip("/"), str(alt) if alt is not None else None, attributes
    )
    kids = node.get("/K")
    kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        child = _element(kid, depth + 1)
        if child is not None:
            element.children.append(child)
    return element


def read(body: bytes) -> Tagged:
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body))
    catalog = reader.trailer["/Root"]
    preferences = catalog.get("/ViewerPreferences")
    mark = catalog.get("/MarkInfo")
    tree = catalog.get("/StructTreeRoot")
    root = None
    if tree is not None:
        kids = tree.get_object().get("/K")
        kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
        first = kids[0] if isinstance(kids, ArrayObject) else kids
        root = _element(first)
    xmp = reader.xmp_metadata
    ua_part = None
    if xmp is not None:
        found = xmp.rdf_root.getElementsByTagNameNS("*", "Description")
        for description in found:
            value = description.getAttributeNS("http://www.aiim.org/pdfua/ns/id/", "part")
            ua_part = ua_part or value or None
    metadata = reader.metadata or {}
    return Tagged(
        lang=str(catalog["/Lang"]) if "/Lang" in catalog else None,
        title=str(metadata.get("/Title")) if metadata.get("/Title") else None,
        display_doc_title=bool(preferences and preferences.get("/DisplayDocTitle")),
        marked=bool(mark and mark.get("/Marked")),
        ua_part=ua_part,
        root=root,
        text="\n".join(page.extract_text() for page in reader.pages),
    )


def assert_accessible(body: bytes, lang: str, title: str) -> Tagged:
    """A tagged PDF/UA-1 document: structure tree, language, a title (holding ``title``)
    shown as the window's title, headings that start at H1 and never skip a level, every figure with alternative
    text, tables with header cells. Returns what was read, for further checks."""
    pdf = read(body)
    assert pdf.root is not None and pdf.root.tag == "Document", "no structure tree"
    assert pdf.marked and pdf.display_doc_title and pdf.ua_part == "1"
    assert pdf.lang == lang
    assert pdf.title is not None and title in pdf.title, pdf.title
    levels = pdf.headings()
    assert levels and levels[0] == 1, levels
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert all(alt and alt.strip() for alt in pdf.figures()), pdf.figures()
    for table in (e for e in pdf.tags() if e.tag == "Table"):
        cells = [e.tag for e in table.walk()]
        assert "TH" in cells, "a table without header cells"
    return pdf
